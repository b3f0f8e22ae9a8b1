"""Every path the app and the static site use for an IRI, built in one place.

An IRI we mint, ``{BASE}id/city/dalian``, dereferences at ``/id/city/dalian``; its HTML page is
``/page/city/dalian`` and its data ``/data/city/dalian.ttl`` (and .jsonld, .nt, .rdf). The ontology
``{BASE}def`` (and every term ``{BASE}def#…``) has ``/page/def`` and ``/data/def.ttl``; a named
graph ``{BASE}graph/data`` has ``/data/graph/data.ttl``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from enschede_kg.rdf.namespaces import BASE_IRI
from enschede_kg.rdf.rdfio import FORMATS

#: The RDF formats a resource is published in, by file extension.
DATA_EXTENSIONS = {f.extension: f for f in FORMATS.values() if not f.is_dataset}
_SEGMENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NOT_UNDER_ID = ("def", "graph")


class NotOurs(ValueError):
    """The path does not name an IRI of this dataset (answer 404)."""


@dataclass(frozen=True)
class Urls:
    """Paths for IRIs under ``base`` (the published base IRI)."""

    base: str = BASE_IRI

    def key(self, iri: str) -> str | None:
        """'id/city/dalian' → 'city/dalian'; 'def#City' → 'def'; None for IRIs not ours."""
        if not iri.startswith(self.base):
            return None
        rest = iri[len(self.base) :].split("#", 1)[0]
        if rest.startswith("id/"):
            return rest[3:]
        if rest.split("/", 1)[0] in _NOT_UNDER_ID:
            return rest
        return None

    def iri(self, key: str) -> str:
        """The IRI for a path key; NotOurs for anything that is not a clean slug path.

        This is where traversal attempts end: only lower-case slug segments pass.
        """
        parts = key.split("/")
        if not key or not all(_SEGMENT.match(p) for p in parts):
            raise NotOurs(key)
        if parts[0] in _NOT_UNDER_ID:
            return self.base + key
        return f"{self.base}id/{key}"

    def page(self, iri: str) -> str | None:
        key = self.key(iri)
        return None if key is None else f"/page/{key}"

    def data(self, iri: str, extension: str | None = None) -> str | None:
        key = self.key(iri)
        if key is None:
            return None
        return f"/data/{key}" + (f".{extension}" if extension else "")

    def deref(self, iri: str) -> str | None:
        """The local path that dereferences an IRI of ours (what a link on a page points to)."""
        if not iri.startswith(self.base):
            return None
        return "/" + iri[len(self.base) :]
