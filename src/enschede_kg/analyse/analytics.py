"""Network analytics: the RDF graph projected into networkx graphs, and what their structure says.

The projection is a documented rule (also in ``docs/analytics.md``), read from the graph through
``queries/analytics/*.rq`` only:

**Actors** (``actors.rq``) are places, organisations and people, each folded into the actor it
acts for: a local government counts as the city it governs (``ekg:governs``), a person with a post
as the organisation of the post (``ekg:heldBy``/``ekg:postIn``) and so, for a local government, as
its city. Everything else counts as itself. Folding is what makes "the mayor visited Dalian" a tie
between Enschede and Dalian.

**The partnership network** (:meth:`Projection.partnership_network`, an undirected
``nx.MultiGraph``) has the actors as nodes and one edge per tie, typed (``kind``) and dated
(``date`` as stored, at the source's precision; ``year``; ``via`` the node behind it):

- ``partnership``, ``cooperation``, ``country-relation``: the two ``ekg:partner`` of a city
  partnership, cooperation or country relation, dated by ``ekg:startDate`` (``ties.rq``);
- ``membership``: ``ekg:member`` – ``ekg:inNetwork`` of a membership, by ``ekg:startDate``;
- ``agreement``: every pair of ``ekg:party`` of an agreement, by ``ekg:date``;
- ``shared-event``: every pair of actors that took part in the same event (``events.rq``): its
  participants in any role, and the place it was held in or went to (``ekg:location``,
  ``ekg:destination``), dated by the event's ``ekg:date``. These edges are the one-mode
  projection of the actor–event network.

A tie whose two ends fold into the same actor is dropped. An actor that took part in an event
alone is a node without edges.

**The actor–event network** (:meth:`Projection.actor_event_network`, a bipartite ``nx.Graph``,
node attribute ``bipartite`` 0 for actors and 1 for events) links each event to the actors that
took part in it. An event *within* a city partnership (``ekg:withinPartnership``) is not taking
part, but counts as activity of the partnership's partners.

**As it stood in year Y** (:meth:`Projection.as_of`): only ties and events dated in or before Y,
or undated; actors left without any tie or event drop out.

**Context** (``project(..., context=True)``, ``analyze --context``): the twin-city links of the
imported graphs (``twinnings.rq``: ``wdt:P190`` of the Wikidata snapshot, each end mapped to our
place through ``ekg:wikidata`` or a reviewed reconciliation) add ties of kind ``twinning``, undated
(the snapshot is a state, not a start), between an actor of the curated network and its twins:
the first ring of the world around Enschede's network, not the snapshot's 10,055 places. Actors
known only from the snapshot (:attr:`Projection.context`) get network measures but no activity.

**Measures** are computed on the simple graph (parallel ties collapsed: two actors are linked or
not): degree (the number of other actors with a direct tie), betweenness (networkx, normalised:
the share of shortest chains between pairs of other actors that pass through the actor),
closeness (networkx: (reachable − 1) / sum of distances, scaled by the reachable share),
communities (Louvain with a fixed seed, so runs agree) and connected components, both numbered
from 1 by size. :func:`node_measures` gives them per actor IRI, for the explorer.

**Activity** per actor and year: events (all), visits, internships, work missions (by asserted
class) and agreements, credited to every actor that took part, the place, and the partners of the
partnership it was within. *Dormant* means nothing was recorded in the ``dormant_years`` years up
to the reference year (the latest year in the graph, or ``year``): ``reference − last ≥ N``, or
no dated activity at all.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any, Final, TypeAlias

import networkx as nx
import pyoxigraph as ox

from enschede_kg import queries, text
from enschede_kg.errors import EnschedeKGError
from enschede_kg.text import LANGS, year_of

ANALYTICS_DIR: Final = "analytics"
#: Louvain is randomised; a fixed seed makes every run (and the explorer) agree.
COMMUNITY_SEED: Final = 6
DEFAULT_DORMANT_YEARS: Final = 2

Measure: TypeAlias = float | int | str
Value: TypeAlias = float | int | str | bool | None


class AnalyticsError(EnschedeKGError):
    """An analytics query is missing or an argument does not fit."""


# --- reading the graph -------------------------------------------------------------------------


def analytics_query(name: str, queries_dir: Path | None = None) -> queries.SavedQuery:
    """``queries/analytics/NAME.rq``: the projection reads the graph through these files only."""
    return queries.named(ANALYTICS_DIR, name, queries_dir)


def records(store: ox.Store, name: str, queries_dir: Path | None) -> list[dict[str, str | None]]:
    return queries.run(store, analytics_query(name, queries_dir)).records()


def compact(iri: str, prefixes: tuple[str, ...] = ("id", "ekg")) -> str:
    """``id:city/dalian`` for a minted IRI: short, and accepted back as a prefixed name."""
    return text.compact(iri, prefixes)


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def normalise(text: str) -> str:
    """Case-, accent-, dash- and space-insensitive form of a name: 'LINKÖPING' → 'linkoping'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[\u2010-\u2015\u2212]", "-", plain)
    return " ".join(plain.casefold().split())


