"""Activity per actor and year, and the dormant verdict."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from enschede_kg.analyse.analytics.projection import Projection
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


@dataclass(frozen=True)
class Activity:
    """What an actor did, per year, and how long ago the last of it was."""

    actor: str
    by_year: Mapping[int, Mapping[str, int]]
    undated: Mapping[str, int]
    last_year: int | None
    years_since: int | None
    dormant: bool

    def total(self, column: str) -> int:
        dated = sum(counts.get(column, 0) for counts in self.by_year.values())
        return dated + self.undated.get(column, 0)


def activity(
    projection: Projection, reference_year: int | None, dormant_years: int
) -> dict[str, Activity]:
    """Per actor: counts per year and kind, the last active year and the dormant verdict."""
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
            dormant=since is None or since >= dormant_years,
        )
    return out
