"""Benchmark: the build against pyoxigraph loading and dumping the same triples, at 1x/10x/100x.

``.venv/bin/python benchmarks/build_scale.py [--factors 1,10,100] [--runs 2]`` writes the
synthetic projects (``benchmarks/synthetic.py``), then, for each size, runs interleaved, each in
its own child process:

- ours: ``enschede_kg.build.build`` (parse, derive, SHACL on the curated graphs, checks, VoID,
  every dump including gzip);
- baseline ``load+trig``: pyoxigraph alone bulk-loading every input file of the same project into
  an in-memory store and dumping it once as TriG — the least any build of these triples must do;
- baseline ``load+dumps``: pyoxigraph alone loading the same files and writing the same eight
  dumps the build publishes with its own serialisers and nothing else: TriG and N-Quads of the
  dataset, the union of the graphs (a CONSTRUCT streamed to N-Triples and loaded into a second
  store, which removes the triples two graphs share) as Turtle, N-Triples, RDF/XML and
  Oxigraph's JSON-LD, and gzip copies of N-Triples and N-Quads — the least any build that
  publishes these files must do. What the build does beyond it (derivations, SHACL, checks,
  VoID/DCAT, JSON-LD compacted with the context) is what the ratio measures.

Then, in another child, every check (``queries/checks``), derivation (``queries/derive``, the
entailments included) and saved query (with the first parameter set of its golden file) runs on
the built N-Quads dump (median of 3): the time at each size and its growth against the previous
size per triple (1.0 = linear; the issue asks every check and derivation to be linear).

Reported: median wall time and peak memory (the child's VmHWM) of each, and the ratios against
both baselines with the goals of issue 14 (time at most 3x, memory at most 2x; 100x within
16 GB). Results also go to ``build/bench-build-scale.json``. The 100x project (4.5M triples)
takes minutes to write and to build; it stays here, not in the tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

GOALS = {"time": 3.0, "memory": 2.0, "max_mb_100x": 16 * 1024}
#: The build first, then each baseline; every size runs them in this order, ``--runs`` times.
MODES = ("ours", "load+dumps", "load+trig")


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(mode: str, root: Path, out: Path) -> None:
    if mode == "queries":
        child_queries(out)
        return
    start = time.perf_counter()
    if mode == "ours":
        from enschede_kg import build
        from enschede_kg.config import Inputs

        result = build.build(out, Inputs.from_root(root))
        triples = sum(result.triples.values())
    else:
        import pyoxigraph as ox

        from enschede_kg.config import Inputs
        from enschede_kg.rdf import iri, rdfio

        store = ox.Store()
        for path, name in Inputs.from_root(root).files():
            store.bulk_load(
                path=path,
                format=rdfio.format_for(path).ox_format,
                to_graph=ox.NamedNode(str(iri.graph(name))),
            )
        out.mkdir(parents=True, exist_ok=True)
        if mode == "load+trig":
            store.dump(out / "baseline.trig", ox.RdfFormat.TRIG)
        else:
            _same_dumps(store, out)
        triples = len(store)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "triples": triples}))


def child_queries(out: Path) -> None:
    """Each check, derivation and saved query on the build in ``out``: median ms of 3."""
    import pyoxigraph as ox

    from enschede_kg import queries

    store = ox.Store()
    store.bulk_load(path=out / "enschede-kg.nq", format=ox.RdfFormat.N_QUADS)
    qdir = ROOT / "queries"
    cases: list[tuple[str, Any, dict[str, Any]]] = []
    for q in queries.checks(qdir / "checks"):
        cases.append((f"check {q.name}", q, {}))
    for q in queries.derivations(qdir / "derive"):
        cases.append((f"derive {q.name}", q, {}))
    for q in queries.derivations(qdir / "derive" / "entailments"):
        cases.append((f"entail {q.name}", q, {}))
    for q in queries.saved_queries(qdir):
        golden = ROOT / "tests" / "golden" / f"{q.name}.json"
        sets = json.loads(golden.read_text(encoding="utf-8")) if golden.exists() else [{}]
        params = dict(sets[0].get("params", {})) if sets else {}
        cases.append((f"query {q.name}", q, queries.bind(q, params)))
    times = {}
    for label, q, bindings in cases:
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            queries.run(store, q, bindings)
            runs.append((time.perf_counter() - start) * 1000)
        times[label] = statistics.median(runs)
    print(json.dumps({"ms": times, "triples": len(store)}))


def _same_dumps(store: object, out: Path) -> None:
    """The eight files of a build, written by pyoxigraph alone (see the module's docstring)."""
    import gzip
    import shutil

    import pyoxigraph as ox

    from enschede_kg.rdf.namespaces import PREFIXES

    assert isinstance(store, ox.Store)
    prefixes = dict(PREFIXES)
    store.dump(out / "b.trig", ox.RdfFormat.TRIG, prefixes=prefixes)
    store.dump(out / "b.nq", ox.RdfFormat.N_QUADS)
    union_nt = out / "union.nt"
    # The same union query as the build's (queries/build/construct-union.rq).
    result = store.query((ROOT / "queries" / "build" / "construct-union.rq").read_text("utf-8"))
    assert isinstance(result, ox.QueryTriples)
    result.serialize(union_nt, ox.RdfFormat.N_TRIPLES)
    union = ox.Store()
    union.bulk_load(path=union_nt, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    union_nt.unlink()
    for name, fmt in (
        ("b.ttl", ox.RdfFormat.TURTLE),
        ("b.nt", ox.RdfFormat.N_TRIPLES),
        ("b.rdf", ox.RdfFormat.RDF_XML),
        ("b.jsonld", ox.RdfFormat.JSON_LD),
    ):
        union.dump(out / name, fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
    for name in ("b.nt", "b.nq"):
        with (
            open(out / name, "rb") as src,
            gzip.GzipFile(out / f"{name}.gz", "wb", compresslevel=6, mtime=0) as gz,
        ):
            shutil.copyfileobj(src, gz, 1 << 20)


def run(mode: str, root: Path, out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(root), str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    if done.returncode != 0:
        return {"failed": True, "stderr": done.stderr[-1500:]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _query_growth(results: dict[str, Any]) -> None:
    """Each query's time per size, and its growth per triple from one size to the next."""
    sizes = [(k, r["queries"]) for k, r in results.items() if "ms" in r.get("queries", {})]
    if not sizes:
        return
    print(f"\n{'query, ms at':<52}" + "".join(f"{k:>10}" for k, _ in sizes) + "  growth/triple")
    worst: list[tuple[float, str]] = []
    for label in sizes[0][1]["ms"]:
        ms = [q["ms"][label] for _, q in sizes]
        growth = [
            (ms[i] / max(ms[i - 1], 0.05)) / (sizes[i][1]["triples"] / sizes[i - 1][1]["triples"])
            for i in range(1, len(sizes))
        ]
        worst += [(g, label) for g in growth]
        print(
            f"{label[:52]:<52}"
            + "".join(f"{m:10.1f}" for m in ms)
            + "  "
            + " ".join(f"{g:4.2f}" for g in growth)
        )
    top = max(worst, default=(0.0, ""))
    print(f"largest growth per triple: {top[0]:.2f} ({top[1]})", flush=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,10,100")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    print(
        f"goals: time <= {GOALS['time']:g}x, memory <= {GOALS['memory']:g}x a baseline", flush=True
    )
    import synthetic

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="enschede-kg-build-scale-") as name:
        tmp = Path(name)
        for factor in (int(f) for f in args.factors.split(",")):
            root = ROOT if factor == 1 else synthetic.write_project(tmp / f"x{factor}", factor)
            runs: dict[str, list[dict[str, Any]]] = {m: [] for m in MODES}
            for i in range(args.runs):
                for mode in MODES:
                    runs[mode].append(run(mode, root, tmp / f"{mode}-{factor}-{i}"))
            row: dict[str, Any] = {"runs": runs}
            ok = {m: [r for r in rs if not r.get("failed")] for m, rs in runs.items()}
            if all(ok.values()):
                time_s = {m: statistics.median(r["seconds"] for r in rs) for m, rs in ok.items()}
                peak = {m: max(r["peak_mb"] for r in rs) for m, rs in ok.items()}
                row.update(triples=ok["ours"][0]["triples"], time_s=time_s, peak_mb=peak)
                line = f"{factor:>4}x {row['triples']:>9} triples: build {time_s['ours']:7.2f} s"
                line += f" / {peak['ours']:6.0f} MB"
                for base in MODES[1:]:
                    row[f"time_ratio_{base}"] = time_s["ours"] / time_s[base]
                    row[f"memory_ratio_{base}"] = peak["ours"] / peak[base]
                    line += (
                        f" | {base} {time_s[base]:6.2f} s / {peak[base]:5.0f} MB:"
                        f" {row[f'time_ratio_{base}']:5.2f}x time, "
                        f"{row[f'memory_ratio_{base}']:4.2f}x memory"
                    )
                print(line, flush=True)
            else:
                print(f"{factor:>4}x: a run failed: {runs}", flush=True)
            if ok["ours"]:
                row["queries"] = run("queries", root, tmp / f"ours-{factor}-0")
            results[f"{factor}x"] = row
    _query_growth(results)
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench-build-scale.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
