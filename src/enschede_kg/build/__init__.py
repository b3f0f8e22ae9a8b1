"""The build: load → derive → validate → describe → write every serialisation, atomically.

Every output is generated in memory before the first file is touched; each file is then written
to a temporary name, flushed and renamed, under a lock on the output directory. A failed build
therefore leaves the previous one intact, and two builds cannot interleave their files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from enschede_kg import config, graph
from enschede_kg.build import generations, metadata
from enschede_kg.config import Inputs
from enschede_kg.errors import ValidationFailed
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.iri import rebase
from enschede_kg.rdf.namespaces import BASE_IRI, GRAPHS, PREFIXES
from enschede_kg.validate import Report, validate

DUMP = metadata.DUMP_NAME


@dataclass
class BuildResult:
    """What a build wrote and what it found."""

    out: Path
    files: list[Path]
    triples: dict[str, int]
    report: Report


def _rebase_quads(quads: list[ox.Quad], base: str) -> list[ox.Quad]:
    def term(t: object) -> object:
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

    return [
        ox.Quad(term(q.subject), term(q.predicate), term(q.object), term(q.graph_name))  # type: ignore[arg-type]
        for q in quads
    ]


def _prefixes(base: str) -> dict[str, str]:
    return {k: rebase(v, base) for k, v in PREFIXES.items()}


def render(store: ox.Store, base: str = BASE_IRI) -> dict[str, bytes]:
    """Every output file's name and bytes, for a store that already holds the metadata graph."""
    all_quads = list(graph.quads(store))
    if base != BASE_IRI:
        all_quads = _rebase_quads(all_quads, base)
    prefixes = _prefixes(base)
    out: dict[str, bytes] = {}
    ordered = rdfio.order(all_quads)
    for fmt in metadata.DUMP_FORMATS:
        f = rdfio.FORMATS[fmt]
        out[f"{DUMP}.{f.extension}"] = rdfio.serialize_ordered(ordered, f, prefixes)
    meta_graph = ox.NamedNode(rebase(str(GRAPHS["metadata"]), base))
    onto_graph = ox.NamedNode(rebase(str(GRAPHS["ontology"]), base))
    turtle = rdfio.FORMATS["turtle"]
    out["void.ttl"] = rdfio.serialize(
        [q for q in all_quads if q.graph_name == meta_graph], turtle, prefixes
    )
    out["ontology.ttl"] = rdfio.serialize(
        [q for q in all_quads if q.graph_name == onto_graph], turtle, prefixes
    )
    return out


def counts(store: ox.Store) -> dict[str, int]:
    """Triples per named graph: the curated ones, then the imported context graphs."""
    names = [*GRAPHS, *graph.context_graphs(store)]
    return {name: sum(1 for _ in graph.quads(store, name)) for name in names}


def build(
    out: Path | None = None,
    inputs: Inputs | None = None,
    base: str = BASE_IRI,
) -> BuildResult:
    """Build, validate and write the knowledge graph to ``out``.

    Raises LoadError for a bad input file and ValidationFailed when the graph does not conform;
    in both cases nothing in ``out`` changes.
    """
    out = out or config.default_build_dir()
    inputs = inputs or Inputs()
    store = graph.assemble(inputs)
    report = validate(store, inputs)
    if not report.conforms:
        raise ValidationFailed(report)
    meta = metadata.describe(store, inputs)
    store.extend(rdfio.graph_to_quads(meta, ox.NamedNode(str(GRAPHS["metadata"]))))
    files = render(store, base)
    shapes = rdfio.parse_file(inputs.shapes)
    if base != BASE_IRI:
        shapes = _rebase_quads(shapes, base)
    files["shapes.ttl"] = rdfio.serialize(shapes, rdfio.FORMATS["turtle"], _prefixes(base))
    tally = counts(store)
    info = {"base": base, "triples": tally, "files": sorted([*files, "build.json"])}
    files["build.json"] = (json.dumps(info, indent=1) + "\n").encode()
    with generations.locked(out):
        generations.checkpoint("locked")
        with generations.new_generation(out) as generation:
            generations.checkpoint("store")
            for name in sorted(files):
                (generation / name).write_bytes(files[name])
            generations.checkpoint("written")
    written = [out / name for name in sorted(files)]
    return BuildResult(out=out, files=written, triples=tally, report=report)
