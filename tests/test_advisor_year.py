"""An advisor's year, end to end, through the workbook only (issue 15).

The 2018 report is the invented test document (tests/data/sources/testoverzicht-2018.nl.txt,
written for the tests, its facts not real). It is added with ``source add``; then every change
is made in the exported workbook, as an advisor would in a spreadsheet program: a date
corrected, a status ended, a new event entered with its sentences. The workbook is imported,
the graph rebuilt; ``diff`` of the two builds lists exactly those changes, each with the
sentence it rests on, and the explorer's data hold facts of both years (2018 is "new since
2018", the 2017 facts are not).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from enschede_kg import build, store
from enschede_kg.config import Inputs
from enschede_kg.explore.data import explorer_data
from enschede_kg.maintain.diff import diff
from enschede_kg.maintain.sheet import export
from enschede_kg.maintain.sheet.importing import import_workbook
from enschede_kg.maintain.source_add import add_source
from enschede_kg.rdf.namespaces import EKG, ID
from tests.conftest import TESTS, copy_project

DOC = "testoverzicht-2018"
EXPECTED = {
    ("corrected", f"{ID}event/smart-city-conference-2017", f"{EKG}date"),
    ("status-ended", f"{ID}status-period/enschede-palo-alto-sister-city", f"{EKG}endDate"),
    ("event-added", f"{ID}event/visit-enschede-2018", ""),
}


def _rows(ws: Any, **cells: str) -> None:
    """Append one row per column given (the workbook's one-fact-per-row layout)."""
    header = {c.value: c.column for c in ws[1]}
    ident = cells.pop("ID")
    sentences = cells.pop("Bronzinnen", "")
    for column, value in cells.items():
        r = ws.max_row + 1
        ws.cell(row=r, column=1, value=ident)
        ws.cell(row=r, column=header[column], value=value)
        if column not in ("Soort", "Naam (nl)", "Naam (en)"):
            ws.cell(row=r, column=header["Bronzinnen"], value=sentences)


def _enter_2018(book: Path) -> None:
    """What the advisor types into the workbook for the 2018 report."""
    wb = load_workbook(book)
    events = wb["Gebeurtenissen"]
    header = {c.value: c.column for c in events[1]}
    corrected = 0
    for row in events.iter_rows(min_row=3):
        if row[0].value == "event:smart-city-conference-2017" and (
            row[header["Datum"] - 1].value == "2017-07"
        ):
            row[header["Datum"] - 1].value = "2017-06"
            corrected += 1
    assert corrected == 1
    # "In november 2018 bracht een delegatie uit Dalian een bezoek aan Enschede." (p06s2)
    _rows(
        events,
        ID="event:visit-enschede-2018",
        Soort="ekg:Visit",
        **{"Naam (nl)": "Bezoek van een delegatie uit Dalian aan Enschede (november 2018)"},
        **{"Naam (en)": "Visit of a delegation from Dalian to Enschede (November 2018)"},
        Datum="2018-11",
        Bestemming="city:enschede",
        Bron=f"{DOC}/p06s2",
        Bronzinnen=f"{DOC}/p06s2",
    )
    # "Eind 2018 liep de zusterstadstatus met Palo Alto af." (p10s3)
    _rows(
        wb["Partners"],
        ID="status-period:enschede-palo-alto-sister-city",
        Tot="2018",
        Bronzinnen=f"{DOC}/p10s3",
    )
    wb.save(book)


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Inputs, Path, Path]:
    root = tmp_path_factory.mktemp("year")
    inputs = Inputs.from_root(copy_project(root / "project"))
    build.build(root / "build-2017", inputs)
    add_source(
        TESTS / "data" / "sources" / f"{DOC}.nl.txt",
        title="Testjaaroverzicht 2018",
        year="2018",
        publisher="Gemeente Enschede",
        inputs=inputs,
    )
    book = root / "feiten.xlsx"
    export.export(book, inputs=inputs)
    _enter_2018(book)
    import_workbook(book, inputs=inputs)
    build.build(root / "build-2018", inputs)
    return inputs, root / "build-2017", root / "build-2018"


def test_diff_lists_exactly_what_was_entered_in_the_workbook(
    year: tuple[Inputs, Path, Path],
) -> None:
    inputs, old, new = year
    changes = diff(str(old), str(new), inputs).changes
    assert {(c.kind, c.item.iri, c.field) for c in changes} == EXPECTED
    cited = {c.item.iri: " ".join(e.text for e in c.evidence) for c in changes}
    assert "delegatie uit Dalian" in cited[f"{ID}event/visit-enschede-2018"]
    assert (
        "zusterstadstatus met Palo Alto af"
        in cited[f"{ID}status-period/enschede-palo-alto-sister-city"]
    )


def test_the_explorer_shows_both_years(year: tuple[Inputs, Path, Path]) -> None:
    inputs, _, new = year
    data = explorer_data(store.from_dump(store.dump_path(new)), inputs=inputs)
    assert {2017, 2018} <= set(data["new_years"])
    by_year: dict[int | None, set[str]] = {}
    for fid, fact in data["facts"].items():
        by_year.setdefault(fact["year"], set()).add(fid)
    assert any("visit-enschede-2018" in f for f in by_year[2018])
    assert any("visit-dalian-2017" in f for f in by_year[2017])
