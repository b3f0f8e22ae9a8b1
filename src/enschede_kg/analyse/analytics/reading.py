"""Reading the graph: the analytics queries, labels, dates and the imported twin-city links.

The projection reads the graph through ``queries/analytics/*.rq`` only, with these helpers.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TypeAlias

import pyoxigraph as ox

from enschede_kg import queries, text
from enschede_kg.errors import EnschedeKGError
from enschede_kg.text import LANGS

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
    return _twinnings(store, "twinnings", queries_dir)


def context_twinnings(store: ox.Store, queries_dir: Path | None = None) -> list[Twinning]:
    """The twin-city statements with an end that maps to one of our resources
    (``context-twinnings.rq``), in a stable order.

    ``analyze --context`` keeps only links that touch an actor of the curated network, and only
    these can: asking the store for them alone spares reading the whole snapshot (44,000
    statements) into Python to drop nearly all of it.
    """
    return _twinnings(store, "context-twinnings", queries_dir)


def _twinnings(store: ox.Store, name: str, queries_dir: Path | None) -> list[Twinning]:
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
        for row in records(store, name, queries_dir)
    ]
    return sorted(
        found,
        key=lambda t: (t.subject, t.object, t.stated_subject, t.stated_object, t.source.graph),
    )


def latest_year(store: ox.Store, queries_dir: Path | None = None) -> int | None:
    """The latest year of any date in the graph: the default reference year."""
    rows = records(store, "latest-year", queries_dir)
    return int(rows[0]["latest"]) if rows and rows[0]["latest"] else None
