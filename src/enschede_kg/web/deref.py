"""Dereferencing: every IRI we mint answers, by 303 to its page or its data.

``/id/…``, ``/def`` and ``/graph/…`` answer ``303 See Other``: to ``/page/…`` for browsers and to
``/data/….ttl|jsonld|nt|rdf`` for agents (Accept with q-values, or an extension on the IRI path),
with ``Vary: Accept``. The query string goes along: the page reads its language from it
(``/id/city/dalian?lang=en`` → ``/page/city/dalian?lang=en``). Unknown or malformed paths answer
404 without echoing them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from enschede_kg import queries, store
from enschede_kg.build import metadata
from enschede_kg.lod import crawl, links, negotiation
from enschede_kg.lod.urls import DATA_EXTENSIONS, NotOurs, Urls
from enschede_kg.queries import results
from enschede_kg.rdf import jsonld
from enschede_kg.rdf.namespaces import (
    BASE_IRI,
    CONTEXT_FILE,
    CONTEXT_IRI,
    GRAPHS,
    ONTOLOGY_IRI,
    ONTOLOGY_VERSION_IRI,
)
from enschede_kg.rdf.rdfio import FORMATS
from enschede_kg.web import conneg, pool, revalidate
from enschede_kg.web.app_support import HTTPError, guard, html_response, text_response

URLS = Urls()
_NOT_FOUND = "not found"
_VERSION_KEY = ONTOLOGY_VERSION_IRI.removeprefix(BASE_IRI)
_DUMPS = {d.name: d.media_type for d in metadata.DUMPS} | {"void.ttl": FORMATS["turtle"].media_type}


def _split(key: str) -> tuple[str, str | None]:
    """'city/dalian.ttl' → ('city/dalian', 'ttl'); only known extensions count."""
    stem, dot, ext = key.rpartition(".")
    if dot and (ext in DATA_EXTENSIONS or ext == "html") and "/" not in ext:
        return stem, ext
    return key, None


def _iri(key: str) -> str:
    try:
        return URLS.iri(key)
    except NotOurs:
        raise HTTPError(404, _NOT_FOUND) from None


def _query(name: str, folder: str = "pages") -> str:
    return queries.named(folder, name).text


async def _exists(request: Request, iri: str) -> bool:
    if iri == ONTOLOGY_IRI or iri in {str(g) for g in GRAPHS.values()}:
        return True
    job = pool.Job(text=_query("exists"), kind="ASK", fmt="json", bindings=(("r", iri),))
    answer = await request.app.state.backend.run(job)
    return results.ask_answer(answer.body)


def _onward(target: str, request: Request) -> str:
    """The redirect's target with the request's query string, as the static site's rules send it."""
    query = request.url.query
    return f"{target}?{query}" if query else target


def _negotiate(variants: tuple[negotiation.Variant, ...], request: Request) -> negotiation.Variant:
    """The rule the static site's nginx rules and Apache type maps also follow."""
    try:
        return negotiation.choose(variants, request.headers.get("accept"))
    except negotiation.NotAcceptable as e:
        raise HTTPError(406, str(e), {"Vary": "Accept"}) from None


@guard
async def dereference(request: Request) -> Response:
    """303 from an IRI's path to its page or data."""
    key, ext = _split(request.scope.get("ekg_prefix", "") + request.path_params.get("key", ""))
    # The owl:versionIRI (/def/0.2.0) names the ontology of this version: the one served.
    iri = ONTOLOGY_IRI if key == _VERSION_KEY else _iri(key)
    if not await _exists(request, iri):
        raise HTTPError(404, _NOT_FOUND)
    if ext == "html":
        target = URLS.page(iri)
    elif ext:
        target = URLS.data(iri, ext)
    else:
        variant = _negotiate(negotiation.PAGE_VARIANTS, request)
        target = URLS.data(iri, variant.extension) if variant.is_rdf else URLS.page(iri)
    headers = {
        "Vary": "Accept",
        "Cache-Control": links.CACHE_CONTROL,
        # The version IRI is described by the ontology's documents (/data/def.ttl, /page/def).
        "Link": links.for_iri(URLS.key(iri) or key),
        "Access-Control-Allow-Origin": "*",
    }
    return RedirectResponse(_onward(str(target), request), status_code=303, headers=headers)


def prefixed(prefix: str) -> Callable[[Request], Awaitable[Response]]:
    """The same route for /def and /graph/…, whose keys keep their first segment."""

    async def endpoint(request: Request) -> Response:
        request.scope["ekg_prefix"] = prefix
        return await dereference(request)

    return endpoint


@guard
async def page(request: Request) -> Response:
    key = request.path_params["key"]
    if key.endswith(".html"):
        key = key[:-5]
    iri = _iri(key)
    headers = {**revalidate.validators(request, "html"), "Link": links.for_document(key)}
    if revalidate.not_modified(request, headers):
        return revalidate.answer_304(headers)
    backend = request.app.state.backend
    if iri == ONTOLOGY_IRI:
        answer = await backend.run(pool.Job(text=iri, kind="ONTOLOGY", fmt="json"))
    else:
        answer = await backend.run(pool.Job(text=iri, kind="PAGE", fmt="json"))
    if not answer.rows:
        raise HTTPError(404, _NOT_FOUND)
    response = html_response(answer.body)
    response.headers.update(headers)
    return response


