"""Content negotiation: the Accept header (with q-values) or a ``format`` parameter picks a format.

Formats come from two tables (results.RESULT_FORMATS for SELECT/ASK, rdfio.FORMATS for graphs);
no if/elif chain decides a media type.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from enschede_kg.queries.results import RESULT_FORMATS
from enschede_kg.rdf.rdfio import FORMATS


class NotAcceptable(Exception):
    """Nothing the client accepts can be produced: 406."""


@dataclass(frozen=True)
class Offer:
    """A format the server can produce for this answer."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()


#: What SELECT/ASK answers can be, in order of preference. Aliases are the other media types and
#: the short names (``format=srj``) that name the same format.
RESULT_OFFERS: tuple[Offer, ...] = (
    Offer("json", RESULT_FORMATS["json"].media_type, ("application/json", "srj")),
    Offer("xml", RESULT_FORMATS["xml"].media_type, ("application/xml", "text/xml", "srx")),
    Offer("csv", RESULT_FORMATS["csv"].media_type),
    Offer("tsv", RESULT_FORMATS["tsv"].media_type),
)
#: What CONSTRUCT/DESCRIBE answers (and RDF documents) can be, in order of preference. N3 is
#: answered as Turtle (Turtle is N3's RDF subset) and plain XML as RDF/XML, as other servers do.
GRAPH_OFFERS: tuple[Offer, ...] = (
    Offer(
        "turtle",
        FORMATS["turtle"].media_type,
        (
            "application/x-turtle",
            "application/turtle",
            "ttl",
            "n3",
            "text/n3",
            "text/rdf+n3",
            "application/n3",
            "application/rdf+n3",
        ),
    ),
    Offer("ntriples", FORMATS["ntriples"].media_type, ("nt", "n-triples")),
    Offer(
        "jsonld",
        FORMATS["jsonld"].media_type,
        ("application/json", "application/x-json+ld", "json-ld"),
    ),
    Offer("rdfxml", FORMATS["rdfxml"].media_type, ("application/xml", "text/xml", "rdf", "xml")),
)


def parse_accept(header: str) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry; malformed q-values count as 0."""
    out = []
    for pos, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            key, _, value = f.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((media, q, pos))
    return out


def _quality(offer: Offer, ranges: list[tuple[str, float, int]]) -> tuple[float, int]:
    """The q of the most specific matching range (specificity decides, per RFC 9110)."""
    best: tuple[int, float] | None = None
    for media, q, _ in ranges:
        for candidate in (offer.media_type, *offer.aliases):
            main = candidate.partition("/")[0]
            if media == candidate:
                spec = 3
            elif media == f"{main}/*":
                spec = 2
            elif media == "*/*":
                spec = 1
            else:
                continue
            if best is None or spec > best[0]:
                best = (spec, q)
    return (best[1], best[0]) if best else (0.0, 0)


def _by_name(offers: tuple[Offer, ...], value: str) -> Offer | None:
    name = value.strip().lower().split(";")[0].strip()
    return next((o for o in offers if name in (o.name, o.media_type, *o.aliases)), None)


def choose(
    offers: tuple[Offer, ...], accept: str | None, fmt: str | tuple[str, ...] | None = None
) -> Offer:
    """The offer to use; NotAcceptable when the client accepts none of them.

    Clients send the same few Accept headers again and again: short ones are answered from
    a small cache (a pure function of its arguments; refusals are not cached).
    """
    values = (fmt,) if isinstance(fmt, str) else tuple(fmt or ())
    if len(accept or "") + sum(len(v) for v in values) <= 512:
        return _choose_cached(offers, accept, values)
    return _choose(offers, accept, values)


@functools.lru_cache(maxsize=512)
def _choose_cached(offers: tuple[Offer, ...], accept: str | None, fmt: tuple[str, ...]) -> Offer:
    return _choose(offers, accept, fmt)


def _choose(
    offers: tuple[Offer, ...], accept: str | None, fmt: str | tuple[str, ...] | None = None
) -> Offer:
    """The choice itself.

    ``fmt`` holds the values of the ``format`` parameter. Clients send it more than once
    (SPARQLWrapper sends ``json-ld`` and ``application/ld+json,application/x-json+ld``) and
    a value may be a comma list: the first name that this answer can have wins.
    """
    values = (fmt,) if isinstance(fmt, str) else tuple(fmt or ())
    values = tuple(v for v in values if v.strip())
    if values:
        for value in values:
            for item in value.split(","):
                offer = _by_name(offers, item)
                if offer is not None:
                    return offer
        names = ", ".join(o.name for o in offers)
        raise NotAcceptable(
            f"format {values[0][:40]!r} is not available here (use one of: {names})"
        )
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    scored = [(_quality(o, ranges)[0], -i, o) for i, o in enumerate(offers)]
    q, _, offer = max(scored, key=lambda t: (t[0], t[1]))
    if q <= 0:
        wanted = ", ".join(o.media_type for o in offers)
        raise NotAcceptable(f"none of the accepted media types can be produced; offered: {wanted}")
    return offer
