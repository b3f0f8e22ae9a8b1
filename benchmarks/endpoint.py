"""Benchmark: /sparql throughput and latency of ``enschede-kg serve`` against an in-memory
Oxigraph server, on the same dump, in one run, interleaved.

Run with ``make bench-endpoint`` (or ``.venv/bin/python benchmarks/endpoint.py``; needs Debian's
``wrk``). It builds the graph and starts two servers on 127.0.0.1 holding the same TriG dump:

* ours, ``enschede-kg serve`` with every safety measure on (inspection in the sandboxed workers,
  deadlines, memory and byte caps, a worker kept for pages, the per-client limit raised to 64 so
  that wrk's 32 connections from one address are not refused);
* the baseline, ``oxigraph serve`` with no ``--location`` (Oxigraph's in-memory store, Rust),
  loaded with the same dump through its Graph Store endpoint, ``--union-default-graph``.

Two workloads, each at 1, 8 and 32 connections, each request a distinct query text (so no parse
or answer cache can help either server):

* ``lookup``: the labels of one resource, cycling through every subject of the graph;
* ``saved``: the project's saved queries, each request with a unique trailing comment.

Runs alternate between the two servers (ours, Oxigraph, ours, Oxigraph …) for ``--rounds``
rounds; the table reports each server's median requests/s and the ratio ours/Oxigraph.
Everything stays on 127.0.0.1 and every load run is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from enschede_kg import build, queries  # noqa: E402

LUA = """
local bodies = {}
for line in io.lines(os.getenv("EKG_BODIES")) do table.insert(bodies, line) end
local i = 0
local offset = tonumber(os.getenv("EKG_OFFSET") or "0")
setup = function(thread)
  thread:set("first", offset)
  offset = offset + math.floor(#bodies / 4)
end
init = function(args) i = first or 0 end
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded",
                                  ["Accept"] = "application/sparql-results+json"}, bodies[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""
LABELS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?label WHERE {{ <{iri}> rdfs:label ?label }}"
)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait(url: str, proc: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up") from None
            time.sleep(0.2)


@contextmanager
def process(cmd: list[str], probe: str) -> Iterator[None]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait(probe, proc)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def wrk(url: str, bodies: Path, connections: int, seconds: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA)
        script = f.name
    threads = min(2, connections)
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            "--timeout",
            "30s",
            "-s",
            script,
            url,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "EKG_BODIES": str(bodies)},
        timeout=seconds + 60,
        check=True,
    ).stdout
    os.unlink(script)
    m = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    if not m:
        raise RuntimeError(out)
    n, duration_us, p50, p99, errors = map(int, m.groups())
    return {
        "rps": n / (duration_us / 1e6),
        "p50_ms": p50 / 1000,
        "p99_ms": p99 / 1000,
        "errors": errors,
    }


def _ratio(ours: float, base: float) -> float:
    """ours / base; infinite when the baseline answered nothing in the run (all timed out)."""
    return ours / base if base else float("inf")


def workloads(dump: Path, out: Path, size: int = 40_000) -> dict[str, Path]:
    """One file of form-encoded request bodies per workload, every body a distinct text."""
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.TRIG)
    subjects = sorted({str(q.subject.value) for q in store if isinstance(q.subject, ox.NamedNode)})
    saved = [q.text for q in queries.saved_queries()]
    texts = {
        "lookup": [LABELS.format(iri=subjects[i % len(subjects)]) + f" # {i}" for i in range(size)],
        "saved": [f"{saved[i % len(saved)].rstrip()}\n# request {i}\n" for i in range(size)],
    }
    files = {}
    for name, items in texts.items():
        path = out / f"bench-{name}.txt"
        path.write_text("\n".join(urllib.parse.urlencode({"query": t}) for t in items) + "\n")
        files[name] = path
    return files


def load_oxigraph(base: str, dump: Path) -> None:
    """Put the dump into an in-memory ``oxigraph serve`` through its Graph Store endpoint."""
    request = urllib.request.Request(
        f"{base}/store",
        data=dump.read_bytes(),
        headers={"Content-Type": "application/trig"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=300) as answer:
        answer.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of each load run")
    parser.add_argument("--clients", default="1,8,32", help="concurrent connections")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved runs per server")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    out = ROOT / "build"
    build.build(out)
    dump = out / "enschede-kg.trig"
    files = workloads(dump, out)
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    clients = [int(c) for c in args.clients.split(",")]
    runs: dict[str, dict[str, dict[int, list[dict[str, float]]]]] = {}
    with ExitStack() as stack:
        ours, ox_port = free_port(), free_port()
        stack.enter_context(
            process(
                [
                    sys.executable,
                    "-m",
                    "enschede_kg",
                    "serve",
                    "--port",
                    str(ours),
                    "--build-dir",
                    str(out),
                    "--client-limit",
                    "64",
                ],
                f"http://127.0.0.1:{ours}/health",
            )
        )
        stack.enter_context(
            process(
                [
                    oxigraph,
                    "serve",
                    "--bind",
                    f"127.0.0.1:{ox_port}",
                    "--union-default-graph",
                ],
                f"http://127.0.0.1:{ox_port}/query?query=ASK%7B%7D",
            )
        )
        load_oxigraph(f"http://127.0.0.1:{ox_port}", dump)
        servers = {
            "enschede-kg": f"http://127.0.0.1:{ours}/sparql",
            "oxigraph-mem": f"http://127.0.0.1:{ox_port}/query",
        }
        for workload, bodies in files.items():
            for c in clients:
                for _ in range(args.rounds):
                    for name, url in servers.items():
                        result = wrk(url, bodies, c, args.seconds)
                        runs.setdefault(workload, {}).setdefault(name, {}).setdefault(c, []).append(
                            result
                        )
    print(
        f"{'workload':<8} {'clients':>7} {'ours req/s':>10} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'oxigraph req/s':>14} {'p50 ms':>7} {'ratio':>6} {'errors':>6}"
    )
    summary: dict[str, dict[str, dict[str, float]]] = {}
    for workload, by_server in runs.items():
        for c in clients:
            med = {
                name: {
                    key: statistics.median(r[key] for r in by_server[name][c])
                    for key in ("rps", "p50_ms", "p99_ms", "errors")
                }
                for name in servers
            }
            ratio = _ratio(med["enschede-kg"]["rps"], med["oxigraph-mem"]["rps"])
            errors = int(med["enschede-kg"]["errors"] + med["oxigraph-mem"]["errors"])
            print(
                f"{workload:<8} {c:>7} {med['enschede-kg']['rps']:>10.0f} "
                f"{med['enschede-kg']['p50_ms']:>7.2f} {med['enschede-kg']['p99_ms']:>7.2f} "
                f"{med['oxigraph-mem']['rps']:>14.0f} {med['oxigraph-mem']['p50_ms']:>7.2f} "
                f"{ratio:>5.2f}x {errors:>6}"
            )
            summary.setdefault(workload, {})[str(c)] = {
                "ours_rps": med["enschede-kg"]["rps"],
                "oxigraph_rps": med["oxigraph-mem"]["rps"],
                "ratio": ratio,
            }
    (out / "bench-endpoint.json").write_text(
        json.dumps({"runs": runs, "summary": summary}, indent=1)
    )


if __name__ == "__main__":
    main()