@dataclass(frozen=True)
class Labels:
    """Labels of every resource: preferred ones by language, and every variant for look-ups."""

    preferred: Mapping[str, Mapping[str, str]]
    variants: Mapping[str, tuple[str, ...]]

    def name(self, node: str, lang: str) -> str:
        """The label in ``lang``, else in the other language, else the compact IRI."""
        return text.pick_label(self.preferred.get(node, {}), lang, compact(node))

    @classmethod
    def read(cls, store: ox.Store, queries_dir: Path | None = None) -> Labels:
        preferred: dict[str, dict[str, str]] = defaultdict(dict)
        variants: dict[str, list[str]] = defaultdict(list)
        for row in records(store, "labels", queries_dir):
            node, label = row["node"] or "", row["label"] or ""
            if row["preferred"] == "true":
                preferred[node].setdefault(row["lang"] or "", label)
            variants[node].append(label)
        return cls(dict(preferred), {k: tuple(v) for k, v in variants.items()})


# --- the projection ----------------------------------------------------------------------------


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
    curated network are added (kind ``twinning``, see the module rule).
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
        event, kind = row["event"] or "", row["kind"] or ""
        if kind not in kinds_of[event]:
            kinds_of[event].append(kind)
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
            date=dates[event],
            takers={a: tuple(sorted(links)) for a, links in sorted(takers[event].items())},
            within=tuple(sorted(within[event])),
        )
        for event in sorted(kinds_of)
    )
    outside: set[str] = set()
    if context:
        ours = {end for tie in ties.values() for end in (tie.a, tie.b)}
        ours |= {actor for e in events for actor in e.credited}
        for tw in twinnings(store, queries_dir):
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


# --- context: the twin-city links of the imported graphs ---------------------------------------


@dataclass(frozen=True)
class ContextSource:
    """Where the links of one imported graph come from, and how their relation is named."""

    graph: str
    source: str
    title: Mapping[str, str]
    created: str | None
    relation: str
    name: Mapping[str, str]


@dataclass(frozen=True)
class Twinning:
    """One ``wdt:P190`` statement of an imported graph, its ends mapped to our places."""

    subject: str
    object: str
    stated_subject: str
    stated_object: str
    source: ContextSource


