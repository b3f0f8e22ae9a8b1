"""``sheet export`` / ``sheet import``: the curated graph as a workbook and back, on the real data.

The workbook is read back with openpyxl itself (its sheets, headers, frozen panes and drop-down
lists), the CSV files with the csv module; the round trip is checked by meaning (isomorphic
graphs) and by bytes (the Turtle the import writes is the Turtle in data/curated).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from rdflib.compare import isomorphic

from enschede_kg.cli import main
from enschede_kg.config import Inputs
from enschede_kg.maintain.sheet import export, files, model, parse
from enschede_kg.maintain.sheet.importing import import_workbook
from tests.conftest import ROOT, copy_project


@pytest.fixture(scope="module")
def workbook_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real curated graph exported once, through the CLI, with its CSV files."""
    out = tmp_path_factory.mktemp("sheet")
    result = CliRunner().invoke(
        main, ["sheet", "export", "-o", str(out / "facts.xlsx"), "--csv", str(out / "csv")]
    )
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    return out / "facts.xlsx"


def _curated_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files.curated_files(folder)}


def test_round_trip_gives_the_same_graph(workbook_file: Path) -> None:
    before = files.read(ROOT / "data" / "curated")
    after = parse.read(workbook_file).curated
    assert len(after.graph) == len(before.graph) > 2000
    assert isomorphic(after.graph, before.graph)


def test_round_trip_writes_what_the_canonical_writer_writes(workbook_file: Path) -> None:
    """What the import writes is exactly the canonical Turtle of the files it came from."""
    after = files.render(parse.read(workbook_file).curated)
    assert after == files.render(files.read(ROOT / "data" / "curated"))


def test_curated_files_are_byte_identical_to_their_round_trip(workbook_file: Path) -> None:
    """data/curated is written by the canonical writer: export + import changes no byte."""
    after = files.render(parse.read(workbook_file).curated)
    current = _curated_bytes(ROOT / "data" / "curated")
    assert {name: text.encode("utf-8") for name, text in after.items()} == current


def test_rewrite_through_the_cli_keeps_the_graph_and_then_changes_nothing(
    tmp_path: Path,
) -> None:
    """What ``make curated-canonical`` does, on a copy: export, import; the graph before and
    after the rewrite is the same, and a second round changes no byte."""
    project = copy_project(tmp_path / "project")
    curated = project / "data" / "curated"
    graph_before = files.read(curated).graph
    runner = CliRunner()

    def round_trip(name: str) -> str:
        book = tmp_path / name
        result = runner.invoke(
            main, ["--project", str(project), "sheet", "export", "-o", str(book)]
        )
        assert result.exit_code == 0, result.output
        result = runner.invoke(main, ["--project", str(project), "sheet", "import", str(book)])
        assert result.exit_code == 0, result.output
        return result.output

    round_trip("first.xlsx")
    assert isomorphic(files.read(curated).graph, graph_before)
    rewritten = _curated_bytes(curated)
    assert "niets veranderd" in round_trip("second.xlsx")
    assert _curated_bytes(curated) == rewritten


def test_workbook_has_a_sheet_per_kind_with_two_header_rows(workbook_file: Path) -> None:
    wb = load_workbook(workbook_file)
    names = [s.name for s in model.SHEETS]
    assert names == [
        "Partners", "Afspraken", "Gebeurtenissen", "Personen", "Organisaties", "Netwerken",
        "Plaatsen", "Beleid", "Bevindingen", "Bronnen",
    ]  # fmt: skip
    for name in [model.README_SHEET[0], *names, "Bronzinnen", "Bestanden", "Lijsten"]:
        assert name in wb.sheetnames
    ws = wb["Partners"]
    dutch = [c.value for c in ws[1]]
    english = [c.value for c in ws[2]]
    assert dutch[:2] == ["ID", "Soort"] and english[:2] == ["ID", "Kind"]
    for nl, en in (("Sinds", "Since"), ("Status", "Status"), ("Bronzinnen", "Source sentences")):
        assert english[dutch.index(nl)] == en
    assert ws.freeze_panes == "C3"
    # dates are text cells, also below the data: "2017-06" stays a month, not 1 June 2017
    since = dutch.index("Sinds") + 1
    assert ws.cell(row=3, column=since).number_format == "@"
    assert ws.cell(row=ws.max_row, column=since).number_format == "@"
    assert wb["Bronzinnen"].freeze_panes == "A3"
    assert ws.column_dimensions["A"].width >= 30


