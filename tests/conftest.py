"""Shared fixtures: the assembled graph, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from enschede_kg import graph

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


@pytest.fixture(scope="session")
def store() -> ox.Store:
    """The whole graph (ontology, data, passages, derived shortcuts) in an in-memory store."""
    return graph.assemble()


def copy_project(dest: Path) -> Path:
    """A copy of the project's inputs (ontology, data, queries) that a test may break."""
    import shutil

    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("*.md"))
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, breakable copy of the project inputs."""
    return copy_project(tmp_path / "project")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the real graph for the whole session."""
    from enschede_kg import build

    out = tmp_path_factory.mktemp("build")
    build.build(out)
    return out


@pytest.fixture(scope="session")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory, built_dir: Path):
    """A real Oxigraph server (PyPI 'oxigraph') on 127.0.0.1 holding the built graph."""
    import shutil
    import subprocess
    import sys
    import time
    import urllib.request

    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    location = tmp_path_factory.mktemp("oxigraph")
    subprocess.run(
        [exe, "load", "--location", str(location), "--file", str(built_dir / "enschede-kg.trig")],
        check=True,
        capture_output=True,
    )
    port = free_port()
    proc = subprocess.Popen(
        [
            exe,
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("oxigraph server did not start") from None
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)