def twinnings(store: ox.Store, queries_dir: Path | None = None) -> list[Twinning]:
    """Every twin-city statement of the imported graphs (``twinnings.rq``), in a stable order."""
    sources = {
        row["graph"] or "": ContextSource(
            graph=row["graph"] or "",
            source=row["source"] or "",
            title={lang: row[f"source_{lang}"] or "" for lang in LANGS if row[f"source_{lang}"]},
            created=row["created"],
            relation=row["relation"] or "",
            name={lang: row[f"relation_{lang}"] or "" for lang in LANGS},
        )
        for row in records(store, "twinning-sources", queries_dir)
    }
    found = [
        Twinning(
            subject=row["subject"] or "",
            object=row["object"] or "",
            stated_subject=row["stated_subject"] or "",
            stated_object=row["stated_object"] or "",
            source=sources[row["graph"] or ""],
        )
        for row in records(store, "twinnings", queries_dir)
    ]
    return sorted(
        found,
        key=lambda t: (t.subject, t.object, t.stated_subject, t.stated_object, t.source.graph),
    )


def latest_year(store: ox.Store, queries_dir: Path | None = None) -> int | None:
    """The latest year of any date in the graph: the default reference year."""
    rows = records(store, "latest-year", queries_dir)
    return int(rows[0]["latest"]) if rows and rows[0]["latest"] else None


# --- measures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeMeasures:
    """The structural position of one actor."""

    degree: int
    betweenness: float
    closeness: float
    community: int
    component: int
    reach: int
    mean_distance: float | None

    def as_dict(self) -> dict[str, Measure]:
        return {
            "degree": self.degree,
            "betweenness": self.betweenness,
            "closeness": self.closeness,
            "community": self.community,
            "component": self.component,
        }


def simple_graph(network: nx.Graph) -> nx.Graph:
    """Parallel ties collapsed, nodes and edges in sorted order (so Louvain is reproducible)."""
    g = nx.Graph()
    g.add_nodes_from(sorted(network.nodes))
    g.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in network.edges() if u != v}))
    return g


def numbered(groups: Iterable[Iterable[str]]) -> list[list[str]]:
    """Groups as sorted lists, largest first (then by first IRI): group n is ``result[n - 1]``."""
    return sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))


def communities(g: nx.Graph) -> list[list[str]]:
    """Louvain communities with a fixed seed, numbered by :func:`numbered`."""
    if not g.number_of_nodes():
        return []
    return numbered(nx.community.louvain_communities(g, seed=COMMUNITY_SEED))


def components(g: nx.Graph) -> list[list[str]]:
    return numbered(nx.connected_components(g))


def measure(network: nx.Graph) -> dict[str, NodeMeasures]:
    """Degree, betweenness, closeness, community and component of every node (module rule)."""
    g = simple_graph(network)
    betweenness = nx.betweenness_centrality(g, normalized=True)
    closeness = nx.closeness_centrality(g)
    community_of = {n: i for i, grp in enumerate(communities(g), start=1) for n in grp}
    component_of = {n: i for i, grp in enumerate(components(g), start=1) for n in grp}
    out = {}
    for n in g.nodes:
        distances = [d for m, d in nx.single_source_shortest_path_length(g, n).items() if m != n]
        out[n] = NodeMeasures(
            degree=int(g.degree(n)),
            betweenness=float(betweenness[n]),
            closeness=float(closeness[n]),
            community=community_of[n],
            component=component_of[n],
            reach=len(distances),
            mean_distance=sum(distances) / len(distances) if distances else None,
        )
    return out


def node_measures(
    store: ox.Store,
    *,
    year: int | None = None,
    queries_dir: Path | None = None,
    context: bool = False,
) -> dict[str, dict[str, Measure]]:
    """Per actor IRI of the partnership network: degree, betweenness, closeness, community …

    For the explorer, to size and colour nodes. Folded resources (a local government, a person
    with a post) have no entry of their own: they count as their actor (see the module rule).

    >>> m = node_measures(store)                                  # doctest: +SKIP
    >>> m[str(iri.mint("city", "enschede"))]["degree"]            # doctest: +SKIP
    9
    """
    network = project(store, queries_dir, context=context).as_of(year).partnership_network()
    return {n: m.as_dict() for n, m in sorted(measure(network).items())}


# --- activity ----------------------------------------------------------------------------------

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


# --- analysis: figures with their meaning ------------------------------------------------------

