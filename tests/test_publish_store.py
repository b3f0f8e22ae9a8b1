"""``publish store`` against a real, writable Oxigraph server and a real Virtuoso on 127.0.0.1.

Each named graph of the build goes up in one Graph Store PUT of its own and is read back graph by
graph: afterwards the store answers every saved query as the build does; publishing twice
replaces instead of adding; a publisher killed in mid-upload leaves the previous graph, which
readers keep seeing meanwhile; Virtuoso's Digest authentication is answered; failures exit 2
naming the endpoint.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from devtools import servers
from enschede_kg import __version__, queries
from enschede_kg.cli import main
from enschede_kg.errors import PublishError
from enschede_kg.publish.store import graph_store_url, publish_store
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import GEO, GRAPHS, XSD
from tests import virtuoso
from tests.conftest import ROOT, free_port

DATA_GRAPH = str(GRAPHS["data"])
VIRTUOSO_REWRITES = {GEO.wktLiteral, XSD.duration}

WAIT = 30.0  # upper bound of every wait in this file, in seconds


@dataclass
class Oxigraph:
    """A read-write Oxigraph server: its Graph Store and query URLs."""

    base: str

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    def _get(self, url: str, accept: str) -> bytes:
        req = urllib.request.Request(url, headers={"Accept": accept})
        with urllib.request.urlopen(req, timeout=WAIT) as resp:
            return bytes(resp.read())

    def graph_triples(self, graph: str = DATA_GRAPH) -> int:
        """Triples in one named graph, read back over the Graph Store Protocol."""
        body = self._get(graph_store_url(self.store, graph), "application/n-triples")
        return body.count(b"\n")

    def graph(self, graph: str) -> Graph:
        body = self._get(graph_store_url(self.store, graph), "application/n-triples")
        return Graph().parse(data=body, format="nt")

    def quads(self) -> int:
        """Quads in the whole store, in every graph."""
        return self._get(self.store, "application/n-quads").count(b"\n")


def _wait_until(ready: object, what: str, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + WAIT
    while not ready():  # type: ignore[operator]
        if time.monotonic() > deadline or (proc is not None and proc.poll() is not None):
            raise RuntimeError(f"{what} did not happen within {WAIT} s")
        time.sleep(0.05)


@pytest.fixture
def oxigraph() -> Iterator[Oxigraph]:
    """A fresh writable Oxigraph (PyPI 'oxigraph': ``oxigraph serve``) on a free loopback port."""
    with servers.start_oxigraph(writable=True) as server:
        yield Oxigraph(server.url.rsplit("/query", 1)[0])


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _bindings(output: str) -> list[str]:
    """SPARQL JSON results as a sorted list of rows: order and blank-node labels do not count."""
    rows = json.loads(output)["results"]["bindings"]
    for row in rows:
        for term in row.values():
            if term["type"] == "bnode":
                term["value"] = "_"
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


def _answers(runner: CliRunner, name: str, where: list[str], params: list[str]) -> list[str]:
    result = runner.invoke(main, ["query", name, *params, "--format", "json", *where])
    assert result.exit_code == 0, result.output
    return _bindings(result.stdout)


def test_published_store_answers_every_saved_query_as_the_build(
    runner: CliRunner, oxigraph: Oxigraph, built_dir: Path
) -> None:
    result = runner.invoke(
        main, ["publish", "store", "--endpoint", oxigraph.store, "--build-dir", str(built_dir)]
    )
    assert result.exit_code == 0, result.output
    assert f"graphs to {oxigraph.store}" in result.output
    for graph, expected in _build_graphs(built_dir).items():
        assert f"replaced <{graph}>" in result.output
        assert isomorphic(oxigraph.graph(graph), expected), graph
    cases: list[tuple[str, list[str]]] = [(q.name, []) for q in queries.saved_queries()]
    cases += [("12-year-overview", ["--param", "year=2017"]), ("01-sister-cities", [])]
    answered = []
    for name, params in cases:
        local = _answers(runner, name, ["--build-dir", str(built_dir)], params)
        remote = _answers(runner, name, ["--endpoint", oxigraph.query], params)
        assert remote == local, name
        answered += [name] if remote else []
    assert len(answered) == len(cases), "a query without answers proves nothing"


def _build_graphs(built_dir: Path) -> dict[str, Graph]:
    """The named graphs of the build's dump, each as an rdflib graph."""
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in rdfio.parse_file(built_dir / "enschede-kg.trig"):
        assert isinstance(quad.graph_name, ox.NamedNode)
        by_graph.setdefault(quad.graph_name.value, []).append(quad)
    return {g: rdfio.quads_to_graph(quads) for g, quads in by_graph.items()}


