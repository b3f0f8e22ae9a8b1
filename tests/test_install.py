"""The package as a researcher installs it: a wheel in a fresh environment, used from any folder.

Nothing of the checkout may leak in: the wheel is built from the repository, installed with pip
into a new virtual environment (dependencies from the package index, as for any user), and the
commands run in an empty temporary folder with no ENSCHEDE_KG_PROJECT set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.servers import free_port, wait_until
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
PRINT_PROJECT = "from enschede_kg import config; print(config.project_root())"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin/`` of a fresh virtual environment with the wheel of this checkout installed."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(base), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = base.glob("enschede_kg-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    return venv / "bin"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENSCHEDE_KG_")}
    env.pop("PYTHONPATH", None)
    return env


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "enschede-kg"), *args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("empty-folder")


def test_the_installed_package_is_not_the_checkout(installed: Path, empty: Path) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c", PRINT_PROJECT],
        cwd=empty,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.endswith(os.path.join("site-packages", "enschede_kg", "project")), where
    assert not where.startswith(str(ROOT) + os.sep)


def test_build_then_query_from_an_empty_folder(installed: Path, empty: Path) -> None:
    built = _run(installed, empty, "build", "--quiet")
    assert built.returncode == 0, built.stderr
    assert (empty / "build" / "enschede-kg.trig").is_file()
    answer = _run(installed, empty, "query", "01", "--format", "json")
    assert answer.returncode == 0, answer.stderr
    cities = {b["city_en"]["value"] for b in json.loads(answer.stdout)["results"]["bindings"]}
    assert {"Dalian", "Palo Alto"} <= cities


@pytest.fixture
def served(installed: Path, empty: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [str(installed / "enschede-kg"), "serve", "--port", str(port)],
        cwd=empty,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _ok(base + "/health"), timeout=120, what="installed serve")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def test_serve_from_an_empty_folder_answers_queries_and_pages(served: str) -> None:
    request = urllib.request.Request(
        served + "/id/city/dalian", headers={"Accept": "text/html"}, method="GET"
    )
    with urllib.request.urlopen(request, timeout=30) as page:
        assert page.url.endswith("/page/city/dalian")
        assert "Dalian" in page.read().decode("utf-8")
    ask = urllib.parse.quote("ASK { ?s ?p ?o }")
    sparql = urllib.request.Request(
        f"{served}/sparql?query={ask}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(sparql, timeout=30) as r:
        assert json.load(r)["boolean"] is True
