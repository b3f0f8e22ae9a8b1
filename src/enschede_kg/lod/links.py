"""HTTP headers that every server of ours sends alike: caching and ``Link`` (RFC 8288).

``serve`` builds them per request; the static site's nginx and Apache rules spell the same
headers in their own syntax (``publish/templates/site``), and the tests compare the three.
A ``Link`` header lets an agent that fetched one representation find the others, the licence and
the dataset without parsing the body.
"""

from __future__ import annotations

from enschede_kg.build import metadata
from enschede_kg.lod import negotiation

#: Caches may keep an answer for an hour and must then revalidate it (ETag / Last-Modified).
CACHE_CONTROL = "public, max-age=3600, must-revalidate"
#: The licence of the data, as a human-readable deed.
LICENSE = str(metadata.DATA_LICENSE_DEED)
#: Headers a script on another origin may read (CORS).
EXPOSED = "ETag, Last-Modified, Link, Content-Location"


def _link(target: str, rel: str, media_type: str | None = None) -> str:
    typed = f'; type="{media_type}"' if media_type else ""
    return f'<{target}>; rel="{rel}"{typed}'


def for_document(key: str) -> str:
    """A page or a data file: the licence, the dataset, and every format of it (itself included,
    so that the header is the same for all of them)."""
    return ", ".join(
        [
            _link(LICENSE, "license"),
            _link("/dataset", "collection"),
            _link(f"/page/{key}", "alternate", "text/html"),
            *(
                _link(f"/data/{key}.{v.extension}", "alternate", v.media_type)
                for v in negotiation.DATA_VARIANTS
            ),
        ]
    )


def for_iri(key: str) -> str:
    """The 303 from an IRI: the documents that describe it."""
    return ", ".join(
        [
            _link(f"/data/{key}.ttl", "describedby", "text/turtle"),
            _link(f"/page/{key}", "describedby", "text/html"),
        ]
    )


def for_dump() -> str:
    return ", ".join([_link(LICENSE, "license"), _link("/dataset", "collection")])
