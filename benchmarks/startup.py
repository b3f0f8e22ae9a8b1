"""Benchmark: `enschede-kg query 01` against a minimal script doing the same, start to finish.

Both run as fresh processes on the same built TriG dump, interleaved, ``--runs`` times each; the
figure is the ratio of the medians of wall time (target: at most 1.5x). The minimal script is
what a researcher would write by hand: import pyoxigraph, bulk-load the dump, run the saved query
over the union of the graphs, print the results as JSON. Run with
``.venv/bin/python benchmarks/startup.py [--runs 15]``; the dump is built first when missing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from enschede_kg import build, config, queries, store  # noqa: E402

TARGET = 1.5
MINIMAL = """
import sys
import pyoxigraph as ox
st = ox.Store()
st.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TRIG)
text = open(sys.argv[2], encoding="utf-8").read()
answer = st.query(text, use_default_graph_as_union=True)
sys.stdout.buffer.write(answer.serialize(format=ox.QueryResultsFormat.JSON))
"""


_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time of one fresh process."""
    cpu, started = _cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, timeout=120, env=_ENV)
    return time.perf_counter() - started, _cpu() - cpu


def measure(build_dir: Path, runs: int) -> dict[str, float]:
    dump = store.dump_path(build_dir)
    query = queries.resolve("01", config.Inputs().queries)
    ours = [sys.executable, "-m", "enschede_kg", "query", "01", "--build-dir", str(build_dir)]
    ours += ["--format", "json"]
    minimal = [sys.executable, "-c", MINIMAL, str(dump), str(query.path)]
    _run(ours), _run(minimal)  # warm the page cache
    a, b = [], []
    for _ in range(runs):
        a.append(_run(ours))
        b.append(_run(minimal))

    def median(xs: list[tuple[float, float]], i: int) -> float:
        return statistics.median(x[i] for x in xs)

    return {
        "enschede_kg_query_s": median(a, 0),
        "minimal_script_s": median(b, 0),
        "ratio": median(a, 0) / median(b, 0),
        "enschede_kg_query_cpu_s": median(a, 1),
        "minimal_script_cpu_s": median(b, 1),
        "ratio_cpu": median(a, 1) / median(b, 1),
        "target": TARGET,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--build-dir", type=Path, default=None)
    args = parser.parse_args()
    build_dir = args.build_dir or config.default_build_dir()
    if not store.is_fresh(build_dir):
        build.build(build_dir)
    figures = measure(build_dir, args.runs)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
