"""Minting of every IRI the project makes, so that IRIs stay readable and stable across builds."""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from enschede_kg.rdf import names
from enschede_kg.rdf.namespaces import BASE_IRI, ID, WD

_SLUG_OK = names.SLUG
_QID = re.compile(r"Q[1-9][0-9]*")


def slugify(text: str) -> str:
    """Lower-case ASCII slug: 'Münster' -> 'munster', 'Palo Alto' -> 'palo-alto'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def mint(kind: str, slug: str) -> URIRef:
    """IRI of a resource of one kind: ``mint('city', 'dalian')`` -> ``…/id/city/dalian``.

    Raises ValueError for a kind or slug that is not a readable slug, so that no IRI with
    spaces, capitals or path tricks is ever minted.
    """
    for part in (kind, *slug.split("/")):
        if not _SLUG_OK.match(part):
            raise ValueError(f"not a slug: {part!r} (use lower-case letters, digits and '-')")
    return ID[f"{kind}/{slug}"]


def document(slug: str) -> URIRef:
    """IRI of a source document."""
    return mint("document", slug)


def passage(document_slug: str, paragraph: int, sentence: int) -> URIRef:
    """IRI of one sentence of a source document, by its position."""
    return mint("passage", f"{document_slug}/p{paragraph:02d}s{sentence}")


def rebase(iri: str, base: str) -> str:
    """Rewrite an IRI minted under the default base to another base (for publishing elsewhere)."""
    if not base.endswith(("/", "#")):
        raise ValueError(f"a base IRI must end with '/' or '#': {base!r}")
    return base + iri[len(BASE_IRI) :] if iri.startswith(BASE_IRI) else iri


def imported_graph(kind: str, source: str) -> URIRef:
    """Named graph of one import: ``imported_graph('twinnings', 'wikidata-p190-2016')``.

    Raises ValueError for an unknown kind or a source id that is not a slug.
    """
    return URIRef(names.imported_graph_iri(kind, source))


def graph(name: str) -> URIRef:
    """A named graph by name: a curated one (``data``) or an imported one (``twinnings/…``)."""
    return URIRef(names.graph_iri(name))


#: The name of a named graph of ours (``twinnings/wikidata-p190-2016``), or None.
graph_name = names.graph_name


def wikidata_item(value: str) -> URIRef | None:
    """``Q10002`` or its entity IRI -> the Wikidata item IRI; None for anything else."""
    qid = value[len(str(WD)) :] if value.startswith(str(WD)) else value
    return WD[qid] if _QID.fullmatch(qid) else None


def own_resource(value: str) -> URIRef | None:
    """``id:city/enschede`` or its full IRI -> the IRI, if it is one we could have minted."""
    for prefix in ("id:", str(ID)):
        if value.startswith(prefix):
            kind, _, slug = value[len(prefix) :].partition("/")
            try:
                return mint(kind, slug)
            except ValueError:
                return None
    return None
