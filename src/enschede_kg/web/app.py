"""The ASGI app: SPARQL 1.1 Protocol at /sparql, Graph Store Protocol at /store, query page, health.

Reads are public and safe: the text is inspected before it runs (``safety``), evaluation happens
in killable worker processes with a deadline, a row cap and bounded concurrency (``pool``), and
every error is a short plain-text message. Writes (SPARQL Update, Graph Store PUT/POST/DELETE,
reload) need the operator's bearer token; without a configured token they are refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hmac
import html
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import jinja2
from rdflib import Graph, Literal, URIRef
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from enschede_kg import __version__, queries, templating
from enschede_kg.lod import links
from enschede_kg.queries.results import RESULT_FORMATS
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import BASE_IRI, PREFIXES, RDF, SD, VOID, W3C_FORMATS
from enschede_kg.web import conneg, deref, direct, front, pool, safety
from enschede_kg.web.app_support import ClientLimiter, HTTPError, guard, text_response
from enschede_kg.web.backend import Backend, EmbeddedBackend, WriteRefused
from enschede_kg.web.remote import RemoteBackend

HERE = Path(__file__).resolve().parent
_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


@dataclass(frozen=True)
class Settings:
    """Everything the app can be configured with; keyword-only, with safe defaults."""

    dump: Path | None = None  # TriG/N-Quads dump for the embedded store
    void: Path | None = None  # VoID/DCAT description to publish in the service description
    sparql_endpoint: str | None = None  # serve over a remote store instead
    workers: int = 3
    timeout: float = 10.0
    queue_limit: int = 64
    row_cap: int = 10_000
    max_body: int = 1_000_000
    max_upload: int = 512_000_000  # authenticated Graph Store writes, streamed to a file
    max_answer: int = 64_000_000  # bytes in one answer (cut rows beyond, X-SPARQL-Truncated)
    max_url: int = 16_384
    worker_memory: int = 2048  # MB each worker may allocate beyond the graph it holds
    client_limit: int = 8  # queries one client may have in flight (429 beyond)
    reserved_workers: int = 1  # workers kept for pages while queries run
    direct: bool = True  # workers hold connections, answer plain queries (web/resident.py)
    token: str | None = None
    queries_dir: Path | None = None  # None: the active project's (config.queries_dir)
    build_dir: Path | None = None  # where /dumps/… are served from


# --- reading requests -------------------------------------------------------------------------


_DRAIN_LIMIT = 64_000_000


async def _drain(request: Request, declared: int) -> None:
    """Read and drop an over-long body (up to a bound) so that the client can read the 413.

    Closing the socket with unread data makes TCP reset the connection, and most clients then
    lose the answer; nginx's lingering close does the same.
    """
    if declared > _DRAIN_LIMIT:
        return
    async for _ in request.stream():
        pass


async def _body(request: Request, limit: int) -> bytes:
    too_large = HTTPError(413, f"request body larger than {limit} bytes", {"Connection": "close"})
    length = request.headers.get("content-length")
    if length is not None:
        try:
            declared = int(length)
        except ValueError:
            raise HTTPError(400, "bad Content-Length") from None
        if declared > limit:
            await _drain(request, declared)
            raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            await _drain(request, 0)
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def _body_to_file(request: Request, limit: int, directory: Path) -> Path:
    """Stream an authenticated upload to a new private file, up to ``limit`` bytes (413)."""
    too_large = HTTPError(413, f"upload larger than {limit} bytes", {"Connection": "close"})
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        await _drain(request, int(length))
        raise too_large
    path, out = pool.new_snapshot(directory, ".upload")
    size = 0
    try:
        with out:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise too_large
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        if size > limit:
            await _drain(request, 0)
        raise
    return path


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPError(400, f"{what} is not valid UTF-8") from None


def _params(raw: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(
            raw, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict"
        )
    except UnicodeDecodeError:
        raise HTTPError(400, "parameters are not valid UTF-8") from None


def _one(params: list[tuple[str, str]], name: str, *, same_ok: bool = False) -> str | None:
    """The single value of a parameter; 400 when repeated (``same_ok``: unless all equal)."""
    values = [v for k, v in params if k == name]
    if len(values) > 1 and not (same_ok and len(set(values)) == 1):
        raise HTTPError(400, f"more than one '{name}' parameter")
    return values[0] if values else None


def _formats(params: list[tuple[str, str]]) -> tuple[str, ...]:
    """Every ``format`` value, in order: clients such as SPARQLWrapper send it twice (``json-ld``
    and ``application/ld+json,application/x-json+ld``); conneg takes the first that fits."""
    return tuple(v for k, v in params if k == "format")


def _media(request: Request) -> str:
    header = request.headers.get("content-type", "")
    media, *parameters = (part.strip().lower() for part in header.split(";"))
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip() == "charset" and value.strip().strip('"') not in ("utf-8", "utf8"):
            raise HTTPError(415, f"send {media or 'the body'} in UTF-8, not {value.strip()}")
    return media


@dataclass(frozen=True)
class _Operation:
    query: str | None
    update: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    formats: tuple[str, ...]
    using: tuple[str, ...] = ()
    using_named: tuple[str, ...] = ()


def _url_query(request: Request) -> str:
    """The request's query string (a POST usually has none: then no URL is built at all)."""
    return request.url.query if request.scope.get("query_string") else ""