def test_every_named_graph_stays_a_named_graph(built_dir: Path) -> None:
    graphs = _build_graphs(built_dir)
    for name in ("data", "provenance", "metadata", "ontology"):
        assert str(GRAPHS[name]) in graphs, name
    assert any("/graph/twinnings/" in g for g in graphs), "an imported graph"


def test_publishing_twice_replaces_instead_of_adding(oxigraph: Oxigraph, built_dir: Path) -> None:
    dump = built_dir / "enschede-kg.trig"
    first = publish_store(oxigraph.store, dump=dump)
    assert first.triples > 1000 and len(first.graphs) >= 5
    assert list(first.graphs)[-1] == str(GRAPHS["metadata"])  # it describes the others: last
    assert oxigraph.quads() == first.triples
    for graph, n in first.graphs.items():
        assert oxigraph.graph_triples(graph) == n, graph
    second = publish_store(oxigraph.store, dump=dump)
    assert second.graphs == first.graphs
    assert oxigraph.quads() == first.triples


def test_only_the_graphs_asked_for(oxigraph: Oxigraph, built_dir: Path) -> None:
    dump = built_dir / "enschede-kg.trig"
    published = publish_store(oxigraph.store, dump=dump, graphs=[DATA_GRAPH])
    assert list(published.graphs) == [DATA_GRAPH]
    assert oxigraph.quads() == oxigraph.graph_triples(DATA_GRAPH) == published.triples
    with pytest.raises(PublishError, match="no graph"):
        publish_store(oxigraph.store, dump=dump, graphs=["https://example.org/not-built"])


def _synthetic_build(directory: Path, triples: int) -> Path:
    """A build directory whose TriG dump is a large made-up graph, newer than every input."""
    directory.mkdir()
    dump = directory / "enschede-kg.trig"
    with dump.open("w", encoding="utf-8") as f:
        f.write(f"<{DATA_GRAPH}> {{\n")
        for i in range(triples):
            f.write(
                f"<https://example.org/s{i}> <https://example.org/p> <https://example.org/o{i}> .\n"
            )
        f.write("}\n")
    future = time.time() + 86_400  # stays "fresh" even if an input is touched meanwhile
    os.utime(dump, (future, future))
    return directory


@dataclass
class StallingProxy:
    """A TCP proxy that passes the first ``limit`` bytes of the upload on and then holds the rest.

    It shows that the store has received part of the body before the publisher is killed.
    """

    upstream: tuple[str, int]
    limit: int
    stalled: threading.Event = field(default_factory=threading.Event)
    forwarded: int = 0

    def __post_init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(WAIT)
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            client, _ = self.listener.accept()
        except OSError:
            return
        server = socket.create_connection(self.upstream, timeout=WAIT)
        self.sockets += [client, server]
        while self.forwarded < self.limit:
            try:
                data = client.recv(min(65536, self.limit - self.forwarded))
            except OSError:
                break
            if not data:
                break
            server.sendall(data)
            self.forwarded += len(data)
        self.stalled.set()

    def close(self) -> None:
        """Cut both connections: the store sees its upload end before the announced length."""
        for s in [*self.sockets, self.listener]:
            s.close()
        self.thread.join(WAIT)


