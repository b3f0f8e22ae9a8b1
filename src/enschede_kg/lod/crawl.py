"""``sitemap.xml`` and ``robots.txt`` for crawlers, shared by ``serve`` and the static site.

The sitemap lists every HTML page (resources, named graphs, the ontology), so that dataset search
engines and crawlers find all of them without following links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import jinja2
import pyoxigraph as ox

from enschede_kg import queries
from enschede_kg.lod.urls import Urls
from enschede_kg.rdf.namespaces import GRAPHS, ID, ONTOLOGY_IRI

TEMPLATES = Path(__file__).resolve().parent / "templates" / "crawl"
#: The sitemaps protocol's limit of URLs in one file.
MAX_URLS = 50_000


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def page_iris(store: ox.Store, extra_graphs: Iterable[str] = ()) -> list[str]:
    """The IRIs that have a page: every resource under ``/id/``, the ontology, the named graphs."""
    query = queries.named("pages", "resources")
    found = queries.run(store, query, {"space": ox.Literal(str(ID))}).rows
    resources = [r["r"].value for r in found if r["r"] is not None]
    return [*resources, ONTOLOGY_IRI, *(str(g) for g in GRAPHS.values()), *extra_graphs]


def sitemap_xml(
    iris: Iterable[str], site_url: str, urls: Urls, lastmod: dt.date | None = None
) -> bytes:
    """The sitemap of the pages of ``iris`` on the site at ``site_url`` (ending in ``/``)."""
    locations = []
    for iri in iris:
        page = urls.page(iri)
        if page is not None and page not in locations:
            locations.append(site_url.rstrip("/") + page)
    template = _environment().get_template("sitemap.xml")
    body = template.render(urls=locations[:MAX_URLS], lastmod=lastmod and lastmod.isoformat())
    return body.encode("utf-8")


def robots_txt(site_url: str, disallow: str | None = None) -> bytes:
    """Allow all (but ``disallow``, e.g. the SPARQL endpoint), and point at the sitemap."""
    sitemap = site_url.rstrip("/") + "/sitemap.xml"
    body = _environment().get_template("robots.txt").render(sitemap=sitemap, disallow=disallow)
    return body.encode("utf-8")
