"""Benchmark: `analyze --context` asking the store only for the twin-city links it can use,
against the computation before (every twin-city statement of the snapshot read into Python).

Both run in this process on the same store (the built TriG dump), interleaved, ``--runs`` times
each; reported are the medians of wall time and their ratio (before / after):

- projection: ``analytics.context_twinnings`` (``queries/analytics/context-twinnings.rq``) against
  ``analytics.twinnings`` (``twinnings.rq``, all 34,178 statement rows) and the projection's rule
  applied to each in Python, which is what ``project(..., context=True)`` did before;
- whole analysis: ``analytics.analyze(store, context=True)`` against the same analysis on the
  projection built the old way.

Both give the same projection and analysis (checked here, and in tests/test_analytics.py). Run with
``.venv/bin/python benchmarks/context.py [--runs 7]``; the dump is built first when missing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # devtools: the computation before, shared with the tests

import pyoxigraph as ox  # noqa: E402

from devtools.context_reference import project_from_whole_snapshot  # noqa: E402
from enschede_kg import build, config, store  # noqa: E402
from enschede_kg.analyse import analytics  # noqa: E402


def _time(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _pair(before: Callable[[], Any], after: Callable[[], Any], runs: int) -> dict[str, float]:
    b, a = [], []
    for _ in range(runs):
        b.append(_time(before))
        a.append(_time(after))
    return {
        "before_s": statistics.median(b),
        "after_s": statistics.median(a),
        "ratio": statistics.median(b) / statistics.median(a),
    }


def measure(st: ox.Store, runs: int) -> dict[str, Any]:
    after_proj = analytics.project(st, context=True)
    before_proj = project_from_whole_snapshot(st)
    if after_proj != before_proj:
        raise SystemExit("the two computations disagree: fix that before timing them")
    return {
        "statements_read_before": len(analytics.twinnings(st)),
        "statements_read_after": len(analytics.context_twinnings(st)),
        "projection": _pair(
            lambda: project_from_whole_snapshot(st),
            lambda: analytics.project(st, context=True),
            runs,
        ),
        "analyze": _pair(
            lambda: analytics.analyze(st, context=True, projection=project_from_whole_snapshot(st)),
            lambda: analytics.analyze(st, context=True),
            runs,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--build-dir", type=Path, default=None)
    args = parser.parse_args()
    build_dir = args.build_dir or config.default_build_dir()
    if not store.is_fresh(build_dir):
        build.build(build_dir)
    st = store.from_dump(store.dump_path(build_dir))
    print(json.dumps(measure(st, args.runs), indent=1))


if __name__ == "__main__":
    main()
