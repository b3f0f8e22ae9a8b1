"""The notebooks run top to bottom against the real graph, and are stored without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _run(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", (path.name, out)
            texts.append(out.get("text", ""))
    return "".join(texts)


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_stored_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


def test_getting_started_shows_sister_cities_and_evidence() -> None:
    out = _run(ROOT / "notebooks" / "01-getting-started.ipynb")
    assert "Palo Alto" in out and "2009" in out
    assert "work-mission-palo-alto-2015" in out
    assert "Sinds 2009 is de Chinese miljoenenstad Dalian een zusterstad van Enschede." in out
