"""Dereferencing and resource pages against a real server on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from enschede_kg import build
from enschede_kg.build import metadata
from enschede_kg.config import Inputs
from enschede_kg.rdf.namespaces import (
    BASE_IRI,
    CONTEXT_FILE,
    CONTEXT_IRI,
    ONTOLOGY_IRI,
    ONTOLOGY_VERSION,
    ONTOLOGY_VERSION_IRI,
    OWL,
    RDF,
    SDO,
    VOID,
)
from tests import rdflib_local
from tests.conftest import ROOT
from tests.webserver import serve

RESOURCES = {
    "city": "city/dalian",
    "agreement": "agreement/enschede-dalian-mou-2017",
    "event": "event/smart-city-conference-2017",
    "person": "person/onno-van-veldhuizen",
}
RDF_ACCEPT = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}
PARSE_AS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
PAYLOAD = "<script>window.__pwned=1</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def server(built_dir: Path) -> Iterator[str]:
    with serve(build_dir=built_dir) as base:
        yield base


def raw(
    base: str, path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    """A request sent as is (no client-side normalisation of ``..`` or ``%``)."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def _iri_path(key: str) -> str:
    return f"/id/{key}"


@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_303_matrix(server: str, kind: str) -> None:
    key = RESOURCES[kind]
    status, h, _ = raw(
        server,
        _iri_path(key),
        {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    )
    assert status == 303 and h["location"].endswith(f"/page/{key}")
    assert "accept" in h["vary"].lower()
    for accept, ext in RDF_ACCEPT.items():
        status, h, _ = raw(server, _iri_path(key), {"Accept": accept})
        assert status == 303, accept
        assert h["location"].endswith(f"/data/{key}.{ext}")
        status, h2, body = raw(server, f"/data/{key}.{ext}")
        assert status == 200
        assert h2["content-type"].split(";")[0] == accept
        g = rdflib_local.parse(body, PARSE_AS[ext])
        assert (URIRef(BASE_IRI + "id/" + key), None, None) in g
    # by extension on the IRI path, and q-values
    status, h, _ = raw(server, _iri_path(key) + ".ttl")
    assert status == 303 and h["location"].endswith(f"/data/{key}.ttl")
    status, h, _ = raw(
        server,
        _iri_path(key),
        {"Accept": "text/turtle;q=0.5, application/ld+json;q=0.9, text/html;q=0.1"},
    )
    assert h["location"].endswith(".jsonld")
    status, h, _ = raw(server, f"/data/{key}", {"Accept": "application/n-triples"})
    assert status == 200 and h["content-type"].startswith("application/n-triples")
    assert "accept" in h["vary"].lower()


def test_the_query_string_goes_along_with_the_303(server: str) -> None:
    """``?lang=en`` chooses the page's language: the redirect must not drop it."""
    cases = [
        ("/id/city/dalian?lang=en", "text/html", "/page/city/dalian"),
        ("/id/city/dalian?lang=en", "text/turtle", "/data/city/dalian.ttl"),
        ("/id/city/dalian.html?lang=en", None, "/page/city/dalian"),
        ("/def?lang=en", "text/html", "/page/def"),
        ("/" + ONTOLOGY_VERSION_IRI.removeprefix(BASE_IRI) + "?lang=en", "text/html", "/page/def"),
        ("/graph/data?lang=en", "text/html", "/page/graph/data"),
        ("/dataset?lang=en", None, "/page/dataset/enschede-kg"),
        ("/id/city/dalian?lang=en&x=a%20b", "text/html", "/page/city/dalian"),
    ]
    for path, accept, page in cases:
        status, h, _ = raw(server, path, {"Accept": accept} if accept else {})
        assert status == 303, path
        target = urllib.parse.urlsplit(h["location"])
        assert target.path == page, path
        assert target.query == urllib.parse.urlsplit(path).query, path
    status, h, _ = raw(server, "/id/city/dalian", {"Accept": "text/html"})
    assert "?" not in h["location"]
    status, _, body = raw(server, "/page/city/dalian?lang=en")
    assert status == 200 and b"pages.js" in body


def test_ontology_terms_dereference(server: str) -> None:
    # def#City is requested as /def (the fragment never reaches the server)
    status, h, _ = raw(server, "/def", {"Accept": "text/html"})
    assert status == 303 and h["location"].endswith("/page/def")
    status, h, _ = raw(server, "/def", {"Accept": "text/turtle"})
    assert status == 303 and h["location"].endswith("/data/def.ttl")
    status, _, body = raw(server, "/data/def.ttl")
    owl = Graph().parse(data=body, format="turtle")
    assert (URIRef(BASE_IRI + "def#City"), RDF.type, None) in owl
    status, _, body = raw(server, "/page/def")
    assert status == 200
    page = Page.parse(body)
    assert "City" in page.ids and "hasSisterCity" in page.ids
    assert "schema:City" in page.text and "stad" in page.text and "city" in page.text


def test_jsonld_context_is_served_at_its_iri(server: str) -> None:
    status, h, body = raw(server, "/" + CONTEXT_IRI.removeprefix(BASE_IRI))
    assert status == 200 and h["content-type"].startswith("application/ld+json")
    assert json.loads(body) == json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    status, _, _ = raw(server, "/context/0.0.9.jsonld")
    assert status == 404


def test_ontology_version_iri_dereferences(server: str) -> None:
    """Every IRI the ontology names dereferences, its owl:versionIRI included."""
    onto = Graph().parse(ROOT / "ontology" / "enschede-kg.ttl")
    version = onto.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    assert str(version) == ONTOLOGY_VERSION_IRI
    assert str(onto.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)) == ONTOLOGY_VERSION
    path = "/" + ONTOLOGY_VERSION_IRI.removeprefix(BASE_IRI)
    status, h, _ = raw(server, path, {"Accept": "text/html"})
    assert status == 303 and h["location"].endswith("/page/def")
    status, h, _ = raw(server, path, {"Accept": "text/turtle"})
    assert status == 303 and h["location"].endswith("/data/def.ttl")
    status, _, _ = raw(server, path + ".ttl")
    assert status == 303
    status, _, _ = raw(server, "/def/0.0.9")  # a version that is not served
    assert status == 404


