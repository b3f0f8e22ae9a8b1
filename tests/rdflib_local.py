"""rdflib over our documents without a network: the JSON-LD context comes from the package.

rdflib's JSON-LD parser fetches a remote ``@context`` itself and cannot be given a loader, so our
documents (which name the ontology's context by its IRI) are handed to it with the shipped
context put inline (``enschede_kg.rdf.jsonld.inline``): the same bytes otherwise.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from enschede_kg.rdf import jsonld


def parse(source: bytes | str | Path, fmt: str) -> Graph:
    """A graph from a file or a body, in rdflib's format name (``json-ld``, ``turtle``, …)."""
    data = source.read_bytes() if isinstance(source, Path) else source
    if isinstance(data, str):
        data = data.encode("utf-8")
    if fmt == "json-ld":
        data = jsonld.inline(data)
        assert b'"@context":"http' not in data[:200], "a remote context would be fetched"
    return Graph().parse(data=data, format=fmt)