def test_each_fact_has_its_sentences_beside_it(workbook_file: Path) -> None:
    ws = load_workbook(workbook_file)["Partners"]
    header = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(header)}
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0]]
    since = [
        r for r in rows if r[0] == "partnership:enschede-dalian" and r[col["Sinds"]] is not None
    ]
    assert len(since) == 1
    row = since[0]
    assert row[col["Sinds"]] == "2009"
    assert row[col["Bronzinnen"]] == "enschede-international-2017/p12s1"
    assert "Sinds 2009 is de Chinese miljoenenstad Dalian" in row[col["Brontekst (ter info)"]]
    # the statement's ID follows from the fact, so it is left out (the import makes it again)
    assert row[col["Bewering (ID)"]] is None
    signed = [r for r in load_workbook(workbook_file)["Afspraken"].iter_rows(values_only=True)]
    assert any(
        r[0] == "agreement:enschede-dalian-mou-2017"
        and "agreement-enschede-dalian-mou-2017-signatory-onno-van-veldhuizen" in r
        for r in signed
    )
    # one row per fact: two partners, two rows
    partners = [
        r[col["Partner"]]
        for r in rows
        if r[0] == "partnership:enschede-dalian" and r[col["Partner"]]
    ]
    assert sorted(partners) == ["city:dalian", "city:enschede"]


def test_drop_down_lists_for_kinds_statuses_themes_roles_seasons_places(
    workbook_file: Path,
) -> None:
    wb = load_workbook(workbook_file)
    lists = wb["Lijsten"]

    def values_of(ref: str) -> list[str]:
        sheet, cells = ref.lstrip("=").split("!")
        assert sheet == "Lijsten"
        return [c.value for row in lists[cells.replace("$", "")] for c in row]

    def validation(sheet: str, header: str) -> list[str]:
        ws = wb[sheet]
        letter = next(c.column_letter for c in ws[1] if c.value == header)
        found = [dv for dv in ws.data_validations.dataValidation if f"{letter}3:" in str(dv.sqref)]
        assert len(found) == 1, (sheet, header)
        assert found[0].type == "list"
        return values_of(found[0].formula1)

    assert "ekg:CityPartnership" in validation("Partners", "Soort")
    assert set(validation("Partners", "Status")) == {
        "ekg:SisterCity", "ekg:FriendlyCooperativeCity", "ekg:FriendlyCity",
    }  # fmt: skip
    assert "theme:smart-city" in validation("Gebeurtenissen", "Thema")
    assert {"ekg:Host", "ekg:Guest", "ekg:Intern"} <= set(validation("Gebeurtenissen", "Rol"))
    assert set(validation("Gebeurtenissen", "Seizoen")) == {
        "season:spring", "season:summer", "season:autumn", "season:winter",
    }  # fmt: skip
    places = validation("Gebeurtenissen", "Plaats")
    assert {"city:dalian", "city:enschede", "country:poland"} <= set(places)
    assert "organisation:gemeente-enschede" in validation("Netwerken", "Lid")


