"""Dereferencing: every IRI we mint answers, by 303 to its page or its data.

``/id/…``, ``/def`` and ``/graph/…`` answer ``303 See Other``: to ``/page/…`` for browsers and to
``/data/….ttl|jsonld|nt|rdf`` for agents (Accept with q-values, or an extension on the IRI path),
with ``Vary: Accept``. Unknown or malformed paths answer 404 without echoing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from rdflib import Graph
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from enschede_kg import queries
from enschede_kg.build import metadata
from enschede_kg.lod import negotiation
from enschede_kg.lod.urls import DATA_EXTENSIONS, NotOurs, Urls
from enschede_kg.queries import results
from enschede_kg.rdf.namespaces import (
    BASE_IRI,
    CONTEXT_FILE,
    CONTEXT_IRI,
    GRAPHS,
    ONTOLOGY_IRI,
    ONTOLOGY_VERSION_IRI,
)
from enschede_kg.rdf.rdfio import FORMATS
from enschede_kg.web import conneg, pool
from enschede_kg.web.app_support import HTTPError, guard, html_response, text_response

URLS = Urls()
_NOT_FOUND = "not found"
_VERSION_KEY = ONTOLOGY_VERSION_IRI.removeprefix(BASE_IRI)
_DUMPS = {f"{metadata.DUMP_NAME}.{FORMATS[n].extension}" for n in metadata.DUMP_FORMATS}


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
    return RedirectResponse(str(target), status_code=303, headers={"Vary": "Accept"})


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
    backend = request.app.state.backend
    if iri == ONTOLOGY_IRI:
        answer = await backend.run(pool.Job(text=iri, kind="ONTOLOGY", fmt="json"))
    else:
        answer = await backend.run(pool.Job(text=iri, kind="PAGE", fmt="json"))
    if not answer.rows:
        raise HTTPError(404, _NOT_FOUND)
    return html_response(answer.body)


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
    if iri == ONTOLOGY_IRI:
        job = pool.Job(
            text=_query("graph", "web"),
            kind="CONSTRUCT",
            fmt=offer.name,
            row_cap=10**9,
            bindings=(("g", str(GRAPHS["ontology"])),),
        )
    elif iri in {str(g) for g in GRAPHS.values()}:
        job = pool.Job(
            text=_query("graph", "web"),
            kind="CONSTRUCT",
            fmt=offer.name,
            row_cap=10**9,
            bindings=(("g", iri),),
        )
    else:
        job = pool.Job(
            text=_query("describe"),
            kind="CONSTRUCT",
            fmt=offer.name,
            row_cap=10**9,
            bindings=(("r", iri),),
        )
    answer = await request.app.state.backend.run(job)
    if not answer.rows:
        raise HTTPError(404, _NOT_FOUND)
    headers = {"Vary": "Accept"} if vary else {}
    media = offer.media_type + ("" if offer.name == "ntriples" else "; charset=utf-8")
    return Response(answer.body, media_type=media, headers=headers)


@guard
async def well_known_void(request: Request) -> Response:
    path: Path | None = request.app.state.settings.void
    if path is None or not path.exists():
        raise HTTPError(404, _NOT_FOUND)
    offer = conneg.choose(conneg.GRAPH_OFFERS, request.headers.get("accept"))
    if offer.name == "turtle":
        body = path.read_bytes()
    else:
        names = {"ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
        body = (
            Graph()
            .parse(path, format="turtle")
            .serialize(format=names[offer.name], encoding="utf-8")
        )
    return Response(body, media_type=offer.media_type, headers={"Vary": "Accept"})


async def dataset(request: Request) -> Response:
    return RedirectResponse(str(URLS.page(str(metadata.DATASET))), status_code=303)


@guard
async def dump(request: Request) -> Response:
    name = request.path_params["name"]
    build_dir: Path | None = request.app.state.settings.build_dir
    if (name not in _DUMPS and name != "void.ttl") or build_dir is None:
        raise HTTPError(404, _NOT_FOUND)
    path = build_dir / name
    if not path.is_file():
        raise HTTPError(404, _NOT_FOUND)
    ext = name.rsplit(".", 1)[-1]
    media = next(f.media_type for f in FORMATS.values() if f.extension == ext)
    return FileResponse(path, media_type=media)


@guard
async def jsonld_context(request: Request) -> Response:
    """The JSON-LD context of this version of the ontology, from the package, at its IRI."""
    if "/" + CONTEXT_IRI.removeprefix(BASE_IRI) != request.url.path:
        raise HTTPError(404, _NOT_FOUND)
    return FileResponse(CONTEXT_FILE, media_type="application/ld+json")


__all__ = [
    "data",
    "dataset",
    "dereference",
    "dump",
    "jsonld_context",
    "page",
    "text_response",
    "well_known_void",
]
