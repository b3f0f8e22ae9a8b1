"""``enschede-kg publish site``: the same pages, data, dumps and metadata as ``serve``, as files.

The generated ``nginx.conf`` and ``.htaccess`` give the same 303 redirects and content negotiation
as ``serve``, so the IRIs work behind a w3id redirect without a Python process. Pages and data lie
under ``files/`` (``files/page/city/dalian.html`` answers ``/page/city/dalian``), where the rules
find them; :mod:`enschede_kg.publish.webserver` says why not at the paths of their URLs.
Everything is rendered in memory first and then written to a fresh directory that replaces the
old one, so a failed run leaves the previous site intact.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from enschede_kg import config, graph, queries
from enschede_kg.build import dumps, metadata
from enschede_kg.errors import EnschedeKGError
from enschede_kg.lod import crawl, links, pages
from enschede_kg.lod.urls import DATA_EXTENSIONS, Urls
from enschede_kg.publish import webserver
from enschede_kg.queries import results
from enschede_kg.rdf import iri, jsonld, rdfio
from enschede_kg.rdf.namespaces import (
    BASE_IRI,
    CONTEXT_FILE,
    CONTEXT_IRI,
    EKG,
    GRAPHS,
    ID,
    ONTOLOGY_IRI,
    PREFIXES,
    VOID,
)
from enschede_kg.store import dump_path

STATIC = Path(__file__).resolve().parents[1] / "lod" / "static"


@dataclass
class Site:
    """What was written."""

    out: Path
    pages: int
    data_files: int


#: Where ``/page/KEY`` and ``/data/KEY.EXT`` lie in the site (as ``KEY.html``, ``KEY.EXT``).
PAGE_DIR = f"{webserver.FILES}/page/"
DATA_DIR = f"{webserver.FILES}/data/"


def _page(key: str) -> str:
    return f"{PAGE_DIR}{key}.html"


def _data(key: str, ext: str) -> str:
    return f"{DATA_DIR}{key}.{ext}"


def _q(name: str, folder: str = "pages") -> queries.SavedQuery:
    return queries.named(folder, name)


def _data_files(key: str, triples: list[ox.Triple]) -> dict[str, bytes]:
    """Every format of a resource's data; JSON-LD compacted with the ontology's context."""
    return {
        _data(key, ext): jsonld.dumps(triples)
        if f.name == "jsonld"
        else results.graph_bytes(triples, f.ox_format, PREFIXES)
        for ext, f in DATA_EXTENSIONS.items()
    }


def site_store(store: ox.Store, sparql: str | None) -> ox.Store:
    """A copy of the built graph whose description names ``sparql`` as its endpoint, or none.

    The build describes ``serve``'s endpoint; a static site has none of its own, so its VoID,
    DCAT, pages and dumps name the endpoint it was given, or no endpoint at all. The dataset's
    ``void:triples`` is counted again, since the description changed.
    """
    meta = ox.NamedNode(str(GRAPHS["metadata"]))
    copy = ox.Store()
    copy.bulk_extend(store)
    for q in rdfio.graph_to_quads(metadata.endpoint_triples(), meta):
        copy.remove(q)
    if sparql is not None:
        added = rdfio.graph_to_quads(metadata.endpoint_triples(URIRef(sparql)), meta)
        copy.extend(sorted(added, key=rdfio.sort_key))
    dataset, triples = ox.NamedNode(str(metadata.DATASET)), ox.NamedNode(str(VOID.triples))
    for q in list(copy.quads_for_pattern(dataset, triples, None, meta)):
        copy.remove(q)
    metadata.stamp_total(copy)
    return copy


def _dumps(store: ox.Store) -> dict[str, bytes]:
    """The dumps and the VoID file of the site's graph, by name (written to scratch space)."""
    scratch = Path(tempfile.mkdtemp(prefix="ekg-site-dumps-"))
    try:
        written = dumps.write(store, scratch, scratch, config.queries_dir())
        return {
            path.name: path.read_bytes()
            for path in written
            if path.name.startswith(f"{metadata.DUMP_NAME}.") or path.name == "void.ttl"
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def render_site(
    store: ox.Store, build_dir: Path, *, site_url: str = BASE_IRI, sparql: str | None = None
) -> dict[str, bytes]:
    """Every file of the site, by relative path.

    ``site_url`` is where the site is reached (the sitemap's URLs); ``sparql`` is the SPARQL
    endpoint that serves the same data, when there is one: the dataset description, the pages
    and the dumps name it only then (a static site has none of its own).
    """
    store = site_store(store, sparql)
    urls = Urls()
    run = pages.store_runner(store)
    files: dict[str, bytes] = {}
    space = {"space": ox.Literal(str(ID))}
    resources = [
        r["r"].value for r in queries.run(store, _q("resources"), space).rows if r["r"] is not None
    ]
    for res in resources:
        key = urls.key(res)
        if key is None:
            continue
        html = pages.render_resource(run, res, urls, sparql=sparql)
        if html is None:
            continue
        files[_page(key)] = html.encode("utf-8")
        described = queries.run(store, _q("describe"), {"r": ox.NamedNode(res)}).triples
        files.update(_data_files(key, described))
    files[_page("def")] = pages.render_ontology(run, urls, sparql=sparql).encode("utf-8")
    graph_query = _q("graph", "web")
    ontology = queries.run(store, graph_query, {"g": ox.NamedNode(str(GRAPHS["ontology"]))})
    files.update(_data_files("def", ontology.triples))
    # Named graphs, as serve answers for them: the curated graphs' data is their content, an
    # imported graph's data its description (its content is in the dumps).
    curated = {str(g) for g in GRAPHS.values()}
    for graph_iri in [*curated, *(str(iri.graph(n)) for n in graph.context_graphs(store))]:
        key = urls.key(graph_iri)
        assert key is not None
        html = pages.render_resource(run, graph_iri, urls, sparql=sparql)
        if html is not None:
            files[_page(key)] = html.encode("utf-8")
        query, var = (graph_query, "g") if graph_iri in curated else (_q("describe"), "r")
        content = queries.run(store, query, {var: ox.NamedNode(graph_iri)})
        files.update(_data_files(key, content.triples))
    for name, data in sorted(_dumps(store).items()):
        files[f"dumps/{name}"] = data
    # The JSON-LD context every data file names, at its IRI (as ``serve`` has it).
    files[CONTEXT_IRI.removeprefix(BASE_IRI)] = CONTEXT_FILE.read_bytes()
    for asset in sorted(STATIC.iterdir()):
        if asset.is_file():
            files[f"static/{asset.name}"] = asset.read_bytes()
    dataset_key = urls.key(str(metadata.DATASET))
    assert dataset_key is not None
    rules = {
        "csp": pages.CSP,
        "dataset_key": dataset_key,
        "license": links.LICENSE,
    }
    files["nginx.conf"] = webserver.nginx_conf(**rules)
    keys = sorted(
        rel[len(DATA_DIR) : -len(".ttl")]
        for rel in files
        if rel.startswith(DATA_DIR) and rel.endswith(".ttl")
    )
    negotiated = [
        webserver.Negotiated(path=str(urls.deref(urls.iri(key))).lstrip("/"), key=key)
        for key in keys
    ]
    files.update(webserver.apache_files(negotiated, **rules))
    files["index.html"] = files[_page(dataset_key)]
    lastmod = dt.datetime.fromtimestamp(dump_path(build_dir).stat().st_mtime, dt.UTC).date()
    files["sitemap.xml"] = crawl.sitemap_xml(crawl.page_iris(store), site_url, urls, lastmod)
    files["robots.txt"] = crawl.robots_txt(site_url)
    assert str(EKG) == ONTOLOGY_IRI + "#"
    return files


def publish_site(out: Path, store: ox.Store, build_dir: Path, *, sparql: str | None = None) -> Site:
    """Render the site and put it at ``out``, replacing what was there only when all is written.

    ``sparql``: the URL of a SPARQL endpoint that serves the same data, to be named (else none).
    """
    files = render_site(store, build_dir, sparql=sparql)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and not (out / "nginx.conf").exists() and any(out.iterdir()):
        raise EnschedeKGError(
            f"{out} exists and is not a published site; choose an empty or new directory"
        )
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel, data in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        os.chmod(staging, 0o755)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    n_pages = sum(1 for rel in files if rel.startswith(PAGE_DIR))
    n_data = sum(1 for rel in files if rel.startswith(DATA_DIR))
    return Site(out=out, pages=n_pages, data_files=n_data)
