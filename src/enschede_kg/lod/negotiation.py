"""Which representation of an IRI a client gets: one rule for ``serve`` and the static site.

``serve`` applies :func:`choose` to each request; ``publish site`` turns the same tables into
nginx rules and Apache type maps, so that the three servers answer alike. The rule is RFC 9110's
with two tie-breaks that a static server can also apply:

1. the highest q-value wins; a media range that names the type exactly decides that type's
   q-value over ``type/*``, and ``type/*`` over ``*/*``;
2. on equal q, a type the client named wins over one it only matched by a wildcard
   (``text/html, */*`` is a browser asking for HTML, as Apache also reads it);
3. then RDF wins over the page (a client that ranks RDF as high as HTML can read RDF) and the
   formats keep the order of the table (Turtle first).

No ``Accept`` header counts as ``*/*``: the client gets Turtle.

>>> choose(PAGE_VARIANTS, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").name
'html'
>>> choose(PAGE_VARIANTS, "application/rdf+xml, text/turtle, text/html;q=0.2").name
'turtle'
>>> choose(PAGE_VARIANTS, "text/turtle;q=0.5, application/ld+json;q=0.9, text/html;q=0.1").name
'jsonld'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from enschede_kg.rdf.rdfio import FORMATS

#: q-values as RFC 9110 spells them: 0 to 1 with at most three decimals.
_QVALUE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")


class NotAcceptable(ValueError):
    """The client accepts none of the variants (answer 406)."""


@dataclass(frozen=True)
class Variant:
    """One representation: its name, the file extension it is published under, its media type
    and the other media types that a client may name for it."""

    name: str
    extension: str
    media_type: str
    aliases: tuple[str, ...] = ()

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def is_rdf(self) -> bool:
        return self.name != "html"


def _rdf(name: str, *aliases: str) -> Variant:
    f = FORMATS[name]
    return Variant(name, f.extension, f.media_type, aliases)


#: What ``/data/KEY`` can be, in order of preference.
DATA_VARIANTS: tuple[Variant, ...] = (
    _rdf("turtle", "application/x-turtle"),
    _rdf("ntriples"),
    _rdf("jsonld", "application/json"),
    _rdf("rdfxml", "application/xml", "text/xml"),
)
HTML = Variant("html", "html", "text/html", ("application/xhtml+xml",))
#: What ``/id/KEY`` redirects to: the data (in order of preference), else the page.
PAGE_VARIANTS: tuple[Variant, ...] = (*DATA_VARIANTS, HTML)


def parse_accept(header: str) -> list[tuple[str, float]]:
    """(media range, q) per entry of an Accept header, in order; a malformed q-value counts as 0."""
    ranges = []
    for entry in header.split(","):
        media, *params = (p.strip() for p in entry.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                value = value.strip()
                q = float(value) if _QVALUE.match(value) else 0.0
        ranges.append((media.lower(), q))
    return ranges


def rank(variant: Variant, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """(q, specificity) for one variant: 3 named exactly, 2 by ``type/*``, 1 by ``*/*``, 0 not
    at all; among ranges of the same specificity the first one counts."""
    best = (0.0, 0)
    for media, q in ranges:
        for candidate in variant.media_types:
            if media == candidate:
                spec = 3
            elif media == candidate.partition("/")[0] + "/*":
                spec = 2
            elif media == "*/*":
                spec = 1
            else:
                continue
            if spec > best[1]:
                best = (q, spec)
    return best


def choose(variants: tuple[Variant, ...], accept: str | None) -> Variant:
    """The variant to send; NotAcceptable when every variant has q = 0."""
    ranges = parse_accept(accept or "") or [("*/*", 1.0)]
    scored = [(*rank(v, ranges), -i, v) for i, v in enumerate(variants)]
    q, _, _, best = max(scored, key=lambda s: (s[0], s[1], s[2]))
    if q <= 0:
        offered = ", ".join(v.media_type for v in variants)
        raise NotAcceptable(f"none of the accepted media types can be sent; offered: {offered}")
    return best
