"""How one entity reaches another: the shortest chains of relations, each step with its source.

The relation graph (``queries/analytics/relations.rq``, rule in ``docs/analytics.md``) links
places, organisations, people, posts, relationships, agreements and events. A participation is one
step, named by the role ("Linköping —guest at→ Smart City Conference 2017"); every other step is a
triple, named by the property's label and read in its direction ("←partner—" when walked from
object to subject). Partnerships and agreements stay nodes, so that "Enschede and Linköping are
partners" is a chain of two steps through the partnership, with the partnership's sources.

Every step carries the source sentences of the node behind it (``ekg:source``), or, for a link
between two entities (``ekg:locatedIn``, ``ekg:governs``), the passages that mention both.

With ``context`` (the default of ``enschede-kg path``), the twin-city links of the imported graphs
are steps too ("Linköping ←twinned with→ Palo Alto"): one step per pair of places and source,
``—twinned with→`` in the direction stated or ``←twinned with→`` when both items state it, each
backed by the snapshot's statements ("wd:Q499410 wdt:P190 wd:Q47265") instead of a sentence.
Their ends are our places where the snapshot's item is one of ours (``ekg:wikidata``) or
reconciled with one, so the chain runs through the curated city, not a second node.
"""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise, product
from pathlib import Path
from typing import Any, Final

import networkx as nx
import pyoxigraph as ox

from enschede_kg import queries
from enschede_kg.analyse.analytics import Labels, Twinning, compact, normalise, records, twinnings
from enschede_kg.errors import EnschedeKGError

#: How a term of a snapshot's statement is written: ``wd:Q499410 wdt:P190 wd:Q47265``.
STATEMENT_PREFIXES: Final = ("wd", "wdt", "id")

#: Messages, in both languages.
TEXT: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "unknown": "no entity named {name!r}",
        "suggest": "; did you mean: {names}?",
        "ambiguous": "{name!r} names {n} entities; give one of: {names}",
        "same": "{name!r} is both ends: give two different entities",
        "unlinked": "{name} has no relations that a chain could follow",
        "nopath": "no chain of relations links {a} and {b}",
        "title": "{a} → {b}: {n} shortest chain(s) of {steps} step(s)",
        "where": "paragraph {paragraph}, sentence {sentence}",
        "stated": "stated by {item}",
        "nosource": "(no source sentence)",
    },
    "nl": {
        "unknown": "geen entiteit met de naam {name!r}",
        "suggest": "; bedoelt u: {names}?",
        "ambiguous": "{name!r} noemt {n} entiteiten; geef een van: {names}",
        "same": "{name!r} is beide uiteinden: geef twee verschillende entiteiten",
        "unlinked": "{name} heeft geen relaties die een keten kan volgen",
        "nopath": "geen keten van relaties verbindt {a} en {b}",
        "title": "{a} → {b}: {n} kortste keten(s) van {steps} stap(pen)",
        "where": "alinea {paragraph}, zin {sentence}",
        "stated": "vermeld door {item}",
        "nosource": "(geen bronzin)",
    },
}


class EntityError(EnschedeKGError):
    """A name given for an end of a path is unknown or ambiguous (exit code 2)."""


class NoPath(EnschedeKGError):
    """Both ends are known but no chain of relations links them (exit code 1)."""


@dataclass(frozen=True)
class Source:
    """One source sentence (exact text, position, document), or one statement of a snapshot.

    A ``statement`` (kind) is a triple of an imported graph as its source states it
    (``wd:Q499410 wdt:P190 wd:Q47265``, stated on the page of ``stated_by``); ``document`` is then
    the snapshot and ``date`` its date.
    """

    passage: str
    text: str
    paragraph: int | None
    sentence: int | None
    document: str
    title: Mapping[str, str]
    kind: str = "passage"
    date: str | None = None
    stated_by: str = ""

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "passage": self.passage or None,
            "text": self.text,
            "paragraph": self.paragraph,
            "sentence": self.sentence,
            "document": self.document,
            "title": self.title.get(lang) or next(iter(self.title.values()), ""),
            "date": self.date,
            "stated_by": self.stated_by or None,
        }

    def where(self, lang: str) -> str:
        """``paragraph 8, sentence 2``, or ``stated by wd:Q499410`` for a statement."""
        t = TEXT[lang]
        if self.kind == "statement":
            return t["stated"].format(item=self.stated_by)
        return t["where"].format(paragraph=self.paragraph, sentence=self.sentence)


@dataclass(frozen=True)
class Link:
    """One edge of the relation graph: ``subject —relation→ object``, backed by ``fact``.

    A context link (a twin-city pair) carries its own ``evidence`` and is ``mutual`` when the
    snapshot states it from both ends.
    """

    subject: str
    relation: str
    name: Mapping[str, str]
    object: str
    fact: str
    mutual: bool = False
    evidence: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Step:
    """A link walked from ``start`` to ``end`` (forward when ``start`` is its subject)."""

    start: str
    end: str
    link: Link
    sources: tuple[Source, ...]

    @property
    def forward(self) -> bool:
        return self.start == self.link.subject

    @property
    def direction(self) -> str:
        return "both" if self.link.mutual else "forward" if self.forward else "backward"

    def arrow(self, lang: str) -> str:
        name = self.link.name.get(lang) or compact(self.link.relation)
        if self.link.mutual:
            return f"←{name}→"
        return f"—{name}→" if self.forward else f"←{name}—"


