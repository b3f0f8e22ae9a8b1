"""Every dump of the built graph, written by the store's own serialisers, streaming.

Deterministic output without sorting quads in Python: Oxigraph's in-memory store scans its quads
in an order fixed by what was inserted in which order (not by hash seeds), and the build inserts
in a fixed order: files in sorted order, each parsed front to back, and the few quads made in
Python (passages, derivations, metadata) sorted first. Two builds of the same input therefore give
byte-identical files (``tests/test_build.py`` checks it across processes with different hash
seeds). The graph has no blank nodes; the shapes, which have some, are written apart and
canonicalised.

The single-graph formats hold every triple of every named graph once: the union is one CONSTRUCT
streamed to N-Triples and loaded into a second store, whose set semantics remove the duplicates,
and dumped from there. Only the union store and the files are extra; no quad is held in Python.
JSON-LD is compacted with the ontology's context (``rdf.jsonld``), node by node from the union.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from enschede_kg import config, queries
from enschede_kg.rdf import jsonld, rdfio
from enschede_kg.rdf.iri import rebase
from enschede_kg.rdf.namespaces import BASE_IRI, GRAPHS, PREFIXES

DUMP_NAME = config.DUMP_NAME
#: Formats of the whole dataset (named graphs kept).
DATASET_FORMATS = ("trig", "nquads")
#: Formats of the union of the named graphs as one graph.
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
#: Dumps also written gzip-compressed (``enschede-kg.nq.gz``): the line-based ones, which tools
#: read as streams.
GZIPPED = ("nquads", "ntriples")
_PREFIXED = {"turtle", "trig", "rdfxml", "jsonld"}
#: The media type of a gzip file (RFC 6713), what a gzipped dump is served as.
GZIP_MEDIA_TYPE = "application/gzip"


def dump_name(fmt: str, gz: bool = False) -> str:
    """``enschede-kg.ttl`` for ``turtle``; ``enschede-kg.nq.gz`` for ``nquads`` gzipped."""
    return f"{DUMP_NAME}.{rdfio.FORMATS[fmt].extension}" + (".gz" if gz else "")


@dataclass(frozen=True)
class Dump:
    """One file ``write`` produces: its format, compressed or not.

    The one list (``ALL``) that the dataset description, ``serve`` and the static site take the
    dumps from, so that every file written is listed and every listed file is written.
    """

    fmt: str
    gz: bool = False

    @property
    def name(self) -> str:
        return dump_name(self.fmt, self.gz)

    @property
    def media_type(self) -> str:
        """What the file is served as: the format's, or gzip's for a compressed copy."""
        return GZIP_MEDIA_TYPE if self.gz else rdfio.FORMATS[self.fmt].media_type

    @property
    def slug(self) -> str:
        """``nq-gz`` for ``enschede-kg.nq.gz``: a path segment for its distribution's IRI."""
        return self.name[len(DUMP_NAME) + 1 :].replace(".", "-")


#: Every dump ``write`` produces, in the order it writes them.
ALL: tuple[Dump, ...] = (
    *(Dump(f) for f in (*DATASET_FORMATS, *GRAPH_FORMATS)),
    *(Dump(f, gz=True) for f in GZIPPED),
)


def prefixes(base: str = BASE_IRI) -> dict[str, str]:
    """The project's prefixes, under ``base``."""
    return {k: rebase(v, base) for k, v in PREFIXES.items()}


def _named(name: str, base: str) -> ox.NamedNode:
    return ox.NamedNode(rebase(str(GRAPHS[name]), base))


def _rebase_term(t: ox.NamedNode | ox.Literal | ox.BlankNode, base: str) -> object:
    if isinstance(t, ox.NamedNode) and t.value.startswith(BASE_IRI):
        return ox.NamedNode(rebase(t.value, base))
    # Literals that are IRIs of ours (vann:preferredNamespaceUri, void:uriSpace) follow.
    if (
        isinstance(t, ox.Literal)
        and t.value.startswith(BASE_IRI)
        and not any(c.isspace() for c in t.value)
    ):
        return ox.Literal(rebase(t.value, base), datatype=t.datatype)
    return t


