"""The server's HTTP layer on a real ``enschede-kg serve``: the short way to /sparql answers
exactly as the app's way, the request head stays bounded under httptools, many clients at once
are all answered, and worker replies are plain bytes."""

from __future__ import annotations

import json
import socket
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from enschede_kg.web import pool
from tests.test_web import _get
from tests.webserver import serve

LABELS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?label WHERE { <https://w3id.org/enschede-kg/id/city/enschede> rdfs:label ?label }"
)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
#: Headers that are the same whichever way a request took (Date and Server are uvicorn's).
COMPARED = ("content-type", "x-content-type-options", "x-sparql-truncated", "allow")


def _without_origin(vary: str | None) -> str | None:
    kept = [v.strip() for v in (vary or "").split(",") if v.strip() and v.strip() != "Origin"]
    return ", ".join(kept) or None


@pytest.fixture(scope="module")
def server(built_dir: Path) -> Iterator[str]:
    with serve("--timeout", "5", "--client-limit", "64", build_dir=built_dir) as base:
        yield base


def _both_ways(
    url: str, headers: dict[str, str], data: bytes | None, method: str
) -> tuple[tuple[int, dict[str, str], bytes], tuple[int, dict[str, str], bytes]]:
    """The same request without an Origin (the short way) and with one (Starlette's way)."""
    short = _get(url, headers, data, method)
    full = _get(url, {**headers, "Origin": "https://example.org"}, data, method)
    return short, full


@pytest.mark.parametrize(
    "method,params,body,headers,status",
    [
        ("GET", {"query": LABELS}, None, {"Accept": "application/sparql-results+json"}, 200),
        ("POST", None, {"query": LABELS}, {"Accept": "text/csv"}, 200),
        ("POST", None, {"query": "ASK {}"}, {"Accept": "application/sparql-results+xml"}, 200),
        (
            "GET",
            {"query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"},
            None,
            {},
            403,
        ),
        ("GET", {"query": "SELECT * {"}, None, {}, 400),
        ("GET", {"query": "ASK {}"}, None, {"Accept": "image/png"}, 406),
        ("POST", None, {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, {}, 403),
        ("GET", None, None, {"Accept": "text/turtle"}, 200),  # the service description
    ],
)
def test_the_short_way_answers_as_the_apps_way(
    server: str,
    method: str,
    params: dict[str, str] | None,
    body: dict[str, str] | None,
    headers: dict[str, str],
    status: int,
) -> None:
    url = f"{server}/sparql" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    data = urllib.parse.urlencode(body).encode() if body else None
    sent = {**headers, **(FORM if data else {})}
    short, full = _both_ways(url, sent, data, method)
    assert short[0] == full[0] == status, (short, full)
    assert short[2] == full[2]
    for name in COMPARED:
        assert short[1].get(name) == full[1].get(name), name
    # the CORS middleware adds Origin to Vary when it answered an Origin
    assert short[1].get("vary") == _without_origin(full[1].get("vary"))
    assert short[1]["x-content-type-options"] == "nosniff"
    assert "access-control-allow-origin" not in short[1]
    assert full[1]["access-control-allow-origin"] == "*"


def test_other_methods_and_paths_keep_the_apps_answers(server: str) -> None:
    status, headers, _ = _get(f"{server}/sparql", method="PUT", data=b"x")
    assert status == 405 and headers["allow"] == "GET, POST, OPTIONS"
    # Starlette's router redirects /sparql/ to /sparql (the client follows)
    status, headers, _ = _get(f"{server}/sparql/", {"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")


def _raw(base: str, request: bytes) -> bytes:
    """Send bytes, read until the server closes (each request here ends the connection)."""
    parts = urllib.parse.urlsplit(base)
    with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), 30) as s:
        s.sendall(request)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_request_head_beyond_the_cap_is_431_and_the_server_goes_on(server: str) -> None:
    padding = b"x" * 40_000  # --max-url is 16384: the head may hold 16384 + 8192 bytes
    answer = _raw(server, b"GET /health HTTP/1.1\r\nHost: a\r\nX-Pad: " + padding)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    # many small headers count together
    many = b"".join(b"X-H%d: %s\r\n" % (i, b"y" * 100) for i in range(400))
    answer = _raw(server, b"GET /health HTTP/1.1\r\nHost: a\r\n" + many)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    status, _, body = _get(f"{server}/health")
    assert status == 200 and json.loads(body)["status"] == "ok"


def test_a_large_body_is_not_counted_as_head(server: str) -> None:
    """A 600 kB query (under --max-body) arrives in many reads after its head: answered."""
    query = ("ASK {} #" + "z" * 600_000).encode()
    status, _, body = _get(
        f"{server}/sparql",
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        query,
        "POST",
    )
    assert status == 200 and json.loads(body)["boolean"] is True


def test_two_requests_on_one_connection_are_both_answered(server: str) -> None:
    query = urllib.parse.quote("ASK {}")
    one = f"GET /sparql?query={query} HTTP/1.1\r\nHost: a\r\nAccept: text/csv\r\n\r\n".encode()
    last = one.replace(b"Host: a\r\n", b"Host: a\r\nConnection: close\r\n")
    answer = _raw(server, one + last)
    assert answer.count(b"HTTP/1.1 200 OK") == 2
    assert answer.count(b"_askResult\r\ntrue") == 2


def test_32_clients_at_once_are_all_answered(server: str) -> None:
    """Each with its own distinct queries, as the benchmark sends them: no 429, no 503."""

    def client(n: int) -> list[int]:
        statuses = []
        for i in range(10):
            data = urllib.parse.urlencode({"query": f"{LABELS} # {n} {i}"}).encode()
            status, _, body = _get(f"{server}/sparql", {**FORM, "Accept": "text/csv"}, data, "POST")
            assert body.startswith(b"label\r\n")
            statuses.append(status)
        return statuses

    with ThreadPoolExecutor(32) as ex:
        statuses = [s for result in ex.map(client, range(32)) for s in result]
    assert statuses == [200] * 320


@pytest.mark.parametrize(
    "status,answer,message,code",
    [
        (pool.OK, pool.Answer(b'{"boolean": true}', False, 1, "json", "application/json"), "", 0),
        (pool.OK, pool.Answer(b"\x00\xff" * 1000, True, 10**12, "ntriples", "x/y"), "", 0),
        (pool.REFUSED, None, "SERVICE is not allowed – nö", 403),
        (pool.FAILED, None, "", 0),
        (pool.MEMORY, None, "", 0),
    ],
)
def test_worker_replies_are_bytes_and_decode_to_what_was_sent(
    status: int, answer: pool.Answer | None, message: str, code: int
) -> None:
    frame = pool.encode_reply(status, answer, message, code)
    got_status, got = pool.decode_reply(frame)
    assert got_status == status
    if answer is not None:
        assert got == answer
    else:
        assert got.body.decode() == message and got.rows == code
