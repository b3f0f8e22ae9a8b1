"""``sitemap.xml`` and ``robots.txt`` for crawlers, shared by ``serve`` and the static site.

The sitemap lists every HTML page (resources, named graphs, the ontology), so that dataset search
engines and crawlers find all of them without following links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from enschede_kg import graph, queries, templating
from enschede_kg.lod.urls import Urls
from enschede_kg.rdf import iri
from enschede_kg.rdf.namespaces import GRAPHS, ID, ONTOLOGY_IRI

TEMPLATES = Path(__file__).resolve().parent / "templates" / "crawl"
#: The sitemaps protocol's limit of URLs in one file.
MAX_URLS = 50_000


def page_iris(store: ox.Store) -> list[str]:
    """The IRIs that have a page: every resource under ``/id/``, the ontology, the named graphs."""
    query = queries.named("pages", "resources")
    found = queries.run(store, query, {"space": ox.Literal(str(ID))}).rows
    resources = [r["r"].value for r in found if r["r"] is not None]
    imported = [str(iri.graph(name)) for name in graph.context_graphs(store)]
    return [*resources, ONTOLOGY_IRI, *(str(g) for g in GRAPHS.values()), *imported]


def sitemap_xml(
    iris: Iterable[str], site_url: str, urls: Urls, lastmod: dt.date | None = None
) -> bytes:
    """The sitemap of the pages of ``iris`` on the site at ``site_url`` (ending in ``/``)."""
    locations: dict[str, None] = {}  # ordered, without repeats
    for resource in iris:
        page = urls.page(resource)
        if page is not None:
            locations[site_url.rstrip("/") + page] = None
    template = templating.environment(TEMPLATES, compact=True).get_template("sitemap.xml")
    body = template.render(urls=list(locations)[:MAX_URLS], lastmod=lastmod and lastmod.isoformat())
    return body.encode("utf-8")


def robots_txt(site_url: str, disallow: str | None = None) -> bytes:
    """Allow all (but ``disallow``, e.g. the SPARQL endpoint), and point at the sitemap."""
    sitemap = site_url.rstrip("/") + "/sitemap.xml"
    env = templating.environment(TEMPLATES, html=False, compact=True)
    body = env.get_template("robots.txt").render(sitemap=sitemap, disallow=disallow)
    return body.encode("utf-8")
