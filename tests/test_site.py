"""``publish site``: every file parses and matches the graph; nginx answers as ``serve`` does."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import tempfile
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from enschede_kg import queries, store
from enschede_kg.build import metadata
from enschede_kg.cli import main
from enschede_kg.errors import EnschedeKGError
from enschede_kg.publish import site as publish_site
from enschede_kg.rdf import jsonld, rdfio
from enschede_kg.rdf.namespaces import (
    BASE_IRI,
    CONTEXT_IRI,
    DCAT,
    DCTERMS,
    GRAPHS,
    IANA_MEDIA,
    ID,
    ONTOLOGY_VERSION_IRI,
    RDF,
    VOID,
)
from tests import rdflib_local, static_servers
from tests.test_deref import (
    RDF_ACCEPT,
    RESOURCES,
    check_schema_dataset,
    raw,
    schema_dataset_graph,
)
from tests.test_jsonld_context import assert_compact, pyld_triples
from tests.webserver import serve

PARSE_AS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
#: Where the page of /page/dataset/enschede-kg lies in the site.
DATASET_PAGE = "files/page/dataset/enschede-kg.html"


@pytest.fixture(scope="module")
def graph_store(built_dir: Path) -> ox.Store:
    return store.from_dump(built_dir / "enschede-kg.trig")


@pytest.fixture(scope="module")
def site(built_dir: Path, graph_store: ox.Store) -> Iterator[Path]:
    # World-readable, outside pytest's private temporary folder: Apache's workers do not run as
    # root and must read it.
    parent = Path(tempfile.mkdtemp(prefix="ekg-site-"))
    parent.chmod(0o755)
    try:
        yield publish_site.publish_site(parent / "www", graph_store, built_dir).out
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def test_every_rdf_file_parses_and_equals_the_graph(
    site: Path, graph_store: ox.Store, built_dir: Path
) -> None:
    describe = queries.named("pages", "describe")
    published = publish_site.site_store(graph_store, None)  # the graph less serve's endpoint
    checked = 0
    for path in sorted((site / "files" / "data").rglob("*")):
        if not path.is_file() or path.suffix == ".var":  # Apache's type maps
            continue
        ext = path.suffix.lstrip(".")
        g = rdflib_local.parse(path, PARSE_AS[ext])
        key = str(path.relative_to(site / "files" / "data"))[: -len(ext) - 1]
        if key.startswith(("def", "graph/")):
            assert len(g) > 0, path
            continue
        expected = rdfio.quads_to_graph(
            ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
            for t in queries.run(published, describe, {"r": ox.NamedNode(f"{ID}{key}")}).triples
        )
        assert isomorphic(g, expected), path
        checked += 1
    assert checked > 500
    # The site's dumps: the build's, less serve's SPARQL endpoint (the site has none), counted anew.
    meta = ox.NamedNode(str(GRAPHS["metadata"]))
    endpoint = {q.triple for q in rdfio.graph_to_quads(metadata.endpoint_triples(), meta)}
    total, dataset = str(VOID.triples), str(metadata.DATASET)

    def count(triples: set[ox.Triple]) -> set[ox.Triple]:
        return {t for t in triples if (str(t.subject)[1:-1], t.predicate.value) == (dataset, total)}

    built = _nt(built_dir / "enschede-kg.nt")
    built -= count(built)
    for name in ("enschede-kg.nq", "enschede-kg.ttl", "enschede-kg.nt", "enschede-kg.jsonld"):
        ours = {q.triple for q in rdfio.parse_file(site / "dumps" / name)}
        stamped = count(ours)
        assert [int(str(t.object).split('"')[1]) for t in stamped] == [len(ours)], name
        assert ours - stamped == built - endpoint, name


def test_every_html_page_parses(site: Path) -> None:
    pages = sorted((site / "files" / "page").rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        parser = _Loads()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        assert parser.csp and "default-src 'none'" in parser.csp, path
        assert parser.loads and all(u.startswith("/static/") for u in parser.loads), path


class _Loads(HTMLParser):
    """What a page loads (scripts, stylesheets) and its CSP meta tag."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.loads.append(a["src"] or "")
        if tag == "link" and a.get("rel") == "stylesheet":
            self.loads.append(a.get("href") or "")
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content") or ""


