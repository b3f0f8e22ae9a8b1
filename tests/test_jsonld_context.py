"""The versioned JSON-LD context: generated from the ontology, shipped, and usable offline.

Compacted with PyLD (a JSON-LD processor that is not ours) against the shipped context, a
resource's description reads with short keys and round-trips to the same triples. The JSON-LD
the build writes, compacted by our own compactor, is expanded by PyLD (with a loader that serves
only the shipped context) and by rdflib (context put inline) to exactly the triples of the
N-Triples dump.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from pyld import jsonld  # type: ignore[import-untyped]
from rdflib import Graph

from devtools import jsonld_context
from enschede_kg.errors import EnschedeKGError
from enschede_kg.rdf import iri, rdfio
from enschede_kg.rdf import jsonld as ekg_jsonld
from enschede_kg.rdf.jsonld import context, document_loader
from enschede_kg.rdf.namespaces import (
    BASE_IRI,
    CONTEXT_FILE,
    CONTEXT_IRI,
    EKG,
    ONTOLOGY_VERSION,
    RDF,
    SKOS,
)
from tests import rdflib_local
from tests.conftest import ROOT

OPTIONS: dict[str, Any] = {"documentLoader": document_loader}


def test_context_is_generated_and_versioned() -> None:
    onto = Graph().parse(ROOT / "ontology" / "enschede-kg.ttl")
    assert CONTEXT_FILE.read_text(encoding="utf-8") == jsonld_context.render(onto), (
        "the JSON-LD context is out of date: run 'make namespaces'"
    )
    assert CONTEXT_FILE.name == f"enschede-kg-{ONTOLOGY_VERSION}.jsonld"
    assert CONTEXT_IRI.endswith(f"/context/{ONTOLOGY_VERSION}.jsonld")


def _dalian(store: ox.Store) -> tuple[list[ox.Triple], Any]:
    dalian = ox.NamedNode(str(iri.mint("city", "dalian")))
    triples = sorted({q.triple for q in store.quads_for_pattern(dalian, None, None, None)}, key=str)
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert nquads is not None
    # PyLD turns RDF into JSON-LD itself (rdf:type as @type), then compacts it.
    expanded = jsonld.from_rdf(nquads.decode(), {"format": "application/n-quads"})
    return triples, expanded


def test_pyld_compacts_a_description_to_short_readable_keys(store: ox.Store) -> None:
    triples, expanded = _dalian(store)
    compacted = jsonld.compact(expanded, CONTEXT_IRI, OPTIONS)
    assert compacted["@context"] == CONTEXT_IRI
    node = compacted if "@graph" not in compacted else compacted["@graph"][0]
    assert node["label"] == {"nl": "Dalian", "en": "Dalian"}
    assert "City" in node["type"] and "schema:City" not in node  # a term, not an rdf:type key
    assert isinstance(node["hasGeometry"], str) and node["hasGeometry"].endswith("dalian")
    assert not [k for k in node if k.startswith("http")], node.keys()
    # Nothing lost: the compact document expands to the same triples.
    nquads = jsonld.to_rdf(compacted, {**OPTIONS, "format": "application/n-quads"})
    back = ox.Store()
    back.load(nquads.encode(), format=ox.RdfFormat.N_QUADS)
    assert {q.triple for q in back} == set(triples)


def test_the_loader_fetches_nothing_else() -> None:
    with pytest.raises(EnschedeKGError, match="no remote loading"):
        document_loader("https://example.org/context.jsonld")
    assert context()["@context"]["@version"] == 1.1


# --- what the build and the servers write ---------------------------------------------------


def _triples_of_nt(path: Path) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES)}


def pyld_triples(document: object) -> set[ox.Triple]:
    """What PyLD makes of a document; it may load our context from the package, nothing else."""
    nquads = jsonld.to_rdf(document, {**OPTIONS, "format": "application/n-quads"})
    return {q.triple for q in ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)}


def _nodes(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from document.get("@graph", [document])


def assert_compact(document: dict[str, Any]) -> None:
    """Short keys and class names: what makes a document readable without the context."""
    assert document["@context"] == CONTEXT_IRI
    for node in _nodes(document):
        keys = set(node) - {"@id", "type"}
        assert not [k for k in keys if "://" in k], (node["@id"], keys)
        assert "rdf:type" not in node and "@type" not in node
        types = node.get("type", [])
        for t in [types] if isinstance(types, str) else types:
            assert "://" not in t, (node["@id"], t)
            assert not t.startswith("ekg:"), f"{t}: a class of ours is a term of the context"


def test_the_jsonld_dump_is_compact_and_expands_to_the_dump(built_dir: Path) -> None:
    path = built_dir / "enschede-kg.jsonld"
    document = json.loads(path.read_bytes())
    assert_compact(document)
    expected = _triples_of_nt(built_dir / "enschede-kg.nt")
    assert not any(isinstance(t.subject, ox.BlankNode) for t in expected)  # set = isomorphism
    assert pyld_triples(document) == expected
    # rdflib, with the context resolved from the package, reads the same graph.
    graph = rdflib_local.parse(path, "json-ld")
    ntriples = rdfio.quads_to_graph(
        ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in expected
    )
    assert set(graph) == set(ntriples)
    # Oxigraph through the project's own strict loader (context from the package).
    assert {q.triple for q in rdfio.parse_file(path)} == expected
    dalian = next(n for n in document["@graph"] if n["@id"] == "id:city/dalian")
    assert dalian["label"] == {"nl": "Dalian", "en": "Dalian"} and "City" in dalian["type"]


def test_a_build_under_another_base_carries_its_context_inline() -> None:
    base = "https://data.example.org/ekg/"
    city = ox.NamedNode(base + "id/city/dalian")
    triples = [
        ox.Triple(city, ox.NamedNode(str(RDF.type)), ox.NamedNode(base + "def#City")),
        ox.Triple(city, ox.NamedNode(str(SKOS.altLabel)), ox.Literal("Lüda", language="de-Latn")),
    ]
    document = ekg_jsonld.compact(triples, base)
    assert isinstance(document["@context"], dict)  # not our published context: inline
    assert document["@id"] == "id:city/dalian" and document["type"] == "City"
    assert pyld_triples(document) == set(triples)


def test_the_loaders_know_only_our_context(tmp_path: Path) -> None:
    path = tmp_path / "other.jsonld"
    path.write_text('{"@context": "https://example.org/ctx.jsonld", "@id": "https://e/a"}')
    with pytest.raises(EnschedeKGError, match="remote JSON-LD @context"):
        rdfio.parse_file(path)
    ours = tmp_path / "ours.jsonld"
    ours.write_text(json.dumps({"@context": CONTEXT_IRI, "@id": "id:city/x", "type": "City"}))
    assert [str(q.object) for q in rdfio.parse_file(ours)] == [f"<{EKG.City}>"]
    assert str(next(iter(rdfio.parse_file(ours))).subject) == f"<{BASE_IRI}id/city/x>"


def _iri_by_definition(d: Any, value: str) -> str:
    """IRI compaction as the context defines it: the longest namespace that is a prefix."""
    for name, ns in d.prefixes:
        if value.startswith(ns):
            rest = value[len(ns) :]
            return f"{name}:{rest}" if rest and not rest.startswith("//") else value
    return value


def test_compaction_of_every_iri_of_the_dump_follows_the_definition(built_dir: Path) -> None:
    """The dump's fast IRI compaction (cut points looked up right to left) gives what trying
    every prefix, longest first, gives: on every IRI of the build and on edge cases."""
    d = ekg_jsonld._definitions(BASE_IRI)
    values = {
        t.value
        for q in ox.parse(path=built_dir / "enschede-kg.nq", format=ox.RdfFormat.N_QUADS)
        for t in (q.subject, q.predicate, q.object, q.graph_name)
        if isinstance(t, ox.NamedNode)
    }
    values |= {ns for _, ns in d.prefixes} | {ns + "//x" for _, ns in d.prefixes}
    values |= {"urn:x", "http://example.org", "https://w3id.org/enschede-kg/id/city/a#b/c"}
    assert len(values) > 1000
    for value in values:
        assert d.iri(value) == _iri_by_definition(d, value), value


@pytest.mark.parametrize(
    "value",
    ["plain", 'a"quote', "back\\slash", "line\nbreak", "é", "\x1f", {"@id": "city:x"},
     {"@value": "1", "@type": "xsd:integer"}, {"@value": 'a"', "@language": "nl"},
     {"@value": 1}, ["x", "y"]],
)  # fmt: skip
def test_the_order_of_values_is_by_their_json_text(value: Any) -> None:
    """Values under one key are sorted by their JSON text; the fast path must be that text."""
    assert ekg_jsonld._key(value) == json.dumps(value, sort_keys=True, ensure_ascii=False)
