"""The one place for the base IRI, the namespaces and the prefix map, as plain strings.

``namespaces`` builds its rdflib objects from these strings; the query path (``enschede-kg
query``, the saved queries, the result writers, the configuration) reads them here, so that
answering a query never imports rdflib (a fifth of a second of start-up). ``iri`` mints rdflib
terms from the graph names checked here. A test holds every rdflib namespace object equal to its
string here, so the two cannot drift.

>>> graph_iri("twinnings/wikidata-p190-2016")
'https://w3id.org/enschede-kg/graph/twinnings/wikidata-p190-2016'
>>> graph_name(GRAPH + "data"), graph_name("https://example.org/graph/data")
('data', None)
"""

from __future__ import annotations

import re
from typing import Final

#: Base IRI of everything the project mints. Publishing under another base is done by
#: rewriting at output time (``iri.rebase``), so that data and queries keep one spelling.
BASE_IRI: Final = "https://w3id.org/enschede-kg/"

ONTOLOGY_IRI: Final = BASE_IRI + "def"
#: The version of ontology/enschede-kg.ttl and its owl:versionIRI (a test keeps them in step);
#: the version IRI dereferences to the ontology of this version.
ONTOLOGY_VERSION: Final = "0.2.0"
ONTOLOGY_VERSION_IRI: Final = f"{ONTOLOGY_IRI}/{ONTOLOGY_VERSION}"
#: The JSON-LD context of this version of the ontology, published at this IRI.
CONTEXT_IRI: Final = f"{BASE_IRI}context/{ONTOLOGY_VERSION}.jsonld"

#: Our own namespaces.
EKG: Final = ONTOLOGY_IRI + "#"
#: The namespace of the shapes (ontology/shapes.ttl).
EKGSH: Final = ONTOLOGY_IRI + "/shapes#"
ID: Final = BASE_IRI + "id/"
GRAPH: Final = BASE_IRI + "graph/"

#: Standard vocabularies (rdflib's closed namespace objects for them are checked against these).
RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
OWL: Final = "http://www.w3.org/2002/07/owl#"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
DCTERMS: Final = "http://purl.org/dc/terms/"
DCAT: Final = "http://www.w3.org/ns/dcat#"
VOID: Final = "http://rdfs.org/ns/void#"
VANN: Final = "http://purl.org/vocab/vann/"
SDO: Final = "https://schema.org/"
ORG: Final = "http://www.w3.org/ns/org#"
PROV: Final = "http://www.w3.org/ns/prov#"
FOAF: Final = "http://xmlns.com/foaf/0.1/"
TIME: Final = "http://www.w3.org/2006/time#"
GEO: Final = "http://www.opengis.net/ont/geosparql#"
SH: Final = "http://www.w3.org/ns/shacl#"
#: W3C WGS84 Basic Geo. rdflib's ``WGS`` spells it with https, which is not the vocabulary's IRI.
WGS: Final = "http://www.w3.org/2003/01/geo/wgs84_pos#"
WD: Final = "http://www.wikidata.org/entity/"
WDT: Final = "http://www.wikidata.org/prop/direct/"
#: GeoNames features as its documentation spells them (https://sws.geonames.org/{id}/).
GEONAMES: Final = "https://sws.geonames.org/"
GEONAMES_SITE: Final = "https://www.geonames.org/"
SD: Final = "http://www.w3.org/ns/sparql-service-description#"
NIF: Final = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
CC: Final = "https://creativecommons.org/licenses/"
#: CC0 1.0 (public domain dedication), the licence of Wikidata's data; not under CC's /licenses/.
CC0: Final = "https://creativecommons.org/publicdomain/zero/1.0/"
#: Wikidata itself, as the origin of the snapshots we import.
WIKIDATA_SITE: Final = "https://www.wikidata.org/"
ISO639: Final = "http://id.loc.gov/vocabulary/iso639-1/"
SPDX: Final = "http://spdx.org/rdf/terms#"
EU_LANGUAGE: Final = "http://publications.europa.eu/resource/authority/language/"
#: EU Vocabularies named authority lists that DCAT-AP-NL 3.0 prescribes for the dataset description.
EU_DATA_THEME: Final = "http://publications.europa.eu/resource/authority/data-theme/"
EU_ACCESS_RIGHT: Final = "http://publications.europa.eu/resource/authority/access-right/"
EU_FREQUENCY: Final = "http://publications.europa.eu/resource/authority/frequency/"
EU_FILE_TYPE: Final = "http://publications.europa.eu/resource/authority/file-type/"
EU_LICENCE: Final = "http://publications.europa.eu/resource/authority/licence/"
#: vCard (contact points of DCAT); rdflib ships no namespace object for it.
VCARD: Final = "http://www.w3.org/2006/vcard/ns#"
#: dcat:version is a DCAT 3 term, missing from rdflib's closed DCAT 2 namespace.
DCAT_VERSION: Final = DCAT + "version"
IANA_MEDIA: Final = "https://www.iana.org/assignments/media-types/"
#: Wikidata's public SPARQL endpoint (notebooks/03 reaches it only with ENSCHEDE_KG_ONLINE=1).
WIKIDATA_SPARQL: Final = "https://query.wikidata.org/sparql"
#: W3C unique identifiers for formats (service descriptions) and the SPARQL results XML namespace.
W3C_FORMATS: Final = "http://www.w3.org/ns/formats/"
SPARQL_RESULTS: Final = "http://www.w3.org/2005/sparql-results#"