@guard
async def data(request: Request) -> Response:
    key, ext = _split(request.path_params["key"])
    if ext == "html":
        raise HTTPError(404, _NOT_FOUND)
    iri = _iri(key)
    if ext:
        offer = next(o for o in conneg.GRAPH_OFFERS if o.name == DATA_EXTENSIONS[ext].name)
        vary = False
    else:
        variant = _negotiate(negotiation.DATA_VARIANTS, request)
        offer = next(o for o in conneg.GRAPH_OFFERS if o.name == variant.name)
        vary = True
    headers = {
        **revalidate.validators(request, offer.name),
        "Link": links.for_document(key),
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": links.EXPOSED,
        **({"Vary": "Accept"} if vary else {}),
    }
    if revalidate.not_modified(request, headers):
        return revalidate.answer_304(headers)
    # JSON-LD is compacted here with the ontology's context, from N-Triples of any backend.
    fmt = "ntriples" if offer.name == "jsonld" else offer.name
    if iri == ONTOLOGY_IRI:
        job = pool.Job(
            text=_query("graph", "web"),
            kind="CONSTRUCT",
            fmt=fmt,
            row_cap=10**9,
            bindings=(("g", str(GRAPHS["ontology"])),),
        )
    elif iri in {str(g) for g in GRAPHS.values()}:
        job = pool.Job(
            text=_query("graph", "web"),
            kind="CONSTRUCT",
            fmt=fmt,
            row_cap=10**9,
            bindings=(("g", iri),),
        )
    else:
        job = pool.Job(
            text=_query("describe"),
            kind="CONSTRUCT",
            fmt=fmt,
            row_cap=10**9,
            bindings=(("r", iri),),
        )
    answer = await request.app.state.backend.run(job)
    if not answer.rows:
        raise HTTPError(404, _NOT_FOUND)
    media = offer.media_type + ("" if offer.name == "ntriples" else "; charset=utf-8")
    body = answer.body
    if offer.name == "jsonld":
        body = jsonld.dumps(q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    return Response(body, media_type=media, headers=headers)


@guard
async def well_known_void(request: Request) -> Response:
    path: Path | None = request.app.state.settings.void
    if path is None or not path.exists():
        raise HTTPError(404, _NOT_FOUND)
    offer = conneg.choose(conneg.GRAPH_OFFERS, request.headers.get("accept"))
    headers = {
        **revalidate.validators(request, offer.name),
        "Vary": "Accept",
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": links.EXPOSED,
    }
    if revalidate.not_modified(request, headers):
        return revalidate.answer_304(headers)
    if offer.name == "turtle":
        body = path.read_bytes()
    elif offer.name == "jsonld":
        body = jsonld.dumps(q.triple for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    else:
        names = {"ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
        body = (
            Graph()
            .parse(path, format="turtle")
            .serialize(format=names[offer.name], encoding="utf-8")
        )
    return Response(body, media_type=offer.media_type, headers=headers)


async def dataset(request: Request) -> Response:
    return RedirectResponse(_onward(str(URLS.page(str(metadata.DATASET))), request), 303)


@guard
async def dump(request: Request) -> Response:
    name = request.path_params["name"]
    build_dir: Path | None = request.app.state.settings.build_dir
    if name not in _DUMPS or build_dir is None:
        raise HTTPError(404, _NOT_FOUND)
    path = build_dir / name
    if not path.is_file():
        raise HTTPError(404, _NOT_FOUND)
    media = _DUMPS[name]
    headers = {
        "Cache-Control": links.CACHE_CONTROL,
        "Link": links.for_dump(),
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": links.EXPOSED,
    }
    response = FileResponse(path, media_type=media, headers=headers, stat_result=path.stat())
    if revalidate.not_modified(request, response.headers):
        return revalidate.answer_304(response.headers)
    return response


@guard
async def jsonld_context(request: Request) -> Response:
    """The JSON-LD context of this version of the ontology, from the package, at its IRI."""
    if "/" + CONTEXT_IRI.removeprefix(BASE_IRI) != request.url.path:
        raise HTTPError(404, _NOT_FOUND)
    return FileResponse(CONTEXT_FILE, media_type="application/ld+json")


@guard
async def sitemap(request: Request) -> Response:
    """Every page, for crawlers; built from the dump the server loaded, once per version."""
    dump: Path | None = request.app.state.settings.dump
    if dump is None or not dump.is_file():
        raise HTTPError(404, _NOT_FOUND)
    headers = revalidate.validators(request, "xml")
    if revalidate.not_modified(request, headers):
        return revalidate.answer_304(headers)
    site_url = str(request.base_url)
    body = _sitemap(dump, dump.stat().st_mtime_ns, site_url)
    return Response(body, media_type="application/xml", headers=headers)


@lru_cache(maxsize=2)
def _sitemap(dump: Path, version: int, site_url: str) -> bytes:
    iris = crawl.page_iris(store.from_dump(dump))
    modified = dt.datetime.fromtimestamp(version / 1e9, dt.UTC).date()
    return crawl.sitemap_xml(iris, site_url, URLS, modified)


async def robots(request: Request) -> Response:
    body = crawl.robots_txt(str(request.base_url))
    return Response(body, media_type="text/plain; charset=utf-8")


__all__ = [
    "data",
    "dataset",
    "dereference",
    "dump",
    "jsonld_context",
    "page",
    "robots",
    "sitemap",
    "text_response",
    "well_known_void",
]