#: One line per figure, for a policy advisor. ``{label}`` is the actor, the rest per key.
TEXT: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Partnership network{as_of}: {actors} actors, {ties} ties; reference year {ref}",
        "as_of": " as it stood in {year}",
        "network": "Network",
        "actors": "{n} actors (cities, countries, organisations) have at least one tie or event.",
        "ties": "{n} ties link them (partnerships, cooperations, country relations, memberships, "
        "agreements, shared events) between {pairs} pairs of actors.",
        "components.one": "Everyone is connected: each actor reaches every other through some "
        "chain of ties.",
        "components.many": "The network falls apart into {n} parts: actors in different parts "
        "have no chain of ties at all.",
        "component": "Part {n} ({size} actors): {members}.",
        "communities": "Louvain finds {n} group(s) of actors more tied among themselves than to "
        "the rest: natural clusters to work with together.",
        "community.group": "Group {n} ({size} actors): {members}.",
        "reference_year.none": "The graph has no dates: there is no reference year for activity.",
        "reference_year": "Activity is counted up to {n}; dormant means nothing in the last "
        "{dormant} years.",
        "degree": "{label} has direct ties with {n} of the {others} other actors.",
        "degree.all": "{label} has direct ties with all {n} other actors: the hub of the network.",
        "betweenness.zero": "{label} lies on no shortest chain between two others: nobody needs "
        "it to reach anyone.",
        "betweenness": "{label} lies on {pct} of the shortest chains between other actors: a "
        "broker; without it, others lose their shortest link.",
        "closeness.none": "{label} reaches no other actor.",
        "closeness": "{label} reaches {reach} other actors in {steps} steps on average "
        "(1.00 would be a direct tie with everyone).",
        "community": "{label} is in group {n} with {members}.",
        "community.alone": "{label} forms a group of its own.",
        "count": "{label}: {n} {what} in {year}.",
        "count.undated": "{label}: {n} {what} without a known date.",
        "last_activity": "{label}: last recorded activity in {n}.",
        "last_activity.none": "{label}: no dated activity recorded.",
        "years_since": "{label}: {n} year(s) between the last activity and {ref}.",
        "dormant.yes": "{label} is dormant: nothing recorded in the {n} year(s) up to {ref}; "
        "revive the tie or reconsider it.",
        "dormant.never": "{label} is dormant: no dated event or agreement recorded at all; check "
        "whether the tie is used.",
        "dormant.no": "{label} is active: something happened within {n} years before {ref}.",
        "context": "{ties} of the ties are twin-city links from an imported snapshot (Wikidata "
        "P190, undated); they bring in {n} places known only from the snapshot.",
        "context.actor": "{label} is known only from the imported twin-city snapshot: its own "
        "activity is not recorded here.",
        "yes": "yes",
        "no": "no",
        "and": "and",
        "none": "nobody else",
        "more": "{n} more",
        "col.actor": "actor",
        "col.degree": "degree",
        "col.betweenness": "betweenness",
        "col.closeness": "closeness",
        "col.community": "group",
        "col.last_activity": "last activity",
        "col.dormant": "dormant",
    },
    "nl": {
        "title": "Partnernetwerk{as_of}: {actors} actoren, {ties} banden; peiljaar {ref}",
        "as_of": " zoals het er in {year} voor stond",
        "network": "Netwerk",
        "actors": "{n} actoren (steden, landen, organisaties) hebben minstens één band of "
        "gebeurtenis.",
        "ties": "{n} banden verbinden ze (stedenbanden, samenwerkingen, landrelaties, "
        "lidmaatschappen, overeenkomsten, gedeelde gebeurtenissen) tussen {pairs} paren actoren.",
        "components.one": "Iedereen is verbonden: elke actor bereikt elke andere via een keten "
        "van banden.",
        "components.many": "Het netwerk valt uiteen in {n} delen: actoren in verschillende delen "
        "hebben geen enkele keten van banden.",
        "component": "Deel {n} ({size} actoren): {members}.",
        "communities": "Louvain vindt {n} groep(en) actoren die onderling sterker verbonden zijn "
        "dan met de rest: natuurlijke clusters om samen mee te werken.",
        "community.group": "Groep {n} ({size} actoren): {members}.",
        "reference_year.none": "De graaf heeft geen datums: er is geen peiljaar voor activiteit.",
        "reference_year": "Activiteit wordt geteld tot en met {n}; slapend betekent niets in de "
        "laatste {dormant} jaar.",
        "degree": "{label} heeft rechtstreekse banden met {n} van de {others} andere actoren.",
        "degree.all": "{label} heeft rechtstreekse banden met alle {n} andere actoren: de spil van "
        "het netwerk.",
        "betweenness.zero": "{label} ligt op geen enkele kortste keten tussen twee anderen: "
        "niemand heeft het nodig om een ander te bereiken.",
        "betweenness": "{label} ligt op {pct} van de kortste ketens tussen andere actoren: een "
        "makelaar; zonder deze actor verliezen anderen hun kortste verbinding.",
        "closeness.none": "{label} bereikt geen andere actor.",
        "closeness": "{label} bereikt {reach} andere actoren in gemiddeld {steps} stappen "
        "(1,00 zou een rechtstreekse band met iedereen zijn).",
        "community": "{label} zit in groep {n} met {members}.",
        "community.alone": "{label} vormt een groep op zich.",
        "count": "{label}: {n} {what} in {year}.",
        "count.undated": "{label}: {n} {what} zonder bekende datum.",
        "last_activity": "{label}: laatste vastgelegde activiteit in {n}.",
        "last_activity.none": "{label}: geen gedateerde activiteit vastgelegd.",
        "years_since": "{label}: {n} jaar tussen de laatste activiteit en {ref}.",
        "dormant.yes": "{label} is slapend: niets vastgelegd in de {n} jaar tot en met {ref}; "
        "nieuw leven inblazen of heroverwegen.",
        "dormant.never": "{label} is slapend: helemaal geen gedateerde gebeurtenis of "
        "overeenkomst vastgelegd; ga na of de band gebruikt wordt.",
        "dormant.no": "{label} is actief: er gebeurde iets binnen {n} jaar voor {ref}.",
        "context": "{ties} van de banden zijn stedenbanden uit een geïmporteerde momentopname "
        "(Wikidata P190, zonder datum); ze brengen {n} plaatsen binnen die alleen uit de "
        "momentopname bekend zijn.",
        "context.actor": "{label} is alleen bekend uit de geïmporteerde momentopname van "
        "stedenbanden: de eigen activiteit ervan wordt hier niet vastgelegd.",
        "yes": "ja",
        "no": "nee",
        "and": "en",
        "none": "niemand anders",
        "more": "nog {n}",
        "col.actor": "actor",
        "col.degree": "graad",
        "col.betweenness": "tussenpositie",
        "col.closeness": "nabijheid",
        "col.community": "groep",
        "col.last_activity": "laatste activiteit",
        "col.dormant": "slapend",
    },
}

