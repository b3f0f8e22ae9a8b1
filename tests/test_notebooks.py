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


# --- issue 6: the network-analysis and SPARQL-endpoint notebooks ------------------------------


def _execute(path: Path) -> tuple[str, int]:
    """Run a notebook; its text (streams and plain-text results) and how many PNGs it showed."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    texts, images = [], 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", (path.name, out)
            texts.append(out.get("text", "") + out.get("data", {}).get("text/plain", ""))
            images += "image/png" in out.get("data", {})
    return "".join(texts), images


def test_partnership_network_notebook_shows_measures_plots_and_a_path() -> None:
    out, images = _execute(ROOT / "notebooks" / "02-partnership-network.ipynb")
    assert images == 3  # network, ranking, activity timeline
    # 27: the signing and the World Economic Forum count with the visit to Dalian (one trip)
    assert "10 actors, 27 ties; reference year 2017" in out
    assert "Enschede has direct ties with all 9 other actors: the hub of the network." in out
    # the source: Enschede is "actief" in the Euregio and Eurocities: a tie in force, not dormant
    assert "Euregio is active: a tie in force in 2017: Municipality of Enschede active in" in out
    assert "Enschede is actief" in out  # the 2016 view, in Dutch
    assert "Linköping —guest at→ Smart City Conference 2017 ←host of— Enschede" in out
    assert "'degree': 9" in out and "'closeness': 1.0" in out


def test_sparql_endpoint_notebook_queries_a_local_server_and_stays_offline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ENSCHEDE_KG_ONLINE", raising=False)
    out, _ = _execute(ROOT / "notebooks" / "03-sparql-endpoint.ipynb")
    assert "endpoint running: True" in out and "endpoint running: False" in out
    assert "id:city/dalian" in out and "id:partnership/enschede-palo-alto" in out
    assert "same answer: True" in out
    assert "id:agreement/enschede-dalian-mou-2017" in out  # analytics/ties.rq, remotely
    assert "offline: set ENSCHEDE_KG_ONLINE=1" in out
