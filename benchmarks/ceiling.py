"""Benchmark: how fast could any server answer cheap lookups while each request passes through
Python? Against the same in-memory Oxigraph server as ``endpoint.py``, interleaved.

Not a target, a bound (``make bench-ceiling``; needs Debian's ``wrk``). Two servers that keep
*none* of the safety measures and share nothing, one process per core on one port
(SO_REUSEPORT), each holding the graph, on uvloop with httptools:

* ``our-path``: exactly the per-request code of a worker answering on a connection it holds
  (``direct.job_for``: the HTTP request parsed into the job the app would run;
  ``pool.evaluate``: the lexer, Oxigraph, Oxigraph's JSON writer within the row and byte caps;
  ``direct.render``), called inline: no worker, no hop, no deadline;
* ``rust-json``: the same, but the answer serialised by Oxigraph with no cap at all;
* ``minimal``: the least Python can do: the form read with ``parse_qs``, Oxigraph's query and
  its own (Rust) JSON serialiser, a fixed response head.

``enschede-kg serve`` can be no faster than ``our-path``, and no server that parses the request
in Python faster than ``minimal``; the ratios against Oxigraph say how far the lookup goal of
issue 10 (0.35x) is within reach of any design that keeps Python in each request's path.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import endpoint  # noqa: E402

from enschede_kg import build  # noqa: E402


def _serve(dump: str, port: int, kind: str, processes: int) -> None:
    """Run ``processes`` servers of ``kind`` on ``port`` until killed (the parent is one)."""
    import httptools
    import pyoxigraph as ox
    import uvloop

    from enschede_kg.web import direct, pool, safety

    store = pool.load_store(Path(dump))
    limits = direct.Limits()
    defaults = b"date: Thu, 01 Jan 1970 00:00:00 GMT\r\nserver: uvicorn\r\n"

    class OurPath(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport: asyncio.Transport = transport  # type: ignore[assignment]

        def data_received(self, data: bytes) -> None:
            job = direct.job_for(data, limits)
            self.transport.write(direct.render(pool.evaluate(store, job), defaults))

    class OurPathRustJson(OurPath):
        def data_received(self, data: bytes) -> None:
            job = direct.job_for(data, limits)
            safety.inspect(job.text, base_iri=job.base_iri)
            body = store.query(  # type: ignore[union-attr]
                job.text, base_iri=job.base_iri, use_default_graph_as_union=True
            ).serialize(format=ox.QueryResultsFormat.JSON)
            answer = pool.Answer(body, False, 0, "json", "application/sparql-results+json")
            self.transport.write(direct.render(answer, defaults))

    class Minimal(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport: asyncio.Transport = transport  # type: ignore[assignment]
            self.parser = httptools.HttpRequestParser(self)
            self.body: list[bytes] = []

        def data_received(self, data: bytes) -> None:
            self.parser.feed_data(data)

        def on_body(self, body: bytes) -> None:
            self.body.append(body)

        def on_message_complete(self) -> None:
            text = urllib.parse.parse_qs(b"".join(self.body).decode())["query"][0]
            self.body = []
            out = store.query(
                text, base_iri="http://127.0.0.1/sparql", use_default_graph_as_union=True
            ).serialize(format=ox.QueryResultsFormat.JSON)  # type: ignore[union-attr]
            head = b"HTTP/1.1 200 OK\r\ncontent-type: application/sparql-results+json\r\n"
            self.transport.write(head + b"content-length: %d\r\n\r\n" % len(out) + out)

    protocol = {"our-path": OurPath, "rust-json": OurPathRustJson, "minimal": Minimal}[kind]
    for _ in range(processes - 1):
        if os.fork() == 0:
            break
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(512)
    loop = uvloop.new_event_loop()
    loop.run_until_complete(loop.create_server(protocol, sock=sock))
    loop.run_forever()


KINDS = ("our-path", "rust-json", "minimal")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--serve", nargs=3, metavar=("DUMP", "PORT", "KIND"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve[0], int(args.serve[1]), args.serve[2], os.cpu_count() or 1)
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    out = ROOT / "build"
    build.build(out)
    dump = out / "enschede-kg.trig"
    bodies = endpoint.workloads(dump, out)["lookup"]
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    clients = [int(c) for c in args.clients.split(",")]
    runs: dict[str, dict[int, list[float]]] = {}
    with ExitStack() as stack:
        urls = {}
        for kind in KINDS:
            port = endpoint.free_port()
            cmd = [sys.executable, __file__, "--serve", str(dump), str(port), kind]
            stack.enter_context(_started(cmd, port))
            urls[kind] = f"http://127.0.0.1:{port}/sparql"
        ox_port = endpoint.free_port()
        stack.enter_context(
            endpoint.process(
                [oxigraph, "serve", "--bind", f"127.0.0.1:{ox_port}", "--union-default-graph"],
                f"http://127.0.0.1:{ox_port}/query?query=ASK%7B%7D",
            )
        )
        endpoint.load_oxigraph(f"http://127.0.0.1:{ox_port}", dump)
        urls["oxigraph-mem"] = f"http://127.0.0.1:{ox_port}/query"
        for c in clients:
            for _ in range(args.rounds):
                for name, url in urls.items():
                    rps = endpoint.wrk(url, bodies, c, args.seconds)["rps"]
                    runs.setdefault(name, {}).setdefault(c, []).append(rps)
    print(f"{'clients':>7} " + " ".join(f"{k:>16}" for k in (*KINDS, "oxigraph-mem")))
    for c in clients:
        med = {name: statistics.median(runs[name][c]) for name in runs}
        base = med["oxigraph-mem"]
        cells = [f"{med[k]:>8.0f} ({med[k] / base:.2f}x)" for k in KINDS]
        print(f"{c:>7} " + " ".join(cells) + f" {base:>16.0f}")


class _started:
    """A ceiling server (its own process group, so every forked server ends with it)."""

    def __init__(self, cmd: list[str], port: int) -> None:
        self.cmd, self.port = cmd, port

    def __enter__(self) -> None:
        self.proc = subprocess.Popen(self.cmd, start_new_session=True)
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 1):
                    break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("a ceiling server did not start") from None
                time.sleep(0.2)

    def __exit__(self, *exc: object) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(10)


if __name__ == "__main__":
    main()