#: Columns of :meth:`Analysis.ranking_table`.
RANKING_COLUMNS: Final = (
    "actor",
    "degree",
    "betweenness",
    "closeness",
    "community",
    "last_activity",
    "dormant",
)

#: Singular and plural of each activity column, per language.
WHAT: Final[Mapping[str, Mapping[str, tuple[str, str]]]] = {
    "en": {
        "events": ("event", "events"),
        "visits": ("visit", "visits"),
        "internships": ("internship", "internships"),
        "work_missions": ("work mission", "work missions"),
        "agreements": ("agreement", "agreements"),
    },
    "nl": {
        "events": ("gebeurtenis", "gebeurtenissen"),
        "visits": ("bezoek", "bezoeken"),
        "internships": ("stage", "stages"),
        "work_missions": ("werkmissie", "werkmissies"),
        "agreements": ("overeenkomst", "overeenkomsten"),
    },
}


@dataclass(frozen=True)
class Figure:
    """One number (or verdict) with the one line that says what it means."""

    measure: str
    value: Value
    meaning: str
    node: str | None = None
    label: str = ""
    year: int | None = None

    def as_dict(self) -> dict[str, Value]:
        return {
            "node": self.node,
            "label": self.label,
            "measure": self.measure,
            "year": self.year,
            "value": self.value,
            "meaning": self.meaning,
        }


