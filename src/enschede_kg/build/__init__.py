"""The build: load → derive → validate → describe → write every serialisation, atomically.

Everything happens in Oxigraph: the inputs are parsed straight into an in-memory store, the
derivations, checks and counts are queries on it, and the dumps are written by the store's own
serialisers (``dumps``). Time and memory follow the store rather than Python objects; only the
curated graphs are copied out, for pySHACL.

The output is a new generation of the build directory, switched in one step when complete
(``generations``): a failed or killed build leaves the previous one intact, and two builds
cannot interleave.

Validation (pySHACL) and the metadata are imported when a build runs, not with this package:
the commands that only read a build (``query``, ``serve``) import it for the dump's name and
must not pay for pySHACL's import (a quarter of a second).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from enschede_kg import config, graph
from enschede_kg.build import dumps, generations
from enschede_kg.config import Inputs
from enschede_kg.errors import ValidationFailed
from enschede_kg.graph.entail import entail
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.iri import rebase
from enschede_kg.rdf.namespaces import BASE_IRI, GRAPHS

if TYPE_CHECKING:
    from enschede_kg.validate import Report

DUMP = dumps.DUMP_NAME


@dataclass
class BuildResult:
    """What a build wrote and what it found."""

    out: Path
    files: list[Path]
    triples: dict[str, int]
    report: Report


def counts(store: ox.Store, inputs: Inputs | None = None) -> dict[str, int]:
    """Triples per named graph: the curated ones, then the imported context graphs."""
    from enschede_kg.build import metadata

    inputs = inputs or Inputs()
    names = [*GRAPHS, *graph.context_graphs(store)]
    return {
        name: metadata.graph_triples(store, graph.ox_graph(name).value, inputs) for name in names
    }


def _rebased_store(store: ox.Store, base: str) -> ox.Store:
    """A copy of ``store`` with our IRIs under ``base``: streamed through, never held."""
    target = ox.Store()
    target.bulk_extend(dumps.rebased(iter(store), base))
    return target


def _shapes(inputs: Inputs, base: str) -> bytes:
    shapes = rdfio.parse_file(inputs.shapes)
    if base != BASE_IRI:
        shapes = list(dumps.rebased(iter(shapes), base))
    return rdfio.serialize(shapes, rdfio.FORMATS["turtle"], dumps.prefixes(base))


def final_graph(inputs: Inputs | None = None) -> tuple[ox.Store, int]:
    """The graph a build writes, with its triple count: assembled, described and counted.

    Validation runs on this graph, the VoID/DCAT description included, so that what is written
    is what was checked (once the metadata was added after validating, and the published dump
    failed the shapes).
    """
    from enschede_kg.build import metadata  # pySHACL: only when a build runs

    inputs = inputs or Inputs()
    store = graph.assemble(inputs)
    meta = metadata.describe(store, inputs)
    store.extend(rdfio.graph_to_quads(meta, ox.NamedNode(str(GRAPHS["metadata"]))))
    return store, metadata.stamp_total(store, inputs)


def build(
    out: Path | None = None,
    inputs: Inputs | None = None,
    base: str = BASE_IRI,
) -> BuildResult:
    """Build, validate and write the knowledge graph to ``out``.

    Raises LoadError for a bad input file, ValidationFailed when the graph does not conform and
    BuildLocked when another build is writing ``out``; in every case nothing in ``out`` changes.
    """
    from enschede_kg.build import metadata
    from enschede_kg.validate import validate

    out = out or config.default_build_dir()
    inputs = inputs or Inputs()
    rebase(BASE_IRI, base)  # a bad base fails before anything starts
    with generations.locked(out):
        generations.checkpoint("locked")
        with generations.new_generation(out) as generation:
            work = Path(tempfile.mkdtemp(prefix=".work-", dir=generations.generations_dir(out)))
            try:
                store = graph.load(inputs)
                graph.derive(store, inputs)
                entail(store, inputs.queries)
                meta = metadata.describe(store, inputs)
                meta_graph = ox.NamedNode(str(GRAPHS["metadata"]))
                store.extend(sorted(rdfio.graph_to_quads(meta, meta_graph), key=rdfio.sort_key))
                total = metadata.stamp_total(store, inputs)
                target = store if base == BASE_IRI else _rebased_store(store, base)
                generations.checkpoint("store")
                # The dumps are written into the new generation while the graph is validated:
                # the graph cannot change any more, so what is written is what is checked, and
                # a graph that fails leaves its generation unswitched (removed below). Python
                # work (pySHACL, the JSON-LD) shares one core, Oxigraph's dumps the other.
                with ThreadPoolExecutor(max_workers=1, thread_name_prefix="write") as writer:
                    writing = writer.submit(
                        dumps.write, target, generation, work, inputs.queries, base
                    )
                    report = validate(store, inputs)
                    tally = counts(store, inputs)
                    files = writing.result()
                del store, target
                if not report.conforms:
                    raise ValidationFailed(report)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            (generation / "shapes.ttl").write_bytes(_shapes(inputs, base))
            names = sorted([*(f.name for f in files), "shapes.ttl", "build.json"])
            info = {"base": base, "total": total, "triples": tally, "files": names}
            (generation / "build.json").write_text(json.dumps(info, indent=1) + "\n")
            generations.checkpoint("written")
    return BuildResult(out=out, files=[out / n for n in names], triples=tally, report=report)