def test_killed_publisher_leaves_the_previous_graph(
    oxigraph: Oxigraph, built_dir: Path, tmp_path: Path
) -> None:
    total = publish_store(oxigraph.store, dump=built_dir / "enschede-kg.trig").triples
    before = oxigraph.graph_triples(DATA_GRAPH)
    answer = queries.run_remote(oxigraph.query, queries.resolve("01")).records()
    assert answer
    big = _synthetic_build(tmp_path / "big", triples=60_000)

    port = int(oxigraph.base.rsplit(":", 1)[1])
    proxy = StallingProxy(("127.0.0.1", port), limit=512 * 1024)
    publisher = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "enschede_kg",
            "publish",
            "store",
            "--endpoint",
            f"http://127.0.0.1:{proxy.port}/store",
            "--build-dir",
            str(big),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        try:
            _wait_until(proxy.stalled.is_set, "half an upload", publisher)
        except RuntimeError:
            publisher.kill()
            _, err = publisher.communicate(timeout=WAIT)
            raise RuntimeError(f"the publisher stopped early: {err.decode()}") from None
        assert proxy.forwarded == proxy.limit  # the store holds part of the new graph now
        assert oxigraph.graph_triples() == before  # ... and readers still see the old one
        publisher.send_signal(signal.SIGKILL)
        publisher.wait(WAIT)
    finally:
        if publisher.poll() is None:
            publisher.kill()
            publisher.wait(WAIT)
        proxy.close()
    assert publisher.returncode == -signal.SIGKILL

    assert oxigraph.graph_triples() == before
    assert oxigraph.quads() == total
    assert queries.run_remote(oxigraph.query, queries.resolve("01")).records() == answer
    # The same upload, not cut off, does replace the graph: the check above could have failed.
    assert publish_store(oxigraph.store, dump=big / "enschede-kg.trig").triples == 60_000
    assert oxigraph.graph_triples() == 60_000
    assert oxigraph.quads() == total - before + 60_000  # the other graphs untouched


