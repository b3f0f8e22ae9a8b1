"""Direct answers (``web/direct.py``, ``web/front.py``) on real servers: a query worker that
writes a plain query's answer to the client's socket answers byte for byte as the app does
(compared with a ``--no-direct`` server on the same build), hands back everything else, keeps
the deadline, the per-client limit and a full descriptor table, and lets the server finish an
answer the socket could not take at once."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from devtools import servers
from enschede_kg import store as store_mod
from enschede_kg.web import direct, pool, resident
from tests.test_web import SLOW, _get

LABELS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?label WHERE { <https://w3id.org/enschede-kg/id/city/enschede> rdfs:label ?label }"
)
ROWS = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o } ORDER BY ?s ?o"
_DATE = re.compile(rb"\r\ndate: [^\r]*")


class Connection:
    """One keep-alive HTTP/1.1 connection spoken byte for byte (no ``Connection: close``, which
    urllib always sends and which the direct path leaves to the app)."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host = f"{parts.hostname}:{parts.port}"
        self.sock = socket.create_connection((parts.hostname, parts.port), 30)
        self.buffer = b""

    def close(self) -> None:
        self.sock.close()

    def send(self, method: str, target: str, headers: dict[str, str], body: bytes = b"") -> None:
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

    def _fill(self) -> bool:
        chunk = self.sock.recv(1 << 20)
        self.buffer += chunk
        return bool(chunk)

    def read(self) -> tuple[int, bytes, bytes]:
        """(status, head without its date line, body) of the next answer."""
        while b"\r\n\r\n" not in self.buffer:
            assert self._fill(), "the server closed the connection"
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        length = int(re.search(rb"\r\ncontent-length: (\d+)", head).group(1))  # type: ignore[union-attr]
        while len(self.buffer) < length:
            assert self._fill(), "the server closed the connection mid-answer"
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return int(head.split()[1]), _DATE.sub(b"", head), body

    def closed_by_server(self) -> bool:
        self.sock.settimeout(5)
        try:
            return not self._fill()
        except ConnectionResetError:
            return True

    def ask(self, method: str, target: str, headers: dict[str, str], body: bytes = b"") -> Any:
        self.send(method, target, headers, body)
        return self.read()