def test_publish_site_cli_and_refusal_to_clobber(runner_tmp: Path, built_dir: Path) -> None:
    other = runner_tmp / "not-a-site"
    other.mkdir()
    (other / "precious.txt").write_text("keep me")
    with pytest.raises(EnschedeKGError):
        publish_site.publish_site(other, store.from_dump(built_dir / "enschede-kg.trig"), built_dir)
    assert (other / "precious.txt").read_text() == "keep me"
    www = runner_tmp / "www"
    args = ["publish", "site", "-o", str(www), "--build-dir", str(built_dir)]
    result = CliRunner().invoke(main, [*args, "--sparql", SPARQL_URL])
    assert result.exit_code == 0, result.output
    assert (www / "nginx.conf").is_file()
    assert (www / ".htaccess").is_file()
    assert _description(www).value(metadata.DATASET, VOID.sparqlEndpoint) == URIRef(SPARQL_URL)


@pytest.fixture
def runner_tmp(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture(scope="module", params=["nginx", "apache"])
def static(request: pytest.FixtureRequest, site: Path) -> Iterator[str]:
    """The site behind a real nginx and a real Apache, each with the site's own rules."""
    run = Path(tempfile.mkdtemp(prefix=f"ekg-{request.param}-"))
    try:
        with getattr(static_servers, request.param)(site, run) as base:
            yield base
    finally:
        shutil.rmtree(run, ignore_errors=True)


@pytest.fixture(scope="module")
def endpoint(built_dir: Path) -> Iterator[str]:
    with serve(build_dir=built_dir) as base:
        yield base


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
#: What `rapper -g` sends (raptor2 2.0.15): RDF/XML, N-Triples and Turtle at 1, HTML at 0.2.
RAPPER = (
    "application/rdf+xml, text/rdf;q=0.6, application/n-triples, text/plain;q=0.1, text/turtle, "
    "application/x-turtle, application/turtle, text/n3;q=0.3, text/rdf+n3;q=0.3, "
    "application/rdf+n3;q=0.3, application/x-trig, application/rss;q=0.8, "
    "application/rss+xml;q=0.8, text/rss;q=0.8, application/xml;q=0.3, text/xml;q=0.3, "
    "application/atom+xml;q=0.3, text/html;q=0.2, application/xhtml+xml;q=0.4, text/html;q=0.6, "
    "application/xhtml+xml;q=0.8, application/json;q=0.1, text/json;q=0.1, text/x-nquads, "
    "*/*;q=0.1"
)
#: Accept headers on which every server must agree, with what ``serve`` answers.
ACCEPTS: dict[str | None, str] = {
    BROWSER: "html",
    RAPPER: "ttl",
    "*/*": "ttl",  # curl
    None: "ttl",
    "text/html, */*": "html",
    "text/turtle, text/html": "ttl",
    "text/html;q=0.9, application/rdf+xml": "rdf",
    "text/turtle;q=0.5, application/ld+json;q=0.9, text/html;q=0.1": "jsonld",
    "text/html;q=0.8, application/n-triples;q=0.8": "nt",
    "text/html;q=0.81, application/n-triples;q=0.8": "html",
    "application/json": "jsonld",
    "application/xml": "rdf",
    "text/*": "ttl",
    "text/*, text/html;q=0.5": "ttl",
    **{accept: ext for accept, ext in RDF_ACCEPT.items()},
}
#: Keys that are resources and also the parents of others: the paths that tripped up Apache.
PARENTS = [
    "dataset/enschede-kg",
    "dataset/wikidata-p190-2016",
    "dataset/wikidata-p190-2016/file/names-tsv",
]
KEYS = [
    *RESOURCES.values(),
    "def",
    "graph/data",
    "graph/twinnings/wikidata-p190-2016",
    *PARENTS,
]


def _answer(base: str, path: str, accept: str | None) -> tuple[int, str]:
    """Status and the path the client is sent to (a relative Location resolved, as clients do)."""
    status, h, _ = raw(base, path, {"Accept": accept} if accept else {})
    location = urllib.parse.urljoin(base + path, h.get("location", ""))
    return status, urllib.parse.urlsplit(location).path if "location" in h else ""


def _iri_path(key: str) -> str:
    return f"/{key}" if key.startswith(("def", "graph/")) else f"/id/{key}"


@pytest.mark.parametrize("accept", list(ACCEPTS), ids=lambda a: str(a)[:40])
def test_static_servers_negotiate_as_serve(static: str, endpoint: str, accept: str | None) -> None:
    key = RESOURCES["city"]
    ours, theirs = _answer(endpoint, f"/id/{key}", accept), _answer(static, f"/id/{key}", accept)
    assert ours == theirs, accept
    wanted = ACCEPTS[accept]
    assert ours == (303, f"/page/{key}" if wanted == "html" else f"/data/{key}.{wanted}")


def test_static_servers_refuse_what_nobody_accepts(static: str, endpoint: str) -> None:
    for server in (endpoint, static):
        assert raw(server, "/id/city/dalian", {"Accept": "image/png"})[0] == 406, server
        assert raw(server, "/data/city/dalian", {"Accept": "text/html"})[0] == 406, server


@pytest.mark.parametrize("key", KEYS)
def test_static_servers_give_the_same_303_and_data_as_serve(
    static: str, endpoint: str, key: str
) -> None:
    iri_path = _iri_path(key)
    for accept in (BROWSER, *RDF_ACCEPT):
        ours, theirs = _answer(endpoint, iri_path, accept), _answer(static, iri_path, accept)
        assert ours == theirs, (iri_path, accept)
        assert ours[0] == 303
        target = ours[1]
        a = raw(endpoint, target, {"Accept": accept})
        b = raw(static, target, {"Accept": accept})
        assert a[0] == b[0] == 200, (target, a[0], b[0])
        assert a[1]["content-type"].split(";")[0] == b[1]["content-type"].split(";")[0]
        if target.startswith("/data/"):
            ext = target.rsplit(".", 1)[-1]
            ga = _without_serves_endpoint(rdflib_local.parse(a[2], PARSE_AS[ext]))
            gb = _without_serves_endpoint(rdflib_local.parse(b[2], PARSE_AS[ext]))
            assert isomorphic(ga, gb), target
            assert b[1]["access-control-allow-origin"] == "*"
        else:
            assert "default-src 'none'" in b[1]["content-security-policy"]
            assert b[1]["x-content-type-options"] == "nosniff"
    for ext in ("ttl", "jsonld", "nt", "rdf", "html"):
        assert _answer(endpoint, f"{iri_path}.{ext}", None) == _answer(
            static, f"{iri_path}.{ext}", None
        )
    # extension-less data with conneg
    for accept, ext in RDF_ACCEPT.items():
        data_path = "/data/" + key
        sa, ha, ba = raw(endpoint, data_path, {"Accept": accept})
        sb, hb, bb = raw(static, data_path, {"Accept": accept})
        assert sa == sb == 200
        assert ha["content-type"].split(";")[0] == hb["content-type"].split(";")[0] == accept
        assert "accept" in hb["vary"].lower()
        assert isomorphic(
            _without_serves_endpoint(rdflib_local.parse(ba, PARSE_AS[ext])),
            _without_serves_endpoint(rdflib_local.parse(bb, PARSE_AS[ext])),
        )


def _without_serves_endpoint(g: Graph) -> Graph:
    """What serve and a static site both say: the dataset's description less serve's SPARQL
    endpoint, which a static site does not have, and the triple count, which differs by it."""
    for t in metadata.endpoint_triples():
        g.remove(t)
    g.remove((metadata.DATASET, VOID.triples, None))
    return g


RAPPER_BIN = shutil.which("rapper") or "/usr/bin/rapper"


def _rapper_triples(url: str) -> int:
    static_servers.require(RAPPER_BIN, "raptor2-utils")
    done = subprocess.run(
        [RAPPER_BIN, "-g", "-c", url], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return int(done.stderr.split("returned")[1].split()[0])


def test_rapper_reads_the_same_triples_everywhere(static: str, endpoint: str) -> None:
    ours = _rapper_triples(f"{endpoint}/id/city/dalian")
    assert ours > 20
    assert _rapper_triples(f"{static}/id/city/dalian") == ours


@pytest.mark.parametrize(
    "path",
    [
        "/id/city/atlantis",
        "/id/../../etc/passwd",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/id/city%5c..%5cx",
        "/id/",
        "/id/city/",
        "/data/",
        "/page/",
    ],
)
def test_static_unknown_traversal_and_folders_are_4xx(static: str, path: str) -> None:
    status, _, body = raw(static, path)
    assert 400 <= status < 500, (path, status)
    assert b"root:" not in body and b"Index of" not in body


def test_static_serves_void_dataset_sitemap_and_robots(static: str) -> None:
    status, h, body = raw(static, "/.well-known/void")
    assert status == 200 and h["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) > 50
    status, h, _ = raw(static, "/dataset")
    assert status == 303 and h["location"].endswith("/page/dataset/enschede-kg")
    status, h, body = raw(static, "/robots.txt")
    assert status == 200 and b"Sitemap:" in body
    status, h, body = raw(static, "/sitemap.xml")
    assert status == 200 and body.count(b"<loc>") > 100


REVALIDATED = ["/page/city/dalian", "/data/city/dalian.ttl", "/data/def.jsonld", "/dumps/void.ttl"]


def _revalidates(base: str, path: str, accept: str | None = None) -> dict[str, str]:
    """The headers of a full answer, after checking that both validators give 304."""
    first = {"Accept": accept} if accept else {}
    status, h, body = raw(base, path, first)
    assert status == 200 and body, (base, path)
    assert h.get("etag") and h.get("last-modified"), (base, path, h)
    assert "max-age" in h["cache-control"]
    status, h304, body = raw(base, path, {**first, "If-None-Match": h["etag"]})
    assert (status, body) == (304, b""), (base, path, "If-None-Match")
    assert h304["etag"] == h["etag"]
    status, _, _ = raw(base, path, {**first, "If-Modified-Since": h["last-modified"]})
    assert status == 304, (base, path, "If-Modified-Since")
    status, _, body = raw(base, path, {**first, "If-None-Match": '"something-else"'})
    assert status == 200 and body
    status, _, body = raw(
        base, path, {**first, "If-Modified-Since": "Thu, 01 Jan 1998 00:00:00 GMT"}
    )
    assert status == 200 and body
    return h


def _links(header: str) -> set[str]:
    return {part.strip() for part in header.split(",") if part.strip()}


@pytest.mark.parametrize("path", REVALIDATED)
def test_304_on_revalidation_and_the_same_links_everywhere(
    static: str, endpoint: str, path: str
) -> None:
    ours = _revalidates(endpoint, path)
    theirs = _revalidates(static, path)
    assert ours["cache-control"] == theirs["cache-control"]
    assert _links(ours["link"]) == _links(theirs["link"]), path
    assert 'rel="license"' in ours["link"]
    if not path.startswith("/page/"):
        assert ours["access-control-allow-origin"] == theirs["access-control-allow-origin"] == "*"


def test_negotiated_data_revalidates_per_format(static: str, endpoint: str) -> None:
    for base in (endpoint, static):
        ttl = _revalidates(base, "/data/city/dalian", "text/turtle")
        nt = _revalidates(base, "/data/city/dalian", "application/n-triples")
        assert ttl["etag"] != nt["etag"], base
        assert "accept" in ttl["vary"].lower()


def test_303_links_to_what_describes_the_resource(static: str, endpoint: str) -> None:
    for base in (endpoint, static):
        status, h, _ = raw(base, "/id/city/dalian", {"Accept": "text/turtle"})
        assert status == 303
        assert _links(h["link"]) == {
            '</data/city/dalian.ttl>; rel="describedby"; type="text/turtle"',
            '</page/city/dalian>; rel="describedby"; type="text/html"',
        }, base
        assert h["access-control-allow-origin"] == "*"


def test_serve_sitemap_and_robots(endpoint: str, static: str) -> None:
    status, h, body = raw(endpoint, "/robots.txt")
    assert status == 200 and f"Sitemap: {endpoint}/sitemap.xml".encode() in body
    status, h, ours = raw(endpoint, "/sitemap.xml")
    assert status == 200 and h["content-type"].startswith("application/xml")
    _, _, theirs = raw(static, "/sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = []
    for xml in (ours, theirs):
        locs = ElementTree.fromstring(xml).findall("s:url/s:loc", ns)
        # serve lists its own URLs, the static site those under the base IRI (w3id)
        paths.append({"/page/" + (loc.text or "").split("/page/", 1)[1] for loc in locs})
    # The static site has no SPARQL endpoint: no page for serve's data service and distribution.
    endpoint_only = {
        "/page/" + str(subject).split("/id/", 1)[1]
        for subject in set(metadata.endpoint_triples().subjects()) - {metadata.DATASET}
    }
    assert len(endpoint_only) == 2 and endpoint_only <= paths[0]
    assert paths[0] - endpoint_only == paths[1]
    assert "/page/city/dalian" in paths[0] and "/page/def" in paths[0]
    for path in sorted(paths[0])[:: max(1, len(paths[0]) // 20)]:
        assert raw(static, path)[0] == 200, path


# --- the ontology's version IRI, the JSON-LD context, the dumps and the SPARQL endpoint ---------

VERSION_PATH = "/" + ONTOLOGY_VERSION_IRI.removeprefix(BASE_IRI)


def test_the_version_iri_answers_as_the_ontology_everywhere(static: str, endpoint: str) -> None:
    for accept in (BROWSER, RAPPER, None, *RDF_ACCEPT):
        ours = _answer(endpoint, VERSION_PATH, accept)
        assert ours == _answer(endpoint, "/def", accept), accept
        assert _answer(static, VERSION_PATH, accept) == ours, accept
        assert ours[0] == 303 and ours[1] in {"/page/def", *(f"/data/def.{e}" for e in EXTS)}
        assert raw(static, ours[1], {"Accept": accept} if accept else {})[0] == 200
    for ext in (*EXTS, "html"):
        ours = _answer(endpoint, f"{VERSION_PATH}.{ext}", None)
        assert (
            ours
            == _answer(static, f"{VERSION_PATH}.{ext}", None)
            == _answer(endpoint, f"/def.{ext}", None)
        ), ext
    headers = [raw(b, VERSION_PATH, {"Accept": "text/turtle"})[1] for b in (endpoint, static)]
    assert _links(headers[0]["link"]) == _links(headers[1]["link"])
    assert '</data/def.ttl>; rel="describedby"; type="text/turtle"' in _links(headers[0]["link"])


EXTS = ("ttl", "jsonld", "nt", "rdf")


def test_the_jsonld_context_is_served_at_its_iri(static: str, endpoint: str) -> None:
    path = "/" + CONTEXT_IRI.removeprefix(BASE_IRI)
    for base in (endpoint, static):
        status, h, body = raw(base, path)
        assert status == 200, base
        assert h["content-type"].startswith("application/ld+json")
        assert json.loads(body) == jsonld.context()
    assert raw(static, path)[1]["access-control-allow-origin"] == "*"


def test_the_site_data_files_are_compact_jsonld(site: Path, graph_store: ox.Store) -> None:
    """PyLD, with only the shipped context, reads each file back to the triples it was made of."""
    describe = queries.named("pages", "describe")
    files = [*sorted((site / "files/data/city").glob("*.jsonld")), site / "files/data/def.jsonld"]
    for path in files:
        document = json.loads(path.read_bytes())
        assert_compact(document)
        key = str(path.relative_to(site / "files" / "data"))[: -len(".jsonld")]
        if key == "def":
            expected = set(_triples(rdflib_local.parse(site / "files/data/def.nt", "nt")))
        else:
            bound = {"r": ox.NamedNode(f"{ID}{key}")}
            expected = set(queries.run(graph_store, describe, bound).triples)
        assert pyld_triples(document) == expected, path


def _triples(g: Graph) -> list[ox.Triple]:
    return [q.triple for q in rdfio.graph_to_quads(g, ox.NamedNode("urn:x"))]


def _nt(path: Path) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES)}


def _description(site: Path) -> Graph:
    return rdfio.quads_to_graph(rdfio.parse_file(site / "dumps" / "void.ttl"))


def test_every_dump_is_listed_and_every_listed_dump_exists(site: Path, built_dir: Path) -> None:
    """VoID and DCAT list each file in dumps/ (void.ttl is the description itself), and nothing
    else; a gzip copy states what it holds and gzip as its compression."""
    files = {p.name for p in (site / "dumps").iterdir()} - {"void.ttl"}
    assert {"enschede-kg.nq", "enschede-kg.nq.gz", "enschede-kg.nt.gz"} <= files
    assert files == {d.name for d in metadata.DUMPS}
    assert files <= {p.name for p in built_dir.iterdir()}
    g = _description(site)
    d = metadata.DATASET
    dumps_url = BASE_IRI + "dumps/"
    listed = {str(u).removeprefix(dumps_url) for u in g.objects(d, VOID.dataDump)}
    assert listed == files
    downloads = {}
    for dist in g.objects(d, DCAT.distribution):
        url = g.value(dist, DCAT.downloadURL)
        if url is not None:
            downloads[str(url).removeprefix(dumps_url)] = dist
    assert set(downloads) == files
    iana = str(IANA_MEDIA)
    for name, dist in downloads.items():
        media = str(g.value(dist, DCAT.mediaType)).removeprefix(iana)
        fmt = rdfio.format_for(Path(name.removesuffix(".gz")))
        assert media == fmt.media_type, name
        compress = g.value(dist, DCAT.compressFormat)
        if name.endswith(".gz"):
            assert str(compress) == iana + "application/gzip", name
            assert gzip.decompress((site / "dumps" / name).read_bytes())
        else:
            assert compress is None, name
        assert g.value(dist, DCTERMS.format) is not None, name
    conforms, violations, _ = metadata.check_dcat(g)
    assert conforms, [v.line() for v in violations]


def test_the_site_dumps_are_served(static: str) -> None:
    for dump in metadata.DUMPS:
        status, h, body = raw(static, f"/dumps/{dump.name}")
        assert status == 200 and body, dump.name
        assert h["content-type"].split(";")[0] == dump.media_type, dump.name


SPARQL_URL = "https://sparql.example.org/enschede-kg/sparql"


@pytest.fixture(scope="module")
def site_with_sparql(built_dir: Path, graph_store: ox.Store) -> Iterator[Path]:
    parent = Path(tempfile.mkdtemp(prefix="ekg-site-sparql-"))
    try:
        yield publish_site.publish_site(
            parent / "www", graph_store, built_dir, sparql=SPARQL_URL
        ).out
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def _schema_dataset(html: str) -> dict[str, Any]:
    found = re.findall(
        r'<script type="application/ld\+json" id="schema-dataset">(.*?)</script>', html, re.S
    )
    assert len(found) == 1
    document: dict[str, Any] = json.loads(found[0])
    return document


@pytest.mark.parametrize("configured", [False, True], ids=["no-endpoint", "endpoint"])
def test_a_static_site_names_an_endpoint_only_when_given_one(
    request: pytest.FixtureRequest, configured: bool
) -> None:
    www: Path = request.getfixturevalue("site_with_sparql" if configured else "site")
    ours = URIRef(BASE_IRI + "sparql")
    g = _description(www)
    d = metadata.DATASET
    assert g.value(d, VOID.sparqlEndpoint) == (URIRef(SPARQL_URL) if configured else None)
    services = set(g.subjects(RDF.type, DCAT.DataService))
    assert len(services) == (1 if configured else 0)
    if configured:
        assert g.value(services.pop(), DCAT.endpointURL) == URIRef(SPARQL_URL)
    conforms, violations, _ = metadata.check_dcat(g)
    assert conforms, [v.line() for v in violations]
    # The dumps carry the same description, with its own count.
    trig = ox.Store()
    trig.bulk_load(path=str(www / "dumps" / "enschede-kg.trig"), format=ox.RdfFormat.TRIG)
    total = len({q.triple for q in trig})
    assert int(str(g.value(d, VOID.triples))) == total
    # No file of the site names serve's endpoint, which a static site does not have.
    for path in [*(www / "dumps").iterdir(), *(www / "files/data/dataset").rglob("*")]:
        if path.is_file() and path.suffix != ".gz":
            assert str(ours).encode() not in path.read_bytes(), path
    html = (www / DATASET_PAGE).read_text(encoding="utf-8")
    assert str(ours) not in html
    nav = html.split("<nav>", 1)[1].split("</nav>", 1)[0]
    assert ("SPARQL" in nav) is configured and (f'href="{SPARQL_URL}"' in nav) is configured
    assert 'href="/"' not in nav  # serve's query page: not on a static site
    schema = _schema_dataset(html)
    assert ("potentialAction" in schema) is configured
    if configured:
        assert schema["potentialAction"]["target"]["urlTemplate"].startswith(SPARQL_URL + "?")
    assert (www / "index.html").read_bytes() == (www / DATASET_PAGE).read_bytes()


def test_the_static_dataset_page_carries_schema_org_dataset(static: str, site: Path) -> None:
    """The file's schema.org JSON-LD (read with a local schema.org context) lists every dump,
    and every one of them is there on the real web server."""
    html = (site / DATASET_PAGE).read_text(encoding="utf-8")
    g = schema_dataset_graph(html)
    for url in check_schema_dataset(g, static + "/"):
        path = "/" + url.split("/", 3)[3]
        assert raw(static, path, method="HEAD")[0] == 200, (static, path)


def test_no_folder_of_the_site_is_at_the_path_of_a_url(site: Path) -> None:
    """A folder at a URL's path is a directory to Apache (mod_dir redirects it to …/)."""
    keys = [
        str(p.relative_to(site / "files/data"))[: -len(".ttl")]
        for p in (site / "files/data").rglob("*.ttl")
    ]
    assert set(PARENTS) <= set(keys)
    assert all((site / "files/data" / key).is_dir() for key in PARENTS)  # the parents' children
    for key in keys:
        for path in (f"page/{key}", f"data/{key}", _iri_path(key).lstrip("/")):
            assert not (site / path).exists(), path
    assert not (site / VERSION_PATH.lstrip("/")).exists()


def test_the_static_dataset_page_is_served(static: str, site: Path, endpoint: str) -> None:
    html = (site / DATASET_PAGE).read_bytes()
    status, _, served = raw(static, "/page/dataset/enschede-kg")
    assert status == 200 and served == html
    # /dataset and / (the site's front door) lead there.
    for start in ("/dataset", "/"):
        status, page = _answer(static, start, BROWSER)
        assert (status, page) == (303, "/page/dataset/enschede-kg"), start
        assert raw(static, page)[2] == html
    for key in PARENTS:
        assert raw(static, f"/page/{key}")[0] == 200, key
        # Where the resource's children are, the URL with a slash is a folder: 404 as on serve.
        for path in (f"/page/{key}/", f"/data/{key}/", f"/id/{key}/"):
            assert raw(static, path)[0] == raw(endpoint, path)[0] == 404, path


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/id/city/dalian?lang=en", BROWSER),
        ("/id/city/dalian?lang=en", "text/turtle"),
        ("/id/dataset/enschede-kg?lang=en", BROWSER),
        ("/id/city/dalian.html?lang=en", None),
        ("/def?lang=en", BROWSER),
        (VERSION_PATH + "?lang=en", BROWSER),
        ("/graph/data?lang=en", BROWSER),
        ("/dataset?lang=en", BROWSER),
        ("/id/city/dalian?lang=en&x=a%20b", BROWSER),
    ],
)
def test_the_query_string_goes_along_with_the_303_everywhere(
    static: str, endpoint: str, path: str, accept: str | None
) -> None:
    """``?lang=en`` chooses the page's language; serve, nginx and Apache all keep it."""
    headers = {"Accept": accept} if accept else {}
    landed = []
    for base in (endpoint, static):
        status, h, _ = raw(base, path, headers)
        assert status == 303, (base, path)
        target = urllib.parse.urlsplit(urllib.parse.urljoin(base + path, h["location"]))
        assert target.query == urllib.parse.urlsplit(path).query, (base, path, h["location"])
        status, _, _ = raw(base, f"{target.path}?{target.query}", headers)
        assert status == 200, (base, target)
        landed.append((target.path, target.query))
    assert landed[0] == landed[1]
    if accept == BROWSER:
        assert landed[0][0].startswith("/page/")