def test_passages_sheet_lists_every_sentence(workbook_file: Path) -> None:
    ws = load_workbook(workbook_file)["Bronzinnen"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["enschede-international-2017/p12s1"][4].startswith("Sinds 2009")


def test_csv_per_sheet_parses_with_semicolons(workbook_file: Path) -> None:
    folder = workbook_file.parent / "csv"
    names = {p.stem for p in folder.glob("*.csv")}
    assert {s.name for s in model.SHEETS} | {"Bronzinnen", "Lijsten", "Bestanden"} <= names
    data = (folder / "Partners.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with (folder / "Partners.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0][:2] == ["ID", "Soort"] and rows[1][:2] == ["ID", "Kind"]
    assert all(len(r) == len(rows[0]) for r in rows)
    assert any(r[0] == "partnership:enschede-dalian" and "2009" in r for r in rows)
    with (folder / "Bronzinnen.csv").open(encoding="utf-8-sig", newline="") as f:
        texts = [r[4] for r in csv.reader(f, delimiter=";")]
    assert any("Münster" in t for t in texts)


def test_correcting_a_date_imports_with_its_evidence(workbook_file: Path, tmp_path: Path) -> None:
    """The Smart City Conference in June, not July: one cell changed, the fact and its evidence
    follow, and the rest of the graph is untouched."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, XSD

    from enschede_kg import graph
    from enschede_kg.rdf.namespaces import EKG, ID

    project = copy_project(tmp_path / "project")
    wb = load_workbook(workbook_file)
    ws = wb["Gebeurtenissen"]
    col = {c.value: c.column for c in ws[1]}
    changed = 0
    for row in ws.iter_rows(min_row=3):
        if (
            row[0].value == "event:smart-city-conference-2017"
            and row[col["Datum"] - 1].value == "2017-07"
        ):
            row[col["Datum"] - 1].value = "2017-06"
            changed += 1
    assert changed == 1
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    inputs = Inputs.from_root(project)
    before = files.read(inputs.curated).graph
    done = import_workbook(edited, inputs=inputs)
    assert "events.ttl" in done.written
    after = files.read(inputs.curated).graph
    event = URIRef(f"{ID}event/smart-city-conference-2017")
    june = Literal("2017-06", datatype=XSD.gYearMonth)
    july = Literal("2017-07", datatype=XSD.gYearMonth)
    assert (event, EKG.date, june) in after and (event, EKG.date, july) not in after
    statements = list(after.subjects(RDF.object, june))
    assert len(statements) == 1
    st = statements[0]
    # the evidence node is named after what it now says
    assert st == URIRef(f"{ID}statement/event-smart-city-conference-2017-date-2017-06")
    assert (st, RDF.subject, event) in after and (st, RDF.predicate, EKG.date) in after
    assert {str(p).rsplit("/", 1)[-1] for p in after.objects(st, EKG.statedIn)} == {
        "p08s1", "p09s1",
    }  # fmt: skip
    assert len(after) == len(before)
    # the rebuilt graph holds the new fact, with its evidence, and still validates
    from enschede_kg.validate import validate

    store = graph.assemble(inputs)
    assert validate(store, inputs).conforms
    assert store.query(
        "ASK { ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> "
        '"2017-06"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> ; '
        f"<{EKG.statedIn}> ?p . <{event}> <{EKG.date}> "
        '"2017-06"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> }',
        use_default_graph_as_union=True,
    )


def test_a_new_fact_gets_a_minted_statement(workbook_file: Path, tmp_path: Path) -> None:
    """A row added with a value and its sentence, Statement (ID) left empty."""
    from rdflib import URIRef

    from enschede_kg.rdf.namespaces import EKG, ID

    project = copy_project(tmp_path / "project")
    wb = load_workbook(workbook_file)
    ws = wb["Gebeurtenissen"]
    col = {c.value: c.column for c in ws[1]}
    r = ws.max_row + 1
    ws.cell(row=r, column=1, value="event:work-mission-palo-alto-2015")
    ws.cell(row=r, column=col["Thema"], value="theme:smart-city")
    ws.cell(row=r, column=col["Bronzinnen"], value="p16s3")
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    inputs = Inputs.from_root(project)
    import_workbook(edited, inputs=inputs)
    g = files.read(inputs.curated).graph
    st = URIRef(f"{ID}statement/event-work-mission-palo-alto-2015-theme-smart-city")
    assert (st, EKG.statedIn, URIRef(f"{ID}passage/enschede-international-2017/p16s3")) in g
    text = (inputs.curated / "events.ttl").read_text(encoding="utf-8")
    assert "statement:event-work-mission-palo-alto-2015-theme-smart-city a rdf:Statement" in text


def test_export_names_a_fact_it_has_no_column_for(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "data" / "curated" / "zz-odd.ttl").write_text(
        "<https://w3id.org/enschede-kg/id/city/dalian> <https://example.org/odd> 1 .\n",
        encoding="utf-8",
    )
    with pytest.raises(export.ExportError, match="no column for this fact"):
        export.build_book(Inputs.from_root(project))


def test_a_season_may_be_written_with_its_year(workbook_file: Path, tmp_path: Path) -> None:
    """ "zomer 2017" in a date column: the year, and the season resting on the date's sentences
    (a season row of its own keeps its own evidence)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, XSD

    from enschede_kg.maintain.sheet.cells import show as cells_show
    from enschede_kg.rdf.namespaces import EKG, ID

    agreement = URIRef(f"{ID}agreement/enschede-dalian-mou-2017")
    summer = URIRef(f"{ID}season/summer")

    def edited(delete_season_row: bool) -> Path:
        wb = load_workbook(workbook_file)
        ws = wb["Afspraken"]
        col = {c.value: c.column for c in ws[1]}
        for row in ws.iter_rows(min_row=3):
            if row[0].value == cells_show(agreement) and row[col["Datum"] - 1].value:
                row[col["Datum"] - 1].value = "zomer 2017"
        if delete_season_row:
            season_row = next(
                row[0].row
                for row in ws.iter_rows(min_row=3)
                if row[0].value == cells_show(agreement) and row[col["Seizoen"] - 1].value
            )
            ws.delete_rows(season_row)
        out = tmp_path / f"edited-{delete_season_row}.xlsx"
        wb.save(out)
        return out

    original = files.read(ROOT / "data" / "curated").graph
    kept = parse.read(edited(delete_season_row=False)).curated.graph
    assert isomorphic(kept, original)
    g = parse.read(edited(delete_season_row=True)).curated.graph
    assert (agreement, EKG.date, Literal("2017", datatype=XSD.gYear)) in g
    assert (agreement, EKG.inSeason, summer) in g
    (st,) = [s for s in g.subjects(RDF.object, summer) if (s, RDF.subject, agreement) in g]
    date_st = next(
        s for s in g.subjects(RDF.predicate, EKG.date) if (s, RDF.subject, agreement) in g
    )
    assert set(g.objects(st, EKG.statedIn)) == set(g.objects(date_st, EKG.statedIn))


def test_a_second_document_is_offered_and_can_be_cited(tmp_path: Path) -> None:
    """After ``source add`` (the test document, written for the tests, its facts invented), the
    export offers its sentences; a fact may rest on sentences of both documents, and the
    document's description stays in its own file."""
    from rdflib import URIRef

    from enschede_kg.maintain.source_add import add_source
    from enschede_kg.rdf.namespaces import EKG, ID
    from enschede_kg.validate import validate
    from tests.conftest import TESTS

    project = copy_project(tmp_path / "project")
    inputs = Inputs.from_root(project)
    add_source(
        TESTS / "data" / "sources" / "testoverzicht-2018.nl.txt",
        title="Testjaaroverzicht 2018",
        year="2018",
        publisher="Gemeente Enschede",
        inputs=inputs,
    )
    book = tmp_path / "facts.xlsx"
    export.export(book, inputs=inputs)
    wb = load_workbook(book)
    cited = {r[0]: r[4] for r in wb["Bronzinnen"].iter_rows(min_row=3, values_only=True)}
    assert cited["testoverzicht-2018/p06s1"] == "Sinds 2009 is Dalian een zusterstad van Enschede."
    sources = [r for r in wb["Bronnen"].iter_rows(min_row=3, values_only=True) if r[0]]
    assert ("document:testoverzicht-2018", "sources/testoverzicht-2018.ttl") in {
        (r[0], r[-1]) for r in sources if r[-1]
    }
    ws = wb["Partners"]
    col = {c.value: c.column for c in ws[1]}
    for row in ws.iter_rows(min_row=3):
        if row[0].value == "partnership:enschede-dalian" and row[col["Sinds"] - 1].value:
            row[
                col["Bronzinnen"] - 1
            ].value = "enschede-international-2017/p12s1, testoverzicht-2018/p06s1"
    wb.save(book)
    import_workbook(book, inputs=inputs)
    assert (inputs.curated / "sources" / "testoverzicht-2018.ttl").is_file()
    text = (inputs.curated / "partnerships.ttl").read_text(encoding="utf-8")
    assert "@prefix psg-testoverzicht-2018:" in text
    assert "psg-enschede-international-2017:p12s1 , psg-testoverzicht-2018:p06s1" in text
    g = files.read(inputs.curated).graph
    st = URIRef(f"{ID}statement/partnership-enschede-dalian-start-date-2009")
    assert set(g.objects(st, EKG.statedIn)) == {
        URIRef(f"{ID}passage/enschede-international-2017/p12s1"),
        URIRef(f"{ID}passage/testoverzicht-2018/p06s1"),
    }
    from enschede_kg import graph

    assert validate(graph.assemble(inputs), inputs).conforms