class Page(HTMLParser):
    """Text, links, ids, scripts and language-tagged spans of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.langs: set[str] = set()
        self._script: dict[str, str | None] | None = None

    @classmethod
    def parse(cls, body: bytes) -> Page:
        p = cls()
        p.feed(body.decode("utf-8"))
        p.close()
        return p

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if a.get("data-l"):
            self.langs.add(a["data-l"] or "")
        if tag == "script":
            self._script = a

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))
        else:
            self.text += data


def test_city_page_shows_labels_sources_incoming_and_alternates(server: str) -> None:
    status, h, body = raw(server, "/page/city/dalian")
    assert status == 200 and h["content-type"].startswith("text/html")
    assert "default-src 'none'" in h["content-security-policy"]
    assert h["x-content-type-options"] == "nosniff"
    page = Page.parse(body)
    assert "Sinds 2009 is de Chinese miljoenenstad Dalian een zusterstad van Enschede." in page.text
    assert "2017: Wat Enschede internationaal deed" in page.text
    assert {"nl", "en"} <= page.langs
    assert "/id/partnership/enschede-dalian" in page.links  # an incoming link
    assert "/id/country/china" in page.links  # an outgoing link, labelled
    assert "China" in page.text
    assert "http://www.wikidata.org/entity/Q74881" in page.links
    assert "38.91222" in page.text  # coordinates shown
    text = body.decode()
    # The offline map: Natural Earth's countries around the place, the place in the middle.
    assert '<circle cx="240.0" cy="150.0"' in text and "<title>China</title>" in text
    assert text.count('class="country"') > 5 and "Natural Earth" in page.text
    assert "/explorer#sel=city/dalian" in page.links  # and back: the explorer links here
    # In the advisors' words: no prefixed name, no datatype.
    for shown in ("wgs:lat", "rdfs:comment", "xsd:decimal", "xsd:gYear", "@nl"):
        assert shown not in page.text, shown
    assert "breedtegraad" in page.text and "beschrijving" in page.text
    for ext in ("ttl", "jsonld", "nt", "rdf"):
        assert f'href="/data/city/dalian.{ext}"' in text
    jsonld = [data for attrs, data in page.scripts if attrs.get("type") == "application/ld+json"]
    assert len(jsonld) == 1 and json.loads(jsonld[0])


def test_dates_keep_their_precision_on_pages(server: str) -> None:
    _, _, body = raw(server, "/page/event/smart-city-conference-2017")
    page = Page.parse(body)
    assert "juli 2017" in page.text and "July 2017" in page.text
    _, _, body = raw(server, "/page/status-period/enschede-dalian-sister-city")
    page = Page.parse(body)
    assert "zomer 2017" in page.text and "summer 2017" in page.text
    assert "2017-01-01" not in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/id/../../etc/passwd",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/id/city/..%2f..%2fetc%2fpasswd",
        "/id/city\\..\\..\\etc\\passwd",
        "/id/city/%5c..%5cx",
        "/id/city/%zz",
        "/id/city/%ff%fe",
        "/page/..%2f..%2fpyproject.toml",
        "/data/%2e%2e/build.json",
        "/dumps/..%2fbuild.json",
        "/id/city/<script>alert(1)</script>",
        "/id/city/Dalian",
        "/id/",
        "/page/",
        "/data/x.exe",
    ],
)
def test_traversal_and_bad_encodings_are_4xx(server: str, path: str) -> None:
    status, _, body = raw(server, path)
    assert 400 <= status < 500, (path, status)
    assert b"<script" not in body and b"root:" not in body and b"[project]" not in body


def test_unknown_iri_is_404(server: str) -> None:
    status, h, body = raw(server, "/id/city/atlantis")
    assert status == 404 and h["content-type"].startswith("text/plain")
    assert b"atlantis" not in body


def test_void_and_dataset_page(server: str) -> None:
    status, h, body = raw(server, "/.well-known/void", {"Accept": "text/turtle"})
    assert status == 200 and h["content-type"].startswith("text/turtle")
    g = Graph().parse(data=body, format="turtle")
    assert list(g.subjects(RDF.type, VOID.Dataset))
    status, h, _ = raw(server, "/dataset")
    assert status == 303
    status, _, body = raw(server, urllib.parse.urlsplit(h["location"]).path)
    assert status == 200 and b"enschede-kg" in body
    status, _, body = raw(server, "/dumps/enschede-kg.ttl")
    assert status == 200 and len(Graph().parse(data=body, format="turtle")) > 1000


def test_script_payload_in_a_label_is_text_on_every_page(project: Path, tmp_path: Path) -> None:
    (project / "data" / "curated" / "zz-payload.ttl").write_text(
        f"""
