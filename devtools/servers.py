"""Real SPARQL endpoints on this machine, on 127.0.0.1: the project's own and Oxigraph's.

For notebooks and tests that talk to an endpoint over HTTP the way any SPARQL client does
(``queries.run_remote``). ``start_endpoint`` runs ``enschede-kg serve`` on the build;
``start_oxigraph`` runs the PyPI ``oxigraph`` command (``oxigraph load``, then ``oxigraph
serve-read-only --union-default-graph``, so that queries need no GRAPH clauses). Both pick a free
loopback port and stop at :meth:`LocalServer.stop`, at the end of a ``with`` or at exit. Callers
use only :attr:`LocalServer.url`, so one endpoint can take the other's place.

>>> with start_endpoint() as server:                            # doctest: +SKIP
...     queries.run_remote(server.url, queries.resolve("01")).records()
"""

from __future__ import annotations

import atexit
import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

from enschede_kg import config, graph, store
from enschede_kg.config import Inputs
from enschede_kg.errors import EnschedeKGError


class ServerError(EnschedeKGError):
    """A local server could not be found, loaded or started."""


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


def wait_until(
    condition: Callable[[], object], *, timeout: float, what: str, interval: float = 0.05
) -> object:
    """Poll ``condition`` until it returns something true; its value, or ServerError at timeout.

    Tests wait for a state (a server up, a request in flight, a file written), never for a fixed
    time: a fixed sleep is too short on a loaded machine and too long on an idle one.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise ServerError(f"{what}: not reached within {timeout:g} s")
        time.sleep(interval)


def _url(host: str, port: int, path: str) -> str:
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return urllib.parse.urlunsplit(("http", netloc, path, "", ""))


def query_url(host: str, port: int) -> str:
    """The SPARQL query URL of an Oxigraph server."""
    return _url(host, port, "/query")


class LocalServer:
    """A running server process on 127.0.0.1 and the SPARQL URL it answers on."""

    def __init__(self, url: str, process: subprocess.Popen[bytes], directory: Path | None) -> None:
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
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> LocalServer:
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
        return f"<LocalServer {self.url} {state}>"


def _dump_file(directory: Path, build_dir: Path | None, inputs: Inputs | None) -> Path:
    """The built TriG dump when it is up to date, else the graph assembled from the sources."""
    if store.is_fresh(build_dir, inputs):
        return store.dump_path(build_dir)
    path = directory / "graph.trig"
    graph.assemble(inputs).dump(str(path), format=ox.RdfFormat.TRIG)
    return path


def _loopback(host: str) -> None:
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ServerError(f"{host} is not a loopback address; use 127.0.0.1")


def _wait(server: LocalServer, probe: str, timeout: float, what: str) -> LocalServer:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(probe, timeout=1) as answer:
                answer.read()
            atexit.register(server.stop)  # never outlive the Python that started it
            return server
        except OSError:
            if time.monotonic() > deadline or server.process.poll() is not None:
                server.stop()
                raise ServerError(f"{what} did not start") from None
            time.sleep(0.1)


def start_endpoint(
    *,
    build_dir: Path | None = None,
    host: str = "127.0.0.1",
    port: int | None = None,
    timeout: float = 60.0,
    options: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> LocalServer:
    """``enschede-kg serve`` on the build (built first when stale) on a loopback port.

    ``options`` are more ``serve`` options (``--timeout 3``); ``env`` adds environment variables
    (``ENSCHEDE_KG_TOKEN``, ``ENSCHEDE_KG_PROJECT``). Raises ServerError when the server does not
    answer within ``timeout`` seconds.
    """
    _loopback(host)
    port = port or free_port(host)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "enschede_kg",
            "serve",
            "--host",
            host,
            "--port",
            str(port),
            "--build-dir",
            str(build_dir or config.default_build_dir()),
            *options,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    server = LocalServer(_url(host, port, "/sparql"), process, None)
    return _wait(server, _url(host, port, "/health"), timeout, f"enschede-kg serve on port {port}")


def start_oxigraph(
    *,
    dump: Path | None = None,
    build_dir: Path | None = None,
    inputs: Inputs | None = None,
    host: str = "127.0.0.1",
    port: int | None = None,
    timeout: float = 30.0,
    writable: bool = False,
) -> LocalServer:
    """Load the graph (``dump``, else the build or the sources) and serve it on ``host``.

    With ``writable`` the store starts empty and accepts SPARQL Update and Graph Store writes
    (``oxigraph serve``), as a target for ``publish store``. Only loopback addresses are
    accepted: this helper never opens a port to the network. Raises ServerError when the command
    is missing, the load fails or the server does not answer within ``timeout`` seconds.
    """
    _loopback(host)
    exe = executable()
    directory = Path(tempfile.mkdtemp(prefix="enschede-kg-oxigraph-"))
    try:
        if not writable:
            source = dump or _dump_file(directory, build_dir, inputs)
            loaded = subprocess.run(
                [exe, "load", "--location", str(directory / "db"), "--file", str(source)],
                capture_output=True,
                check=False,
            )
            if loaded.returncode:
                error = loaded.stderr.decode(errors="replace")
                raise ServerError(f"oxigraph load failed: {error}")
        port = port or free_port(host)
        process = subprocess.Popen(
            [
                exe,
                "serve" if writable else "serve-read-only",
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
    server = LocalServer(query_url(host, port), process, directory)
    probe = server.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    return _wait(server, probe, timeout, f"the oxigraph server on {host}:{port}")
