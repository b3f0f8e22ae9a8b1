"""Strict reading and deterministic writing of RDF, and term conversion between rdflib and Oxigraph.

pyoxigraph parses about ten times faster than rdflib and refuses what rdflib lets through
(relative IRIs without a base, IRIs with spaces, remote JSON-LD contexts), so all input goes
through it; rdflib is used where only it has the feature (pySHACL).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from enschede_kg.errors import LoadError
from enschede_kg.rdf import jsonld
from enschede_kg.rdf.namespaces import XSD


@dataclass(frozen=True)
class Format:
    """One RDF serialisation: name, file extension, media type and its Oxigraph format.

    ``is_dataset`` says whether we write named graphs in it: JSON-LD could hold them, but we
    write it as one graph, like Turtle, so that every graph format has the same content.
    """

    name: str
    extension: str
    media_type: str
    ox_format: ox.RdfFormat
    is_dataset: bool = False


#: Every serialisation the project reads or writes, by name.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "ttl", "text/turtle", ox.RdfFormat.TURTLE),
        Format("ntriples", "nt", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        Format("jsonld", "jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
        Format("rdfxml", "rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML),
        Format("trig", "trig", "application/trig", ox.RdfFormat.TRIG, is_dataset=True),
        Format("nquads", "nq", "application/n-quads", ox.RdfFormat.N_QUADS, is_dataset=True),
    )
}
_BY_EXTENSION = {f.extension: f for f in FORMATS.values()} | {
    "owl": FORMATS["rdfxml"],
    "xml": FORMATS["rdfxml"],
    "json": FORMATS["jsonld"],
}
_XSD_STRING = str(XSD.string)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_POSITION = re.compile(r"at line (\d+)(?: between columns (\d+)| column (\d+))?")


def format_for(path: Path) -> Format:
    """The format of a file, by its extension; LoadError for an unknown one."""
    ext = path.name.rsplit(".", 1)[-1].lower() if "." in path.name else ""
    try:
        return _BY_EXTENSION[ext]
    except KeyError:
        known = ", ".join(sorted(_BY_EXTENSION))
        raise LoadError(
            path, f"unknown RDF file extension '.{ext}' (use one of: {known})"
        ) from None


def parse_file(path: Path, graph: ox.NamedNode | ox.DefaultGraph | None = None) -> list[ox.Quad]:
    """Parse one file completely, or raise LoadError naming the file and line.

    All-or-nothing: the quads are returned only when the whole file parsed. XML DOCTYPEs (entity
    expansion) are refused, and so are relative IRIs (no base is ever given) and remote JSON-LD
    contexts (no loader is ever given).
    """
    fmt = format_for(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LoadError(path, f"cannot read file: {e.strerror}") from None
    quads = parse_bytes(data, fmt, str(path))
    if graph is None:
        return quads
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise LoadError(path, "named graphs are not allowed in curated files; use Turtle")
    return [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]


def load_file(store: ox.Store, path: Path, graph: ox.NamedNode) -> None:
    """Parse one file straight into ``graph`` of ``store``, or raise LoadError (file and line).

    The triple formats go through Oxigraph's bulk loader without a quad ever becoming a Python
    object. RDF/XML (DOCTYPEs refused first), JSON-LD (our context put inline first) and the
    dataset formats (named graphs refused) take ``parse_file``. On a syntax error the file is
    parsed again by ``parse_file`` for the message that names the line; the store then holds part
    of the file and must be dropped.
    """
    fmt = format_for(path)
    if fmt.is_dataset or fmt.name in ("rdfxml", "jsonld"):
        store.bulk_extend(parse_file(path, graph))
        return
    try:
        store.bulk_load(path=path, format=fmt.ox_format, to_graph=graph, lenient=False)
    except OSError as e:
        raise LoadError(path, f"cannot read file: {e.strerror or e}") from None
    except (SyntaxError, ValueError) as e:
        parse_file(path, graph)  # raises the LoadError with file, line and column
        raise LoadError(path, str(e)) from None


def parse_bytes(data: bytes, fmt: Format, origin: str) -> list[ox.Quad]:
    """Parse a whole document strictly; LoadError names ``origin`` and the line."""
    doctype = _DOCTYPE.search(data) if fmt.name == "rdfxml" else None
    if doctype:
        line = data[: doctype.start()].count(b"\n") + 1
        raise LoadError(
            origin,
            "XML DOCTYPE declarations are not allowed (entity expansion); remove the DOCTYPE",
            line,
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad_line = data[: e.start].count(b"\n") + 1
        raise LoadError(origin, "not valid UTF-8; save the file as UTF-8", bad_line) from None
    if fmt.name == "jsonld":
        data = jsonld.inline(data)  # our own context from the package; any other is refused
    try:
        return list(ox.parse(data, format=fmt.ox_format, lenient=False))
    except SyntaxError as e:
        at_line, column = _position(e)
        msg = str(e.msg if hasattr(e, "msg") and e.msg else e)
        msg = _POSITION.sub("", msg).replace("Parser error ", "").strip(" :")
        if "No scheme found" in msg:
            msg += " (relative IRIs are not allowed: write absolute IRIs or use a @prefix)"
        if "LoadDocumentCallback" in msg:
            msg = "remote JSON-LD @context is not allowed; inline the context"
        raise LoadError(origin, msg or "syntax error", at_line, column) from None


def _position(e: SyntaxError) -> tuple[int | None, int | None]:
    if e.lineno:
        return e.lineno, e.offset
    m = _POSITION.search(str(e))
    if not m:
        return None, None
    col = m.group(2) or m.group(3)
    return int(m.group(1)), int(col) if col else None


# --- term conversion ---------------------------------------------------------------------------


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def to_rdflib(term: object) -> Node:
    """Oxigraph term -> rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)  # RDF 1.1: a simple literal is an xsd:string
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r}")