@dataclass(frozen=True)
class Analysis:
    """Everything ``enschede-kg analyze`` reports, in one language."""

    lang: str
    year: int | None
    reference_year: int | None
    dormant_years: int
    actors: list[str]
    labels: Mapping[str, str]
    kinds: Mapping[str, str]
    ties: int
    measures: Mapping[str, NodeMeasures]
    activity: Mapping[str, Activity]
    components: list[list[str]]
    communities: list[list[str]]
    figures: list[Figure] = field(default_factory=list)
    #: Actors known only from an imported context graph, and how many ties came from one.
    context: frozenset[str] = frozenset()
    context_ties: int = 0

    def ranking(self) -> list[str]:
        """Actors by degree, then betweenness, then closeness (highest first), then label."""
        m = self.measures
        return sorted(
            self.actors,
            key=lambda a: (-m[a].degree, -m[a].betweenness, -m[a].closeness, self.labels[a]),
        )

    def lines(self, *measures: str) -> str:
        """The meaning lines of the figures of the given measures (all when none are given)."""
        return "\n".join(f.meaning for f in self.figures if not measures or f.measure in measures)

    def ranking_table(self) -> str:
        """The actors in ranking order with their measures and activity verdict, as text."""
        t = TEXT[self.lang]
        header = [t[f"col.{c}"] for c in RANKING_COLUMNS]
        body = []
        for a in self.ranking():
            m, act = self.measures[a], self.activity[a]
            values: list[Value] = [self.labels[a], m.degree, m.betweenness, m.closeness]
            values += [m.community] + (
                [None, None] if a in self.context else [act.last_year, act.dormant]
            )
            body.append([_plain(v, self.lang) for v in values])
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        return "\n".join(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
            for row in [header, *body]
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "year": self.year,
            "reference_year": self.reference_year,
            "dormant_years": self.dormant_years,
            "network": {
                "actors": len(self.actors),
                "ties": self.ties,
                "components": self.components,
                "communities": self.communities,
            },
            "nodes": [
                {"iri": a, "label": self.labels[a], "kind": self.kinds[a]}
                | self.measures[a].as_dict()
                | ({"context": True} if a in self.context else {})
                for a in self.ranking()
            ],
            "activity": [
                {
                    "iri": a,
                    "label": self.labels[a],
                    "by_year": {str(y): dict(c) for y, c in act.by_year.items()},
                    "undated": dict(act.undated),
                    "totals": {c: act.total(c) for c in ACTIVITY_COLUMNS},
                    "last_activity": act.last_year,
                    "years_since": act.years_since,
                    "dormant": act.dormant,
                }
                for a, act in sorted(self.activity.items(), key=lambda kv: self.labels[kv[0]])
                if a not in self.context
            ],
            "figures": [f.as_dict() for f in self.figures],
        }


