"""``sheet import`` of a workbook with an error: the message names sheet, row and column and says
what to do (in Dutch or English), the exit code is 2, and no file in data/curated changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from enschede_kg.cli import main
from enschede_kg.maintain.sheet import export, files
from tests.conftest import copy_project


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sheet-errors")
    export.export(out / "facts.xlsx")
    return out / "facts.xlsx"


def _row(ws: Worksheet, ident: str, header: str, value: str | None = None) -> int:
    """The row of ``ident`` whose column ``header`` is filled (with ``value``)."""
    col = next(c.column for c in ws[1] if c.value == header)
    for row in ws.iter_rows(min_row=3):
        cell = row[col - 1]
        if row[0].value == ident and cell.value is not None and value in (None, cell.value):
            return int(cell.row)
    raise AssertionError(f"no row {ident} / {header}")


def _set(ws: Worksheet, row: int, header: str, value: str | None) -> None:
    col = next(c.column for c in ws[1] if c.value == header)
    ws.cell(row=row, column=col).value = value  # (ws.cell(value=None) would leave it as it is)


def _import(
    exported: Path, tmp_path: Path, edit: Callable[[Worksheet], None], sheet: str, lang: str = "nl"
) -> str:
    """Edit a copy of the workbook, import it into a copy of the project, check that nothing was
    written; return the output."""
    project = copy_project(tmp_path / "project")
    curated = project / "data" / "curated"
    before = {p: p.read_bytes() for p in files.curated_files(curated)}
    wb = load_workbook(exported)
    edit(wb[sheet])
    book = tmp_path / "edited.xlsx"
    wb.save(book)
    result = CliRunner().invoke(
        main, ["--project", str(project), "sheet", "import", str(book), "--lang", lang]
    )
    assert result.exit_code == 2, result.output
    after = {p: p.read_bytes() for p in files.curated_files(curated)}
    assert after == before
    assert not list(curated.rglob("*.tmp"))
    return result.output


def test_bad_date(exported: Path, tmp_path: Path) -> None:
    rows: list[int] = []

    def edit(ws: Worksheet) -> None:
        rows.append(_row(ws, "partnership:enschede-dalian", "Sinds"))
        _set(ws, rows[0], "Sinds", "2017-13")

    out = _import(exported, tmp_path, edit, "Partners")
    assert (
        f"Blad Partners, rij {rows[0]}, kolom Sinds: '2017-13' is geen datum; gebruik 2017, "
        "2017-06 of zomer 2017" in out
    )
    assert "er is niets geschreven" in out


def test_bad_date_in_english(exported: Path, tmp_path: Path) -> None:
    rows: list[int] = []

    def edit(ws: Worksheet) -> None:
        rows.append(_row(ws, "event:smart-city-conference-2017", "Datum"))
        _set(ws, rows[0], "Datum", "juli 2017")

    out = _import(exported, tmp_path, edit, "Gebeurtenissen", lang="en")
    assert (
        f"Sheet Gebeurtenissen, row {rows[0]}, column Date: 'juli 2017' is not a date; use "
        "2017, 2017-06 or summer 2017" in out
    )
    assert "nothing was written" in out


def test_unknown_place_in_a_drop_down_column(exported: Path, tmp_path: Path) -> None:
    rows: list[int] = []

    def edit(ws: Worksheet) -> None:
        rows.append(_row(ws, "event:smart-city-conference-2017", "Plaats"))
        _set(ws, rows[0], "Plaats", "city:amsterdam")

    out = _import(exported, tmp_path, edit, "Gebeurtenissen")
    assert (
        f"Blad Gebeurtenissen, rij {rows[0]}, kolom Plaats: 'city:amsterdam' is geen bekende "
        "waarde van de lijst Plaatsen; kies er een uit de keuzelijst" in out
    )


def test_missing_id(exported: Path, tmp_path: Path) -> None:
    rows: list[int] = []

    def edit(ws: Worksheet) -> None:
        rows.append(_row(ws, "event:visit-dalian-2017", "Bestemming"))
        _set(ws, rows[0], "ID", None)

    out = _import(exported, tmp_path, edit, "Gebeurtenissen")
    assert f"Blad Gebeurtenissen, rij {rows[0]}, kolom ID: leeg; elke rij met een feit" in out


def test_missing_kind(exported: Path, tmp_path: Path) -> None:
    rows: list[int] = []

    def edit(ws: Worksheet) -> None:
        rows.append(_row(ws, "organisation:euregio", "Soort"))
        _set(ws, rows[0], "Soort", None)

    out = _import(exported, tmp_path, edit, "Organisaties")
    assert (
        f"Blad Organisaties, rij {rows[0]}, kolom Soort: leeg, en 'organisation:euregio' heeft "
        "nergens een soort" in out
    )


def test_unknown_passage(exported: Path, tmp_path: Path) -> None:
    rows: list[int] = []

    def edit(ws: Worksheet) -> None:
        rows.append(_row(ws, "agreement:enschede-dalian-mou-2017", "Thema", "theme:sport"))
        _set(ws, rows[0], "Bronzinnen", "enschede-international-2017/p99s9")

    out = _import(exported, tmp_path, edit, "Afspraken")
    assert (
        f"Blad Afspraken, rij {rows[0]}, kolom Bronzinnen: "
        "'enschede-international-2017/p99s9' is geen bekende bronzin" in out
    )


def test_statement_that_no_passage_supports(exported: Path, tmp_path: Path) -> None:
    rows: list[int] = []

    def edit(ws: Worksheet) -> None:
        rows.append(_row(ws, "agreement:enschede-dalian-mou-2017", "Thema", "theme:sport"))
        _set(ws, rows[0], "Bronzinnen", None)

    out = _import(exported, tmp_path, edit, "Afspraken")
    assert (
        f"Blad Afspraken, rij {rows[0]}, kolom Bronzinnen: geen bronzin onderbouwt dit feit" in out
    )


def test_new_fact_without_evidence(exported: Path, tmp_path: Path) -> None:
    rows: list[int] = []

    def edit(ws: Worksheet) -> None:
        r = ws.max_row + 1
        rows.append(r)
        ws.cell(row=r, column=1, value="event:visit-dalian-2017")
        _set(ws, r, "Thema", "theme:economy")

    out = _import(exported, tmp_path, edit, "Gebeurtenissen", lang="en")
    assert (
        f"Sheet Gebeurtenissen, row {rows[0]}, column Source sentences: no source sentence "
        "supports this fact" in out
    )


def test_every_error_is_listed_at_once(exported: Path, tmp_path: Path) -> None:
    def edit(ws: Worksheet) -> None:
        _set(ws, _row(ws, "partnership:enschede-dalian", "Sinds"), "Sinds", "2009-00")
        _set(ws, _row(ws, "status-period:enschede-dalian-sister-city", "Status"), "Status", "x")

    out = _import(exported, tmp_path, edit, "Partners")
    assert "kolom Sinds: '2009-00' is geen datum" in out
    assert "kolom Status: 'x' is geen bekende waarde van de lijst Statussen" in out
    assert "2 fout(en); er is niets geschreven." in out


def test_graph_that_does_not_validate_names_the_row(exported: Path, tmp_path: Path) -> None:
    """A status period without its status: well-formed cells, but the shapes refuse it."""
    rows: list[int] = []

    def edit(ws: Worksheet) -> None:
        ident = "status-period:enschede-palo-alto-sister-city"
        rows.append(_row(ws, ident, "Soort"))  # the thing's first row, above the one deleted
        ws.delete_rows(_row(ws, ident, "Status"))

    out = _import(exported, tmp_path, edit, "Partners")
    assert (
        f"Blad Partners, rij {rows[0]}, kolom Status: de graaf klopt dan niet: Een "
        "statusperiode heeft precies één status" in out
    )
    assert "er is niets geschreven" in out


def test_not_a_workbook(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    bad = tmp_path / "facts.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(project), "sheet", "import", str(bad)])
    assert result.exit_code == 2
    assert "geen Excel-werkboek (.xlsx) dat te lezen is" in result.output


def test_a_deleted_column_is_refused(exported: Path, tmp_path: Path) -> None:
    """Deleting the column Thema would drop every theme; the import says so instead."""

    def edit(ws: Worksheet) -> None:
        ws.delete_cols(next(c.column for c in ws[1] if c.value == "Thema"))

    out = _import(exported, tmp_path, edit, "Gebeurtenissen", lang="en")
    assert "Sheet Gebeurtenissen, row 1, column Theme: the column is missing" in out
