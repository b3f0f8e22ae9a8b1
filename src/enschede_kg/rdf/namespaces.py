"""The one place for namespaces, the base IRI and the prefix map.

No other module spells an IRI: they import a namespace from here or mint through ``iri``.
"""

from __future__ import annotations

from typing import Final

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    GEO,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    VANN,
    VOID,
    XSD,
)

from enschede_kg.rdf._ekg import EKG

#: Base IRI of everything the project mints. Publishing under another base is done by
#: rewriting at output time (``iri.rebase``), so that data and queries keep one spelling.
BASE_IRI: Final = "https://w3id.org/enschede-kg/"

ONTOLOGY_IRI: Final = BASE_IRI + "def"
#: The version of ontology/enschede-kg.ttl and its owl:versionIRI (a test keeps them in step);
#: the version IRI dereferences to the ontology of this version.
ONTOLOGY_VERSION: Final = "0.2.0"
ONTOLOGY_VERSION_IRI: Final = f"{ONTOLOGY_IRI}/{ONTOLOGY_VERSION}"
ID = Namespace(BASE_IRI + "id/")
GRAPH = Namespace(BASE_IRI + "graph/")
#: W3C WGS84 Basic Geo. rdflib's ``WGS`` spells it with https, which is not the vocabulary's IRI.
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
#: GeoNames features as its documentation spells them (https://sws.geonames.org/{id}/).
GEONAMES = Namespace("https://sws.geonames.org/")
GEONAMES_SITE: Final = URIRef("https://www.geonames.org/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
CC = Namespace("https://creativecommons.org/licenses/")
#: CC0 1.0 (public domain dedication), the licence of Wikidata's data; not under CC's /licenses/.
CC0: Final = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
#: Wikidata itself, as the origin of the snapshots we import.
WIKIDATA_SITE: Final = URIRef("https://www.wikidata.org/")
ISO639 = Namespace("http://id.loc.gov/vocabulary/iso639-1/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
#: EU Vocabularies named authority lists that DCAT-AP-NL 3.0 prescribes for the dataset description.
EU_DATA_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_ACCESS_RIGHT = Namespace("http://publications.europa.eu/resource/authority/access-right/")
EU_FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_LICENCE = Namespace("http://publications.europa.eu/resource/authority/licence/")
#: vCard (contact points of DCAT); rdflib ships no namespace object for it.
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
#: dcat:version is a DCAT 3 term, missing from rdflib's closed DCAT 2 namespace.
DCAT_VERSION: Final = URIRef(str(DCAT) + "version")
IANA_MEDIA = Namespace("https://www.iana.org/assignments/media-types/")
#: Wikidata's public SPARQL endpoint (notebooks/03 reaches it only with ENSCHEDE_KG_ONLINE=1).
WIKIDATA_SPARQL: Final = "https://query.wikidata.org/sparql"
#: W3C unique identifiers for formats (service descriptions) and the SPARQL results XML namespace.
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
SPARQL_RESULTS = Namespace("http://www.w3.org/2005/sparql-results#")

#: Named graphs of the built dataset.
GRAPHS: Final = {
    "ontology": GRAPH.ontology,
    "data": GRAPH.data,
    "provenance": GRAPH.provenance,
    "metadata": GRAPH.metadata,
    #: The standard statements the ontology's alignments entail (schema:, prov:, org:, geo:,
    #: skos:exactMatch …), apart so that a client can tell them from the curated facts or leave
    #: them out.
    "entailments": GRAPH.entailments,
}
#: Kinds of imported context graphs: ``data/imported/{kind}-{source}.nt`` is loaded into the named
#: graph ``graph/{kind}/{source}`` (``iri.imported_graph``), beside the curated graphs above.
IMPORT_KINDS: Final = ("twinnings",)
#: The one graph that ``enschede-kg publish store`` replaces in a remote store: the union of
#: the named graphs above.
DATASET_GRAPH: Final = GRAPH["enschede-kg"]

#: Prefixes used in every serialisation and offered to every query.
PREFIXES: Final[dict[str, str]] = {
    "ekg": str(EKG),
    "id": str(ID),
    "graph": str(GRAPH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "vann": str(VANN),
    "schema": str(SDO),
    "org": str(ORG),
    "prov": str(PROV),
    "foaf": str(FOAF),
    "time": str(TIME),
    "geo": str(GEO),
    "wgs": str(WGS),
    "sh": str(SH),
    "wd": str(WD),
    "wdt": str(WDT),
    "nif": str(NIF),
}

__all__ = [
    "BASE_IRI",
    "CC",
    "CC0",
    "DATASET_GRAPH",
    "DCAT",
    "DCAT_VERSION",
    "DCTERMS",
    "EKG",
    "EU_ACCESS_RIGHT",
    "EU_DATA_THEME",
    "EU_FILE_TYPE",
    "EU_FREQUENCY",
    "EU_LANGUAGE",
    "EU_LICENCE",
    "FOAF",
    "GEO",
    "GEONAMES",
    "GEONAMES_SITE",
    "GRAPH",
    "GRAPHS",
    "IANA_MEDIA",
    "ID",
    "IMPORT_KINDS",
    "ISO639",
    "NIF",
    "ONTOLOGY_IRI",
    "ONTOLOGY_VERSION",
    "ONTOLOGY_VERSION_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SD",
    "SDO",
    "SH",
    "SKOS",
    "SPARQL_RESULTS",
    "SPDX",
    "TIME",
    "VANN",
    "VCARD",
    "VOID",
    "W3C_FORMATS",
    "WD",
    "WDT",
    "WGS",
    "WIKIDATA_SITE",
    "WIKIDATA_SPARQL",
    "XSD",
]