@prefix ekg: <https://w3id.org/enschede-kg/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://w3id.org/enschede-kg/id/> .
@prefix psg: <https://w3id.org/enschede-kg/id/passage/enschede-international-2017/> .
<https://w3id.org/enschede-kg/id/organisation/payload> a ekg:Company ;
    rdfs:label "{PAYLOAD}"@nl , "{PAYLOAD}"@en ;
    rdfs:comment "{PAYLOAD}"@nl , "{PAYLOAD}"@en ;
    ekg:locatedIn <https://w3id.org/enschede-kg/id/city/dalian> ;
    ekg:mentionedIn psg:p12s1 .
""",
        encoding="utf-8",
    )
    out = tmp_path / "build"
    build.build(out, Inputs.from_root(project))
    with serve(build_dir=out, env={"ENSCHEDE_KG_PROJECT": str(project)}) as base:
        for path in ("/page/organisation/payload", "/page/city/dalian", "/page/def"):
            status, _, body = raw(base, path)
            assert status == 200, path
            text = body.decode()
            assert "<script>window.__pwned" not in text, path
            assert "<img src=x" not in text, path
        _, _, body = raw(base, "/page/organisation/payload")
        page = Page.parse(body)
        assert PAYLOAD in page.text  # shown as the characters it is
        for _attrs, data in page.scripts:
            assert "window.__pwned=1</script>" not in data


def test_serve_reads_dereferencing_queries_from_the_chosen_project(
    project: Path, built_dir: Path
) -> None:
    """``--project`` (ENSCHEDE_KG_PROJECT) switches the SPARQL behind the pages too, not only the
    query page: a copy whose ``exists`` query answers false makes every resource unknown."""
    (project / "queries" / "pages" / "exists.rq").write_text(
        "#+ summary: Nothing exists (a broken copy, for this test).\n"
        "#+ param: r iri The resource.\n"
        "ASK { ?r ?p ?o FILTER(false) }\n",
        encoding="utf-8",
    )
    with serve(build_dir=built_dir) as base:
        assert raw(base, "/id/city/dalian")[0] == 303
    with serve(build_dir=built_dir, env={"ENSCHEDE_KG_PROJECT": str(project)}) as base:
        assert raw(base, "/id/city/dalian")[0] == 404


def test_served_jsonld_is_compact_and_holds_the_described_triples(server: str) -> None:
    """``/data/….jsonld`` names the shipped context; PyLD (no network) reads it back to the
    same triples as the Turtle of the same resource."""
    from tests.test_jsonld_context import assert_compact, pyld_triples

    for key in (RESOURCES["city"], RESOURCES["agreement"], "dataset/enschede-kg"):
        status, h, body = raw(server, f"/data/{key}.jsonld")
        assert status == 200 and h["content-type"].startswith("application/ld+json")
        document = json.loads(body)
        assert_compact(document)
        _, _, turtle = raw(server, f"/data/{key}.ttl")
        expected = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
        assert pyld_triples(document) == {q.triple for q in expected}, key
    status, _, body = raw(server, "/.well-known/void", {"Accept": "application/ld+json"})
    assert status == 200 and json.loads(body)["@context"] == CONTEXT_IRI


SCHEMA = str(SDO)


def _schema_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """schema.org's context from here (its terms under @vocab), never from schema.org."""
    if url.rstrip("/") != SCHEMA.rstrip("/"):
        raise AssertionError(f"would fetch {url}")
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}


