"""Content negotiation: the Accept header (with q-values) or a ``format`` parameter picks a format.

Formats come from two tables (results.RESULT_FORMATS for SELECT/ASK, rdfio.FORMATS for graphs);
no if/elif chain decides a media type.
"""

from __future__ import annotations

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


#: What SELECT/ASK answers can be, in order of preference.
RESULT_OFFERS: tuple[Offer, ...] = (
    Offer("json", RESULT_FORMATS["json"].media_type, ("application/json",)),
    Offer("xml", RESULT_FORMATS["xml"].media_type, ("application/xml", "text/xml")),
    Offer("csv", RESULT_FORMATS["csv"].media_type),
    Offer("tsv", RESULT_FORMATS["tsv"].media_type),
)
#: What CONSTRUCT/DESCRIBE answers (and RDF documents) can be, in order of preference.
GRAPH_OFFERS: tuple[Offer, ...] = (
    Offer("turtle", FORMATS["turtle"].media_type, ("application/x-turtle",)),
    Offer("ntriples", FORMATS["ntriples"].media_type),
    Offer("jsonld", FORMATS["jsonld"].media_type, ("application/json",)),
    Offer("rdfxml", FORMATS["rdfxml"].media_type, ("application/xml", "text/xml")),
)
#: Short names accepted by the ``format`` parameter, besides the offer names.
FORMAT_ALIASES = {
    "srj": "json",
    "srx": "xml",
    "ttl": "turtle",
    "nt": "ntriples",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "n-triples": "ntriples",
}


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


def choose(offers: tuple[Offer, ...], accept: str | None, fmt: str | None = None) -> Offer:
    """The offer to use; NotAcceptable when the client accepts none of them."""
    if fmt:
        name = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
        for offer in offers:
            if name in (offer.name, offer.media_type, *offer.aliases):
                return offer
        names = ", ".join(o.name for o in offers)
        raise NotAcceptable(f"format {fmt[:40]!r} is not available here (use one of: {names})")
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    scored = [(_quality(o, ranges)[0], -i, o) for i, o in enumerate(offers)]
    q, _, offer = max(scored, key=lambda t: (t[0], t[1]))
    if q <= 0:
        wanted = ", ".join(o.media_type for o in offers)
        raise NotAcceptable(f"none of the accepted media types can be produced; offered: {wanted}")
    return offer
