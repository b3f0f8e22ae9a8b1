"""Activity per actor and year, and the dormant verdict."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from enschede_kg.analyse.analytics.projection import Projection, Tie
from enschede_kg.analyse.analytics.reading import AnalyticsError

#: What is counted per actor and year, in output order.
ACTIVITY_COLUMNS: Final = ("events", "visits", "internships", "work_missions", "agreements")
#: Which column an event kind (events.rq) counts in, besides "events".
EVENT_COLUMN: Final = {
    "visit": "visits",
    "internship": "internships",
    "work-mission": "work_missions",
}
#: Which column a tie kind (ties.rq) counts in.
TIE_COLUMN: Final = {"agreement": "agreements"}
#: Tie kinds that, once started and not ended, are in force: the actor is active, not dormant.
LASTING_TIES: Final = frozenset(
    {"partnership", "friendly-city", "cooperation", "country-relation", "membership"}
)


@dataclass(frozen=True)
class Activity:
    """What an actor did, per year, and how long ago the last of it was."""

    actor: str
    by_year: Mapping[int, Mapping[str, int]]
    undated: Mapping[str, int]
    last_year: int | None
    years_since: int | None
    dormant: bool
    #: Ties in force in the reference year (their IRIs, with the start as stored): the evidence
    #: of an "active" verdict when nothing else happened.
    in_force: tuple[tuple[str, str | None], ...] = ()
    #: No dated activity and no tie known to be in force: the data is too thin to judge.
    too_thin: bool = False

    def total(self, column: str) -> int:
        dated = sum(counts.get(column, 0) for counts in self.by_year.values())
        return dated + self.undated.get(column, 0)


def in_force(tie: Tie, reference_year: int | None, known_year: int | None) -> bool:
    """A lasting tie is in force in year Y when it started in or before Y and has not ended.

    A tie without a start date is known only from the source, which describes the state of
    ``known_year`` (the latest year of the graph): it counts as in force from then on, and is no
    evidence either way before.
    """
    if tie.kind not in LASTING_TIES or reference_year is None:
        return False
    if tie.year is not None:
        return tie.year <= reference_year
    return known_year is not None and reference_year >= known_year


def activity(
    projection: Projection,
    reference_year: int | None,
    dormant_years: int,
    known_year: int | None = None,
) -> dict[str, Activity]:
    """Per actor: counts per year and kind, the last active year and the verdict.

    An actor is active when something happened within ``dormant_years`` of the reference year,
    or when a lasting tie of it is in force then (:func:`in_force`); dormant when neither; and
    too thin to judge when there is no dated activity and no tie known to be in force.
    """
    if dormant_years < 1:
        raise AnalyticsError(f"--dormant-years must be at least 1, not {dormant_years}")
    counts: dict[str, dict[int | None, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for e in projection.events:
        columns = {"events"} | {EVENT_COLUMN[k] for k in e.kinds if k in EVENT_COLUMN}
        for actor in e.credited:
            counts[actor][e.year].update(columns)
    seen: set[tuple[str, str]] = set()
    for t in projection.ties:
        column = TIE_COLUMN.get(t.kind)
        for actor in (t.a, t.b):
            if column and (t.via, actor) not in seen:
                seen.add((t.via, actor))
                counts[actor][t.year][column] += 1
    lasting: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for t in projection.ties:
        if in_force(t, reference_year, known_year):
            for actor in (t.a, t.b):
                if (t.via, t.date) not in lasting[actor]:
                    lasting[actor].append((t.via, t.date))
    out = {}
    for actor in projection.actors():
        per_year = counts.get(actor, {})
        years = [y for y in per_year if y is not None]
        last = max(years) if years else None
        since = None if last is None or reference_year is None else reference_year - last
        out[actor] = Activity(
            actor=actor,
            by_year={y: dict(per_year[y]) for y in sorted(years)},
            undated=dict(per_year.get(None, {})),
            last_year=last,
            years_since=since,
            dormant=not lasting.get(actor) and since is not None and since >= dormant_years,
            in_force=tuple(sorted(lasting.get(actor, []), key=lambda v: v[0])),
            too_thin=last is None and not lasting.get(actor),
        )
    return out
