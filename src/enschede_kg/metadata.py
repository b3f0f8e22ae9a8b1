"""VoID and DCAT description of the built dataset.

Counts and partitions come from ``queries/meta/*.rq`` run over the built graph, so the description
always matches the dumps it describes. No timestamps: two builds of the same input are identical.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from enschede_kg import __version__, queries
from enschede_kg.graph import Inputs
from enschede_kg.iri import mint, slugify
from enschede_kg.namespaces import (
    BASE_IRI,
    CC,
    DCAT,
    DCTERMS,
    EU_LANGUAGE,
    FOAF,
    GRAPHS,
    IANA_MEDIA,
    ID,
    ONTOLOGY_IRI,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    VOID,
    XSD,
)
from enschede_kg.rdfio import FORMATS

DATASET = mint("dataset", "enschede-kg")
PUBLISHER = mint("organisation", "enschede-kg-project")
DATA_LICENSE = CC["by/4.0/"]
DUMP_NAME = "enschede-kg"
DUMP_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml", "trig")
EXAMPLES = ("city/dalian", "agreement/enschede-dalian-mou-2017", "event/smart-city-conference-2017")
SOURCE_DOCUMENT = mint("document", "enschede-international-2017")


def dump_url(fmt: str) -> URIRef:
    """Where a dump is published, relative to the base IRI."""
    return URIRef(f"{BASE_IRI}dumps/{DUMP_NAME}.{FORMATS[fmt].extension}")


def _q(inputs: Inputs, name: str) -> queries.SavedQuery:
    return queries.parse_query_file(inputs.queries / "meta" / f"{name}.rq")


def _int(term: object) -> Literal:
    return Literal(int(term.value), datatype=XSD.integer)  # type: ignore[attr-defined]


def describe(store: ox.Store, inputs: Inputs | None = None) -> Graph:
    """The VoID + DCAT graph for the content graphs of ``store`` (metadata graph excluded)."""
    inputs = inputs or Inputs()
    content = [ox.NamedNode(str(GRAPHS[n])) for n in ("ontology", "data", "provenance")]
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    for lang, title, desc in (
        (
            "nl",
            "Enschede internationaal: kennisgraaf",
            "De internationale betrekkingen van de gemeente Enschede als linked open data: "
            "stedenbanden, overeenkomsten, netwerken, evenementen en personen, elk feit met de "
            "bronzin waarop het berust.",
        ),
        (
            "en",
            "Enschede international: knowledge graph",
            "The international relationships of the municipality of Enschede as linked open data: "
            "city partnerships, agreements, networks, events and people, each fact with the source "
            "sentence it rests on.",
        ),
    ):
        g.add((d, DCTERMS.title, Literal(title, lang=lang)))
        g.add((d, RDFS.label, Literal(title, lang=lang)))
        g.add((d, DCTERMS.description, Literal(desc, lang=lang)))
    g.add((d, DCTERMS.license, DATA_LICENSE))
    g.add((d, DCTERMS.publisher, PUBLISHER))
    g.add((d, DCTERMS.creator, PUBLISHER))
    g.add((d, DCTERMS.source, SOURCE_DOCUMENT))
    g.add((d, PROV.wasDerivedFrom, SOURCE_DOCUMENT))
    g.add(
        (
            d,
            DCTERMS.language,
            EU_LANGUAGE.NLD,
        )
    )
    g.add(
        (
            d,
            DCTERMS.language,
            EU_LANGUAGE.ENG,
        )
    )
    g.add((d, DCTERMS.temporal, Literal("2017", datatype=XSD.gYear)))
    g.add((d, OWL.versionInfo, Literal(__version__)))
    g.add(
        (
            d,
            RDFS.comment,
            Literal(
                "The facts are licensed CC BY 4.0; the code of the project is MIT-licensed.",
                lang="en",
            ),
        )
    )
    g.add(
        (
            d,
            RDFS.comment,
            Literal(
                "De feiten vallen onder CC BY 4.0; de code van het project onder de MIT-licentie.",
                lang="nl",
            ),
        )
    )
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.sparqlEndpoint, URIRef(BASE_IRI + "sparql")))
    g.add((d, VOID.rootResource, URIRef(ONTOLOGY_IRI)))
    for ex in EXAMPLES:
        g.add((d, VOID.exampleResource, ID[ex]))

    g.add((PUBLISHER, RDF.type, FOAF.Organization))
    g.add((PUBLISHER, FOAF.name, Literal("enschede-kg")))
    for lang, name in (("nl", "project enschede-kg"), ("en", "enschede-kg project")):
        g.add((PUBLISHER, RDFS.label, Literal(name, lang=lang)))

    counts = queries.run(store, _q(inputs, "counts"), graphs=content).rows[0]
    g.add((d, VOID.triples, _int(counts["triples"])))
    g.add((d, VOID.distinctSubjects, _int(counts["subjects"])))
    g.add((d, VOID.distinctObjects, _int(counts["objects"])))
    g.add((d, VOID.properties, _int(counts["properties"])))
    ent = queries.run(
        store, _q(inputs, "entities"), {"space": ox.Literal(str(ID))}, graphs=content
    ).rows[0]
    g.add((d, VOID.entities, _int(ent["entities"])))
    classes = queries.run(store, _q(inputs, "class-partitions"), graphs=content).rows
    g.add((d, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for row in classes:
        cls = row["class"]
        part = mint("dataset", f"enschede-kg/class/{_slug(cls.value)}")  # type: ignore[union-attr]
        g.add((d, VOID.classPartition, part))
        g.add((part, RDF.type, VOID.Dataset))
        g.add((part, VOID["class"], URIRef(cls.value)))  # type: ignore[union-attr]
        g.add((part, VOID.entities, _int(row["entities"])))
    for row in queries.run(store, _q(inputs, "property-partitions"), graphs=content).rows:
        prop = row["property"]
        part = mint("dataset", f"enschede-kg/property/{_slug(prop.value)}")  # type: ignore[union-attr]
        g.add((d, VOID.propertyPartition, part))
        g.add((part, RDF.type, VOID.Dataset))
        g.add((part, VOID.property, URIRef(prop.value)))  # type: ignore[union-attr]
        g.add((part, VOID.triples, _int(row["triples"])))
    for vocab in sorted(
        _vocabularies(queries.run(store, _q(inputs, "vocabularies"), graphs=content).rows)
    ):
        g.add((d, VOID.vocabulary, URIRef(vocab)))
    for name, graph_iri in GRAPHS.items():
        if name == "metadata":
            continue
        sub = mint("dataset", f"enschede-kg/graph/{name}")
        g.add((d, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, RDFS.label, Literal(f"named graph {name}", lang="en")))
        g.add((sub, RDFS.label, Literal(f"benoemde graaf {name}", lang="nl")))
        g.add((sub, DCTERMS.identifier, Literal(str(graph_iri))))
        rows = queries.run(store, _q(inputs, "counts"), graphs=[ox.NamedNode(str(graph_iri))]).rows
        g.add((sub, VOID.triples, _int(rows[0]["triples"])))
    for fmt in DUMP_FORMATS:
        _distribution(g, d, fmt)
    return g


def _distribution(g: Graph, d: URIRef, fmt: str) -> None:
    f = FORMATS[fmt]
    url = dump_url(fmt)
    dist = mint("dataset", f"enschede-kg/distribution/{f.extension}")
    g.add((d, VOID.dataDump, url))
    g.add((d, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCAT.mediaType, IANA_MEDIA[f.media_type]))
    g.add((dist, DCTERMS.format, Literal(f.media_type)))
    g.add((dist, DCTERMS.license, DATA_LICENSE))
    g.add((dist, DCTERMS.title, Literal(f"{DUMP_NAME}.{f.extension}", lang="en")))
    g.add((dist, DCTERMS.title, Literal(f"{DUMP_NAME}.{f.extension}", lang="nl")))


def _slug(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return slugify(f"{prefix} {iri[len(ns) :]}")
    return slugify("x " + iri)


def _vocabularies(rows: Iterable[dict[str, queries.Term | None]]) -> set[str]:
    out = set()
    for row in rows:
        term = row["term"]
        if not isinstance(term, ox.NamedNode):
            continue
        iri = term.value
        cut = max(iri.rfind("#"), iri.rfind("/"))
        ns = iri[: cut + 1]
        if not ns.startswith(str(ID)):
            out.add(ns)
    return out
