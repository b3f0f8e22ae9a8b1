"""The SPARQL endpoint against a real uvicorn server on 127.0.0.1, with SPARQLWrapper as client."""

from __future__ import annotations

import csv
import http.client
import io
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper

from enschede_kg import queries
from enschede_kg.rdf.namespaces import RDF, SD, VOID
from tests.webserver import serve

CITIES = "PREFIX ekg: <https://w3id.org/enschede-kg/def#> SELECT ?c WHERE { ?c a ekg:City }"
SISTERS = (
    "PREFIX ekg: <https://w3id.org/enschede-kg/def#> "
    "CONSTRUCT { ?a ekg:hasSisterCity ?b } WHERE { ?a ekg:hasSisterCity ?b }"
)
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
    'FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?i)), "(a+)+$")) }'
)


@pytest.fixture(scope="module")
def server(built_dir: Path) -> Iterator[str]:
    with serve("--timeout", "3", "--workers", "3", build_dir=built_dir) as base:
        yield base


def _get(
    url: str,
    headers: dict[str, str] | None = None,
    data: bytes | None = None,
    method: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def _sent_then_answer(url: str, sent: threading.Event) -> tuple[int, dict[str, str], bytes]:
    """GET ``url``; ``sent`` is set once the whole request is on the wire, before the answer."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        conn.request("GET", f"{parts.path}?{parts.query}")
        sent.set()
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def _q(base: str, query: str, **extra: str) -> str:
    return f"{base}/sparql?" + urllib.parse.urlencode({"query": query, **extra})


def _expected_cities(store: ox.Store) -> set[str]:
    return {r["c"] for r in queries.run(store, CITIES).records()}  # type: ignore[misc]


# --- protocol ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,request_method", [("GET", None), (POST, URLENCODED), (POST, POSTDIRECTLY)]
)
def test_query_methods_with_sparqlwrapper(
    server: str, store: ox.Store, method: str, request_method: str | None
) -> None:
    sw = SPARQLWrapper(f"{server}/sparql")
    sw.setMethod(method)
    if request_method:
        sw.setRequestMethod(request_method)
    sw.setQuery(CITIES)
    sw.setReturnFormat(JSON)
    response = sw.query()
    assert response.info()["content-type"].startswith("application/sparql-results+json")
    data = json.loads(response.response.read())
    assert {b["c"]["value"] for b in data["results"]["bindings"]} == _expected_cities(store)


@pytest.mark.parametrize(
    "fmt,media",
    [
        (JSON, "application/sparql-results+json"),
        (XML, "application/sparql-results+xml"),
        (CSV, "text/csv"),
        (TSV, "text/tab-separated-values"),
    ],
)
def test_select_formats_by_accept(server: str, store: ox.Store, fmt: str, media: str) -> None:
    sw = SPARQLWrapper(f"{server}/sparql")
    sw.setQuery(CITIES)
    sw.setReturnFormat(fmt)
    response = sw.query()
    assert response.info()["content-type"].split(";")[0] == media
    body = response.response.read()
    expected = _expected_cities(store)
    if fmt == JSON:
        got = {b["c"]["value"] for b in json.loads(body)["results"]["bindings"]}
    elif fmt == XML:
        ns = "{http://www.w3.org/2005/sparql-results#}"
        got = {u.text or "" for u in ET.fromstring(body).iter(f"{ns}uri")}
    elif fmt == CSV:
        got = {r["c"] for r in csv.DictReader(io.StringIO(body.decode()))}
    else:
        got = {line.strip("<>") for line in body.decode().splitlines()[1:]}
    assert got == expected


@pytest.mark.parametrize(
    "name,media,rdflib_format",
    [
        ("turtle", "text/turtle", "turtle"),
        ("ntriples", "application/n-triples", "nt"),
        ("jsonld", "application/ld+json", "json-ld"),
        ("rdfxml", "application/rdf+xml", "xml"),
    ],
)
def test_construct_formats_by_accept_and_by_parameter(
    server: str, name: str, media: str, rdflib_format: str
) -> None:
    for url, headers in (
        (_q(server, SISTERS), {"Accept": media}),
        (_q(server, SISTERS, format=name), {}),
    ):
        status, h, body = _get(url, headers)
        assert status == 200
        assert h["content-type"].split(";")[0] == media
        assert "accept" in h.get("vary", "").lower()
        g = Graph().parse(data=body, format=rdflib_format)
        assert len(g) == 4


def test_accept_q_values_choose_the_best(server: str) -> None:
    status, h, _ = _get(
        _q(server, CITIES),
        {"Accept": "text/csv;q=0.4, application/sparql-results+xml;q=0.9, */*;q=0.1"},
    )
    assert status == 200 and h["content-type"].startswith("application/sparql-results+xml")
    status, h, _ = _get(_q(server, "ASK {}"), {"Accept": "text/csv"})
    assert status == 200 and h["content-type"].startswith("text/csv")


def test_sparqlwrapper_turtle_construct(server: str) -> None:
    sw = SPARQLWrapper(f"{server}/sparql")
    sw.setQuery(SISTERS)
    sw.setReturnFormat(TURTLE)
    response = sw.query()
    assert response.info()["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.response.read(), format="turtle")) == 4


@pytest.mark.parametrize(
    "headers,data,method,query,status",
    [
        ({"Accept": "image/png"}, None, "GET", CITIES, 406),
        ({}, None, "PUT", CITIES, 405),
        ({"Content-Type": "text/plain"}, b"ASK {}", "POST", None, 415),
        ({}, None, "GET", "SELEC nothing", 400),
        ({"Content-Type": "application/sparql-query"}, b"ASK { \xff }", "POST", None, 400),
    ],
)
def test_protocol_errors(
    server: str,
    headers: dict[str, str],
    data: bytes | None,
    method: str,
    query: str | None,
    status: int,
) -> None:
    url = _q(server, query) if query else f"{server}/sparql"
    got, h, body = _get(url, headers, data, method)
    assert got == status, body
    assert h["content-type"].startswith("text/plain")
    text = body.decode()
    assert "Traceback" not in text and "/work/" not in text and "site-packages" not in text
    assert len(text) < 300


def test_duplicate_query_parameter_is_400(server: str) -> None:
    url = f"{server}/sparql?query=ASK%7B%7D&query=ASK%7B%7D"
    status, _, body = _get(url)
    assert status == 400 and b"more than one 'query'" in body


def test_ten_megabyte_body_is_413(server: str) -> None:
    status, _, _ = _get(
        f"{server}/sparql", {"Content-Type": "application/sparql-query"}, b"#" * 10_000_000, "POST"
    )
    assert status == 413


def test_long_url_is_414(server: str) -> None:
    status, _, _ = _get(_q(server, "ASK {} #" + "x" * 20_000))
    assert status == 414


def test_service_description(server: str) -> None:
    status, h, body = _get(f"{server}/sparql", {"Accept": "text/turtle"})
    assert status == 200 and h["content-type"].startswith("text/turtle")
    g = Graph().parse(data=body, format="turtle")
    services = list(g.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    assert (services[0], SD.endpoint, None) in g
    datasets = list(g.subjects(RDF.type, VOID.Dataset))
    assert any(g.value(d, VOID.triples) is not None for d in datasets)


def test_cors_for_reads_without_credentials(server: str) -> None:
    _, h, _ = _get(_q(server, "ASK {}"), {"Origin": "https://example.org"})
    assert h.get("access-control-allow-origin") == "*"
    assert "access-control-allow-credentials" not in h
    status, h, _ = _get(
        f"{server}/sparql",
        {
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        method="OPTIONS",
    )
    assert status == 200 and "POST" in h.get("access-control-allow-methods", "")


def test_every_saved_query_answers_as_the_cli(server: str, store: ox.Store) -> None:
    for q in queries.saved_queries():
        status, _, body = _get(_q(server, q.text), {"Accept": "application/sparql-results+json"})
        assert status == 200, (q.name, body)
        remote = json.loads(body)
        local = json.loads(queries.format_result(queries.run(store, q), "json"))
        key = lambda b: json.dumps(b, sort_keys=True)  # noqa: E731
        assert sorted(map(key, remote["results"]["bindings"])) == sorted(
            map(key, local["results"]["bindings"])
        ), q.name


def test_health(server: str) -> None:
    status, _, body = _get(f"{server}/health")
    data = json.loads(body)
    assert status == 200 and data["status"] == "ok" and data["triples"] > 1000


# --- safety -----------------------------------------------------------------------------------


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections (nothing may reach it)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


def test_service_is_refused_and_opens_no_socket(server: str, listener: Listener) -> None:
    target = f"http://127.0.0.1:{listener.port}/"
    plain = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
    escaped = f"SELECT * WHERE {{ SERV\\u0049CE <{target}> {{ ?s ?p ?o }} }}"
    silent = f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}"
    for q in (plain, escaped, silent):
        status, _, body = _get(_q(server, q))
        assert status == 403, body
    # No wait: the refusal is decided on the request before any worker sees it, and nothing of
    # the request runs after its answer; the listener has counted every connection made so far.
    assert listener.connections == 0


def test_from_file_and_http_read_nothing(server: str, listener: Listener, tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:x> <urn:secret> 'leaked' .\n")
    status, _, _ = _get(_q(server, f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}"))
    assert status == 403
    status, _, _ = _get(
        _q(server, "SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": secret.as_uri()})
    )
    assert status == 403
    http = f"http://127.0.0.1:{listener.port}/data.ttl"
    status, _, body = _get(
        _q(server, f"SELECT * FROM <{http}> WHERE {{ ?s ?p ?o }}"),
        {"Accept": "application/sparql-results+json"},
    )
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    assert listener.connections == 0  # answered without reading: nothing left to connect later


def test_load_is_refused_without_token(server: str, listener: Listener) -> None:
    update = f"LOAD <http://127.0.0.1:{listener.port}/x.ttl>"
    status, _, _ = _get(
        f"{server}/sparql", {"Content-Type": "application/sparql-update"}, update.encode(), "POST"
    )
    assert status == 403
    form = urllib.parse.urlencode({"update": update}).encode()
    status, _, _ = _get(
        f"{server}/sparql", {"Content-Type": "application/x-www-form-urlencoded"}, form, "POST"
    )
    assert status == 403
    assert listener.connections == 0


def test_runaway_query_is_stopped_and_others_are_served(server: str) -> None:
    with ThreadPoolExecutor(2) as ex:
        started = time.monotonic()
        sent = threading.Event()
        slow = ex.submit(_sent_then_answer, _q(server, SLOW), sent)
        assert sent.wait(timeout=30)  # the runaway query is in the server before the cheap one
        t0 = time.monotonic()
        status, _, _ = _get(_q(server, "ASK { ?s ?p ?o }"))
        fast = time.monotonic() - t0
        slow_status, slow_headers, slow_body = slow.result(timeout=30)
        elapsed = time.monotonic() - started
    assert status == 200 and fast < 1.0
    assert slow_status == 503 and "retry-after" in slow_headers
    assert b"stopped" in slow_body
    assert elapsed < 10
    # the killed worker is replaced: the server still answers
    assert _get(_q(server, "ASK {}"))[0] == 200


def test_row_cap_truncates_explicitly(built_dir: Path) -> None:
    with serve("--row-cap", "5", build_dir=built_dir) as base:
        status, h, body = _get(
            _q(base, "SELECT * WHERE { ?s ?p ?o }"), {"Accept": "application/sparql-results+json"}
        )
    assert status == 200
    assert h.get("x-sparql-truncated") == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 5


def test_concurrent_first_queries_all_answer_correctly(built_dir: Path, store: ox.Store) -> None:
    saved = queries.saved_queries()
    jobs = [saved[i % len(saved)] for i in range(24)]
    with serve("--client-limit", "24", build_dir=built_dir) as base:

        def ask(q: queries.SavedQuery) -> tuple[str, int, bytes]:
            status, _, body = _get(_q(base, q.text), {"Accept": "application/sparql-results+json"})
            return q.name, status, body

        with ThreadPoolExecutor(24) as ex:
            answers = list(ex.map(ask, jobs))
    for name, status, body in answers:
        assert status == 200, (name, body)
        q = queries.resolve(name)
        local = json.loads(queries.format_result(queries.run(store, q), "json"))
        assert len(json.loads(body)["results"]["bindings"]) == len(local["results"]["bindings"])


# --- writing ----------------------------------------------------------------------------------

TOKEN = "s3cret-token-for-tests"
GRAPH = "https://example.org/graph/test"


def test_update_refused_without_token_and_applied_with_it(built_dir: Path) -> None:
    update = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:a> <urn:b> 'c' }} }}"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    with serve(build_dir=built_dir, env={"ENSCHEDE_KG_TOKEN": TOKEN}) as base:
        headers = {"Content-Type": "application/sparql-update"}
        assert _get(f"{base}/sparql", headers, update.encode(), "POST")[0] == 401
        wrong = {**headers, "Authorization": "Bearer nope"}
        assert _get(f"{base}/sparql", wrong, update.encode(), "POST")[0] == 401
        ok = {**headers, "Authorization": f"Bearer {TOKEN}"}
        status, _, body = _get(f"{base}/sparql", ok, update.encode(), "POST")
        assert status == 200, body
        _, _, body = _get(_q(base, count), {"Accept": "text/csv"})
        assert body.decode().splitlines()[1] == "1"
        # the Graph Store Protocol: PUT replaces, GET reads, DELETE removes
        auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
        store_url = f"{base}/store?" + urllib.parse.urlencode({"graph": GRAPH})
        ttl = b"<urn:x> <urn:y> 1 , 2 , 3 ."
        assert _get(store_url, {"Content-Type": "text/turtle"}, ttl, "PUT")[0] == 401
        assert _get(store_url, auth, ttl, "PUT")[0] == 201
        status, _, body = _get(store_url, {"Accept": "application/n-triples"})
        assert status == 200 and len(Graph().parse(data=body, format="nt")) == 3
        assert _get(store_url, {"Authorization": f"Bearer {TOKEN}"}, None, "DELETE")[0] == 200
        assert _get(store_url, {"Accept": "text/turtle"})[0] == 404
        bad = _get(store_url, auth, b"<urn:x> <urn:y> .", "PUT")
        assert bad[0] == 400 and b"request body" in bad[2]


def test_without_a_configured_token_writes_are_disabled(server: str) -> None:
    status, _, body = _get(
        f"{server}/sparql",
        {"Content-Type": "application/sparql-update", "Authorization": "Bearer anything"},
        b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "POST",
    )
    assert status == 403 and b"disabled" in body
    store_url = f"{server}/store?" + urllib.parse.urlencode({"graph": GRAPH})
    assert _get(store_url, {"Content-Type": "text/turtle"}, b"", "PUT")[0] == 403


def test_answers_come_wholly_from_the_old_or_the_new_graph(built_dir: Path) -> None:
    """Readers racing a sequence of graph replacements never see a mix."""
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    sizes = [10, 200]
    bodies = {n: "\n".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(n)).encode() for n in sizes}
    seen: list[int] = []
    with serve(build_dir=built_dir, env={"ENSCHEDE_KG_TOKEN": TOKEN}) as base:
        store_url = f"{base}/store?" + urllib.parse.urlencode({"graph": GRAPH})
        auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
        assert _get(store_url, auth, bodies[10], "PUT")[0] == 201
        stop = threading.Event()

        def read() -> None:
            while not stop.is_set():
                status, _, body = _get(_q(base, count), {"Accept": "text/csv"})
                if status == 200:
                    seen.append(int(body.decode().splitlines()[1]))

        readers = [threading.Thread(target=read) for _ in range(3)]
        for t in readers:
            t.start()
        for i in range(6):
            assert _get(store_url, auth, bodies[sizes[i % 2]], "PUT")[0] == 201
        stop.set()
        for t in readers:
            t.join(30)
    assert seen and set(seen) <= set(sizes)


# --- the query page ---------------------------------------------------------------------------


def test_query_page_is_self_contained(server: str) -> None:
    status, h, body = _get(f"{server}/")
    assert status == 200 and h["content-type"].startswith("text/html")
    assert "default-src 'none'" in h["content-security-policy"]
    assert h["x-content-type-options"] == "nosniff"
    html = body.decode()
    for q in queries.saved_queries():
        assert q.name in html

    class Assets(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.urls += [v for k, v in attrs if k in ("src", "href") and v]

    parser = Assets()
    parser.feed(html)
    assert "/static/query.js" in parser.urls and "/static/query.css" in parser.urls
    assert all(u.startswith(("/", "#")) for u in parser.urls), parser.urls
    for asset in ("/static/query.js", "/static/query.css"):
        assert _get(server + asset)[0] == 200


# --- a remote store behind the same routes ----------------------------------------------------


def test_serve_over_a_remote_oxigraph_gives_the_same_answers(
    oxigraph_endpoint: str, server: str
) -> None:
    with serve("--sparql-endpoint", oxigraph_endpoint) as remote:
        for q in queries.saved_queries():
            a = _get(_q(server, q.text), {"Accept": "application/sparql-results+json"})
            b = _get(_q(remote, q.text), {"Accept": "application/sparql-results+json"})
            assert a[0] == b[0] == 200, (q.name, b[2])
            key = lambda x: json.dumps(x, sort_keys=True)  # noqa: E731
            ra, rb = json.loads(a[2]), json.loads(b[2])
            assert sorted(map(key, ra["results"]["bindings"])) == sorted(
                map(key, rb["results"]["bindings"])
            ), q.name
        assert (
            _get(_q(remote, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"))[0]
            == 403
        )
        status, h, _ = _get(_q(remote, SISTERS), {"Accept": "text/turtle"})
        assert status == 200 and h["content-type"].startswith("text/turtle")


def test_the_explorer_is_served(server: str) -> None:
    status, h, body = _get(f"{server}/explorer")
    assert status == 200 and h["content-type"].startswith("text/html")
    assert b"Content-Security-Policy" in body and b"Dalian" in body
    status, _, context = _get(f"{server}/explorer/context")
    assert status == 200 and b"Wikidata" in context and len(context) > len(body)
