"""graph/entailments: the standard statements the ontology's alignments entail, and their links.

A client that knows schema.org, PROV, ORG, GeoSPARQL or SKOS but not ekg: must find our facts;
the saved questions that make sense in schema.org terms give the same answers asked that way.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from enschede_kg import build, graph, queries
from enschede_kg.build import metadata
from enschede_kg.config import Inputs
from enschede_kg.errors import EnschedeKGError
from enschede_kg.graph.entail import entail
from enschede_kg.rdf import iri
from enschede_kg.rdf.namespaces import EKG, GEO, GEONAMES, ORG, OWL, RDF, SDO, SKOS, VOID, WD
from tests.conftest import ROOT

ENTAILMENTS = ox.NamedNode(str(iri.graph("entailments")))
DATA = ox.NamedNode(str(iri.graph("data")))
SCHEMAORG = ROOT / "queries" / "schemaorg"


def _v(term: object) -> str:
    """The IRI or lexical form of a term (quoted triples have none)."""
    return str(getattr(term, "value", ""))


def _n(term: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _has(store: ox.Store, s: object, p: URIRef, o: object, g: ox.NamedNode = ENTAILMENTS) -> bool:
    return any(store.quads_for_pattern(s, _n(p), o, g))  # type: ignore[arg-type]


def test_places_link_to_wikidata_and_geonames_without_owl_same_as(store: ox.Store) -> None:
    dalian = _n(iri.mint("city", "dalian"))
    for p in (SKOS.exactMatch, SDO.sameAs):
        assert _has(store, dalian, p, _n(WD.Q74881)), p
    enschede = _n(iri.mint("city", "enschede"))
    geonames = [
        _v(q.object)
        for q in store.quads_for_pattern(enschede, _n(SKOS.exactMatch), None, ENTAILMENTS)
    ]
    # GeoNames spells its feature IRIs https://sws.geonames.org/{id}/ (with the slash).
    assert f"{GEONAMES}2756071/" in geonames
    assert not any(store.quads_for_pattern(None, _n(OWL.sameAs), None, None))


def test_every_checked_identifier_of_a_place_or_organisation_is_linked(store: ox.Store) -> None:
    q = """
    PREFIX ekg: <https://w3id.org/enschede-kg/def#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?x ?item WHERE {
      GRAPH <https://w3id.org/enschede-kg/graph/data> {
        ?x ekg:wikidata|ekg:geonames ?item ; a ?c }
      GRAPH <https://w3id.org/enschede-kg/graph/ontology> {
        VALUES ?kind { ekg:Place ekg:Organisation } ?c rdfs:subClassOf* ?kind }
    }"""
    pairs = [(r["x"], r["item"]) for r in store.query(q)]  # type: ignore[union-attr]
    assert len(pairs) > 15
    for x, item in pairs:
        assert _has(store, x, SKOS.exactMatch, item) and _has(store, x, SDO.sameAs, item), (x, item)


def test_standard_types_and_properties_are_there(store: ox.Store) -> None:
    events = {
        q.subject for q in store.quads_for_pattern(None, _n(RDF.type), _n(SDO.Event), ENTAILMENTS)
    }
    assert len(events) == 6
    dalian = _n(iri.mint("city", "dalian"))
    assert _has(store, dalian, RDF.type, _n(SDO.City))
    assert _has(store, dalian, SDO.name, ox.Literal("Dalian", language="en"))
    assert _has(store, dalian, GEO.hasDefaultGeometry, _n(iri.mint("geometry", "dalian")))
    assert _has(store, dalian, SDO.containedInPlace, _n(iri.mint("country", "china")))
    municipality = _n(iri.mint("organisation", "gemeente-enschede"))
    assert _has(store, municipality, ORG.memberOf, _n(iri.mint("organisation", "eurocities")))
    assert _has(store, municipality, SDO.location, _n(iri.mint("city", "enschede")))
    assert not _has(store, municipality, SDO.containedInPlace, None)


def test_entailments_use_only_standard_terms_and_stay_apart(store: ox.Store) -> None:
    ekg = str(EKG)
    for q in store.quads_for_pattern(None, None, None, ENTAILMENTS):
        assert not q.predicate.value.startswith(ekg), q
        if q.predicate.value == str(RDF.type):
            assert not _v(q.object).startswith(ekg), q
    # Nothing entailed leaks into the curated graph.
    assert not any(store.quads_for_pattern(None, _n(SDO.name), None, DATA))
    assert not any(store.quads_for_pattern(None, _n(SKOS.exactMatch), None, DATA))


def test_entailment_queries_must_construct(project: Path) -> None:
    bad = project / "queries" / "derive" / "entailments" / "construct-bad.rq"
    bad.write_text(
        "#+ summary: wrong kind\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8"
    )
    store = graph.load(Inputs.from_root(project))
    with pytest.raises(EnschedeKGError, match="construct-bad"):
        entail(store, project / "queries")


def test_void_linksets_count_the_links(built_dir: Path) -> None:
    void = Graph().parse(built_dir / "void.ttl")
    dump = ox.Store()
    dump.bulk_load(path=str(built_dir / f"{metadata.DUMP_NAME}.trig"), format=ox.RdfFormat.TRIG)
    seen = set()
    for link in void.subjects(RDF.type, VOID.Linkset):
        predicate = URIRef(str(void.value(link, VOID.linkPredicate)))
        other = void.value(link, VOID.objectsTarget)
        space = str(void.value(other, VOID.uriSpace))
        counted = len(
            [
                q
                for q in dump.quads_for_pattern(None, _n(predicate), None, None)
                if _v(q.object).startswith(space)
            ]
        )
        assert int(str(void.value(link, VOID.triples))) == counted > 0
        assert (metadata.DATASET, VOID.subset, link) in void
        seen.add((space, str(predicate)))
    assert seen == {
        (str(WD), str(SKOS.exactMatch)),
        (str(WD), str(SDO.sameAs)),
        (str(GEONAMES), str(SKOS.exactMatch)),
        (str(GEONAMES), str(SDO.sameAs)),
    }


def _answers(
    store: ox.Store, query: queries.SavedQuery, keep: list[str]
) -> set[tuple[str | None, ...]]:
    rows = queries.run(store, query).rows
    return {tuple(None if r.get(k) is None else r[k].value for k in keep) for r in rows}  # type: ignore[union-attr]


def _schema_only(store: ox.Store) -> ox.Store:
    """The built graph minus every ekg: statement: what a schema.org-only client can use."""
    ekg = str(EKG)
    out = ox.Store()
    out.extend(
        q
        for q in store.quads_for_pattern(None, None, None, None)
        if not q.predicate.value.startswith(ekg)
        and not (q.predicate.value == str(RDF.type) and _v(q.object).startswith(ekg))
    )
    return out


@pytest.mark.parametrize(
    ("saved", "schema_only", "keep", "where"),
    [
        ("09-networks", "09-networks", ["network", "network_nl", "network_en", "member"], None),
        (
            "11-fact-sources",
            "11-fact-sources",
            ["fact", "fact_nl", "fact_en", "passage", "text", "document"],
            ("via", str(EKG.mentionedIn)),
        ),
    ],
)
def test_saved_questions_answer_the_same_in_schema_org_terms(
    store: ox.Store, saved: str, schema_only: str, keep: list[str], where: tuple[str, str] | None
) -> None:
    ours = queries.resolve(saved)
    theirs = queries.parse_query_file(SCHEMAORG / f"{schema_only}.rq")
    body = "\n".join(line for line in theirs.text.splitlines() if not line.startswith("#"))
    assert "ekg:" not in body and "def#" not in body
    rows = queries.run(store, ours).rows
    if where is not None:
        rows = [r for r in rows if r[where[0]] is not None and r[where[0]].value == where[1]]  # type: ignore[union-attr]
    expected = {tuple(None if r.get(k) is None else r[k].value for k in keep) for r in rows}  # type: ignore[union-attr]
    assert len(expected) >= 2
    # Asked of a store from which every ekg: statement is gone: schema.org terms alone answer.
    assert _answers(_schema_only(store), theirs, keep) == expected


def test_without_entailments_schema_org_finds_nothing(project: Path) -> None:
    """The test above can fail: the same question on the curated graphs alone has no answer."""
    inputs = Inputs.from_root(project)
    store = graph.load(inputs)
    graph.derive(store, inputs)
    theirs = queries.parse_query_file(SCHEMAORG / "09-networks.rq")
    assert queries.run(store, theirs).rows == []


def test_build_counts_the_entailments_graph(built_dir: Path) -> None:
    info = (built_dir / "build.json").read_text(encoding="utf-8")
    assert '"entailments"' in info
    assert build.DUMP == metadata.DUMP_NAME