def _join(names: list[str], text: Mapping[str, str], limit: int = 8) -> str:
    """'A, B and C'; past ``limit`` names 'A, B and 3 more'."""
    if not names:
        return text["none"]
    rest = len(names) - limit
    shown = names[:limit] + ([text["more"].format(n=rest)] if rest > 0 else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" {text['and']} {shown[-1]}"


def _decimal(value: float, lang: str, digits: int = 2) -> str:
    s = f"{value:.{digits}f}"
    return s.replace(".", ",") if lang == "nl" else s


def _figures(a: Analysis) -> list[Figure]:
    """Every figure of an analysis with its one line (the registry :data:`TEXT`)."""
    t = TEXT[a.lang]

    def names(nodes: Iterable[str]) -> list[str]:
        return sorted(a.labels[n] for n in nodes)

    figs = [
        Figure("actors", len(a.actors), t["actors"].format(n=len(a.actors))),
        Figure(
            "ties",
            a.ties,
            t["ties"].format(n=a.ties, pairs=sum(m.degree for m in a.measures.values()) // 2),
        ),
        Figure(
            "components",
            len(a.components),
            t["components.one" if len(a.components) <= 1 else "components.many"].format(
                n=len(a.components)
            ),
        ),
    ]
    figs += [
        Figure(
            "component",
            i,
            t["component"].format(n=i, size=len(grp), members=_join(names(grp), t, 12)),
        )
        for i, grp in enumerate(a.components, start=1)
    ]
    figs.append(
        Figure("communities", len(a.communities), t["communities"].format(n=len(a.communities)))
    )
    figs += [
        Figure(
            "group",
            i,
            t["community.group"].format(n=i, size=len(grp), members=_join(names(grp), t, 12)),
        )
        for i, grp in enumerate(a.communities, start=1)
    ]
    if a.context_ties:
        figs.append(
            Figure(
                "context",
                len(a.context),
                t["context"].format(ties=a.context_ties, n=len(a.context)),
            )
        )
    figs.append(
        Figure(
            "reference_year",
            a.reference_year,
            t["reference_year" if a.reference_year is not None else "reference_year.none"].format(
                n=a.reference_year, dormant=a.dormant_years
            ),
        )
    )
    for actor in a.ranking():
        figs += _actor_figures(a, actor)
    return figs


def _actor_figures(a: Analysis, actor: str) -> list[Figure]:
    """The figures of one actor: position in the network, then activity and verdict."""
    t, lang = TEXT[a.lang], a.lang
    m, act, label = a.measures[actor], a.activity[actor], a.labels[actor]
    out: list[Figure] = []

    def fig(measure: str, value: Value, key: str, year: int | None = None, **kw: Any) -> None:
        line = t[key].format(label=label, year=year, **kw)
        out.append(Figure(measure, value, line, actor, label, year))

    others = len(a.actors) - 1
    fig("degree", m.degree, "degree.all" if m.degree == others > 1 else "degree", n=m.degree,
        others=others)  # fmt: skip
    pct = f"{m.betweenness:.0%}".replace("%", " %" if lang == "nl" else "%")
    fig("betweenness", m.betweenness, "betweenness" if m.betweenness else "betweenness.zero",
        pct=pct)  # fmt: skip
    steps = _decimal(m.mean_distance, lang, 1) if m.mean_distance else ""
    fig("closeness", m.closeness, "closeness" if m.reach else "closeness.none",
        reach=m.reach, steps=steps)  # fmt: skip
    mates = sorted(a.labels[n] for n in a.communities[m.community - 1] if n != actor)
    fig("community", m.community, "community" if mates else "community.alone",
        n=m.community, members=_join(mates, t))  # fmt: skip
    if actor in a.context:
        fig("context", True, "context.actor")
        return out
    for year, counts in act.by_year.items():
        for column in ACTIVITY_COLUMNS:
            if n := counts.get(column, 0):
                fig(column, n, "count", year, n=n, what=WHAT[lang][column][n != 1])
    for column in ACTIVITY_COLUMNS:
        if n := act.undated.get(column, 0):
            fig(column, n, "count.undated", n=n, what=WHAT[lang][column][n != 1])
    fig("last_activity", act.last_year,
        "last_activity" if act.last_year is not None else "last_activity.none",
        n=act.last_year)  # fmt: skip
    if act.years_since is not None:
        fig("years_since", act.years_since, "years_since", n=act.years_since,
            ref=a.reference_year)  # fmt: skip
    verdict = "dormant.no" if not act.dormant else "dormant.yes"
    if act.dormant and act.last_year is None:
        verdict = "dormant.never"
    fig("dormant", act.dormant, verdict, n=a.dormant_years, ref=a.reference_year)
    return out


def analyze(
    store: ox.Store,
    *,
    year: int | None = None,
    dormant_years: int = DEFAULT_DORMANT_YEARS,
    lang: str = "en",
    queries_dir: Path | None = None,
    projection: Projection | None = None,
    context: bool = False,
) -> Analysis:
    """Measures, communities, components and activity of the partnership network, explained.

    With ``context``, the network includes the twin-city ties of the imported graphs around it
    (see the module rule).
    """
    if lang not in TEXT:
        raise AnalyticsError(f"unknown language {lang!r}; use one of {', '.join(TEXT)}")
    proj = (projection or project(store, queries_dir, context=context)).as_of(year)
    network = proj.partnership_network()
    reference = year if year is not None else latest_year(store, queries_dir)
    measures = measure(network)
    g = simple_graph(network)
    result = Analysis(
        lang=lang,
        year=year,
        reference_year=reference,
        dormant_years=dormant_years,
        actors=sorted(network.nodes),
        labels={n: proj.labels.name(n, lang) for n in network.nodes},
        kinds={n: network.nodes[n]["kind"] for n in network.nodes},
        ties=network.number_of_edges(),
        measures=measures,
        activity=activity(proj, reference, dormant_years),
        components=components(g),
        communities=communities(g),
        context=proj.context & set(network.nodes),
        context_ties=sum(1 for t in proj.ties if t.kind == "twinning"),
    )
    return replace(result, figures=_figures(result))


# --- output formats ----------------------------------------------------------------------------

FIGURE_COLUMNS: Final = ("node", "label", "measure", "year", "value", "meaning")


def _plain(value: Value, lang: str) -> str:
    if isinstance(value, bool):
        return TEXT[lang]["yes" if value else "no"]
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def _table(a: Analysis) -> str:
    t = TEXT[a.lang]
    as_of = t["as_of"].format(year=a.year) if a.year is not None else ""
    lines = [
        t["title"].format(
            as_of=as_of, actors=len(a.actors), ties=a.ties, ref=_plain(a.reference_year, a.lang)
        ),
        "",
    ]
    groups: dict[str | None, list[Figure]] = defaultdict(list)
    for f in a.figures:
        groups[f.node].append(f)
    for node, figs in groups.items():
        heading = t["network"] if node is None else f"{a.labels[node]} ({compact(node)})"
        lines += [f"== {heading} =="]
        cells = [
            (f.measure + (f" {f.year}" if f.year is not None else ""), _plain(f.value, a.lang))
            for f in figs
        ]
        w1 = max(len(c[0]) for c in cells)
        w2 = max(len(c[1]) for c in cells)
        lines += [
            f"{m.ljust(w1)}  {v.rjust(w2)}  {f.meaning}"
            for (m, v), f in zip(cells, figs, strict=True)
        ]
        lines.append("")
    return "\n".join(lines)


def _json(a: Analysis) -> str:
    return json.dumps(a.as_dict(), ensure_ascii=False, indent=1) + "\n"


def _csv(a: Analysis) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIGURE_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for f in a.figures:
        row = f.as_dict()
        value = row["value"]
        row["value"] = str(value).lower() if isinstance(value, bool) else value
        w.writerow({k: "" if v is None else v for k, v in row.items()})
    return buf.getvalue()


#: ``--format`` of ``enschede-kg analyze``: name → renderer.
FORMATS: Final[Mapping[str, Callable[[Analysis], str]]] = {
    "table": _table,
    "json": _json,
    "csv": _csv,
}


def format_analysis(a: Analysis, fmt: str) -> str:
    if fmt not in FORMATS:
        raise AnalyticsError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return FORMATS[fmt](a)
