"""The ontology with the vocabularies it aligns to, under an OWL reasoner and OWL 2's rules.

The W3C files (PROV-O, ORG, OWL-Time, DCAT 3) and SKOS and schema.org's RDF from PyPI packages
live in data/external/vocabularies/ (see the README there), so this runs offline. The reasoner is
owlrl (OWL 2 RL): it reports a disjointness clash such as an event that is both a prov:Activity and
a prov:Entity, which is how the ontology was once inconsistent (ekg:source under
prov:wasDerivedFrom, whose domain is prov:Entity).

schema.org is loaded for the declaration checks but left out of the closure: it states no
disjointness, no functional or inverse-functional property and no cardinality, so it can add types
and property values but never a clash, and it triples the reasoner's time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

import owlrl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from enschede_kg import graph
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import EKG, ONTOLOGY_IRI
from tests.conftest import ROOT

VOCABULARIES = ROOT / "data" / "external" / "vocabularies"
#: Namespace of each shipped vocabulary file.
SHIPPED = {
    "prov-o.ttl": "http://www.w3.org/ns/prov#",
    "org.ttl": "http://www.w3.org/ns/org#",
    "owl-time.ttl": "http://www.w3.org/2006/time#",
    "dcat3.ttl": "http://www.w3.org/ns/dcat#",
    "skos.ttl": "http://www.w3.org/2004/02/skos/core#",
    "schemaorg.ttl": "https://schema.org/",
}
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: The OWL 2 datatype map (OWL 2 Structural Specification, section 4): what an OWL 2 axiom may name.
OWL2_DATATYPES = {
    OWL.real, OWL.rational, RDFS.Literal, URIRef(RDF_NS + "PlainLiteral"),
    URIRef(RDF_NS + "XMLLiteral"),
    *(XSD[n] for n in [
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString", "token",
        "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI",
        "dateTime", "dateTimeStamp",
    ]),
}  # fmt: skip
#: What an OWL 2 ontology may declare a term to be.
DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
}
AXIOM_PREDICATES = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.inverseOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.disjointWith,
)


@cache
def ontology() -> Graph:
    g = Graph()
    g.parse(ROOT / "ontology" / "enschede-kg.ttl")
    g.parse(ROOT / "ontology" / "themes.ttl")
    return g


@cache
def vocabulary(name: str) -> Graph:
    return Graph().parse(VOCABULARIES / name)


def ekg_terms() -> set[URIRef]:
    ns = str(EKG)
    return {s for s in ontology().subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}


def clashes(g: Graph) -> list[str]:
    """The OWL 2 RL closure of ``g`` (in place) and its inconsistency messages."""
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(g)
    return sorted(
        str(m) for e in g.subjects(RDF.type, ERR.ErrorMessage) for m in g.objects(e, ERR.error)
    )


def with_vocabularies(*extra: Graph) -> Graph:
    g = Graph()
    for name in SHIPPED:
        if name != "schemaorg.ttl":
            g += vocabulary(name)
    g += ontology()
    for e in extra:
        g += e
    return g


def test_every_shipped_vocabulary_is_there_with_its_licence() -> None:
    readme = (VOCABULARIES / "README.md").read_text(encoding="utf-8")
    for name, ns in SHIPPED.items():
        g = vocabulary(name)
        assert len(g) > 100, name
        assert any(str(s).startswith(ns) for s in g.subjects()), name
        row = next((line for line in readme.splitlines() if f"`{name}`" in line), "")
        assert re.search(r"licen[cs]e|CC BY|PDDL|W3C", row, re.I), (
            f"README names no licence of {name}"
        )


def test_ontology_and_vocabularies_are_consistent() -> None:
    assert clashes(with_vocabularies()) == []


def test_ontology_vocabularies_and_curated_data_are_consistent() -> None:
    """The regression of issue 11: six events were both prov:Activity and prov:Entity."""
    store = graph.assemble()
    data = rdfio.quads_to_graph(graph.curated_quads(store))
    g = with_vocabularies(data)
    assert clashes(g) == []
    # The closure did its work: an event is a prov:Activity and a schema:Event, never an Entity.
    event = next(iter(data.subjects(RDF.type, EKG.Visit)))
    assert (event, RDF.type, URIRef("http://www.w3.org/ns/prov#Activity")) in g
    assert (event, RDF.type, URIRef("http://www.w3.org/ns/prov#Entity")) not in g


def test_reasoner_finds_a_clash_when_there_is_one() -> None:
    """The check can fail: an event that is also an agreement is an Activity and an Entity."""
    bad = Graph()
    bad.add((EKG.Visit, RDFS.subClassOf, EKG.Agreement))  # nonsense on purpose
    bad.add((URIRef("urn:x:e"), RDF.type, EKG.Visit))
    assert clashes(with_vocabularies(bad))


def test_every_datatype_the_axioms_name_is_an_owl2_datatype() -> None:
    onto = ontology()
    named = {o for p in (RDFS.range, OWL.onDatatype, OWL.someValuesFrom, OWL.allValuesFrom)
             for o in onto.objects(None, p)}  # fmt: skip
    xsd_like = {d for d in named if str(d).startswith((str(XSD), RDF_NS)) or d == RDFS.Literal}
    assert xsd_like, "the check sees no datatype at all"
    outside = sorted(map(str, xsd_like - OWL2_DATATYPES))
    assert not outside, f"not OWL 2 datatypes: {outside}"
    # Literals in axioms (not annotations) must be typed within the map as well.
    for p in AXIOM_PREDICATES:
        for o in onto.objects(None, p):
            assert not isinstance(o, Literal), f"literal in an axiom: {p} {o}"


def test_every_term_is_declared_once_as_an_owl2_entity_or_an_individual() -> None:
    onto = ontology()
    classes = set(onto.subjects(RDF.type, OWL.Class)) | {SKOS.ConceptScheme}
    for t in ekg_terms():
        types = set(onto.objects(t, RDF.type))
        kinds = types & DECLARATIONS
        individual = bool(types & classes)
        assert len(kinds) + individual == 1, f"{t}: declared as {sorted(str(x) for x in types)}"
        assert not ({OWL.ObjectProperty, OWL.DatatypeProperty} <= types), t


def test_every_standard_term_the_ontology_names_exists() -> None:
    """A typo in an alignment (schema:Corperation) would silently mint a new term."""
    onto = ontology()
    known: dict[str, set[URIRef]] = {}
    for name, ns in SHIPPED.items():
        known[ns] = {s for s in vocabulary(name).subjects() if isinstance(s, URIRef)}
    missing = []
    for p in (*AXIOM_PREDICATES, RDFS.seeAlso):
        for s, o in onto.subject_objects(p):
            if not isinstance(o, URIRef) or not str(s).startswith(str(EKG)):
                continue
            for ns, terms in known.items():
                if str(o).startswith(ns) and o not in terms:
                    missing.append(f"{s} {p} {o}")
    assert missing == []


def test_every_term_is_defined_by_the_ontology() -> None:
    onto = ontology()
    terms = ekg_terms()
    assert len(terms) > 100
    assert [t for t in terms if onto.value(t, RDFS.isDefinedBy) != URIRef(ONTOLOGY_IRI)] == []


def test_no_two_terms_differ_only_in_case() -> None:
    by_case: dict[str, list[str]] = defaultdict(list)
    for t in ekg_terms():
        by_case[str(t).lower()].append(str(t))
    assert [v for v in by_case.values() if len(v) > 1] == []


def test_owl_terms_are_not_mapped_with_skos() -> None:
    """skos:*Match makes both ends skos:Concepts; our classes and properties are not."""
    onto = ontology()
    owl_terms = {
        t for t in ekg_terms()
        if set(onto.objects(t, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    }  # fmt: skip
    matches = (
        SKOS.closeMatch,
        SKOS.exactMatch,
        SKOS.broadMatch,
        SKOS.narrowMatch,
        SKOS.relatedMatch,
    )
    bad = [
        (s, p, o)
        for p in matches
        for s, o in onto.subject_objects(p)
        if s in owl_terms or o in owl_terms
    ]
    assert bad == []


@pytest.mark.parametrize(
    ("term", "relation", "target"),
    [
        # ekg:mentionedIn names where an entity is mentioned: the inverse of schema:mentions, not
        # schema:subjectOf (which is about being the subject of a work).
        (EKG.mentions, OWL.inverseOf, EKG.mentionedIn),
        (EKG.mentions, RDFS.subPropertyOf, URIRef("https://schema.org/mentions")),
        (EKG.source, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/source")),
        (
            EKG.hasGeometry,
            RDFS.subPropertyOf,
            URIRef("http://www.opengis.net/ont/geosparql#hasDefaultGeometry"),
        ),
        (EKG.memberOf, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#memberOf")),
        (EKG.Event, RDFS.subClassOf, URIRef("https://schema.org/Event")),
    ],
)
def test_alignments_that_hold(term: URIRef, relation: URIRef, target: URIRef) -> None:
    assert (term, relation, target) in ontology()


@pytest.mark.parametrize(
    ("term", "relation", "target"),
    [
        (EKG.source, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
        (EKG.mentionedIn, RDFS.subPropertyOf, URIRef("https://schema.org/subjectOf")),
        # Organisations are located in places too; schema:containedInPlace is for places.
        (EKG.locatedIn, RDFS.subPropertyOf, URIRef("https://schema.org/containedInPlace")),
    ],
)
def test_alignments_that_do_not_hold_are_not_stated(
    term: URIRef, relation: URIRef, target: URIRef
) -> None:
    assert (term, relation, target) not in ontology()


def test_no_blank_node_terms() -> None:
    """Every class and property has an IRI that a page can describe."""
    onto = ontology()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        assert not [s for s in onto.subjects(RDF.type, kind) if isinstance(s, BNode)]
