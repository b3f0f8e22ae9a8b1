"""The projection: actors, typed and dated ties and events read from the graph, folded."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from enschede_kg.analyse.analytics.reading import (
    Labels,
    context_twinnings,
    local_name,
    records,
)
from enschede_kg.text import year_of


@dataclass(frozen=True)
class Tie:
    """A direct tie between two actors (already folded), typed and dated."""

    a: str
    b: str
    kind: str
    via: str
    date: str | None

    @property
    def year(self) -> int | None:
        return year_of(self.date)


@dataclass(frozen=True)
class Event:
    """An event with the actors that took part (folded) and the partners it counts for."""

    iri: str
    kinds: tuple[str, ...]
    date: str | None
    takers: Mapping[str, tuple[str, ...]]
    within: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        return year_of(self.date)

    @property
    def credited(self) -> set[str]:
        """Whose activity the event is: who took part, and the partners it was within."""
        return set(self.takers) | set(self.within)


def _dated_by(year: int | None, limit: int | None) -> bool:
    return limit is None or year is None or year <= limit


@dataclass(frozen=True)
class Projection:
    """The actors, ties and events read from the graph; networks are built from it on demand."""

    kinds: Mapping[str, str]
    ties: tuple[Tie, ...]
    events: tuple[Event, ...]
    labels: Labels
    year: int | None = None
    #: Actors known only from an imported context graph (the twins of our actors).
    context: frozenset[str] = frozenset()

    def as_of(self, year: int | None) -> Projection:
        """The graph as it stood in ``year``: ties and events dated then or before, or undated."""
        if year is None:
            return self
        return replace(
            self,
            ties=tuple(t for t in self.ties if _dated_by(t.year, year)),
            events=tuple(e for e in self.events if _dated_by(e.year, year)),
            year=year,
        )

    def actors(self) -> list[str]:
        """Every actor with a tie or an event in the projection, sorted by IRI."""
        found = {end for t in self.ties for end in (t.a, t.b)}
        for e in self.events:
            found |= e.credited
        return sorted(found)

    def _add_actor(self, g: nx.Graph, actor: str) -> None:
        g.add_node(
            actor,
            kind=local_name(self.kinds.get(actor, "")),
            label_nl=self.labels.name(actor, "nl"),
            label_en=self.labels.name(actor, "en"),
        )

    def partnership_network(self) -> nx.MultiGraph:
        """Actors and their typed, dated ties, shared events included (see the module rule)."""
        g = nx.MultiGraph()
        for actor in self.actors():
            self._add_actor(g, actor)
        for t in self.ties:
            g.add_edge(t.a, t.b, key=t.via, kind=t.kind, via=t.via, date=t.date, year=t.year)
        for e in self.events:
            for a, b in combinations(sorted(e.takers), 2):
                g.add_edge(
                    a, b, key=e.iri, kind="shared-event", via=e.iri, date=e.date, year=e.year
                )
        return g

    def actor_event_network(self) -> nx.Graph:
        """The bipartite network: actors (bipartite=0) – events they took part in (bipartite=1)."""
        g = nx.Graph()
        for actor in self.actors():
            self._add_actor(g, actor)
            g.nodes[actor]["bipartite"] = 0
        for e in self.events:
            g.add_node(
                e.iri,
                bipartite=1,
                kind=" ".join(e.kinds),
                date=e.date,
                year=e.year,
                label_nl=self.labels.name(e.iri, "nl"),
                label_en=self.labels.name(e.iri, "en"),
            )
            for actor, links in sorted(e.takers.items()):
                g.add_edge(actor, e.iri, links=links)
        return g


def project(
    store: ox.Store, queries_dir: Path | None = None, *, context: bool = False
) -> Projection:
    """Read actors, ties and events through ``queries/analytics/*.rq``; fold them (module rule).

    With ``context``, the twin-city ties of the imported graphs that touch an actor of the
    curated network are added (kind ``twinning``, see the module rule), read through
    ``context-twinnings.rq``: only the links with an end that maps to one of our resources, the
    only ones that can touch an actor.
    """
    fold: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for row in records(store, "actors", queries_dir):
        node, actor = row["node"] or "", row["actor"] or ""
        if actor not in fold[node]:
            fold[node].append(actor)
        kinds.setdefault(actor, row["kind"] or "")

    def actors_of(node: str) -> list[str]:
        return fold.get(node) or [node]

    ties: dict[tuple[str, str, str], Tie] = {}
    for row in records(store, "ties", queries_dir):
        for a in actors_of(row["a"] or ""):
            for b in actors_of(row["b"] or ""):
                if a != b:
                    a, b = sorted((a, b))
                    via = row["tie"] or ""
                    ties[(via, a, b)] = Tie(a, b, row["kind"] or "", via, row["date"])

    kinds_of: dict[str, list[str]] = defaultdict(list)
    dates: dict[str, str | None] = {}
    takers: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    within: dict[str, set[str]] = defaultdict(set)
    for row in records(store, "events", queries_dir):
        # a sub-event counts with the trip it is part of: its takers are the trip's
        event, kind = row["trip"] or row["event"] or "", row["kind"] or ""
        if row["trip"]:
            kinds_of.setdefault(event, [])  # the trip exists before its own rows are read
        elif kind not in kinds_of[event]:
            kinds_of[event].append(kind)
        if not row["trip"]:
            dates[event] = row["date"]
        link = local_name(row["link"] or "")
        for actor in actors_of(row["who"] or ""):
            if link == "withinPartnership":
                within[event].add(actor)
            elif link not in takers[event][actor]:
                takers[event][actor].append(link)
    events = tuple(
        Event(
            iri=event,
            kinds=tuple(kinds_of[event]),
            date=dates.get(event),
            takers={a: tuple(sorted(links)) for a, links in sorted(takers[event].items())},
            within=tuple(sorted(within[event])),
        )
        for event in sorted(kinds_of)
    )
    outside: set[str] = set()
    if context:
        ours = {end for tie in ties.values() for end in (tie.a, tie.b)}
        ours |= {actor for e in events for actor in e.credited}
        for tw in context_twinnings(store, queries_dir):
            for a in actors_of(tw.subject):
                for b in actors_of(tw.object):
                    if a != b and (a in ours or b in ours):
                        a, b = sorted((a, b))
                        via = tw.source.source or tw.source.graph
                        ties[(via, a, b)] = Tie(a, b, "twinning", via, None)
                        outside |= {a, b} - ours
    return Projection(
        kinds=kinds,
        ties=tuple(ties[k] for k in sorted(ties)),
        events=events,
        labels=Labels.read(store, queries_dir),
        context=frozenset(outside),
    )