def _direct_counts(base: str) -> dict[str, int]:
    status, _, body = _get(f"{base}/health")
    assert status == 200
    return json.loads(body)["direct"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def two_servers(built_dir: Path) -> Iterator[tuple[str, str]]:
    """The same build served with direct answers and without (every answer via the app)."""
    options = ("--row-cap", "7", "--client-limit", "64", "--timeout", "5")
    with (
        servers.start_endpoint(build_dir=built_dir, options=options) as on,
        servers.start_endpoint(build_dir=built_dir, options=(*options, "--no-direct")) as off,
    ):
        yield on.url.rsplit("/sparql", 1)[0], off.url.rsplit("/sparql", 1)[0]


FORM = "application/x-www-form-urlencoded"
#: (method, URL parameters, body, headers, the way it takes: True a worker answers it, False
#: a worker hands it back, None never offered: no query string on a GET)
REQUESTS: list[tuple[str, dict[str, str], bytes, dict[str, str], bool | None]] = [
    ("GET", {"query": LABELS}, b"", {"Accept": "application/sparql-results+json"}, True),
    ("GET", {"query": LABELS}, b"", {}, True),
    (
        "POST",
        {},
        urllib.parse.urlencode({"query": LABELS}).encode(),
        {"Content-Type": FORM, "Accept": "text/csv"},
        True,
    ),
    (
        "POST",
        {},
        LABELS.encode(),
        {
            "Content-Type": "application/sparql-query; charset=UTF-8",
            "Accept": "text/tab-separated-values",
        },
        True,
    ),
    (
        "POST",
        {"default-graph-uri": "urn:none", "format": "csv"},
        b"SELECT * WHERE { ?s ?p ?o } LIMIT 2",
        {"Content-Type": "application/sparql-query"},
        True,
    ),
    ("GET", {"query": "ASK {}"}, b"", {"Accept": "application/sparql-results+xml"}, True),
    ("GET", {"query": ROWS}, b"", {"Accept": "application/sparql-results+json"}, True),  # cut
    (
        "GET",
        {"query": "CONSTRUCT WHERE { ?s a ?t } LIMIT 3", "format": "json-ld"},
        b"",
        {},
        True,
    ),
    (
        "GET",
        {"query": "DESCRIBE <https://w3id.org/enschede-kg/id/city/enschede>"},
        b"",
        {"Accept": "text/turtle;q=0.5, application/n-triples"},
        True,
    ),
    ("GET", {"query": "SELECT ?x WHERE { BIND(<rel> AS ?x) }"}, b"", {}, True),  # base IRI
    (
        "GET",
        {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2", "default-graph-uri": "urn:none"},
        b"",
        {},
        True,
    ),
    ("GET", {"query": "SELECT * {"}, b"", {}, False),  # 400: the app words every error
    ("GET", {"query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"}, b"", {}, False),
    ("GET", {"query": "ASK {}"}, b"", {"Accept": "image/png"}, False),  # 406
    ("GET", {"query": LABELS}, b"", {"X-Forwarded-Proto": "https"}, False),  # a proxy's say
    ("POST", {}, b"update=CLEAR+ALL", {"Content-Type": FORM}, False),  # updates: the app's
    ("GET", {}, b"", {"Accept": "text/turtle"}, None),  # the service description
]


def test_direct_answers_are_the_apps_answers_byte_for_byte(two_servers: tuple[str, str]) -> None:
    on, off = two_servers
    before = _direct_counts(on)
    answers = {}
    for base in (on, off):
        conn = Connection(base)  # one connection each: keep-alive holds across both ways
        try:
            answers[base] = [
                conn.ask(method, "/sparql" + (f"?{urllib.parse.urlencode(p)}" if p else ""), h, b)
                for method, p, b, h, _ in REQUESTS
            ]
        finally:
            conn.close()
    for request, mine, apps in zip(REQUESTS, answers[on], answers[off], strict=True):
        port_on, port_off = (urllib.parse.urlsplit(b).port for b in (on, off))
        # the base IRI holds the port the client named: the only difference allowed
        assert mine[0] == apps[0], request
        assert mine[1] == apps[1], request
        assert mine[2] == apps[2].replace(str(port_off).encode(), str(port_on).encode()), request
    statuses = [a[0] for a in answers[on]]
    assert statuses[:11] == [200] * 11 and statuses[11:14] == [400, 403, 406]
    assert b"x-sparql-truncated: true" in answers[on][6][1]  # the row cap cut it here too
    after = _direct_counts(on)
    assert after["answered"] - before["answered"] == sum(r[4] is True for r in REQUESTS)
    assert after["handed_back"] - before["handed_back"] == sum(r[4] is False for r in REQUESTS)


def test_an_answer_the_socket_cannot_take_is_finished_by_the_server(built_dir: Path) -> None:
    """Seven MB of N-Triples to a client that reads only after a second: the worker writes
    what the socket takes and is free again; the server writes the rest, then reads on."""
    options = ("--row-cap", "100000", "--client-limit", "64")
    with servers.start_endpoint(build_dir=built_dir, options=options) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        conn = Connection(base)
        query = urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
        conn.send("GET", f"/sparql?{query}", {"Accept": "application/n-triples"})
        time.sleep(1)
        # meanwhile the worker answers others
        assert _get(f"{base}/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))[0] == 200
        status, _, body = conn.read()
        assert status == 200 and len(body) > 5_000_000
        assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) > 40_000
        status, _, body = conn.ask("GET", _target(LABELS), {})
        assert status == 200 and b"Enschede" in body
        conn.close()
        counts = _direct_counts(base)
        assert counts["answered"] == 2 and counts["finished_by_server"] == 1
        assert counts["failed"] == 0


def _workers(server: servers.LocalServer) -> list[int]:
    pid = server.process.pid
    children = [
        int(c)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for c in (task / "children").read_text().split()
    ]
    return [
        c
        for c in children
        if b"multiprocessing" in Path(f"/proc/{c}/cmdline").read_bytes()
        and b"resource_tracker" not in Path(f"/proc/{c}/cmdline").read_bytes()
    ]


def _table_is_full(pid: int) -> bool:
    """Every descriptor number below the worker's limit is taken (nothing can be opened)."""
    limits = Path(f"/proc/{pid}/limits").read_text()
    soft = int(re.search(r"Max open files\s+(\d+)", limits).group(1))  # type: ignore[union-attr]
    return len(os.listdir(f"/proc/{pid}/fd")) == soft


def test_deadline_death_limit_and_a_full_descriptor_table(built_dir: Path) -> None:
    options = ("--timeout", "2", "--client-limit", "2", "--workers", "3")
    with servers.start_endpoint(build_dir=built_dir, options=options) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        workers = _workers(server)
        assert len(workers) == 3 and all(_table_is_full(w) for w in workers)
        # many direct answers, a hand-back and a refusal later, each table is still full
        conn = Connection(base)
        for i in range(50):
            query = urllib.parse.urlencode({"query": f"{LABELS} # {i}"})
            assert conn.ask("GET", f"/sparql?{query}", {})[0] == 200
        assert conn.ask("GET", "/sparql?query=SELECT", {})[0] == 400
        assert all(_table_is_full(w) for w in _workers(server))

        # past the deadline: 503 from the server, the connection closed, a new worker
        t0 = time.monotonic()
        status, head, body = conn.ask("GET", _target(SLOW), {})
        assert status == 503 and b"longer than 2 s" in body and b"connection: close" in head
        assert time.monotonic() - t0 < 10
        assert conn.closed_by_server()
        conn.close()

        # the per-client limit counts direct requests: two slow ones in flight, a third 429
        slow = _target(SLOW + " # limit")
        first, second = Connection(base), Connection(base)
        first.send("GET", slow, {})
        second.send("GET", slow, {})
        time.sleep(0.5)
        status, _, body = _get(f"{base}/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
        assert status == 429, body
        assert first.read()[0] == 503 and second.read()[0] == 503
        first.close()
        second.close()

        # a worker killed while it answers: 503 from the server, the others go on
        _wait_for_workers(base, 3)
        conn = Connection(base)
        conn.send("GET", _target(SLOW + " # kill"), {})
        time.sleep(0.5)
        busy = [w for w in _workers(server) if _cpu(w) > 0.2]
        assert busy, "no worker was evaluating the slow query"
        for w in busy:
            os.kill(w, 9)
        status, _, body = conn.read()
        assert status == 503 and b"stopped" in body
        conn.close()
        _answers_again(base, 3)
        assert all(_table_is_full(w) for w in _workers(server))
        assert _direct_counts(base)["failed"] >= 4


def _answers_again(base: str, workers: int) -> None:
    """Once the pool has replaced what it lost, a new connection gets a direct answer."""
    _wait_for_workers(base, workers)
    fresh = Connection(base)
    assert fresh.ask("GET", _target(LABELS), {})[0] == 200
    fresh.close()


def _target(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def _wait_for_workers(base: str, n: int) -> None:
    deadline = time.monotonic() + 60
    while json.loads(_get(f"{base}/health")[2])["live_workers"] != n:
        assert time.monotonic() < deadline, "the workers were not replaced"
        time.sleep(0.3)


def _cpu(pid: int, seconds: float = 0.3) -> float:
    """Share of one CPU the process used over ``seconds``."""

    def ticks() -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    try:
        before = ticks()
        time.sleep(seconds)
        return (ticks() - before) / os.sysconf("SC_CLK_TCK") / seconds
    except OSError:
        return 0.0


def test_requests_that_come_in_pieces_or_in_pairs_go_the_apps_way(built_dir: Path) -> None:
    with servers.start_endpoint(build_dir=built_dir, options=("--client-limit", "64")) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        body = urllib.parse.urlencode({"query": LABELS}).encode()
        conn = Connection(base)
        head = (
            f"POST /sparql HTTP/1.1\r\nHost: {conn.host}\r\nContent-Type: {FORM}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        conn.sock.sendall(head)  # the head alone: the body follows a moment later
        time.sleep(0.3)
        conn.sock.sendall(body)
        assert conn.read()[0] == 200
        one = f"GET /sparql?query={urllib.parse.quote('ASK {}')} HTTP/1.1\r\nHost: a\r\n\r\n"
        conn.sock.sendall(one.encode() * 2)  # two at once (pipelined)
        assert conn.read()[0] == 200 and conn.read()[0] == 200
        # the same on a connection a worker holds: it hands the bytes back to the server
        assert conn.ask("GET", _target(LABELS), {})[0] == 200
        assert _direct_counts(base)["held"] == 1
        conn.sock.sendall(head)
        time.sleep(0.3)
        conn.sock.sendall(body)
        assert conn.read()[0] == 200
        assert conn.ask("GET", _target(LABELS), {})[0] == 200
        conn.sock.sendall(one.encode() * 2)
        assert conn.read()[0] == 200 and conn.read()[0] == 200
        conn.close()
        counts = _direct_counts(base)
        assert counts["handed_back"] >= 4 and counts["failed"] == 0


def test_no_direct_leaves_every_answer_to_the_app(built_dir: Path) -> None:
    with servers.start_endpoint(build_dir=built_dir, options=("--no-direct",)) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        conn = Connection(base)
        assert conn.ask("GET", _target(LABELS), {})[0] == 200
        conn.close()
        assert "direct" not in json.loads(_get(f"{base}/health")[2])


def test_the_form_parser_is_parse_qsl() -> None:
    """``direct.parse_form`` (quoted-printable decoding in C for plain escapes) gives what
    ``urllib.parse.parse_qsl`` gives the app, or fails where it fails."""
    rng = random.Random(10)
    alphabet = "ab=&%+ 0123456789AaFfzZ\t\n#<>{}é€\\;"
    cases = ["", "&", "query=", "=x", "a=%zz", "a=%e2%82", "a=%E2%82%AC+b", "a=1=2", "q=%3D%3d"]
    for _ in range(30_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        if rng.random() < 0.3:
            text = urllib.parse.urlencode({"query": text, "x": text[::-1]})
        cases.append(text)
    for text in cases:
        try:
            expected: object = urllib.parse.parse_qsl(
                text, keep_blank_values=True, encoding="utf-8", errors="strict"
            )
        except UnicodeDecodeError:
            expected = UnicodeDecodeError
        try:
            got: object = direct.parse_form(text)
        except UnicodeDecodeError:
            got = UnicodeDecodeError
        assert got == expected, text


def test_only_a_whole_plain_request_is_offered() -> None:
    get = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: a\r\n\r\n"
    assert direct.candidate(get)
    assert direct.candidate(b"POST /sparql?default-graph-uri=urn:g HTTP/1.1\r\nHost: a\r\n\r\n")
    assert direct.candidate(b"POST /sparql HTTP/1.1\r\nHost: a\r\n\r\n")
    assert not direct.candidate(get[:-2])  # the head is not complete
    assert not direct.candidate(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
    assert not direct.candidate(b"PUT /sparql HTTP/1.1\r\nHost: a\r\n\r\n")
    assert not direct.candidate(get + b"x" * direct.MAX_REQUEST)


def test_the_memory_and_byte_caps_hold_on_the_direct_way(built_dir: Path) -> None:
    """A query past the worker's memory cap ends its worker and gets the app's 503 from the
    server; an answer past --max-answer is cut as the app cuts it (its headers say so)."""
    hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
    options = (
        "--timeout",
        "60",
        "--workers",
        "2",
        "--worker-memory",
        "300",
        "--max-answer",
        "20000",
    )
    with servers.start_endpoint(build_dir=built_dir, options=options) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        conn = Connection(base)
        query = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
        status, head, body = conn.ask("GET", f"/sparql?{query}", {"Accept": "text/csv"})
        assert status == 200 and b"x-sparql-truncated: true" in head and len(body) <= 20_000
        t0 = time.monotonic()
        status, head, body = conn.ask("GET", _target(hungry), {})
        assert status == 503 and b"MB a worker may use" in body, body
        assert b"retry-after: 5" in head and time.monotonic() - t0 < 50
        conn.close()
        _answers_again(base, 2)
        counts = _direct_counts(base)
        assert counts["answered"] == 2 and counts["failed"] == 1


def _request(head: str, body: bytes = b"") -> bytes:
    return head.replace("\n", "\r\n").encode() + b"\r\n" + body


@pytest.mark.parametrize(
    "data",
    [
        _request("GET /sparql?query=ASK%7B%7D#frag HTTP/1.1\nHost: a\n"),
        _request("GET /sparql?query=ASK%7B%7D HTTP/1.0\nHost: a\n"),
        _request("GET /sparql?query=ASK%7B%7D HTTP/1.1\nHost: a\nConnection: close\n"),
        _request("GET /sparql?query=ASK%7B%7D HTTP/1.1\nHost: a\nAccept: a/b\nAccept: c/d\n"),
        _request("GET /sparql?query=ASK%7B%7D HTTP/1.1\nHost: a\nX-Forwarded-For: 10.0.0.1\n"),
        _request("GET /sparql?query=ASK%7B%7D HTTP/1.1\nHost: a\nOrigin: https://x.org\n"),
        _request("GET /sparql?query=ASK%7B%7D HTTP/1.1\n"),  # no Host
        _request("GET /sparql?query=ASK%7B%7D&query=ASK%7B%7D HTTP/1.1\nHost: a\n"),
        _request("GET /sparql?update=CLEAR%20ALL HTTP/1.1\nHost: a\n"),
        _request("GET /sparql?format=json HTTP/1.1\nHost: a\n"),  # the service description
        _request("GET /spar%71l?query=ASK%7B%7D HTTP/1.1\nHost: a\n"),
        _request("GET /sparql?query=%FF HTTP/1.1\nHost: a\n"),  # not UTF-8: the app's 400
        _request(
            f"POST /sparql HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\nContent-Type: {FORM}\n",
            b"9\r\nquery=ASK\r\n0\r\n\r\n",
        ),
        _request(
            "POST /sparql HTTP/1.1\nHost: a\nContent-Type: application/sparql-query; "
            "charset=latin-1\nContent-Length: 5\n",
            b"ASK{}",
        ),
        _request(
            f"POST /sparql?query=ASK%7B%7D HTTP/1.1\nHost: a\nContent-Type: {FORM}\n"
            "Content-Length: 12\n",
            b"query=ASK%7B",
        ),
        _request(
            "POST /sparql HTTP/1.1\nHost: a\nContent-Type: text/plain\nContent-Length: 5\n",
            b"ASK{}",
        ),
        _request("GET /sparql?query=ASK%7B%7D&default-graph-uri=file:///etc HTTP/1.1\nHost: a\n"),
    ],
)
def test_what_a_worker_hands_back(data: bytes) -> None:
    with pytest.raises(direct._Back):
        direct.job_for(data, direct.Limits())


def test_the_job_a_worker_builds_is_the_apps() -> None:
    body = b"query=SELECT+%3Fx+%7B%7D&format=csv&named-graph-uri=urn%3An"
    data = _request(
        "POST /sparql?format=json&default-graph-uri=http%3A%2F%2Fx%2Fg HTTP/1.1\n"
        f"Host: Example.ORG:8080\nContent-Type: {FORM}; charset=UTF-8\n"
        f"Accept: text/csv;q=0.5\nContent-Length: {len(body)}\n",
        body,
    )
    job = direct.job_for(data, direct.Limits(row_cap=3, max_bytes=99))
    assert job.text == "SELECT ?x {}" and job.kind == "QUERY"
    assert job.formats == ("json", "csv")  # the URL's first, as the app reads them
    assert job.default_graphs == ("http://x/g",) and job.named_graphs == ("urn:n",)
    assert job.accept == "text/csv;q=0.5" and (job.row_cap, job.max_bytes) == (3, 99)
    assert job.base_iri == "http://Example.ORG:8080/sparql"  # as Starlette's URL spells it


# --- connections held by a worker (web/resident.py) ---------------------------------------------


def _ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def test_a_held_connection_is_answered_by_its_worker_request_after_request(
    built_dir: Path,
) -> None:
    """The server hands the connection over once: a thousand lookups later it has spent a
    fraction of the CPU time of the worker that answered them, which gave nothing back."""
    with servers.start_endpoint(build_dir=built_dir, options=("--client-limit", "64")) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        before = _direct_counts(base)
        conn = Connection(base)
        assert conn.ask("GET", _target(LABELS), {})[0] == 200
        assert _direct_counts(base)["held"] == 1
        pids = [server.process.pid, *_workers(server)]
        start = {pid: _ticks(pid) for pid in pids}
        for i in range(1000):
            status, _, body = conn.ask("GET", _target(f"{LABELS} # {i}"), {})
            assert status == 200 and b"Enschede" in body
        spent = {pid: _ticks(pid) - start[pid] for pid in pids}
        worker = max(spent[pid] for pid in pids[1:])
        assert worker > 0 and spent[server.process.pid] * 4 < worker, spent
        after = _direct_counts(base)
        assert after["answered"] - before["answered"] == 1001
        assert after["handed_back"] == before["handed_back"]
        conn.close()  # the worker sees the end and gives the connection back
        deadline = time.monotonic() + 5
        while _direct_counts(base)["held"]:
            assert time.monotonic() < deadline, "the closed connection is still held"
            time.sleep(0.1)


def test_an_idle_held_connection_is_closed_after_the_keep_alive_time(built_dir: Path) -> None:
    """uvicorn closes a keep-alive connection idle for 5 s; a held one is closed the same."""
    with servers.start_endpoint(build_dir=built_dir, options=("--client-limit", "64")) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        conn = Connection(base)
        assert conn.ask("GET", _target(LABELS), {})[0] == 200
        time.sleep(3)
        assert conn.ask("GET", _target(LABELS), {})[0] == 200  # 3 s idle: still open
        t0 = time.monotonic()
        conn.sock.settimeout(15)
        assert conn.sock.recv(1) == b""  # closed by the server
        assert 4.5 < time.monotonic() - t0 < 8
        conn.close()
        counts = _direct_counts(base)
        assert counts["held"] == 0 and counts["answered"] == 2 and counts["failed"] == 0


def _held(base: str, n: int) -> list[Connection]:
    """``n`` connections, each held by a worker once it has been answered."""
    conns = [Connection(base) for _ in range(n)]
    for conn in conns:
        assert conn.ask("GET", _target(LABELS), {})[0] == 200
    assert _direct_counts(base)["held"] == n
    return conns


def test_one_long_query_does_not_hold_the_other_connections_of_its_worker(
    built_dir: Path,
) -> None:
    """Two query workers hold four connections, two each. A query that runs to the deadline
    on one of them: the worker gives its other connection back within a fraction of a
    second, and every other connection is answered at once."""
    options = ("--client-limit", "64", "--timeout", "4", "--workers", "3")
    with servers.start_endpoint(build_dir=built_dir, options=options) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        slow, *others = _held(base, 4)
        slow.send("GET", _target(SLOW), {})
        time.sleep(0.5)
        for conn in others:
            t0 = time.monotonic()
            status, _, body = conn.ask("GET", _target(LABELS + " # meanwhile"), {})
            assert status == 200 and b"Enschede" in body
            assert time.monotonic() - t0 < 1.0
        status, head, body = slow.read()
        assert status == 503 and b"longer than 4 s" in body and b"connection: close" in head
        for conn in [slow, *others]:
            conn.close()


def test_pages_keep_their_worker_while_held_connections_run_long_queries(
    built_dir: Path,
) -> None:
    """Both query workers run a query to the deadline on a connection they hold, and a third
    long query comes the app's way: the page still finds the worker kept for pages."""
    options = ("--client-limit", "64", "--timeout", "6", "--workers", "3")
    with servers.start_endpoint(build_dir=built_dir, options=options) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        first, second = _held(base, 2)
        first.send("GET", _target(SLOW), {})
        second.send("GET", _target(SLOW + " # second"), {})
        with ThreadPoolExecutor(1) as pool:
            third = pool.submit(_get, f"{base}/sparql?" + urllib.parse.urlencode({"query": SLOW}))
            time.sleep(0.8)
            t0 = time.monotonic()
            status, headers, _ = _get(f"{base}/page/city/dalian")
            took = time.monotonic() - t0
            assert not third.done()
            assert status == 200 and headers["content-type"].startswith("text/html")
            assert took < 2.0
            assert third.result()[0] == 503
        assert first.read()[0] == 503 and second.read()[0] == 503
        first.close()
        second.close()


def test_a_reload_gives_held_connections_to_the_new_generation(
    built_dir: Path, tmp_path: Path
) -> None:
    """A held connection asks before and after a reload on the same socket: the answer after
    comes from the new graph, nothing fails, and the old workers are gone."""
    build = tmp_path / "build"
    shutil.copytree(built_dir, build)
    env = {"ENSCHEDE_KG_TOKEN": "direct-token"}
    count = _target("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    with servers.start_endpoint(
        build_dir=build, options=("--client-limit", "64"), env=env
    ) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        conn = Connection(base)
        old = conn.ask("GET", count, {"Accept": "text/csv"})[2].split()[1]
        assert int(old) > 1000
        old_workers = set(_workers(server))
        small = ox.Store()
        for i in range(5):
            small.add(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(i)))
        small.dump(str(store_mod.dump_path(build)), format=ox.RdfFormat.TRIG)
        status, _, body = _get(
            f"{base}/admin/reload", {"Authorization": "Bearer direct-token"}, b"", "POST"
        )
        assert status == 200, body
        assert conn.ask("GET", count, {"Accept": "text/csv"})[2].split()[1] == b"5"
        deadline = time.monotonic() + 10
        while set(_workers(server)) & old_workers:
            assert time.monotonic() < deadline, "a retired worker lives on"
            time.sleep(0.2)
        assert conn.ask("GET", count, {"Accept": "text/csv"})[2].split()[1] == b"5"
        conn.close()
        counts = _direct_counts(base)
        assert counts["failed"] == 0 and counts["answered"] >= 2


def test_workers_start_with_a_larger_malloc_cache(built_dir: Path) -> None:
    """``pool.TCACHE`` reaches the workers (glibc reads it only when a process starts)."""
    with servers.start_endpoint(build_dir=built_dir) as server:
        for pid in _workers(server):
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            tunables = [e for e in environ if e.startswith(b"GLIBC_TUNABLES=")]
            assert tunables and pool.TCACHE.encode() in tunables[0]


def _sockets(pid: int) -> int:
    fds = Path(f"/proc/{pid}/fd")
    return sum(1 for fd in fds.iterdir() if os.readlink(fd).startswith("socket:"))


def test_a_connection_sent_to_a_worker_that_dies_before_it_reads_it_is_answered(
    built_dir: Path,
) -> None:
    """A new connection's first request goes to a worker busy with a long query, which is
    killed before it gets to it: the server still has the request and answers it (the
    connection that was running gets its 503)."""
    options = ("--client-limit", "64", "--timeout", "20", "--workers", "2")
    with servers.start_endpoint(build_dir=built_dir, options=options) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        (running,) = _held(base, 1)
        holder = max(_workers(server), key=_sockets)  # the held connection is one more socket
        running.send("GET", _target(SLOW), {})
        time.sleep(0.03)
        late = Connection(base)
        late.send("GET", _target(LABELS), {})
        time.sleep(0.03)
        os.kill(holder, 9)
        status, _, body = late.read()
        assert status == 200 and b"Enschede" in body
        assert running.read()[0] == 503
        late.close()
        running.close()


def test_a_long_job_of_the_pool_does_not_hold_the_connections_of_its_worker(
    built_dir: Path,
) -> None:
    """A query the app's way (``Connection: close``) runs to the deadline on the worker that
    holds a keep-alive connection (queries prefer such workers): that connection and a new
    one are answered at once all the same."""
    options = ("--client-limit", "64", "--timeout", "4", "--workers", "3")
    with servers.start_endpoint(build_dir=built_dir, options=options) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        (held,) = _held(base, 1)
        with ThreadPoolExecutor(1) as pool:
            long = pool.submit(_get, f"{base}/sparql?" + urllib.parse.urlencode({"query": SLOW}))
            time.sleep(0.5)
            fresh = Connection(base)
            for conn in (held, fresh):
                t0 = time.monotonic()
                assert conn.ask("GET", _target(LABELS + " # meanwhile"), {})[0] == 200
                assert time.monotonic() - t0 < 1.0
            assert not long.done()
            assert long.result()[0] == 503
        held.close()
        fresh.close()


def test_each_worker_holds_as_many_connections_as_its_sandbox_keeps_slots_for(
    built_dir: Path,
) -> None:
    """Two query workers hold ``resident.CAPACITY`` connections each, every slot of their
    descriptor tables taken; the next connection is answered the app's way, and when they
    close every slot holds its placeholder again."""
    with servers.start_endpoint(build_dir=built_dir, options=("--client-limit", "0")) as server:
        base = server.url.rsplit("/sparql", 1)[0]
        conns = [Connection(base) for _ in range(2 * resident.CAPACITY + 1)]
        for i, conn in enumerate(conns):
            status, _, body = conn.ask("GET", _target(f"ASK {{}} # {i}"), {})
            assert status == 200 and b"true" in body
        counts = _direct_counts(base)
        assert counts["held"] == 2 * resident.CAPACITY and counts["answered"] == len(conns) - 1
        workers = _workers(server)
        assert all(_table_is_full(w) for w in workers)
        sockets = sorted(_sockets(w) for w in workers)  # the page worker holds none
        assert sockets[0] < 10 and all(n >= resident.CAPACITY for n in sockets[1:]), sockets
        for conn in conns:
            conn.close()
        deadline = time.monotonic() + 10
        while _direct_counts(base)["held"]:
            assert time.monotonic() < deadline, "closed connections are still held"
            time.sleep(0.2)
        assert all(_table_is_full(w) for w in _workers(server))
