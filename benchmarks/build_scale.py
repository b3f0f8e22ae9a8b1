"""Benchmark: the build against pyoxigraph loading and dumping the same triples, at 1x/10x/100x.

``.venv/bin/python benchmarks/build_scale.py [--factors 1,10,100] [--runs 2]`` writes the
synthetic projects (``benchmarks/synthetic.py``), then, for each size, runs interleaved, each in
its own child process:

- ours: ``enschede_kg.build.build`` (parse, derive, SHACL on the curated graphs, checks, VoID,
  every dump including gzip);
- baseline: pyoxigraph alone bulk-loading every input file of the same project into an in-memory
  store and dumping it once as TriG — the least any build of these triples must do.

Reported: median wall time and peak memory (the child's VmHWM) of each, and the ratios against the
goals of issue 14 (time at most 3x, memory at most 2x the baseline; 100x within 16 GB). Results
also go to ``build/bench-build-scale.json``. The 100x project (4.5M triples) takes minutes to
write and to build; it stays here, not in the tests.
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


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(mode: str, root: Path, out: Path) -> None:
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
        store.dump(out / "baseline.trig", ox.RdfFormat.TRIG)
        triples = len(store)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "triples": triples}))


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


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,10,100")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    import synthetic

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="enschede-kg-build-scale-") as name:
        tmp = Path(name)
        for factor in (int(f) for f in args.factors.split(",")):
            root = ROOT if factor == 1 else synthetic.write_project(tmp / f"x{factor}", factor)
            ours, base = [], []
            for i in range(args.runs):
                ours.append(run("ours", root, tmp / f"out-{factor}-{i}"))
                base.append(run("baseline", root, tmp / f"base-{factor}-{i}"))
            ok_o = [r for r in ours if not r.get("failed")]
            ok_b = [r for r in base if not r.get("failed")]
            row: dict[str, Any] = {"ours": ours, "baseline": base}
            if ok_o and ok_b:
                t_o = statistics.median(r["seconds"] for r in ok_o)
                t_b = statistics.median(r["seconds"] for r in ok_b)
                m_o = max(r["peak_mb"] for r in ok_o)
                m_b = max(r["peak_mb"] for r in ok_b)
                row.update(
                    triples=ok_o[0]["triples"],
                    time_s=t_o,
                    baseline_time_s=t_b,
                    time_ratio=t_o / t_b,
                    peak_mb=m_o,
                    baseline_peak_mb=m_b,
                    memory_ratio=m_o / m_b,
                )
                print(
                    f"{factor:>4}x {row['triples']:>9} triples: build {t_o:7.2f} s / {m_o:7.0f} MB"
                    f"  pyoxigraph load+dump {t_b:6.2f} s / {m_b:6.0f} MB"
                    f"  ratios {t_o / t_b:5.2f}x time (goal <= {GOALS['time']:g}x),"
                    f" {m_o / m_b:4.2f}x memory (goal <= {GOALS['memory']:g}x)",
                    flush=True,
                )
            else:
                print(f"{factor:>4}x: a run failed: {ours + base}", flush=True)
            results[f"{factor}x"] = row
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench-build-scale.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