def rebased(quads: Iterator[ox.Quad], base: str) -> Iterator[ox.Quad]:
    """Quads with every IRI minted under the default base moved to ``base`` (a stream)."""
    for q in quads:
        yield ox.Quad(
            _rebase_term(q.subject, base),  # type: ignore[arg-type]
            _rebase_term(q.predicate, base),  # type: ignore[arg-type]
            _rebase_term(q.object, base),  # type: ignore[arg-type]
            _rebase_term(q.graph_name, base),  # type: ignore[arg-type]
        )


def _gzip(path: Path) -> Path:
    """A deterministic gzip copy (no name, no time stamp in the header)."""
    target = path.with_name(path.name + ".gz")
    with (
        open(path, "rb") as src,
        open(target, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz,
    ):
        shutil.copyfileobj(src, gz, 1 << 20)
    return target


def write(
    store: ox.Store, out: Path, work: Path, queries_dir: Path, base: str = BASE_IRI
) -> list[Path]:
    """Write every dump of ``store`` (already rebased) into ``out``; ``work`` is scratch space.

    Oxigraph's serialisers and gzip release the GIL, so they run on a second thread while this
    one compacts the JSON-LD (Python): on two cores the native dumps come almost for free. The
    files are the same whatever the order they finish in; the first error is raised after every
    thread has stopped.
    """
    pre = prefixes(base)
    written: list[Path] = []

    def dump(source: ox.Store, fmt: str, graph: ox.DefaultGraph | None = None) -> None:
        path = out / dump_name(fmt)
        source.dump(
            path,
            rdfio.FORMATS[fmt].ox_format,
            from_graph=graph,
            prefixes=pre if fmt in _PREFIXED else None,
        )
        if fmt in GZIPPED:
            _gzip(path)

    def dataset_dumps() -> None:
        for fmt in DATASET_FORMATS:
            dump(store, fmt)

    def graph_dumps(union: ox.Store) -> None:
        for fmt in GRAPH_FORMATS:
            if fmt != "jsonld":
                dump(union, fmt, ox.DefaultGraph())

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dump") as native:
        # Two phases, each pairing work on different stores (measured: a dump runs up to five
        # times slower while the JSON-LD reads the same store node by node): the dataset dumps
        # beside the union copy (both one scan of the dataset), then the single-graph dumps of
        # the union beside the JSON-LD, compacted from the dataset itself.
        pending = [native.submit(dataset_dumps)]
        try:
            for name, file in (("metadata", "void.ttl"), ("ontology", "ontology.ttl")):
                store.dump(
                    out / file, ox.RdfFormat.TURTLE, from_graph=_named(name, base), prefixes=pre
                )
            union = _union(store, work, queries_dir)
            pending.append(native.submit(graph_dumps, union))
            subjects_q = queries.parse_query_file(queries_dir / "build" / "subjects.rq")
            found = store.query(subjects_q.text, use_default_graph_as_union=True)
            assert isinstance(found, ox.QuerySolutions)
            with open(out / dump_name("jsonld"), "wb") as stream:
                jsonld.write_store(store, stream, base, (row[0] for row in found))
        finally:
            wait(pending)
        for job in pending:
            job.result()
    for fmt in (*DATASET_FORMATS, "void", "ontology", *GRAPH_FORMATS):
        if fmt in ("void", "ontology"):
            written.append(out / f"{fmt}.ttl")
            continue
        written.append(out / dump_name(fmt))
        if fmt in GZIPPED:
            written.append(out / dump_name(fmt, gz=True))
    return written


def _union(store: ox.Store, work: Path, queries_dir: Path) -> ox.Store:
    """Every triple of every named graph once, in the default graph of a second store.

    A CONSTRUCT streamed to N-Triples and bulk-loaded: the store's set semantics remove the
    triples two graphs share. Loaded leniently (IRIs not validated again): the file was just
    written by Oxigraph's own serialiser from validated terms.
    """
    union_dir = Path(tempfile.mkdtemp(prefix="union-", dir=work))
    try:
        triples = union_dir / "union.nt"
        union_q = queries.parse_query_file(queries_dir / "build" / "construct-union.rq")
        result = store.query(union_q.text)
        assert isinstance(result, ox.QueryTriples)
        result.serialize(triples, ox.RdfFormat.N_TRIPLES)
        union = ox.Store()
        union.bulk_load(path=triples, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return union
    finally:
        shutil.rmtree(union_dir, ignore_errors=True)