@dataclass(frozen=True)
class Paths:
    """All shortest chains between two entities, in one language."""

    start: str
    end: str
    chains: tuple[tuple[Step, ...], ...]
    labels: Labels
    lang: str

    def name(self, node: str) -> str:
        return self.labels.name(node, self.lang)

    def text(self, chain: tuple[Step, ...]) -> str:
        """``Linköping —guest at→ Smart City Conference 2017 ←host of— Enschede``."""
        parts = [self.name(chain[0].start)]
        for step in chain:
            parts += [step.arrow(self.lang), self.name(step.end)]
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        def node(iri: str) -> dict[str, str]:
            return {"iri": iri, "label": self.name(iri)}

        return {
            "from": node(self.start),
            "to": node(self.end),
            "length": len(self.chains[0]) if self.chains else None,
            "lang": self.lang,
            "paths": [
                {
                    "text": self.text(chain),
                    "steps": [
                        {
                            "from": node(s.start),
                            "to": node(s.end),
                            "relation": s.link.relation,
                            "relation_label": s.link.name.get(self.lang, ""),
                            "direction": s.direction,
                            "fact": s.link.fact,
                            "sources": [src.as_dict(self.lang) for src in s.sources],
                        }
                        for s in chain
                    ],
                }
                for chain in self.chains
            ],
        }


