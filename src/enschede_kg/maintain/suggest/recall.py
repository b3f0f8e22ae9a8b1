"""How much of what the curated facts take from a source ``suggest`` proposes: recall per kind.

The reference is ``queries/suggest/gold.rq``: per sentence, the places, organisations and people
the curated data says it mentions (or cites it for), the dates and seasons of the things it is
the source of, and their kinds and statuses that the ontology has a word for. Recall is counted
per sentence (the proposal must be in the same sentence) and per document (anywhere in it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from enschede_kg import graph, queries
from enschede_kg.config import Inputs
from enschede_kg.maintain.suggest import Proposal, source_text, suggest
from enschede_kg.maintain.suggest import lexicon as lexicon_mod
from enschede_kg.rdf import iri

CATEGORIES = ("place", "organisation", "person", "date", "relation")


@dataclass(frozen=True)
class Score:
    """Found and expected, per sentence and per document."""

    found: int
    expected: int
    found_doc: int
    expected_doc: int

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def recall_doc(self) -> float:
        return self.found_doc / self.expected_doc if self.expected_doc else 1.0


def gold(store: ox.Store, slug: str, inputs: Inputs) -> dict[str, set[tuple[str, str]]]:
    """(passage, value) pairs per category that the curated facts take from the document."""
    query = queries.named("suggest", "gold", inputs.queries)
    bindings = {"document": ox.NamedNode(str(iri.document(slug)))}
    words = {e.iri for es in lexicon_mod.read(store, inputs).words.values() for e in es}
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in queries.run(store, query, bindings).records():
        category, value = r["category"] or "", r["value"] or ""
        if category == "date" and r["season"]:
            value += "+" + (r["season"] or "").rsplit("/", 1)[-1]
        if category == "relation" and value not in words:
            continue  # a kind the ontology has no word for cannot be proposed by a word
        out[category].add((r["passage"] or "", value))
    return out


def measure(
    source: str,
    inputs: Inputs | None = None,
    *,
    store: ox.Store | None = None,
    proposals: list[Proposal] | None = None,
    **flags: bool,
) -> dict[str, Score]:
    """Recall per category of ``suggest`` (with ``flags``) on ``source``."""
    inputs = inputs or Inputs()
    store = store if store is not None else graph.assemble(inputs)
    slug, _ = source_text(source, inputs)
    if proposals is None:
        proposals = suggest(source, inputs, store=store, **flags)
    got: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for p in proposals:
        got[p.kind].add((p.passage, p.value))
    expected = gold(store, slug, inputs)
    scores = {}
    for c in CATEGORIES:
        want, have = expected.get(c, set()), got.get(c, set())
        want_doc, have_doc = {v for _, v in want}, {v for _, v in have}
        scores[c] = Score(len(want & have), len(want), len(want_doc & have_doc), len(want_doc))
    return scores


def total(scores: dict[str, Score]) -> Score:
    """All categories together."""
    return Score(
        sum(s.found for s in scores.values()),
        sum(s.expected for s in scores.values()),
        sum(s.found_doc for s in scores.values()),
        sum(s.expected_doc for s in scores.values()),
    )