def test_refused_connection_exits_2_naming_the_endpoint(runner: CliRunner, built_dir: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/store"
    result = runner.invoke(
        main, ["publish", "store", "--endpoint", endpoint, "--build-dir", str(built_dir)]
    )
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert endpoint in result.output
    assert "connection refused" in result.output
    assert "Traceback" not in result.output


def test_refusing_store_exits_2_naming_endpoint_and_status(
    runner: CliRunner, oxigraph_endpoint: str, built_dir: Path
) -> None:
    """A read-only store answers the PUT with an HTTP error: reported with its status."""
    endpoint = oxigraph_endpoint.replace("/query", "/store")
    result = runner.invoke(
        main, ["publish", "store", "--endpoint", endpoint, "--build-dir", str(built_dir)]
    )
    assert result.exit_code == 2
    assert endpoint in result.output
    assert "HTTP 403" in result.output
    assert "Traceback" not in result.output


@dataclass
class Request:
    method: str = ""
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Seen:
    requests: list[Request] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return self.requests[-1].headers


@pytest.fixture
def recorder() -> Iterator[tuple[str, Seen]]:
    """An HTTP server on 127.0.0.1 that records every request and answers 204."""
    seen = Seen()

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.requests.append(Request(self.command, self.path, dict(self.headers.items()), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store", seen
    server.shutdown()
    thread.join(WAIT)


def test_one_put_of_ntriples_per_graph_with_token_and_user_agent(
    recorder: tuple[str, Seen], built_dir: Path
) -> None:
    endpoint, seen = recorder
    published = publish_store(endpoint, token="s3cret", dump=built_dir / "enschede-kg.trig")
    assert [r.path for r in seen.requests] == [
        "/store?graph=" + urllib.parse.quote(graph, safe="") for graph in published.graphs
    ]
    for request, n in zip(seen.requests, published.graphs.values(), strict=True):
        assert request.method == "PUT"
        assert request.headers["Authorization"] == "Bearer s3cret"
        assert request.headers["User-Agent"] == f"enschede-kg/{__version__}"
        assert request.headers["Content-Type"] == "application/n-triples"
        assert request.body.count(b"\n") == n
        assert len(set(request.body.splitlines())) == n  # distinct triples


def test_token_from_the_environment(
    runner: CliRunner, recorder: tuple[str, Seen], built_dir: Path
) -> None:
    endpoint, seen = recorder
    result = runner.invoke(
        main,
        ["publish", "store", "--endpoint", endpoint, "--build-dir", str(built_dir)],
        env={"ENSCHEDE_KG_TOKEN": "from-env"},
    )
    assert result.exit_code == 0, result.output
    assert seen.headers["Authorization"] == "Bearer from-env"
    assert "from-env" not in result.output


def test_silent_store_times_out(built_dir: Path) -> None:
    """A store that takes the connection but never answers: PublishError after the timeout."""
    with socket.create_server(("127.0.0.1", 0)) as silent:
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}/store"
        started = time.monotonic()
        with pytest.raises(PublishError, match=r"no answer within 0\.5 s") as info:
            publish_store(endpoint, dump=built_dir / "enschede-kg.trig", timeout=0.5)
        assert time.monotonic() - started < WAIT
    assert endpoint in str(info.value)


@pytest.mark.parametrize(
    ("endpoint", "graph", "expected"),
    [
        ("http://h:1/store", "https://e/g", "http://h:1/store?graph=https%3A%2F%2Fe%2Fg"),
        ("https://h/ds/data?x=1", "urn:x:y", "https://h/ds/data?x=1&graph=urn%3Ax%3Ay"),
    ],
)
def test_graph_store_url(endpoint: str, graph: str, expected: str) -> None:
    assert graph_store_url(endpoint, graph) == expected


@pytest.mark.parametrize(
    ("endpoint", "graph"), [("ftp://h/store", DATA_GRAPH), ("http://h/store", "not an iri")]
)
def test_bad_endpoint_or_graph_is_refused_before_sending(endpoint: str, graph: str) -> None:
    with pytest.raises(PublishError):
        graph_store_url(endpoint, graph)


@pytest.fixture(scope="module")
def virtuoso_server() -> Iterator[virtuoso.Virtuoso]:
    with virtuoso.start() as server:
        yield server


def test_publish_into_virtuoso_with_digest_and_read_back_graph_by_graph(
    runner: CliRunner, virtuoso_server: virtuoso.Virtuoso, built_dir: Path
) -> None:
    v = virtuoso_server
    args = ["publish", "store", "--endpoint", v.graph_store, "--build-dir", str(built_dir)]
    refused = runner.invoke(main, args)
    assert refused.exit_code == 2
    assert "HTTP 401" in refused.output and "--user" in refused.output
    wrong = runner.invoke(
        main, [*args, "--user", v.user], env={"ENSCHEDE_KG_STORE_PASSWORD": "not-it"}
    )
    assert wrong.exit_code == 2 and "HTTP 401" in wrong.output
    for attempt in (1, 2):  # the second replaces the first
        result = runner.invoke(
            main, [*args, "--user", v.user], env={"ENSCHEDE_KG_STORE_PASSWORD": v.password}
        )
        assert result.exit_code == 0, (attempt, result.output)
        assert v.password not in result.output
    changed = 0
    for graph, expected in _build_graphs(built_dir).items():
        body = v.get(graph_store_url(v.graph_store, graph), "application/n-triples")
        got = Graph().parse(data=body, format="nt")
        assert len(got) == len(expected), graph
        # Virtuoso 7.2 stores geo:wktLiteral as its own geometry type (coordinates rounded to
        # float) and xsd:duration as a number ("P2M" comes back as "2"): what it does to those
        # literals is the store's, everything else must come back as it went up.
        lossy = {
            (s, p) for s, p, o in expected if getattr(o, "datatype", None) in VIRTUOSO_REWRITES
        }
        changed += len(lossy)
        for g in (got, expected):
            for s, p in lossy:
                g.remove((s, p, None))
        assert isomorphic(got, expected), graph
    assert changed < 20
