"""The ontology: complete labels and definitions, metadata, and the generated namespace in step."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef

from devtools import codegen
from enschede_kg.rdf.namespaces import DCTERMS, EKG, OWL, RDF, RDFS, SKOS, VANN
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ROOT / "ontology" / "enschede-kg.ttl", format="turtle")


def test_generated_namespace_is_in_sync(onto: Graph) -> None:
    assert codegen.TARGET.read_text(encoding="utf-8") == codegen.render(onto), (
        "src/enschede_kg/rdf/_ekg.py is out of date: run 'make namespaces'"
    )


def test_closed_namespace_refuses_misspelt_terms() -> None:
    with pytest.raises(AttributeError):
        _ = EKG.Citty


def test_every_term_has_nl_and_en_label_and_definition(onto: Graph) -> None:
    ns = str(EKG)
    terms = {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}
    assert len(terms) > 60
    for t in terms:
        for prop in (RDFS.label, SKOS.definition):
            langs = sorted(getattr(o, "language", None) or "" for o in onto.objects(t, prop))
            assert langs == ["en", "nl"], f"{t} {prop}: {langs}"


def test_classes_and_properties_are_aligned_to_standards(onto: Graph) -> None:
    """Every class is a subclass of something; most reach a standard vocabulary."""
    ns = str(EKG)
    for cls in onto.subjects(RDF.type, OWL.Class):
        assert list(onto.objects(cls, RDFS.subClassOf)), f"{cls} has no superclass"
    standard = re.compile(
        r"^(https://schema\.org/|http://www\.w3\.org/ns/(org|prov)#|"
        r"http://www\.w3\.org/2004/02/skos/core#|http://www\.w3\.org/2006/time#|"
        r"http://www\.opengis\.net/ont/geosparql#|http://xmlns\.com/foaf/)"
    )
    aligned = {
        c
        for c, _, sup in onto.triples((None, RDFS.subClassOf, None))
        if str(c).startswith(ns) and standard.match(str(sup))
    }
    assert EKG.City in aligned and EKG.Organisation in aligned and EKG.Event in aligned
    assert (EKG.partnerCity, RDFS.seeAlso, URIRef("http://www.wikidata.org/entity/P190")) in onto


def test_ontology_metadata(onto: Graph) -> None:
    o = URIRef("https://w3id.org/enschede-kg/def")
    assert (o, RDF.type, OWL.Ontology) in onto
    for p in (
        DCTERMS.title,
        DCTERMS.description,
        OWL.versionIRI,
        OWL.versionInfo,
        DCTERMS.license,
        DCTERMS.creator,
        VANN.preferredNamespacePrefix,
        VANN.preferredNamespaceUri,
    ):
        assert onto.value(o, p) is not None, p


def test_no_iri_strings_outside_the_namespace_module() -> None:
    """IRIs are spelt in names.py only (namespaces.py builds rdflib objects from it; codegen reads
    the ontology's own namespace into _ekg.py)."""
    allowed = {"names.py", "namespaces.py", "_ekg.py", "codegen.py"}
    for path in (ROOT / "src" / "enschede_kg").rglob("*.py"):
        if path.name in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        found = re.findall(r"[\"'](https?://[^\"']+)[\"']", text)
        assert not found, f"{path.name} spells IRIs: {found}"


def test_vocabulary_namespaces_are_the_real_ones() -> None:
    """Regression: rdflib's WGS namespace is spelled with https; the W3C vocabulary is http."""
    from enschede_kg.rdf.namespaces import PREFIXES

    assert PREFIXES["wgs"] == "http://www.w3.org/2003/01/geo/wgs84_pos#"
    onto = (ROOT / "data" / "curated" / "places.ttl").read_text(encoding="utf-8")
    assert PREFIXES["wgs"] in onto
