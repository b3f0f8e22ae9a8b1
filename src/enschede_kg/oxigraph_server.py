"""A real SPARQL endpoint on this machine: the graph in an Oxigraph server on 127.0.0.1.

For notebooks and tests that talk to an endpoint over HTTP the way any SPARQL client does
(``queries.run_remote``). The server is the PyPI ``oxigraph`` command (``oxigraph load``, then
``oxigraph serve-read-only --union-default-graph``, so that queries need no GRAPH clauses), started
on a free loopback port and stopped by :meth:`OxigraphServer.stop` or at the end of a ``with``.
Callers use only :attr:`OxigraphServer.url`, so that another endpoint (``enschede-kg serve``) can
take its place by changing that one value.

>>> with start() as server:                                     # doctest: +SKIP
...     queries.run_remote(server.url, queries.resolve("01")).records()
"""

from __future__ import annotations

import atexit
import ipaddress
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

from enschede_kg import build, graph, store
from enschede_kg.errors import EnschedeKGError
from enschede_kg.graph import Inputs


class ServerError(EnschedeKGError):
    """The Oxigraph server could not be found, loaded or started."""


def executable() -> str:
    """The ``oxigraph`` command: on PATH, or next to this Python (the virtual environment)."""
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).is_file():
        raise ServerError("the 'oxigraph' command is missing; pip install oxigraph")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def query_url(host: str, port: int) -> str:
    """The SPARQL query URL of an Oxigraph server."""
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return urllib.parse.urlunsplit(("http", netloc, "/query", "", ""))


class OxigraphServer:
    """A running ``oxigraph serve-read-only`` process and the SPARQL URL it answers on."""

    def __init__(self, url: str, process: subprocess.Popen[bytes], directory: Path) -> None:
        self.url = url
        self.process = process
        self.directory = directory

    def stop(self) -> None:
        """Stop the server and remove its database; safe to call twice."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> OxigraphServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.process.poll() is None else "stopped"
        return f"<OxigraphServer {self.url} {state}>"


def _dump_file(directory: Path, build_dir: Path, inputs: Inputs | None) -> Path:
    """The built TriG dump when it is up to date, else the graph assembled from the sources."""
    if store.is_fresh(build_dir, inputs):
        return store.dump_path(build_dir)
    path = directory / "graph.trig"
    graph.assemble(inputs).dump(str(path), format=ox.RdfFormat.TRIG)
    return path


def start(
    *,
    dump: Path | None = None,
    build_dir: Path = build.DEFAULT_OUT,
    inputs: Inputs | None = None,
    host: str = "127.0.0.1",
    port: int | None = None,
    timeout: float = 30.0,
) -> OxigraphServer:
    """Load the graph (``dump``, else the build or the sources) and serve it on ``host``.

    Only loopback addresses are accepted: this helper never opens a port to the network.
    Raises ServerError when the command is missing, the load fails or the server does not answer
    within ``timeout`` seconds.
    """
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ServerError(f"{host} is not a loopback address; use 127.0.0.1")
    exe = executable()
    directory = Path(tempfile.mkdtemp(prefix="enschede-kg-oxigraph-"))
    try:
        source = dump or _dump_file(directory, build_dir, inputs)
        loaded = subprocess.run(
            [exe, "load", "--location", str(directory / "db"), "--file", str(source)],
            capture_output=True,
            check=False,
        )
        if loaded.returncode:
            raise ServerError(f"oxigraph load failed: {loaded.stderr.decode(errors='replace')}")
        port = port or free_port(host)
        process = subprocess.Popen(
            [
                exe,
                "serve-read-only",
                "--location",
                str(directory / "db"),
                "--bind",
                f"{host}:{port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    server = OxigraphServer(query_url(host, port), process, directory)
    probe = server.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(probe, timeout=1) as answer:
                answer.read()
            atexit.register(server.stop)  # never outlive the Python that started it
            return server
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                server.stop()
                raise ServerError(f"the oxigraph server on {host}:{port} did not start") from None
            time.sleep(0.1)