#: Named graphs of the built dataset.
GRAPHS: Final[dict[str, str]] = {
    "ontology": GRAPH + "ontology",
    "data": GRAPH + "data",
    "provenance": GRAPH + "provenance",
    "metadata": GRAPH + "metadata",
    #: The standard statements the ontology's alignments entail (schema:, prov:, org:, geo:,
    #: skos:exactMatch …), apart so that a client can tell them from the curated facts or leave
    #: them out.
    "entailments": GRAPH + "entailments",
}
#: Kinds of imported context graphs: ``data/imported/{kind}-{source}.nt`` is loaded into the named
#: graph ``graph/{kind}/{source}`` (``graph_iri``), beside the curated graphs above.
IMPORT_KINDS: Final = ("twinnings",)
#: The one graph that ``enschede-kg publish store`` replaces in a remote store: the union of
#: the named graphs above.
DATASET_GRAPH: Final = GRAPH + "enschede-kg"

#: Prefixes used in every serialisation and offered to every query.
PREFIXES: Final[dict[str, str]] = {
    "ekg": EKG,
    "id": ID,
    "graph": GRAPH,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "void": VOID,
    "vann": VANN,
    "schema": SDO,
    "org": ORG,
    "prov": PROV,
    "foaf": FOAF,
    "time": TIME,
    "geo": GEO,
    "wgs": WGS,
    "sh": SH,
    "wd": WD,
    "wdt": WDT,
    "nif": NIF,
}

#: A readable slug: lower-case ASCII letters and digits in ``-``-separated runs.
SLUG: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def imported_graph_iri(kind: str, source: str) -> str:
    """IRI of the named graph of one import: ``imported_graph_iri('twinnings', 'wikidata-…')``.

    Raises ValueError for an unknown kind or a source id that is not a slug.
    """
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown import kind {kind!r} (known: {', '.join(IMPORT_KINDS)})")
    if not SLUG.match(source):
        raise ValueError(f"not a slug: {source!r} (use lower-case letters, digits and '-')")
    return f"{GRAPH}{kind}/{source}"


def graph_iri(name: str) -> str:
    """A named graph by name: a curated one (``data``) or an imported one (``twinnings/…``)."""
    if name in GRAPHS:
        return GRAPHS[name]
    kind, _, source = name.partition("/")
    return imported_graph_iri(kind, source)


def graph_name(iri: str) -> str | None:
    """The name of a named graph of ours (``twinnings/wikidata-p190-2016``), or None."""
    if not iri.startswith(GRAPH):
        return None
    name = iri[len(GRAPH) :]
    try:
        return name if graph_iri(name) == iri else None
    except ValueError:
        return None
