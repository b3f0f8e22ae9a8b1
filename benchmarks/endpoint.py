"""Benchmark: /sparql throughput and latency against Oxigraph server and rdflib-endpoint.

Run with ``make bench-endpoint`` (or ``.venv/bin/python benchmarks/endpoint.py``). It builds the
graph, starts three servers on 127.0.0.1 holding the same TriG dump — ours (``enschede-kg serve``,
all safety on), an Oxigraph server (Rust, PyPI ``oxigraph``) and rdflib-endpoint (installed into
its own virtual environment under build/, since it pins its own FastAPI) — and drives each with
wrk (Debian ``wrk``) over the saved queries at 1, 8 and 32 concurrent connections. It prints
requests/s, p50 and p99 latency and the ratios to both baselines, measured in the same run.
Everything stays on 127.0.0.1 and every load run is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from enschede_kg import build, queries  # noqa: E402

REP_VENV = ROOT / "build" / "bench-rdflib-endpoint"
LUA = """
local queries = {}
for line in io.lines(os.getenv("EKG_BODIES")) do table.insert(queries, line) end
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded",
                                  ["Accept"] = "application/sparql-results+json"}, queries[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""
REP_APP = """
import sys
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="trig")
app = SparqlEndpoint(graph=ds)
import uvicorn
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


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


def ensure_rdflib_endpoint() -> Path:
    python = REP_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(REP_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "rdflib-endpoint", "uvicorn"], check=True
        )
    return python


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of each load run")
    parser.add_argument("--clients", default="1,8,32", help="concurrent connections")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    out = ROOT / "build"
    build.build(out)
    dump = out / "enschede-kg.trig"
    bodies = out / "bench-bodies.txt"
    bodies.write_text(
        "\n".join(urllib.parse.urlencode({"query": q.text}) for q in queries.saved_queries()) + "\n"
    )
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    rep_python = ensure_rdflib_endpoint()
    servers: dict[str, str] = {}
    clients = [int(c) for c in args.clients.split(",")]
    results: dict[str, dict[int, dict[str, float]]] = {}
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        ours, ox_port, rep_port = free_port(), free_port(), free_port()
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
                ],
                f"http://127.0.0.1:{ours}/health",
            )
        )
        servers["enschede-kg"] = f"http://127.0.0.1:{ours}/sparql"
        subprocess.run(
            [oxigraph, "load", "--location", tmp, "--file", str(dump)],
            check=True,
            capture_output=True,
        )
        stack.enter_context(
            process(
                [
                    oxigraph,
                    "serve-read-only",
                    "--location",
                    tmp,
                    "--bind",
                    f"127.0.0.1:{ox_port}",
                    "--union-default-graph",
                ],
                f"http://127.0.0.1:{ox_port}/query?query=ASK%7B%7D",
            )
        )
        servers["oxigraph"] = f"http://127.0.0.1:{ox_port}/query"
        app = Path(tmp) / "rep_app.py"
        app.write_text(REP_APP)
        stack.enter_context(
            process(
                [str(rep_python), str(app), str(dump), str(rep_port)],
                f"http://127.0.0.1:{rep_port}/?query=ASK%7B%7D",
            )
        )
        servers["rdflib-endpoint"] = f"http://127.0.0.1:{rep_port}/"
        for name, url in servers.items():
            results[name] = {c: wrk(url, bodies, c, args.seconds) for c in clients}
    print(
        f"{'server':<16} {'clients':>7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
        f" {'vs oxigraph':>11} {'vs rdflib-endpoint':>18}"
    )
    for name, by_clients in results.items():
        for c, r in by_clients.items():
            vs_ox = _ratio(r["rps"], results["oxigraph"][c]["rps"])
            vs_rep = _ratio(r["rps"], results["rdflib-endpoint"][c]["rps"])
            print(
                f"{name:<16} {c:>7} {r['rps']:>9.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
                f"{int(r['errors']):>6} {vs_ox:>10.2f}x {vs_rep:>17.1f}x"
            )
    (out / "bench-endpoint.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
