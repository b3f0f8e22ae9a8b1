"""VoID and DCAT description of the built dataset, conforming to DCAT-AP-NL 3.0.

Counts and partitions come from ``queries/meta/*.rq`` run over the built graph, so the description
always matches the dumps it describes. No timestamps: two builds of the same input are identical
(release dates are constants, one per version).

The DCAT part follows DCAT-AP-NL 3.0, the profile data.overheid.nl harvests: mandatory properties,
values from the EU authority tables the profile prescribes (language, data theme, access right,
frequency, file type, licence), a vCard contact point and a ``foaf:Agent`` publisher.
``check_dcat`` validates a description against the official shapes in
``data/external/dcat-ap-nl-3.0-shapes/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from enschede_kg import __version__, queries
from enschede_kg.build import dumps
from enschede_kg.config import Inputs
from enschede_kg.graph import context_graphs
from enschede_kg.rdf import iri, rdfio
from enschede_kg.rdf.iri import mint, slugify
from enschede_kg.rdf.namespaces import (
    BASE_IRI,
    CC,
    DCAT,
    DCAT_VERSION,
    DCTERMS,
    EU_ACCESS_RIGHT,
    EU_DATA_THEME,
    EU_FILE_TYPE,
    EU_FREQUENCY,
    EU_LANGUAGE,
    EU_LICENCE,
    FOAF,
    GEONAMES,
    GEONAMES_SITE,
    GRAPHS,
    IANA_MEDIA,
    ID,
    ONTOLOGY_IRI,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SKOS,
    VCARD,
    VOID,
    WD,
    WIKIDATA_SITE,
    XSD,
)
from enschede_kg.rdf.rdfio import FORMATS
from enschede_kg.validate import Violation, shacl

DATASET = mint("dataset", "enschede-kg")
PUBLISHER = mint("organisation", "enschede-kg-project")
CONTACT_POINT = mint("dataset", "enschede-kg/contact-point")
PERIOD = mint("dataset", "enschede-kg/period/2017")
SPARQL_SERVICE = mint("dataset", "enschede-kg/service/sparql")
SPARQL_ENDPOINT = URIRef(BASE_IRI + "sparql")
#: Where people land: the site served at the base IRI (also the contact point's URL, until the
#: project has a functional e-mail address or issue tracker to name there).
LANDING_PAGE = URIRef(BASE_IRI)
#: The data licence, CC BY 4.0, as the EU licence authority table names it (what DCAT-AP
#: harvesters match on) and as Creative Commons names it (what people follow).
DATA_LICENSE = EU_LICENCE.CC_BY_4_0
DATA_LICENSE_DEED = CC["by/4.0/"]
DUMP_NAME = dumps.DUMP_NAME
#: Every dump the build writes (``dumps.ALL``), each a ``void:dataDump`` and a distribution.
DUMPS = dumps.ALL
#: The formats of the dumps (compressed copies aside).
DUMP_FORMATS = tuple(d.fmt for d in DUMPS if not d.gz)
#: EU file-type authority table entry of each dump format (of the content, for a gzip copy).
FILE_TYPES = {
    "turtle": EU_FILE_TYPE.RDF_TURTLE,
    "ntriples": EU_FILE_TYPE.RDF_N_TRIPLES,
    "nquads": EU_FILE_TYPE.RDF_N_QUADS,
    "jsonld": EU_FILE_TYPE.JSON_LD,
    "rdfxml": EU_FILE_TYPE.RDF_XML,
    "trig": EU_FILE_TYPE.RDF_TRIG,
}
EXAMPLES = ("city/dalian", "agreement/enschede-dalian-mou-2017", "event/smart-city-conference-2017")
SOURCE_DOCUMENT = mint("document", "enschede-international-2017")
#: EU data themes: international issues; government and public sector; regions and cities.
THEMES = (EU_DATA_THEME.INTR, EU_DATA_THEME.GOVE, EU_DATA_THEME.REGI)
LANGUAGES = (EU_LANGUAGE.NLD, EU_LANGUAGE.ENG)
#: Release date of each version (dct:issued of the first, dct:modified of the current one), so
#: that the description carries dates without making builds depend on the clock.
RELEASES = {"0.1.0": "2026-11-27"}
KEYWORDS = {
    "nl": ("Enschede", "stedenbanden", "internationale betrekkingen", "zustersteden"),
    "en": ("Enschede", "city partnerships", "international relations", "sister cities"),
}


@dataclass(frozen=True)
class LinkTarget:
    """Another dataset our resources link to, by the URI space of its resources."""

    title: str
    uri_space: str
    homepage: URIRef


#: The datasets of the checked identifiers (ekg:wikidata, ekg:geonames), by slug under id/dataset/.
LINK_TARGETS = {
    "wikidata": LinkTarget("Wikidata", str(WD), WIKIDATA_SITE),
    "geonames": LinkTarget("GeoNames", str(GEONAMES), GEONAMES_SITE),
}
#: The official DCAT-AP-NL 3.0 shapes (snapshot, see the README there).
#: The official DCAT-AP-NL 3.0 shapes, under the project's ``data/external/``.
DCAT_AP_NL = "dcat-ap-nl-3.0-shapes"


_OX_LABEL = ox.NamedNode(str(RDFS.label))


def dump_url(fmt: str, gz: bool = False) -> URIRef:
    """Where a dump is published, relative to the base IRI."""
    return URIRef(f"{BASE_IRI}dumps/{dumps.dump_name(fmt, gz)}")


def _q(inputs: Inputs, name: str) -> queries.SavedQuery:
    return queries.named("meta", name, inputs.queries)


def _int(term: object) -> Literal:
    return Literal(int(term.value), datatype=XSD.integer)  # type: ignore[attr-defined]


def describe(store: ox.Store, inputs: Inputs | None = None) -> Graph:
    """The VoID + DCAT graph for the content graphs of ``store`` (metadata graph excluded).

    The imported context graphs (``graph/twinnings/…``) are content too: each is a subset with
    the source and licence its import states.
    """
    inputs = inputs or Inputs()
    context = context_graphs(store)
    subsets = [n for n in GRAPHS if n != "metadata"] + context
    content = [ox.NamedNode(str(iri.graph(n))) for n in subsets]
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
    g.add((d, DCTERMS.source, SOURCE_DOCUMENT))
    g.add((d, PROV.wasDerivedFrom, SOURCE_DOCUMENT))
    _dcat(g, d)
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g += endpoint_triples()
    g.add((d, VOID.rootResource, URIRef(ONTOLOGY_IRI)))
    for ex in EXAMPLES:
        g.add((d, VOID.exampleResource, ID[ex]))

    counts = queries.run(store, _q(inputs, "counts"), graphs=content).rows[0]
    # The dataset's own void:triples is stamped last (``stamp_total``): it counts this graph too.
    g.add((d, VOID.distinctSubjects, _int(counts["subjects"])))
    g.add((d, VOID.distinctObjects, _int(counts["objects"])))
    g.add((d, VOID.properties, _int(counts["properties"])))
    ent = queries.run(
        store, _q(inputs, "entities"), {"space": ox.Literal(str(ID))}, graphs=content
    ).rows[0]
    g.add((d, VOID.entities, _int(ent["entities"])))
    classes = queries.run(store, _q(inputs, "class-partitions"), graphs=content).rows
    properties = queries.run(store, _q(inputs, "property-partitions"), graphs=content).rows
    g.add((d, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for row in classes:
        cls = row["class"]
        part = mint("dataset", f"enschede-kg/class/{_slug(cls.value)}")  # type: ignore[union-attr]
        g.add((d, VOID.classPartition, part))
        g.add((part, RDF.type, VOID.Dataset))
        g.add((part, VOID["class"], URIRef(cls.value)))  # type: ignore[union-attr]
        g.add((part, VOID.entities, _int(row["entities"])))
    for row in properties:
        prop = row["property"]
        part = mint("dataset", f"enschede-kg/property/{_slug(prop.value)}")  # type: ignore[union-attr]
        g.add((d, VOID.propertyPartition, part))
        g.add((part, RDF.type, VOID.Dataset))
        g.add((part, VOID.property, URIRef(prop.value)))  # type: ignore[union-attr]
        g.add((part, VOID.triples, _int(row["triples"])))
    # The vocabularies are the namespaces of the properties and classes just counted.
    used = [row["property"] for row in properties] + [row["class"] for row in classes]
    for vocab in sorted(_vocabularies(used)):
        g.add((d, VOID.vocabulary, URIRef(vocab)))
    for name in subsets:
        graph_iri = iri.graph(name)
        sub = mint("dataset", f"enschede-kg/graph/{name}")
        g.add((d, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, RDFS.label, Literal(f"named graph {name}", lang="en")))
        g.add((sub, RDFS.label, Literal(f"benoemde graaf {name}", lang="nl")))
        g.add((sub, DCTERMS.identifier, Literal(str(graph_iri))))
        # The graph IRI dereferences too: its page says what it is and where it belongs.
        # An imported graph labels itself; the same label here would be one triple in two graphs.
        if not any(store.quads_for_pattern(ox.NamedNode(str(graph_iri)), _OX_LABEL, None, None)):
            g.add((graph_iri, RDFS.label, Literal(f"named graph {name}", lang="en")))
            g.add((graph_iri, RDFS.label, Literal(f"benoemde graaf {name}", lang="nl")))
        g.add((graph_iri, DCTERMS.isPartOf, d))
        g.add((graph_iri, RDFS.seeAlso, sub))
        g.add(
            (
                sub,
                VOID.triples,
                Literal(graph_triples(store, graph_iri, inputs), datatype=XSD.integer),
            )
        )
        if name in context:
            _context_subset(g, d, sub, store, inputs, graph_iri)
    for dump in DUMPS:
        _distribution(g, d, dump)
    _linksets(g, d, store, inputs)
    return g


def total_triples(store: ox.Store, inputs: Inputs | None = None) -> int:
    """Distinct triples over every named graph: the one count of the dataset.

    It is what the N-Triples and Turtle dumps hold, what the VoID description states
    (``void:triples``), what ``build.json`` records and what ``summary`` prints.
    """
    rows = queries.run(store, _q(inputs or Inputs(), "distinct-triples")).rows
    return int(rows[0]["triples"].value)  # type: ignore[union-attr]


def graph_triples(store: ox.Store, graph: str | URIRef, inputs: Inputs | None = None) -> int:
    """The triples of one named graph: its ``void:triples`` and its line in ``build.json``."""
    query = _q(inputs or Inputs(), "graph-triples")
    rows = queries.run(store, query, graphs=[ox.NamedNode(str(graph))]).rows
    return int(rows[0]["triples"].value)  # type: ignore[union-attr]


def stamp_total(store: ox.Store, inputs: Inputs | None = None) -> int:
    """Add the dataset's ``void:triples`` to the metadata graph of ``store``; returns the count.

    Called once the metadata graph is in the store, so the count includes the description and
    this very triple (which adds exactly one: the dataset has no other ``void:triples``).
    """
    total = total_triples(store, inputs) + 1
    meta = ox.NamedNode(str(GRAPHS["metadata"]))
    count = ox.Literal(str(total), datatype=ox.NamedNode(str(XSD.integer)))
    store.add(ox.Quad(ox.NamedNode(str(DATASET)), ox.NamedNode(str(VOID.triples)), count, meta))
    return total


def _linksets(g: Graph, d: URIRef, store: ox.Store, inputs: Inputs) -> None:
    """One ``void:Linkset`` per link property and target dataset, counted in graph/entailments.

    The targets are described just enough for a VoID reader: a dataset with its URI space and
    home page.
    """
    entailments = [ox.NamedNode(str(iri.graph("entailments")))]
    for key, target in LINK_TARGETS.items():
        other = mint("dataset", key)
        bound = {"space": ox.Literal(target.uri_space)}
        rows = queries.run(store, _q(inputs, "linksets"), bound, graphs=entailments).rows
        if not rows:
            continue
        g.add((other, RDF.type, VOID.Dataset))
        g.add((other, VOID.uriSpace, Literal(target.uri_space)))
        g.add((other, FOAF.homepage, target.homepage))
        for lang in ("nl", "en"):
            g.add((other, RDFS.label, Literal(target.title, lang=lang)))
        for row in rows:
            predicate = URIRef(row["predicate"].value)  # type: ignore[union-attr]
            link = mint("dataset", f"enschede-kg/linkset/{key}/{_slug(str(predicate))}")
            g.add((d, VOID.subset, link))
            g.add((link, RDF.type, VOID.Linkset))
            g.add((link, VOID.subjectsTarget, d))
            g.add((link, VOID.objectsTarget, other))
            g.add((link, VOID.target, d))
            g.add((link, VOID.target, other))
            g.add((link, VOID.linkPredicate, predicate))
            g.add((link, VOID.triples, _int(row["triples"])))
            for lang, word in (("nl", "koppelingen naar"), ("en", "links to")):
                label = f"{word} {target.title} ({_slug(str(predicate))})"
                g.add((link, RDFS.label, Literal(label, lang=lang)))


def _context_subset(
    g: Graph, d: URIRef, sub: URIRef, store: ox.Store, inputs: Inputs, graph_iri: URIRef
) -> None:
    """An imported graph's source and licence (CC0 for Wikidata); the dataset derives from it.

    The dataset's own ``dct:source`` stays the source document: what the curated facts quote.
    """
    bound = {"g": ox.NamedNode(str(graph_iri))}
    for row in queries.run(store, _q(inputs, "graph-source"), bound).rows:
        source = URIRef(row["source"].value)  # type: ignore[union-attr]
        g.add((sub, DCTERMS.source, source))
        g.add((sub, PROV.wasDerivedFrom, source))
        g.add((d, PROV.wasDerivedFrom, source))
        if row["license"] is not None:
            g.add((sub, DCTERMS.license, URIRef(row["license"].value)))


def _dcat(g: Graph, d: URIRef) -> None:
    """The DCAT-AP-NL 3.0 properties of the dataset, its publisher, contact point and service."""
    released = Literal(RELEASES[__version__], datatype=XSD.date)
    g.add((d, DCTERMS.identifier, Literal(str(d))))
    g.add((d, DCTERMS.issued, Literal(next(iter(RELEASES.values())), datatype=XSD.date)))
    g.add((d, DCTERMS.modified, released))
    g.add((d, DCAT_VERSION, Literal(__version__)))
    g.add((d, DCTERMS.accrualPeriodicity, EU_FREQUENCY.IRREG))
    g.add((d, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    g.add((d, DCAT.landingPage, LANDING_PAGE))
    g.add((d, DCTERMS.temporal, PERIOD))
    g.add((PERIOD, RDF.type, DCTERMS.PeriodOfTime))
    g.add((PERIOD, DCAT.startDate, Literal("2017", datatype=XSD.gYear)))
    g.add((PERIOD, DCAT.endDate, Literal("2017", datatype=XSD.gYear)))
    _common(g, d)

    # The agents, the contact point and the code-list values, typed as the shapes expect (no
    # inference runs during validation).
    for agent_type in (FOAF.Agent, FOAF.Organization):
        g.add((PUBLISHER, RDF.type, agent_type))
    g.add((PUBLISHER, FOAF.name, Literal("enschede-kg")))
    for lang, name in (("nl", "project enschede-kg"), ("en", "enschede-kg project")):
        g.add((PUBLISHER, RDFS.label, Literal(name, lang=lang)))
    for kind in (VCARD.Kind, VCARD.Organization):
        g.add((CONTACT_POINT, RDF.type, kind))
    g.add((CONTACT_POINT, VCARD.fn, Literal("enschede-kg project", lang="en")))
    g.add((CONTACT_POINT, VCARD.fn, Literal("project enschede-kg", lang="nl")))
    g.add((CONTACT_POINT, VCARD.hasURL, LANDING_PAGE))
    g.add((LANDING_PAGE, RDF.type, FOAF.Document))
    g.add((URIRef(ONTOLOGY_IRI), RDF.type, DCTERMS.Standard))
    g.add((DATA_LICENSE, RDF.type, DCTERMS.LicenseDocument))
    g.add((DATA_LICENSE, SKOS.exactMatch, DATA_LICENSE_DEED))
    for theme in THEMES:
        g.add((theme, RDF.type, SKOS.Concept))
    for language in LANGUAGES:
        g.add((language, RDF.type, DCTERMS.LinguisticSystem))
    g.add((EU_ACCESS_RIGHT.PUBLIC, RDF.type, SKOS.Concept))
    g.add((EU_FREQUENCY.IRREG, RDF.type, SKOS.Concept))


def endpoint_triples(endpoint: URIRef = SPARQL_ENDPOINT) -> Graph:
    """What the description says about a SPARQL endpoint serving the dataset.

    ``describe`` states ``serve``'s own (``/sparql`` under the base IRI); a static site, which
    has none, takes these statements out and puts in the endpoint it was given, if any
    (``publish site --sparql``). The W3C service description is at the endpoint itself.
    """
    g = Graph()
    d = DATASET
    g.add((d, VOID.sparqlEndpoint, endpoint))
    # The SPARQL endpoint, as the data service that serves the dataset.
    s = SPARQL_SERVICE
    g.add((s, RDF.type, DCAT.DataService))
    for lang, title, desc in (
        (
            "nl",
            "SPARQL-endpoint van de kennisgraaf Enschede internationaal",
            "SPARQL 1.1-endpoint over de hele kennisgraaf; zonder query geeft het de "
            "W3C-servicebeschrijving.",
        ),
        (
            "en",
            "SPARQL endpoint of the Enschede international knowledge graph",
            "SPARQL 1.1 endpoint over the whole knowledge graph; without a query it answers with "
            "its W3C service description.",
        ),
    ):
        g.add((s, DCTERMS.title, Literal(title, lang=lang)))
        g.add((s, DCTERMS.description, Literal(desc, lang=lang)))
    g.add((s, DCTERMS.identifier, Literal(str(s))))
    g.add((s, DCAT.endpointURL, endpoint))
    g.add((s, DCAT.endpointDescription, endpoint))
    g.add((s, DCAT.servesDataset, d))
    _common(g, s)

    # One more distribution: the dataset through the SPARQL endpoint.
    dist = mint("dataset", "enschede-kg/distribution/sparql")
    g.add((d, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCAT.accessURL, endpoint))
    g.add((dist, DCAT.accessService, s))
    g.add((dist, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
    g.add((dist, DCTERMS.title, Literal("SPARQL-endpoint", lang="nl")))
    _distribution_common(g, dist)
    return g


def _common(g: Graph, resource: URIRef) -> None:
    """What the dataset and its data service share: agents, rights, themes, languages."""
    g.add((resource, DCTERMS.publisher, PUBLISHER))
    g.add((resource, DCTERMS.creator, PUBLISHER))
    g.add((resource, DCAT.contactPoint, CONTACT_POINT))
    g.add((resource, DCTERMS.license, DATA_LICENSE))
    g.add((resource, DCTERMS.accessRights, EU_ACCESS_RIGHT.PUBLIC))
    g.add((resource, DCAT.landingPage, LANDING_PAGE))
    for theme in THEMES:
        g.add((resource, DCAT.theme, theme))
    for language in LANGUAGES:
        g.add((resource, DCTERMS.language, language))
    for lang, words in KEYWORDS.items():
        for word in words:
            g.add((resource, DCAT.keyword, Literal(word, lang=lang)))


def _distribution_common(g: Graph, dist: URIRef) -> None:
    g.add((dist, DCTERMS.license, DATA_LICENSE))
    g.add((dist, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    for language in LANGUAGES:
        g.add((dist, DCTERMS.language, language))


def _distribution(g: Graph, d: URIRef, dump: dumps.Dump) -> None:
    """A dump as ``void:dataDump`` and as a distribution; a gzip copy states the media type and
    file type of what it holds and, as DCAT says, gzip as its ``dcat:compressFormat``."""
    f = FORMATS[dump.fmt]
    url = dump_url(dump.fmt, dump.gz)
    dist = mint("dataset", f"enschede-kg/distribution/{dump.slug}")
    g.add((d, VOID.dataDump, url))
    g.add((d, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCAT.mediaType, IANA_MEDIA[f.media_type]))
    if dump.gz:
        g.add((dist, DCAT.compressFormat, IANA_MEDIA[dumps.GZIP_MEDIA_TYPE]))
    g.add((dist, DCTERMS.format, FILE_TYPES[dump.fmt]))
    g.add((dist, DCTERMS.title, Literal(dump.name, lang="en")))
    g.add((dist, DCTERMS.title, Literal(dump.name, lang="nl")))
    _distribution_common(g, dist)


# --- DCAT-AP-NL 3.0 validation -----------------------------------------------------------------


@cache
def dcat_shapes(directory: Path) -> Graph:
    """The union of the DCAT-AP-NL shape files in ``directory`` (parsed strictly, once)."""
    return rdfio.quads_to_graph(
        q for path in sorted(directory.glob("*.ttl")) for q in rdfio.parse_file(path)
    )


def read_description(path: Path) -> Graph:
    """A dataset description file (e.g. ``build/void.ttl``), parsed strictly; LoadError if bad."""
    return rdfio.quads_to_graph(rdfio.parse_file(path))


def check_dcat(
    graph: Graph, shapes: Path | None = None
) -> tuple[bool, list[Violation], list[Violation]]:
    """Check a dataset description against DCAT-AP-NL 3.0: (conforms, violations, recommendations).

    ``conforms`` is true when no mandatory rule is broken; the recommended ("aanbevolen")
    properties that are missing come back as recommendations and do not break conformance.
    No inference: the description states the classes the shapes check.
    """
    results = shacl(graph, dcat_shapes(shapes or Inputs().external / DCAT_AP_NL))
    order = sorted(results, key=lambda v: (v.focus, v.path, v.shape))
    violations = [v for v in order if v.severity == "Violation"]
    recommendations = [v for v in order if v.severity != "Violation"]
    return not violations, violations, recommendations


def dcat_report(violations: list[Violation], recommendations: list[Violation]) -> str:
    """The outcome of ``check_dcat`` as text, violations first."""
    head = "conforms to" if not violations else "does not conform to"
    lines = [
        f"{head} DCAT-AP-NL 3.0: {len(violations)} violation(s), "
        f"{len(recommendations)} recommendation(s)"
    ]
    lines += [v.line() for v in violations]
    lines += [replace(v, severity="recommended").line() for v in recommendations]
    return "\n".join(lines) + "\n"


def _slug(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return slugify(f"{prefix} {iri[len(ns) :]}")
    return slugify("x " + iri)


def _vocabularies(terms: Iterable[queries.Term | None]) -> set[str]:
    out = set()
    for term in terms:
        if not isinstance(term, ox.NamedNode):
            continue
        iri = term.value
        cut = max(iri.rfind("#"), iri.rfind("/"))
        ns = iri[: cut + 1]
        if not ns.startswith(str(ID)):
            out.add(ns)
    return out
