"""The versioned JSON-LD context: generated from the ontology, shipped, and usable offline.

Compacted with PyLD (a JSON-LD processor that is not ours) against the shipped context, a
resource's description reads with short keys and round-trips to the same triples.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest
from pyld import jsonld  # type: ignore[import-untyped]
from rdflib import Graph

from devtools import jsonld_context
from enschede_kg.errors import EnschedeKGError
from enschede_kg.rdf import iri
from enschede_kg.rdf.jsonld import context, document_loader
from enschede_kg.rdf.namespaces import CONTEXT_FILE, CONTEXT_IRI, ONTOLOGY_VERSION
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
    triples = sorted(
        {q.triple for q in store.quads_for_pattern(dalian, None, None, None)}, key=str
    )
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
    assert "ekg:City" in node["type"] and "schema:City" not in node  # @type, not an rdf:type key
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
