"""Shared fixtures: the assembled graph, built once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from enschede_kg import graph

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
#: Where tests write the pictures they take; `make screenshots` copies them into docs/.
SCREENSHOTS = ROOT / "build" / "screenshots"


def require_tool(path: str | Path, install: str) -> None:
    """Skip a test whose outside tool is missing on a developer's machine; fail it in CI.

    CI (CI=true) installs every tool in .ci/run, so a missing one there is a broken install
    step, not a reason to pass quietly.
    """
    if Path(path).exists():
        return
    message = f"{path} is missing ({install})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; .ci/run must install it", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def chromium_installed() -> None:
    from tests.browser import CHROMIUM

    require_tool(CHROMIUM, "apt-get install chromium")


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
def oxigraph_endpoint(built_dir: Path) -> Iterator[str]:
    """A real Oxigraph server (PyPI 'oxigraph') on 127.0.0.1 holding the built graph."""
    from devtools import servers

    with servers.start_oxigraph(dump=built_dir / "enschede-kg.trig") as server:
        yield server.url
