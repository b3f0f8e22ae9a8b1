"""Direct answers: a query worker answers a plain query on the client's socket itself.

Every other way to ``/sparql`` passes each answer through two Python processes: the server
reads the request and hands a job to a worker, the worker sends the answer back, the server
writes it out. For a cheap lookup that second process costs more than the query and bounds
throughput on a small machine (``benchmarks/endpoint.py``). So for the commonest request, a GET
or POST of one query with no ``Origin``, the worker reads the request, evaluates it and writes
the answer on the connection itself (``resident`` holds the connections; ``front`` is the
server's end). This module is what a worker needs to answer one request exactly as the app
would: which requests qualify, the job the app would build, the bytes it would send.

The worker answers only what it can answer exactly as the app would (same status line, headers
and body: ``tests/test_web_direct.py``): a complete HTTP/1.1 keep-alive request of one query,
with nothing else to interpret (no proxy headers, no update, no chunked body, nothing
pipelined behind it) and a 200 answer. Anything else, including every error, it hands back
untouched and the server answers through the app, as if the request had just arrived.
"""

from __future__ import annotations

import binascii
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import httptools
from starlette.datastructures import URL

from enschede_kg.web import pool, safety  # (pool imports this module: used at call time only)

#: The largest request (head and body) handed over whole: anything longer takes the app's way.
MAX_REQUEST = 60_000
_METHODS = (b"GET /sparql?", b"POST /sparql ", b"POST /sparql?")
#: Headers that change what the app would answer, beyond what this path reads.
_HANDBACK = frozenset(
    {
        b"origin",
        b"transfer-encoding",
        b"expect",
        b"upgrade",
        b"forwarded",
        b"x-forwarded-for",
        b"x-forwarded-proto",
        b"x-forwarded-host",
        b"x-forwarded-port",
        b"x-forwarded-prefix",
    }
)
_SINGLE = frozenset({b"host", b"accept", b"content-type", b"content-length", b"connection"})
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"


@dataclass(frozen=True)
class Limits:
    """What the app would enforce on a query request (from ``Settings``)."""

    row_cap: int = 10_000
    max_bytes: int = 64_000_000
    max_url: int = 16_384
    max_body: int = 1_000_000


def candidate(data: bytes) -> bool:
    """Whether a request's first bytes may be handed to a worker (cheap; the worker decides)."""
    return data.startswith(_METHODS) and len(data) <= MAX_REQUEST and b"\r\n\r\n" in data


def render_defaults(headers: list[tuple[bytes, bytes]]) -> bytes:
    return b"".join(b"%s: %s\r\n" % (name, value) for name, value in headers)


class _Request:
    """httptools' callbacks, kept: one request's URL, headers and body."""

    __slots__ = ("body", "complete", "headers", "messages", "url")

    def __init__(self) -> None:
        self.url = b""
        self.headers: dict[bytes, bytes] = {}
        self.body: list[bytes] = []
        self.messages = 0
        self.complete = False

    def on_message_begin(self) -> None:
        self.messages += 1

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        name = name.lower()
        if name in _HANDBACK or (name in _SINGLE and name in self.headers):
            raise _Back()
        self.headers[name] = value

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.complete = True


class _Back(Exception):
    """Not for this path: the server answers through the app."""


#: A ``%`` that does not start an escape.
_STRAY = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _unquote(text: str) -> str:
    """``urllib.parse.unquote(text, errors="strict")``, in C for the common case.

    unquote is a Python loop over every escape (a query in a form has dozens); for text of
    printable ASCII without ``=`` in which every ``%`` starts an escape, quoted-printable
    decoding of the same text with ``=`` for ``%`` gives the same bytes (tests/test_web_direct
    compares both on generated text).
    """
    if "%" not in text:
        return text
    if text.isascii() and text.isprintable() and "=" not in text and not _STRAY.search(text):
        return binascii.a2b_qp(text.replace("%", "=")).decode("utf-8")
    return unquote(text, errors="strict")


def parse_form(raw: str) -> list[tuple[str, str]]:
    """``urllib.parse.parse_qsl(raw, keep_blank_values=True, errors="strict")`` as the app
    calls it, with ``_unquote``; UnicodeDecodeError when a value is not UTF-8."""
    pairs = []
    for field in raw.split("&"):
        if not field:
            continue
        name, _, value = field.partition("=")
        pairs.append((_unquote(name.replace("+", " ")), _unquote(value.replace("+", " "))))
    return pairs


def _params(raw: str) -> list[tuple[str, str]]:
    try:
        return parse_form(raw)
    except UnicodeDecodeError:
        raise _Back() from None


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise _Back()
    return values[0] if values else None


_BASES: dict[bytes, str] = {}