async def _read_operation(request: Request, settings: Settings) -> _Operation:
    raw = _url_query(request)
    if len(raw) > settings.max_url:
        raise HTTPError(414, f"request URL longer than {settings.max_url} characters")
    url_params = _params(raw) if raw else []
    query = update = None
    params = list(url_params)
    if request.method == "POST":
        media = _media(request)
        body = await _body(request, settings.max_body)
        if media == "application/x-www-form-urlencoded":
            form = _params(_decode(body, "the form body"))
            params += form
            query = _one(form, "query")
            update = _one(form, "update")
            if _one(url_params, "query") is not None and query is not None:
                raise HTTPError(400, "more than one 'query' parameter")
        elif media == "application/sparql-query":
            query = _decode(body, "the query")
        elif media == "application/sparql-update":
            update = _decode(body, "the update")
        else:
            raise HTTPError(
                415,
                "POST a query as application/sparql-query, an update as "
                "application/sparql-update, or a form (query=… / update=…)",
            )
    if query is None and update is None:
        query = _one(params, "query")
        if request.method == "POST":
            update = _one(params, "update")
        elif _one(params, "update") is not None:
            raise HTTPError(405, "send updates by POST, never by GET", {"Allow": "POST, OPTIONS"})
    if query is not None and update is not None:
        raise HTTPError(400, "a request holds either a query or an update, not both")

    def values(name: str) -> tuple[str, ...]:
        return tuple(v for k, v in params if k == name)

    dg, ng = values("default-graph-uri"), values("named-graph-uri")
    using, using_named = values("using-graph-uri"), values("using-named-graph-uri")
    safety.check_graph_iris(list(dg + ng + using + using_named))
    return _Operation(query, update, dg, ng, _formats(params), using, using_named)


def _authorised(request: Request, settings: Settings) -> None:
    if not settings.token:
        raise HTTPError(403, "writing is disabled on this endpoint (no operator token configured)")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), settings.token):
        raise HTTPError(
            401,
            "a valid bearer token is required to write",
            {"WWW-Authenticate": 'Bearer realm="enschede-kg"'},
        )


# --- answers ----------------------------------------------------------------------------------


def _answer(answer: pool.Answer, vary: bool = True) -> Response:
    headers, media = direct.answer_headers(answer)
    if not vary:
        del headers["Vary"]
    return Response(answer.body, headers=headers, media_type=media)


_ENDPOINT_IRIS: dict[tuple[Any, ...], str] = {}


def endpoint_iri(request: Request) -> str:
    """The IRI of this endpoint as the client named it: the base IRI of its requests.

    Every query needs it and clients name the endpoint the same way each time, so the IRI is
    kept per (scheme, server, Host, path), in a table that is emptied when it grows past 256.
    """
    scope = request.scope
    key = (
        scope.get("scheme"),
        scope.get("server"),
        scope.get("root_path"),
        scope["path"],
        request.headers.get("host"),
    )
    iri = _ENDPOINT_IRIS.get(key)
    if iri is None:
        iri = str(request.url.replace(query="", fragment=""))
        if len(_ENDPOINT_IRIS) >= 256:
            _ENDPOINT_IRIS.clear()
        _ENDPOINT_IRIS[key] = iri
    return iri


