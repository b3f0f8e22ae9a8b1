"""The ASGI app: SPARQL 1.1 Protocol at /sparql, Graph Store Protocol at /store, query page, health.

Reads are public and safe: the text is inspected before it runs (``safety``), evaluation happens
in killable worker processes with a deadline, a row cap and bounded concurrency (``pool``), and
every error is a short plain-text message. Writes (SPARQL Update, Graph Store PUT/POST/DELETE,
reload) need the operator's bearer token; without a configured token they are refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
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
from enschede_kg.errors import LoadError
from enschede_kg.queries.results import RESULT_FORMATS
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import BASE_IRI, PREFIXES, RDF, SD, VOID, W3C_FORMATS
from enschede_kg.web import conneg, deref, pool, safety
from enschede_kg.web.app_support import HTTPError, guard, text_response
from enschede_kg.web.backend import Backend, EmbeddedBackend, RemoteBackend

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
    workers: int = 2
    timeout: float = 10.0
    queue_limit: int = 64
    row_cap: int = 10_000
    max_body: int = 1_000_000
    max_url: int = 16_384
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


def _format(params: list[tuple[str, str]]) -> str | None:
    """The ``format`` parameter; clients such as SPARQLWrapper send it twice (``tsv`` and
    ``text/tab-separated-values``), which is fine as long as both name the same format."""
    values = {v for k, v in params if k == "format"}
    if len(values) <= 1:
        return next(iter(values), None)
    names = {conneg.FORMAT_ALIASES.get(v.lower(), v.lower()) for v in values}
    offers = {
        o.name
        for o in (*conneg.RESULT_OFFERS, *conneg.GRAPH_OFFERS)
        if names & {o.name, o.media_type, *o.aliases}
    }
    if len(offers) == 1 or len(names) == 1:
        return sorted(values)[0]
    raise HTTPError(400, "the 'format' parameters contradict each other")


def _media(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(frozen=True)
class _Operation:
    query: str | None
    update: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    fmt: str | None


async def _read_operation(request: Request, settings: Settings) -> _Operation:
    if len(request.url.query) > settings.max_url:
        raise HTTPError(414, f"request URL longer than {settings.max_url} characters")
    url_params = _params(request.url.query)
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
        update = _one(params, "update") if request.method == "POST" else None
    if query is not None and update is not None:
        raise HTTPError(400, "a request holds either a query or an update, not both")
    dg = tuple(v for k, v in params if k == "default-graph-uri")
    ng = tuple(v for k, v in params if k == "named-graph-uri")
    safety.check_graph_iris(list(dg + ng))
    return _Operation(query, update, dg, ng, _format(params))


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


def _answer(answer: pool.Answer, offer: conneg.Offer, vary: bool = True) -> Response:
    headers = {"Vary": "Accept"} if vary else {}
    if answer.truncated:
        headers["X-SPARQL-Truncated"] = "true"
        headers["X-SPARQL-Row-Cap"] = str(answer.rows)
    media = offer.media_type
    if media.startswith("text/") or media.endswith(("json", "xml")):
        media += "; charset=utf-8"
    return Response(answer.body, headers=headers, media_type=media)


def service_description(request: Request) -> Graph:
    """W3C SPARQL Service Description of this endpoint, with the dataset's VoID."""
    settings: Settings = request.app.state.settings
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("sd", SD)
    endpoint = URIRef(str(request.url.replace(query="", fragment="")))
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


def _graph_response(g: Graph, request: Request, fmt: str | None) -> Response:
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
        safety.inspect(op.update, update=True)
        triples = await backend.update(op.update)
        return text_response(200, f"update applied; {triples} triples")
    if op.query is None:
        return _graph_response(service_description(request), request, op.fmt)
    inspection = safety.inspect(op.query)
    graph_kind = inspection.kind in ("CONSTRUCT", "DESCRIBE")
    offers = conneg.GRAPH_OFFERS if graph_kind else conneg.RESULT_OFFERS
    offer = conneg.choose(offers, request.headers.get("accept"), op.fmt)
    job = pool.Job(
        text=op.query,
        kind=inspection.kind,
        fmt=offer.name,
        default_graphs=op.default_graphs,
        named_graphs=op.named_graphs,
        has_dataset=inspection.has_dataset,
        row_cap=settings.row_cap,
    )
    return _answer(await backend.run(job), offer)


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
        offer = conneg.choose(
            conneg.GRAPH_OFFERS, request.headers.get("accept"), _one(params, "format")
        )
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
        return _answer(answer, offer)
    if request.method not in ("PUT", "POST", "DELETE"):
        raise HTTPError(405, "use GET, PUT, POST or DELETE", {"Allow": "GET, PUT, POST, DELETE"})
    _authorised(request, settings)
    if request.method == "DELETE":
        triples = await backend.write_graph(graph, None, replace=True)
        return text_response(200, f"graph deleted; {triples} triples")
    media = _media(request)
    fmt = next(
        (f for f in rdfio.FORMATS.values() if f.media_type == media and not f.is_dataset), None
    )
    if fmt is None:
        raise HTTPError(415, "send Turtle, N-Triples, JSON-LD or RDF/XML with its media type")
    body = await _body(request, settings.max_body)
    try:
        quads = rdfio.parse_bytes(body, fmt, f"request body ({media})")
    except LoadError as e:
        raise HTTPError(400, str(e)) from None
    triples = await backend.write_graph(graph, quads, replace=request.method == "PUT")
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
        path, media_type="text/html; charset=utf-8", headers={"Referrer-Policy": "no-referrer"}
    )


async def health(request: Request) -> Response:
    backend: Backend = request.app.state.backend
    return JSONResponse(
        {
            "status": "ok",
            "version": __version__,
            "backend": backend.name,
            "triples": backend.triples,
            "uptime_s": round(time.monotonic() - request.app.state.started, 1),
        }
    )


async def query_page(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    env: jinja2.Environment = request.app.state.templates
    saved = [
        {"name": q.name, "summary": q.summary, "summary_nl": q.summary_nl, "text": q.text}
        for q in queries.saved_queries(settings.queries_dir)
    ]
    html = env.get_template("query.html").render(saved=saved, version=__version__, base=BASE_IRI)
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": (
                "default-src 'none'; script-src 'self'; style-src 'self'; "
                "connect-src 'self'; img-src 'self' data:; "
                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
            ),
            "Referrer-Policy": "no-referrer",
        },
    )


class _Headers:
    """Pure-ASGI middleware: nosniff on every answer."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def send_wrapper(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_wrapper)


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
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        safety.warm_up()
        await backend.start()
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
                expose_headers=["X-SPARQL-Truncated", "X-SPARQL-Row-Cap"],
                max_age=3600,
            ),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.backend = backend
    app.state.templates = templates
    app.state.started = time.monotonic()
    return app


def run(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve with uvicorn (one process; queries run in the worker pool)."""
    import uvicorn

    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        h11_max_incomplete_event_size=settings.max_url + 8192,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    asyncio.run(server.serve())
