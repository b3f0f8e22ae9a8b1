"""The explorer's queries (``queries/viz/``) and their rows as plain strings, with the labels they
give in Dutch and English. Only these queries decide what the explorer shows."""

from __future__ import annotations

import re
from collections import defaultdict  # noqa: F401
from typing import Final

import pyoxigraph as ox

from enschede_kg import queries
from enschede_kg.config import Inputs
from enschede_kg.rdf.namespaces import GRAPHS, ID, WD
from enschede_kg.text import LANGS

#: The named graphs the explorer shows: the curated facts, their passages and the vocabulary.
CURATED_GRAPHS: Final = ("ontology", "data", "provenance")


def local_id(value: str) -> str:
    """A short, stable id: the IRI below ``…/id/`` ('city/dalian'), a Wikidata item as 'wd:Q37333',
    else the IRI itself."""
    base = str(ID)
    if value.startswith(base):
        return value[len(base) :]
    if value.startswith(str(WD)):
        return "wd:" + value[len(str(WD)) :]
    return value


def _value(term: object) -> str | None:
    return None if term is None else str(term.value)  # type: ignore[attr-defined]


class Queries:
    """Runs the explorer's queries of one project over the curated graphs.

    Imported context graphs (``data/imported``, such as Wikidata's twinnings) are left out: they
    rest on no source sentence, and every tie on screen must.
    """

    def __init__(self, store: ox.Store, inputs: Inputs) -> None:
        self.store = store
        self.saved = inputs.queries
        self.graphs = [ox.NamedNode(str(GRAPHS[g])) for g in CURATED_GRAPHS]

    def rows(
        self, name: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None
    ) -> list[dict[str, str | None]]:
        q = queries.named("viz", name, self.saved)
        result = queries.run(self.store, q, bindings, graphs=self.graphs)
        return [{k: _value(v) for k, v in row.items()} for row in result.rows]

    def context_rows(
        self, name: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None
    ) -> list[dict[str, str | None]]:
        """Rows of a context query, over every graph: the curated places and the imported
        snapshots (the query itself says, with GRAPH, which statements it takes from where)."""
        q = queries.named("viz", name, self.saved)
        result = queries.run(self.store, q, bindings)
        return [{k: _value(v) for k, v in row.items()} for row in result.rows]

    def fact_sources(self) -> list[dict[str, str | None]]:
        """Saved query 11: the source sentences behind every fact and entity."""
        q = queries.resolve("fact-sources", self.saved)
        result = queries.run(self.store, q, graphs=self.graphs)
        rows = []
        for row in result.rows:
            out = {k: _value(v) for k, v in row.items()}
            text = row.get("text")
            out["lang"] = text.language if isinstance(text, ox.Literal) else None
            rows.append(out)
        return rows


class Labels:
    """Dutch and English labels and descriptions, with fallbacks."""

    def __init__(self, rows: list[dict[str, str | None]]) -> None:
        self.rows = {str(r["thing"]): r for r in rows}

    def label(self, thing: str, lang: str) -> str:
        r = self.rows.get(thing, {})
        other = LANGS[1 - LANGS.index(lang)]
        for key in (f"label_{lang}", "label", f"label_{other}"):
            if r.get(key):
                return str(r[key])
        tail = re.split(r"[/#]", thing.rstrip("/#"))[-1]
        return tail or thing

    def both(self, thing: str) -> dict[str, str]:
        return {lang: self.label(thing, lang) for lang in LANGS}

    def comment(self, thing: str) -> dict[str, str] | None:
        r = self.rows.get(thing, {})
        nl, en = r.get("comment_nl"), r.get("comment_en")
        if not nl and not en:
            return None
        return {"nl": str(nl or en), "en": str(en or nl)}
