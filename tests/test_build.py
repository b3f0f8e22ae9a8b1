"""The build: every format parses back to the same graph, output is deterministic and atomic."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from enschede_kg import build, graph
from enschede_kg.build import generations, metadata
from enschede_kg.config import Inputs
from enschede_kg.errors import BuildLocked, LoadError, ValidationFailed
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import BASE_IRI, DCTERMS, EKG, GRAPHS, ID, RDF, VOID
from tests import rdflib_local

RDFLIB_FORMAT = {
    "ttl": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdf": "xml",
    "trig": "trig",
    "nq": "nquads",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> build.BuildResult:
    return build.build(tmp_path_factory.mktemp("build"))


def _union(store: ox.Store) -> Graph:
    return rdfio.quads_to_graph(graph.quads(store))


@pytest.fixture(scope="module")
def expected(built: build.BuildResult) -> Graph:
    store = ox.Store()
    store.bulk_load(path=str(built.out / "enschede-kg.trig"), format=ox.RdfFormat.TRIG)
    return _union(store)


@pytest.mark.parametrize("ext", sorted(RDFLIB_FORMAT))
def test_every_format_parses_back_to_the_same_graph(
    built: build.BuildResult, expected: Graph, ext: str
) -> None:
    path = built.out / f"enschede-kg.{ext}"
    if ext in ("trig", "nq"):
        ds = Dataset()
        ds.parse(path, format=RDFLIB_FORMAT[ext])
        g = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
    else:
        g = rdflib_local.parse(path, RDFLIB_FORMAT[ext])
    assert len(g) == len(expected)
    assert isomorphic(g, expected), f"{path.name} differs from the built graph"


@pytest.mark.parametrize("ext", ["nq", "nt"])
def test_gzipped_dumps_hold_the_same_bytes(built: build.BuildResult, ext: str) -> None:
    packed = built.out / f"enschede-kg.{ext}.gz"
    assert gzip.decompress(packed.read_bytes()) == (built.out / f"enschede-kg.{ext}").read_bytes()


def test_built_graph_equals_assembled_graph(expected: Graph) -> None:
    """The dump holds what the sources give (plus the metadata graph)."""
    store = graph.assemble()
    content = _union(store)
    assert all(t in expected for t in content)


def test_trig_has_the_four_named_graphs(built: build.BuildResult) -> None:
    ds = Dataset()
    ds.parse(built.out / "enschede-kg.trig", format="trig")
    names = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert {str(g) for g in GRAPHS.values()} <= names


def test_two_builds_give_identical_files(tmp_path: Path, built: build.BuildResult) -> None:
    again = build.build(tmp_path / "again")
    assert [f.name for f in again.files] == [f.name for f in built.files]
    for a, b in zip(again.files, built.files, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_build_in_another_process_gives_identical_files(
    tmp_path: Path, built: build.BuildResult
) -> None:
    """Byte-identical across processes, whatever Python's hash seed (sets order by it)."""
    code = "import sys; from pathlib import Path; from enschede_kg import build; "
    code += "build.build(Path(sys.argv[1]))"
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(out)], env=env, check=True, timeout=600)
        for f in built.files:
            assert (out / f.name).read_bytes() == f.read_bytes(), f"{f.name} (hash seed {seed})"


def test_void_counts_match_the_dumps(built: build.BuildResult) -> None:
    meta = Graph().parse(built.out / "void.ttl", format="turtle")
    d = metadata.DATASET
    assert (d, RDF.type, VOID.Dataset) in meta
    content = ox.Store()
    content.bulk_load(path=str(built.out / "enschede-kg.trig"), format=ox.RdfFormat.TRIG)
    # One count: every distinct triple of the dataset, the description itself included.
    triples = {q.triple for q in content}
    assert int(str(meta.value(d, VOID.triples))) == len(triples) == len(content)
    partitions = {
        meta.value(p, VOID["class"]): int(str(meta.value(p, VOID.entities)))
        for p in meta.objects(d, VOID.classPartition)
    }
    cities = {
        q.subject
        for q in content.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(EKG.City)), None
        )
    }
    assert partitions[EKG.City] == len(cities)
    dumps = {str(u) for u in meta.objects(d, VOID.dataDump)}
    assert dumps == {str(metadata.dump_url(d.fmt, d.gz)) for d in metadata.DUMPS}
    assert meta.value(d, VOID.uriSpace).toPython() == str(ID)  # type: ignore[union-attr]
    assert meta.value(d, DCTERMS.license) is not None


def test_build_info_lists_files_and_counts(built: build.BuildResult) -> None:
    info = json.loads((built.out / "build.json").read_text())
    assert set(info["files"]) == {f.name for f in built.files}
    assert info["triples"] == built.triples


def test_failed_build_leaves_previous_build_intact(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = Inputs.from_root(project)
    build.build(out, inputs)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (project / "data" / "curated" / "zz-broken.ttl").write_text("<https://e/a> <https://e/p> .\n")
    with pytest.raises(LoadError):
        build.build(out, inputs)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before


def test_non_conforming_graph_is_not_written(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (project / "data" / "curated" / "zz-nolabel.ttl").write_text(
        "@prefix ekg: <https://w3id.org/enschede-kg/def#> .\n"
        "<https://w3id.org/enschede-kg/id/city/nowhere> a ekg:City .\n"
    )
    with pytest.raises(ValidationFailed) as info:
        build.build(out, Inputs.from_root(project))
    assert not (out / "enschede-kg.ttl").exists()
    assert any("nowhere" in v.focus for v in info.value.report.errors)  # type: ignore[attr-defined]


def _hold_lock(out: str, ready: object, release: object) -> None:
    with generations.locked(Path(out)):
        ready.set()  # type: ignore[attr-defined]
        release.wait(300)  # type: ignore[attr-defined]


def test_two_builds_cannot_interleave(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path / "out"), ready, release))
    holder.start()
    try:
        assert ready.wait(20)
        with pytest.raises(BuildLocked):
            build.build(tmp_path / "out")
    finally:
        release.set()
        holder.join(10)
    assert not (tmp_path / "out").exists()


def test_write_atomic_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "f.ttl"
    rdfio.write_atomic(target, b"old")
    rdfio.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["f.ttl"]


def test_rebase_rewrites_every_minted_iri(tmp_path: Path) -> None:
    base = "http://127.0.0.1:8000/"
    result = build.build(tmp_path, base=base)
    text = (result.out / "enschede-kg.nt").read_text(encoding="utf-8")
    assert BASE_IRI not in text
    assert f"<{base}id/city/dalian>" in text