def schema_dataset_graph(html: str) -> Graph:
    """The page's schema.org ``Dataset`` JSON-LD, parsed by PyLD with a local schema.org context."""
    from pyld import jsonld  # type: ignore[import-untyped]

    scripts = re.findall(
        r'<script type="application/ld\+json" id="schema-dataset">(.*?)</script>', html, re.S
    )
    assert len(scripts) == 1, "one schema.org Dataset script"
    document = json.loads(scripts[0])
    nquads = jsonld.to_rdf(
        document, {"documentLoader": _schema_loader, "format": "application/n-quads"}
    )
    return Graph().parse(data=nquads, format="nt")


def check_schema_dataset(g: Graph, base: str) -> list[str]:
    """The Dataset and its DataDownloads; returns the download URLs as served under ``base``."""
    s = SDO
    d = URIRef(str(metadata.DATASET))
    assert (d, RDF.type, s.Dataset) in g
    names = {n.language: str(n) for n in g.objects(d, s.name) if isinstance(n, Literal)}
    assert set(names) == {"nl", "en"} and all(names.values())
    descriptions = g.objects(d, s.description)
    assert {n.language for n in descriptions if isinstance(n, Literal)} == {"nl", "en"}
    # URLs are plain strings, as dataset search engines document them (literals under @vocab).
    assert str(g.value(d, s.license)) == str(metadata.DATA_LICENSE_DEED)
    for role in (s.creator, s.publisher):
        agent = g.value(d, role)
        assert agent is not None and (agent, RDF.type, s.Organization) in g
        assert g.value(agent, s.name) is not None
    assert g.value(d, s.dateModified) is not None and g.value(d, s.version) is not None
    assert g.value(d, s.url) is not None
    downloads = {}
    for dist in g.objects(d, s.distribution):
        assert (dist, RDF.type, s.DataDownload) in g
        url, media = g.value(dist, s.contentUrl), g.value(dist, s.encodingFormat)
        assert url is not None and media is not None
        downloads[str(url)] = str(media)
    expected = {str(metadata.dump_url(x.fmt, x.gz)): x.media_type for x in metadata.DUMPS}
    assert downloads == expected
    return [base + url.removeprefix(BASE_IRI).rstrip("/") for url in sorted(downloads)]


def test_the_dataset_page_carries_schema_org_dataset(server: str) -> None:
    status, _, body = raw(server, "/page/dataset/enschede-kg")
    assert status == 200
    g = schema_dataset_graph(body.decode("utf-8"))
    d = URIRef(str(metadata.DATASET))
    s = SDO
    media = {f"/dumps/{x.name}": x.media_type for x in metadata.DUMPS}
    for url in check_schema_dataset(g, server + "/"):
        path = "/" + url.split("/", 3)[3]
        status, h, _ = raw(server, path, method="HEAD")
        assert status == 200 and h["content-type"].split(";")[0] == media[path], url
    # serve has an endpoint, and says so.
    action = g.value(d, s.potentialAction)
    target = g.value(action, s.target)
    assert str(g.value(target, s.urlTemplate)).startswith(BASE_IRI + "sparql?query=")
    # Only on the dataset's page.
    _, _, other = raw(server, "/page/city/dalian")
    assert b'id="schema-dataset"' not in other