def _base_iri(host: bytes) -> str:
    """The endpoint's IRI as the app computes it from the Host header (Starlette's URL), kept
    per Host value in a table emptied past 256 entries."""
    iri = _BASES.get(host)
    if iri is None:
        scope = {"type": "http", "scheme": "http", "path": "/sparql", "headers": [(b"host", host)]}
        iri = str(URL(scope=scope).replace(query="", fragment=""))
        if len(_BASES) >= 256:
            _BASES.clear()
        _BASES[host] = iri
    return iri


def job_for(data: bytes, limits: Limits) -> Any:
    """The ``pool.Job`` the app would build for this request, or ``_Back``."""
    request = _Request()
    parser = httptools.HttpRequestParser(request)
    try:
        parser.feed_data(data)
    except (httptools.HttpParserError, httptools.HttpParserUpgrade):
        raise _Back() from None
    if (
        not request.complete
        or request.messages != 1
        or parser.get_http_version() != "1.1"
        or not parser.should_keep_alive()
        or request.headers.get(b"connection", b"keep-alive").lower() != b"keep-alive"
    ):
        raise _Back()
    method = parser.get_method()
    host = request.headers.get(b"host")
    if host is None or not request.url.isascii() or b"#" in request.url:
        raise _Back()
    path, _, raw_query = request.url.partition(b"?")
    if path != b"/sparql" or len(raw_query) > limits.max_url:
        raise _Back()
    url_params = _params(raw_query.decode("ascii")) if raw_query else []
    params = list(url_params)
    query: str | None = None
    if method == b"POST":
        body = b"".join(request.body)
        if len(body) > limits.max_body or b"content-length" not in request.headers:
            raise _Back()
        media, *rest = (
            p.strip().lower()
            for p in request.headers.get(b"content-type", b"").decode("latin-1").split(";")
        )
        for parameter in rest:
            name, _, value = parameter.partition("=")
            if name.strip() != "charset" or value.strip().strip('"') not in ("utf-8", "utf8"):
                raise _Back()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _Back() from None
        if media == _FORM:
            form = _params(text)
            params += form
            query = _one(form, "query")
            if query is None or _one(url_params, "query") is not None:
                raise _Back()
        elif media == _QUERY:
            query = text
        else:
            raise _Back()
    elif method == b"GET":
        query = _one(params, "query")
    else:
        raise _Back()
    names = {k for k, _ in params}
    if query is None or names & {"update", "using-graph-uri", "using-named-graph-uri"}:
        raise _Back()
    dg = tuple(v for k, v in params if k == "default-graph-uri")
    ng = tuple(v for k, v in params if k == "named-graph-uri")
    try:
        safety.check_graph_iris([*dg, *ng])
    except safety.Refused:
        raise _Back() from None
    accept = request.headers.get(b"accept")
    return pool.Job(
        text=query,
        kind="QUERY",
        default_graphs=dg,
        named_graphs=ng,
        row_cap=limits.row_cap,
        base_iri=_base_iri(host),
        accept=None if accept is None else accept.decode("latin-1"),
        formats=tuple(v for k, v in params if k == "format"),
        max_bytes=limits.max_bytes,
    )


def warm_up(store: Any) -> None:
    """Use this path once before the sandbox: whatever it imports is imported now."""
    body = b"query=ASK%7B%7D&format=json"
    data = (
        b"POST /sparql?default-graph-uri=urn:g HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    )
    render(pool.evaluate(store, job_for(data, Limits())), b"")


def answer_headers(answer: Any) -> tuple[dict[str, str], str]:
    """The headers and media type of a query's 200 answer (the app's ``_answer`` uses them)."""
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["X-SPARQL-Truncated"] = "true"
        headers["X-SPARQL-Row-Cap"] = str(answer.rows)
    media = answer.media_type
    if media.startswith("text/") or media.endswith(("json", "xml")):
        media += "; charset=utf-8"
    return headers, media


def render(answer: Any, default_headers: bytes) -> bytes:
    """The bytes uvicorn and Starlette send for ``app._answer(answer)``, in their order."""
    headers, media = answer_headers(answer)
    head = [b"HTTP/1.1 200 OK\r\n", default_headers]
    head += [b"%s: %s\r\n" % (k.lower().encode(), v.encode("latin-1")) for k, v in headers.items()]
    head.append(b"content-length: %d\r\ncontent-type: %s\r\n" % (len(answer.body), media.encode()))
    head.append(b"x-content-type-options: nosniff\r\n\r\n")
    return b"".join(head) + bytes(answer.body)


def write(fd: int, data: bytes) -> bytes:
    """Write what the socket takes now (it is non-blocking: the server set it so); the rest is
    returned for the server to write, so a slow reader never holds a worker."""
    view = memoryview(data)
    try:
        while view:
            sent = os.write(fd, view)
            view = view[sent:]
    except BlockingIOError:
        pass
    except OSError:  # the client went away: nothing more to send
        return b""
    return bytes(view)
