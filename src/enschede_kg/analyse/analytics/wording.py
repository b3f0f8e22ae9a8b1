"""Wording: every figure with the one line that says what it means, in Dutch and English."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from enschede_kg.analyse.analytics.activity import ACTIVITY_COLUMNS, Activity
from enschede_kg.analyse.analytics.measures import NodeMeasures
from enschede_kg.analyse.analytics.reading import Value

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
        "degree": "{label} has direct ties with {n} of the {others} other actors: {names}.",
        "degree.all": "{label} has direct ties with all {n} other actors: the hub of the network.",
        "betweenness.zero": "{label} lies on no shortest chain between two others: nobody needs "
        "it to reach anyone.",
        "betweenness": "{label} lies on {pct} of the shortest chains between other actors: a "
        "broker; without it, others lose their shortest link (e.g. {pairs}).",
        "thin": "All {ties} ties come from what the 2017 overview{context} records about {actors} "
        "actors: one tie more or less changes degree, betweenness and groups, so read them as "
        "the report's picture, not as the whole of Enschede's relations.",
        "context.source": " and the imported twin-city snapshot",
        "pair": "{a} and {b}",
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
        "dormant.no": "{label} is active: something happened within {n} years before {ref} "
        "(last recorded: {last}).",
        "dormant.in_force": "{label} is active: a tie in force in {ref}: {ties}.",
        "dormant.thin": "{label}: too little data to judge: no dated event or agreement and no "
        "tie known to be in force in {ref}.",
        "since": "since {start}",
        "undated": "no start date; stated by the source",
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
        "degree": "{label} heeft rechtstreekse banden met {n} van de {others} andere actoren: "
        "{names}.",
        "degree.all": "{label} heeft rechtstreekse banden met alle {n} andere actoren: de spil van "
        "het netwerk.",
        "betweenness.zero": "{label} ligt op geen enkele kortste keten tussen twee anderen: "
        "niemand heeft het nodig om een ander te bereiken.",
        "betweenness": "{label} ligt op {pct} van de kortste ketens tussen andere actoren: een "
        "makelaar; zonder deze actor verliezen anderen hun kortste verbinding (bijv. {pairs}).",
        "thin": "Alle {ties} banden komen uit wat het jaaroverzicht 2017{context} vastlegt over "
        "{actors} actoren: één band meer of minder verandert graad, tussenpositie en groepen, "
        "dus lees ze als het beeld van het verslag, niet als alle relaties van Enschede.",
        "context.source": " en de geïmporteerde momentopname van stedenbanden",
        "pair": "{a} en {b}",
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
        "dormant.no": "{label} is actief: er gebeurde iets binnen {n} jaar voor {ref} "
        "(laatst vastgelegd: {last}).",
        "dormant.in_force": "{label} is actief: een band die in {ref} van kracht is: {ties}.",
        "dormant.thin": "{label}: te weinig gegevens om te oordelen: geen gedateerde gebeurtenis "
        "of overeenkomst en geen band waarvan bekend is dat die in {ref} van kracht is.",
        "since": "sinds {start}",
        "undated": "zonder begindatum; volgens de bron",
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
    #: Labels of the ties (their nodes), for the evidence of a verdict.
    tie_labels: Mapping[str, str] = field(default_factory=dict)

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


def figures(a: Analysis) -> list[Figure]:
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
    figs.append(
        Figure(
            "thin",
            a.ties,
            t["thin"].format(
                ties=a.ties,
                actors=len(a.actors),
                context=t["context.source"] if a.context_ties else "",
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
        others=others, names=_join(sorted(a.labels[x] for x in m.neighbours), t))  # fmt: skip
    pct = f"{m.betweenness:.0%}".replace("%", " %" if lang == "nl" else "%")
    shown = sorted(t["pair"].format(a=a.labels[u], b=a.labels[v]) for u, v in m.brokered)
    more = [t["more"].format(n=len(shown) - 3)] if len(shown) > 3 else []
    pairs = "; ".join(shown[:3] + more)
    fig("betweenness", m.betweenness, "betweenness" if m.betweenness else "betweenness.zero",
        pct=pct, pairs=pairs)  # fmt: skip
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
    ties = "; ".join(
        f"{a.tie_labels.get(via, via)} "
        f"({t['since'].format(start=start) if start else t['undated']})"
        for via, start in act.in_force
    )
    if act.in_force:
        verdict = "dormant.in_force"
    elif act.too_thin:
        verdict = "dormant.thin"
    else:
        verdict = "dormant.yes" if act.dormant else "dormant.no"
    fig("dormant", act.dormant, verdict, n=a.dormant_years, ref=a.reference_year, ties=ties,
        last=act.last_year)  # fmt: skip
    return out


def _plain(value: Value, lang: str) -> str:
    if isinstance(value, bool):
        return TEXT[lang]["yes" if value else "no"]
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)
