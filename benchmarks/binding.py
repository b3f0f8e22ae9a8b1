"""Benchmark: parameters for a remote endpoint as a VALUES block opening the WHERE group
(``queries.inline``) against the trailing VALUES block used before, on an Oxigraph server.

``.venv/bin/python benchmarks/binding.py [--factor 10] [--runs 5]`` builds the project (or its
synthetic copy ``--factor`` times larger), serves the TriG dump with an Oxigraph server on
127.0.0.1 (in memory, ``devtools.servers``), and for every saved query with the parameter sets of
its golden file times both texts, interleaved, through the same SPARQL protocol client
(``queries.run_remote``). Reported: the median of each and the ratio trailing / leading. Results
go to ``build/bench-binding.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from devtools import servers  # noqa: E402
from enschede_kg import build, queries  # noqa: E402
from enschede_kg.config import Inputs  # noqa: E402
from enschede_kg.queries.inline import inline_values, values_block  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"


def _trailing(text: str, bindings: dict[str, object]) -> str:
    return f"{text.rstrip()}\n{values_block(bindings)}\n"  # type: ignore[arg-type]


def _time(endpoint: str, text: str) -> float:
    started = time.perf_counter()
    queries.run_remote(endpoint, text, timeout=120)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import synthetic

    results = {}
    with tempfile.TemporaryDirectory(prefix="enschede-kg-binding-") as name:
        tmp = Path(name)
        root = ROOT if args.factor == 1 else synthetic.write_project(tmp / "p", args.factor)
        build.build(tmp / "build", Inputs.from_root(root))
        with servers.start_oxigraph(dump=tmp / "build" / "enschede-kg.trig") as server:
            endpoint = server.url
            for q in queries.saved_queries(root / "queries"):
                path = GOLDEN / f"{q.name}.json"
                sets = json.loads(path.read_text()) if path.exists() else []
                for i, params in enumerate(s["params"] for s in sets if s.get("params")):
                    bindings = queries.bind(q, params)
                    lead, trail = inline_values(q.text, bindings), _trailing(q.text, bindings)
                    a, b = [], []
                    for _ in range(args.runs):
                        a.append(_time(endpoint, lead))
                        b.append(_time(endpoint, trail))
                    row = {
                        "params": params,
                        "leading_ms": statistics.median(a),
                        "trailing_ms": statistics.median(b),
                    }
                    row["speed_up"] = row["trailing_ms"] / row["leading_ms"]
                    results[f"{q.name}#{i}"] = row
                    print(
                        f"{q.name:<36} #{i} leading {row['leading_ms']:9.1f} ms  trailing "
                        f"{row['trailing_ms']:9.1f} ms  {row['speed_up']:7.1f}x",
                        flush=True,
                    )
    print(
        f"median speed-up {statistics.median(r['speed_up'] for r in results.values()):.2f}x, "
        f"largest {max(r['speed_up'] for r in results.values()):.0f}x ({args.factor}x graph)"
    )
    (ROOT / "build").mkdir(exist_ok=True)
    target = ROOT / "build" / f"bench-binding-{args.factor}x.json"
    target.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