def service_description(request: Request) -> Graph:
    """W3C SPARQL Service Description of this endpoint, with the dataset's VoID."""
    settings: Settings = request.app.state.settings
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("sd", SD)
    endpoint = URIRef(endpoint_iri(request))
    svc = URIRef(str(endpoint) + "#service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, endpoint))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    if settings.token:
        g.add((svc, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    for name in (*RESULT_FORMATS, "turtle", "ntriples", "jsonld", "rdfxml"):
        g.add((svc, SD.resultFormat, W3C_FORMATS[_FORMAT_IRIS[name]]))
    dataset = URIRef(str(endpoint) + "#dataset")
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, VOID.sparqlEndpoint, endpoint))
    backend: Backend = request.app.state.backend
    if backend.triples is not None:
        g.add((dataset, VOID.triples, Literal(backend.triples)))
    if settings.void and settings.void.exists():
        void = Graph().parse(settings.void, format="turtle")
        g += void
        for described in void.subjects(RDF.type, VOID.Dataset):
            if (
                (None, VOID.classPartition, described) not in void
                and (None, VOID.propertyPartition, described) not in void
                and (None, VOID.subset, described) not in void
            ):
                g.add((dataset, VOID.subset, described))
    return g


_RDFLIB_NAMES = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def _graph_response(g: Graph, request: Request, fmt: tuple[str, ...]) -> Response:
    offer = conneg.choose(conneg.GRAPH_OFFERS, request.headers.get("accept"), fmt)
    body = g.serialize(format=_RDFLIB_NAMES[offer.name], encoding="utf-8")
    media = offer.media_type + ("; charset=utf-8" if offer.name != "ntriples" else "")
    return Response(body, media_type=media, headers={"Vary": "Accept"})


# --- routes -----------------------------------------------------------------------------------


@guard
async def sparql(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    backend: Backend = request.app.state.backend
    if request.method not in ("GET", "POST"):
        raise HTTPError(405, "use GET or POST", {"Allow": "GET, POST, OPTIONS"})
    op = await _read_operation(request, settings)
    if op.update is not None:
        _authorised(request, settings)
        triples = await backend.update(op.update, endpoint_iri(request), op.using, op.using_named)
        return text_response(200, f"update applied; {triples} triples")
    if op.query is None:
        return _graph_response(service_description(request), request, op.formats)
    job = pool.Job(
        text=op.query,
        kind="QUERY",
        default_graphs=op.default_graphs,
        named_graphs=op.named_graphs,
        row_cap=settings.row_cap,
        base_iri=endpoint_iri(request),
        accept=request.headers.get("accept"),
        formats=op.formats,
        max_bytes=settings.max_answer,
    )
    with request.app.state.clients.slot(request):
        return _answer(await backend.run(job))


@guard
async def graph_store(request: Request) -> Response:
    """SPARQL 1.1 Graph Store HTTP Protocol: GET public, PUT/POST/DELETE with the token."""
    settings: Settings = request.app.state.settings
    backend: Backend = request.app.state.backend
    if len(request.url.query) > settings.max_url:
        raise HTTPError(414, f"request URL longer than {settings.max_url} characters")
    params = _params(request.url.query)
    graph = _one(params, "graph")
    default = any(k == "default" for k, _ in params)
    if (graph is None) == (not default):
        raise HTTPError(400, "name exactly one of ?graph=IRI or ?default")
    if graph is not None:
        safety.check_graph_iris([graph])
    if request.method in ("GET", "HEAD"):
        offer = conneg.choose(conneg.GRAPH_OFFERS, request.headers.get("accept"), _formats(params))
        name = "default-graph" if graph is None else "graph"
        text = queries.named("web", name, settings.queries_dir).text
        job = pool.Job(
            text=text,
            kind="CONSTRUCT",
            fmt=offer.name,
            row_cap=10**9,
            bindings=(("g", graph),) if graph else (),
        )
        answer = await backend.run(job)
        if graph is not None and answer.rows == 0 and not await backend.has_graph(graph):
            raise HTTPError(404, "no such graph")
        return _answer(answer)
    if request.method not in ("PUT", "POST", "DELETE"):
        raise HTTPError(405, "use GET, PUT, POST or DELETE", {"Allow": "GET, PUT, POST, DELETE"})
    _authorised(request, settings)
    if request.method == "DELETE":
        triples = await backend.write_graph(graph, None, None, replace=True)
        return text_response(200, f"graph deleted; {triples} triples")
    media = _media(request)
    fmt = next(
        (f for f in rdfio.FORMATS.values() if f.media_type == media and not f.is_dataset), None
    )
    if fmt is None:
        raise HTTPError(415, "send Turtle, N-Triples, JSON-LD or RDF/XML with its media type")
    if backend.upload_dir is None:
        raise WriteRefused("this server reads a remote store; write to that store directly")
    upload = await _body_to_file(request, settings.max_upload, backend.upload_dir)
    try:
        triples = await backend.write_graph(
            graph, upload, fmt.ox_format, replace=request.method == "PUT"
        )
    finally:
        upload.unlink(missing_ok=True)
    return text_response(
        201 if request.method == "PUT" else 200, f"graph stored; {triples} triples"
    )


@guard
async def reload(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    _authorised(request, settings)
    triples = await request.app.state.backend.reload()
    return text_response(200, f"reloaded; {triples} triples")


@guard
async def explorer(request: Request) -> Response:
    """The explorer page written by ``enschede-kg viz`` (its own CSP travels in the file)."""
    settings: Settings = request.app.state.settings
    name = "explorer-context.html" if request.url.path.endswith("/context") else "explorer.html"
    path = settings.build_dir / name if settings.build_dir else None
    if path is None or not path.is_file():
        raise HTTPError(404, "no explorer yet: run 'enschede-kg viz'")
    return FileResponse(
        path,
        media_type="text/html; charset=utf-8",
        headers={"Referrer-Policy": "no-referrer", "Content-Security-Policy": _file_csp(path)},
    )


async def health(request: Request) -> Response:
    """Liveness that means it: 503 when no worker can answer; the data generation served."""
    backend: Backend = request.app.state.backend
    state = backend.health()
    live = state.get("live_workers")
    ok = live is None or live > 0
    direct_front: front.DirectFront | None = request.app.state.front
    direct_counts = {"direct": direct_front.stats()} if direct_front is not None else {}
    return JSONResponse(
        {
            "status": "ok" if ok else "unavailable",
            "version": __version__,
            "backend": backend.name,
            "triples": backend.triples,
            "uptime_s": round(time.monotonic() - request.app.state.started, 1),
            **state,
            **direct_counts,
        },
        status_code=200 if ok else 503,
    )


async def query_page(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    env: jinja2.Environment = request.app.state.templates
    saved = [
        {"name": q.name, "summary": q.summary, "summary_nl": q.summary_nl, "text": q.text}
        for q in queries.saved_queries(settings.queries_dir)
    ]
    html = env.get_template("query.html").render(saved=saved, version=__version__, base=BASE_IRI)
    return HTMLResponse(html, headers={"Content-Security-Policy": QUERY_PAGE_CSP})


#: The query page talks to /sparql (connect-src) and submits to itself (form-action).
QUERY_PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: For HTML whose route names no policy of its own: nothing loads, nothing frames it.
HTML_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
_META_CSP = re.compile(
    rb'<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"', re.IGNORECASE
)


def _file_csp(path: Path) -> str:
    """The policy a generated page carries in its <meta> tag, plus what only a header can say
    (``frame-ancestors``): the same policy, now enforced in full."""
    with path.open("rb") as f:
        head = f.read(65_536)
    found = _META_CSP.search(head)
    if not found:
        return HTML_CSP
    return f"{html.unescape(found.group(1).decode('utf-8', 'replace'))}; frame-ancestors 'none'"


def secure_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """nosniff on every answer; on every HTML answer a CSP (unless the route set its own),
    ``frame-ancestors 'none'`` and no referrer, as HTTP headers."""
    headers = list(headers)
    media = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    headers.append((b"x-content-type-options", b"nosniff"))
    if media.startswith(b"text/html"):
        names = {k.lower() for k, _ in headers}
        if b"content-security-policy" not in names:
            headers.append((b"content-security-policy", HTML_CSP.encode()))
        if b"referrer-policy" not in names:
            headers.append((b"referrer-policy", b"no-referrer"))
        headers.append((b"x-frame-options", b"DENY"))
    return headers


class _Headers:
    """Pure-ASGI middleware: ``secure_headers`` on every answer."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def send_wrapper(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = secure_headers(message.get("headers", []))
            await send(message)

        await self.app(scope, receive, send_wrapper)


class SparqlFront:
    """What ``run`` serves: the app, with a short way in for SPARQL queries.

    A GET or POST to ``/sparql`` without an ``Origin`` header (no CORS answer to add) goes
    straight to the ``sparql`` route, with the same security headers, past Starlette's routing
    and middleware stack (about 30 µs of a cheap query's CPU time in this process, measured
    with wrk). Everything else, and every request from a browser page on another origin, takes
    the app's ordinary way; tests/test_web_http.py checks that both ways answer alike.
    """

    def __init__(self, app: Starlette) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] != "/sparql"
            or scope["method"] not in ("GET", "POST")
            or any(k == b"origin" for k, _ in scope["headers"])
        ):
            await self.app(scope, receive, send)
            return
        scope["app"] = self.app
        response = await sparql(Request(scope, receive))

        async def secured(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = secure_headers(message.get("headers", []))
            await send(message)

        await response(scope, receive, secured)


def create_app(settings: Settings) -> Starlette:
    """The app over the embedded store (``settings.dump``) or a remote one (``sparql_endpoint``)."""
    backend: Backend
    if settings.sparql_endpoint:
        backend = RemoteBackend(
            settings.sparql_endpoint, timeout=settings.timeout, row_cap=settings.row_cap
        )
    else:
        if settings.dump is None:
            raise ValueError("give a dump to serve, or a remote sparql_endpoint")
        backend = EmbeddedBackend(
            settings.dump,
            workers=settings.workers,
            timeout=settings.timeout,
            queue_limit=settings.queue_limit,
            writable=bool(settings.token),
            memory_mb=settings.worker_memory,
            reserved=settings.reserved_workers,
            limits=direct.Limits(
                settings.row_cap, settings.max_answer, settings.max_url, settings.max_body
            )
            if settings.direct
            else None,
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await backend.start()
        # what start-up loaded stays for the server's life: keep the cyclic collector from
        # walking it again and again while requests allocate
        gc.freeze()
        try:
            yield
        finally:
            await backend.close()

    templates = templating.environment(HERE / "templates")
    app = Starlette(
        routes=[
            Route("/", query_page, methods=["GET"]),
            Route("/sparql", sparql, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
            Route("/store", graph_store, methods=["GET", "HEAD", "PUT", "POST", "DELETE"]),
            Route("/admin/reload", reload, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
            Route("/explorer", explorer, methods=["GET", "HEAD"]),
            Route("/explorer/context", explorer, methods=["GET", "HEAD"]),
            Route("/id/{key:path}", deref.dereference, methods=["GET", "HEAD"]),
            Route("/def", deref.prefixed("def"), methods=["GET", "HEAD"]),
            Route("/def.{key}", deref.prefixed("def."), methods=["GET", "HEAD"]),
            Route("/def/{key:path}", deref.prefixed("def/"), methods=["GET", "HEAD"]),
            Route("/graph/{key:path}", deref.prefixed("graph/"), methods=["GET", "HEAD"]),
            Route("/page/{key:path}", deref.page, methods=["GET", "HEAD"]),
            Route("/data/{key:path}", deref.data, methods=["GET", "HEAD"]),
            Route("/.well-known/void", deref.well_known_void, methods=["GET", "HEAD"]),
            Route("/dataset", deref.dataset, methods=["GET", "HEAD"]),
            Route("/dumps/{name}", deref.dump, methods=["GET", "HEAD"]),
            Route("/context/{name}", deref.jsonld_context, methods=["GET", "HEAD"]),
            Route("/sitemap.xml", deref.sitemap, methods=["GET", "HEAD"]),
            Route("/robots.txt", deref.robots, methods=["GET", "HEAD"]),
            Mount(
                "/static",
                StaticFiles(
                    packages=[("enschede_kg.web", "static"), ("enschede_kg.lod", "static")]
                ),
                name="static",
            ),
        ],
        middleware=[
            Middleware(_Headers),
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                allow_credentials=False,
                expose_headers=[
                    "X-SPARQL-Truncated",
                    "X-SPARQL-Row-Cap",
                    *(h.strip() for h in links.EXPOSED.split(",")),
                ],
                max_age=3600,
            ),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.backend = backend
    app.state.templates = templates
    app.state.clients = ClientLimiter(settings.client_limit)
    app.state.front = front.DirectFront(app) if settings.direct else None
    app.state.started = time.monotonic()
    return app


def run(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve with uvicorn (one process; queries run in the worker pool), on uvloop and
    httptools with the request head capped as h11's ``max_incomplete_event_size`` did."""
    import uvicorn

    from enschede_kg.web import http, resident

    app = create_app(settings)
    config = uvicorn.Config(
        SparqlFront(app),
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        http=http.bounded(settings.max_url + 8192, app.state.front),
        loop="none",
        timeout_keep_alive=resident.KEEP_ALIVE,  # the same for connections a worker holds
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    with asyncio.Runner(loop_factory=http.loop_factory()) as runner:
        runner.run(server.serve())