def graph_to_quads(g: Graph, graph_name: ox.NamedNode) -> Iterator[ox.Quad]:
    """Triples of an rdflib graph as Oxigraph quads in one named graph."""
    for s, p, o in g:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph_name)  # type: ignore[arg-type]


def quads_to_graph(quads: Iterable[ox.Quad]) -> Graph:
    """Oxigraph quads (graph names dropped) as an rdflib graph."""
    g = Graph()
    for q in quads:
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g


def sort_key(q: ox.Quad | ox.Triple) -> tuple[str, str, str, str]:
    """Total order on quads so that every serialisation is byte-for-byte deterministic."""
    g = q.graph_name if isinstance(q, ox.Quad) else None
    gname = "" if g is None or isinstance(g, ox.DefaultGraph) else str(g)
    return (gname, str(q.subject), str(q.predicate), str(q.object))


@dataclass(frozen=True)
class Ordered:
    """Quads in a fixed order and their distinct triples in a fixed order, computed once.

    Sorting by string keys dominates writing a large graph; a build writes five formats of the
    same graph, so it orders once and serialises five times.
    """

    quads: list[ox.Quad]
    triples: list[ox.Triple]


def order(quads: Iterable[ox.Quad]) -> Ordered:
    """Canonical blank-node labels (RDFC-1.0, for the SHACL lists) and a total order."""
    items = list(quads)
    if any(isinstance(t, ox.BlankNode) for q in items for t in (q.subject, q.object)):
        dataset = ox.Dataset(items)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        items = list(dataset)
    keyed = sorted(((sort_key(q), q) for q in items), key=lambda kq: kq[0])
    by_triple: dict[ox.Triple, tuple[str, str, str]] = {}
    for key, q in keyed:
        by_triple.setdefault(q.triple, key[1:])
    triples = [t for t, _ in sorted(by_triple.items(), key=lambda tk: tk[1])]
    return Ordered([q for _, q in keyed], triples)


def serialize_ordered(ordered: Ordered, fmt: Format, prefixes: dict[str, str]) -> bytes:
    """Serialise an ordered graph; for a graph format the graph names are dropped."""
    items = ordered.quads if fmt.is_dataset else ordered.triples
    use = prefixes if fmt.name in ("turtle", "trig", "rdfxml", "jsonld") else None
    out = ox.serialize(items, format=fmt.ox_format, prefixes=use)
    assert out is not None
    return bytes(out)


def serialize(quads: Iterable[ox.Quad], fmt: Format, prefixes: dict[str, str]) -> bytes:
    """Serialise in a fixed order (blank nodes canonicalised), so that output is deterministic."""
    return serialize_ordered(order(quads), fmt, prefixes)


# --- atomic output -----------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old or the new content, never a truncated one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
