"""The store-based build writes the same graph as the quad-by-quad reference, at 1x and at 10x.

The reference is the build as it was before it moved into the store: every file parsed into
Python quads on its own (``rdfio.parse_file``), the passages, derivations and metadata added, the
union compared as a set (the graph has no blank nodes, so set equality is isomorphism; rdflib's
``isomorphic`` on 470k triples would take minutes and say the same). The 10x
project is the benchmarks' synthetic copy (``benchmarks/synthetic.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from enschede_kg import build, graph, queries, sources
from enschede_kg.build import metadata
from enschede_kg.config import Inputs
from enschede_kg.graph.entail import entail
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import GRAPHS

ROOT = Path(__file__).resolve().parents[1]


def reference_quads(inputs: Inputs) -> set[ox.Quad]:
    """The graph as the old build assembled it: Python quads, file by file."""
    quads: set[ox.Quad] = set()
    for path, name in inputs.files():
        quads.update(rdfio.parse_file(path, graph.ox_graph(name)))
    prov = graph.ox_graph("provenance")
    for text in sorted(inputs.sources.glob("*.txt")):
        quads.update(rdfio.graph_to_quads(sources.passage_graph(text), prov))
    store = ox.Store()
    store.extend(quads)
    data = graph.ox_graph("data")
    for q in queries.derivations(inputs.queries / "derive"):
        result = queries.run(store, q)
        rule, about_rule = graph._rule(q, data)  # each derived triple with its evidence
        quads.update(about_rule)
        for t in result.triples:
            quads.add(ox.Quad(t.subject, t.predicate, t.object, data))
            quads.update(graph._evidence(t, rule, data))
    store.extend(quads)
    entail(store, inputs.queries)  # graph/entailments, as the build adds it
    meta = metadata.describe(store, inputs)
    store.extend(rdfio.graph_to_quads(meta, ox.NamedNode(str(GRAPHS["metadata"]))))
    metadata.stamp_total(store)
    # Read back through the store, as the old build wrote it: Oxigraph stores the derived integer
    # types (xsd:nonNegativeInteger …) as xsd:integer.
    return set(store)


def _check(inputs: Inputs, out: Path) -> None:
    result = build.build(out, inputs)
    written = set(ox.parse(path=result.out / "enschede-kg.nq", format=ox.RdfFormat.N_QUADS))
    expected = reference_quads(inputs)
    assert len(written) == len(expected)
    assert written == expected
    trig = set(ox.parse(path=result.out / "enschede-kg.trig", format=ox.RdfFormat.TRIG))
    assert trig == expected
    nt = ox.parse(path=result.out / "enschede-kg.nt", format=ox.RdfFormat.N_TRIPLES)
    assert {q.triple for q in nt} == {q.triple for q in expected}


def test_store_build_equals_reference_on_the_real_data(tmp_path: Path) -> None:
    _check(Inputs(), tmp_path / "out")


def test_store_build_equals_reference_at_10x(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synthetic  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    project = synthetic.write_project(tmp_path / "x10", factor=10)
    _check(Inputs.from_root(project), tmp_path / "out")
    # and it is 10x: the imported graph has ten times the links
    assert (
        sum(
            1
            for _ in ox.parse(
                path=project / "data" / "imported" / "twinnings-wikidata-p190-2016.nt",
                format=ox.RdfFormat.N_TRIPLES,
            )
        )
        > 400_000
    )


@pytest.fixture(autouse=True)
def _no_stray_generations(tmp_path: Path) -> Iterator[None]:
    """Nothing of the build's scratch space stays behind."""
    yield
    for gens in tmp_path.glob(".*.generations"):
        assert not list(gens.glob(".work-*"))