class RelationGraph:
    """The relation graph of a store, with labels and sources, ready for path questions.

    ``context`` adds the twin-city links of the imported graphs (see the module docstring).
    """

    def __init__(
        self, store: ox.Store, queries_dir: Path | None = None, *, context: bool = True
    ) -> None:
        self.labels = Labels.read(store, queries_dir)
        #: A snapshot's item that stands for one of our places -> that place (for look-ups).
        self.aliases: dict[str, str] = {}
        self.graph = nx.MultiGraph()
        for row in records(store, "relations", queries_dir):
            link = Link(
                subject=row["subject"] or "",
                relation=row["relation"] or "",
                name={lang: row[f"relation_{lang}"] or "" for lang in TEXT},
                object=row["object"] or "",
                fact=row["fact"] or "",
            )
            if link.subject != link.object:
                key = (link.relation, link.fact, link.subject)
                self.graph.add_edge(link.subject, link.object, key=key, link=link)
        self.sources: dict[str, dict[str, list[Source]]] = defaultdict(lambda: defaultdict(list))
        for row in records(store, "sources", queries_dir):
            title = {lang: row[f"title_{lang}"] or "" for lang in TEXT if row[f"title_{lang}"]}
            source = Source(
                passage=row["passage"] or "",
                text=row["text"] or "",
                paragraph=int(row["paragraph"] or 0),
                sentence=int(row["sentence"] or 0),
                document=row["document"] or "",
                title=title,
            )
            via = "source" if (row["via"] or "").endswith("source") else "mentionedIn"
            self.sources[row["fact"] or ""][via].append(source)
        if context:
            self._add_context(twinnings(store, queries_dir))

    def _add_context(self, statements: list[Twinning]) -> None:
        """One link per pair of places and source, backed by the statements of the snapshot."""
        pairs: dict[tuple[str, str, str], list[Twinning]] = defaultdict(list)
        for tw in statements:
            for stated, node in ((tw.stated_subject, tw.subject), (tw.stated_object, tw.object)):
                if stated != node:
                    self.aliases[stated] = node
            if tw.subject != tw.object:
                a, b = sorted((tw.subject, tw.object))
                pairs[(tw.source.graph, a, b)].append(tw)
        for (_, a, b), said in sorted(pairs.items()):
            directions = {(tw.subject, tw.object) for tw in said}
            subject, obj = (a, b) if len(directions) == 2 else next(iter(directions))
            src = said[0].source
            evidence = tuple(
                Source(
                    passage="",
                    text=" ".join(
                        compact(x, STATEMENT_PREFIXES)
                        for x in (tw.stated_subject, src.relation, tw.stated_object)
                    ),
                    paragraph=None,
                    sentence=None,
                    document=src.source,
                    title=src.title,
                    kind="statement",
                    date=src.created,
                    stated_by=compact(tw.stated_subject, STATEMENT_PREFIXES),
                )
                for tw in said
            )
            link = Link(
                subject, src.relation, src.name, obj, src.source or src.graph,
                mutual=len(directions) == 2, evidence=evidence,
            )  # fmt: skip
            self.graph.add_edge(subject, obj, key=(link.relation, link.fact, subject), link=link)

    def sources_of(self, link: Link) -> tuple[Source, ...]:
        """The fact's own sources, else the passages that mention both ends, else the subject.

        A context link has its own evidence: the statements of the snapshot, never a passage.
        """
        if link.evidence:
            return link.evidence
        own = self.sources.get(link.fact, {}).get("source")
        if own:
            return tuple(own)
        subject = self.sources.get(link.subject, {}).get("mentionedIn", [])
        objects = {s.passage for s in self.sources.get(link.object, {}).get("mentionedIn", [])}
        both = [s for s in subject if s.passage in objects]
        return tuple(both or subject)

    def resolve(self, name: str, lang: str = "en") -> str:
        """The node a name means: an IRI, a prefixed name or a label (nl/en, any case/accents).

        Raises EntityError when nothing or more than one node answers to it.
        """
        t = TEXT[lang]
        iri = queries.expand_iri(name)
        iri = self.aliases.get(iri, iri)
        if iri in self.graph or iri in self.labels.preferred:
            return iri
        wanted = normalise(name)
        candidates = sorted(
            node
            for node in self.graph.nodes
            if any(normalise(label) == wanted for label in self.labels.variants.get(node, ()))
        )
        if len(candidates) == 1:
            return str(candidates[0])
        if candidates:
            names = ", ".join(f"{self.labels.name(c, lang)} ({compact(c)})" for c in candidates)
            raise EntityError(t["ambiguous"].format(name=name, n=len(candidates), names=names))
        known = {
            normalise(label): label
            for node in self.graph.nodes
            for label in self.labels.variants.get(node, ())
        }
        close = difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.75)
        hint = t["suggest"].format(names=", ".join(known[c] for c in close)) if close else ""
        raise EntityError(t["unknown"].format(name=name) + hint)

    def paths(self, a: str, b: str, lang: str = "en") -> Paths:
        """All shortest chains between two names; EntityError or NoPath when there are none."""
        if lang not in TEXT:
            raise EntityError(f"unknown language {lang!r}; use one of {', '.join(TEXT)}")
        t = TEXT[lang]
        start, end = self.resolve(a, lang), self.resolve(b, lang)
        if start == end:
            raise EntityError(t["same"].format(name=a))
        for node in (start, end):
            if node not in self.graph:
                raise NoPath(t["unlinked"].format(name=self.labels.name(node, lang)))
        simple = nx.Graph(self.graph)
        try:
            node_paths = sorted(nx.all_shortest_paths(simple, start, end))
        except nx.NetworkXNoPath:
            names = {k: self.labels.name(n, lang) for k, n in (("a", start), ("b", end))}
            raise NoPath(t["nopath"].format(**names)) from None
        chains = []
        for nodes in node_paths:
            options = [self._steps(u, v) for u, v in pairwise(nodes)]
            chains += [tuple(choice) for choice in product(*options)]
        result = Paths(start, end, (), self.labels, lang)
        chains.sort(key=result.text)
        return Paths(start, end, tuple(chains), self.labels, lang)

    def _steps(self, u: str, v: str) -> list[Step]:
        links = sorted(
            (data["link"] for data in self.graph.get_edge_data(u, v).values()),
            key=lambda link: (link.relation, link.fact, link.subject),
        )
        return [Step(u, v, link, self.sources_of(link)) for link in links]


def find_paths(
    store: ox.Store,
    a: str,
    b: str,
    *,
    lang: str = "en",
    queries_dir: Path | None = None,
    context: bool = True,
) -> Paths:
    """All shortest chains of relations between two entities named by label, IRI or prefix:name.

    ``context=False`` keeps to the curated graph (no twin-city links of imported graphs).
    """
    return RelationGraph(store, queries_dir, context=context).paths(a, b, lang)


def _table(p: Paths) -> str:
    t = TEXT[p.lang]
    steps = len(p.chains[0]) if p.chains else 0
    a, b = p.name(p.start), p.name(p.end)
    lines = [t["title"].format(a=a, b=b, n=len(p.chains), steps=steps), ""]
    for i, chain in enumerate(p.chains, start=1):
        lines.append(f"{i}. {p.text(chain)}")
        for step in chain:
            lines.append(f"   {p.name(step.start)} {step.arrow(p.lang)} {p.name(step.end)}")
            for src in step.sources:
                title = src.as_dict(p.lang)["title"] or compact(src.document)
                lines.append(f"     “{src.text}” ({title}, {src.where(p.lang)})")
            if not step.sources:
                lines.append(f"     {t['nosource']}")
        lines.append("")
    return "\n".join(lines)


def _json(p: Paths) -> str:
    return json.dumps(p.as_dict(), ensure_ascii=False, indent=1) + "\n"


#: ``--format`` of ``enschede-kg path``: name → renderer.
FORMATS: Final[Mapping[str, Callable[[Paths], str]]] = {"table": _table, "json": _json}


def format_paths(p: Paths, fmt: str) -> str:
    if fmt not in FORMATS:
        raise EntityError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return FORMATS[fmt](p)
