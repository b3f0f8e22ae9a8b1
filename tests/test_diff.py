"""``diff``: exactly the changes made between two builds, each with its source sentence.

The 2018 side is the real project plus the invented test document
(tests/data/sources/testoverzicht-2018.nl.txt), added with ``source add``, its invented facts
(tests/data/diff/facts-2018.ttl), one corrected date and one ended status.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from enschede_kg import build
from enschede_kg.cli import main
from enschede_kg.config import Inputs
from enschede_kg.maintain.diff import Diff, DiffError, diff, render
from enschede_kg.maintain.source_add import add_source
from tests.conftest import TESTS, copy_project

ID = "https://w3id.org/enschede-kg/id/"
EKG = "https://w3id.org/enschede-kg/def#"
TEST_DOC = TESTS / "data" / "sources" / "testoverzicht-2018.nl.txt"

EXPECTED = {
    ("partner-added", ID + "partnership/enschede-beijing", ""),
    ("agreement-added", ID + "agreement/enschede-beijing-mou-2018", ""),
    ("event-added", ID + "event/visit-enschede-2018", ""),
    ("status-ended", ID + "status-period/enschede-palo-alto-sister-city", EKG + "endDate"),
    ("corrected", ID + "event/smart-city-conference-2017", EKG + "date"),
}


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=test", "-c", "user.email=test@127.0.0.1", *args],
        check=True,
        capture_output=True,
    )


def make_changes(project: Path) -> None:
    """What an advisor does for the 2018 report: add it, enter its facts, correct, end."""
    add_source(
        TEST_DOC,
        title="Testjaaroverzicht 2018",
        year="2018",
        publisher="Gemeente Enschede",
        inputs=Inputs.from_root(project),
    )
    shutil.copy(TESTS / "data" / "diff" / "facts-2018.ttl", project / "data/curated/facts-2018.ttl")
    events = project / "data/curated/events.ttl"
    text = events.read_text(encoding="utf-8")
    # The date, and its evidence where statements carry their own (rdf:object).
    assert '"2017-07"^^xsd:gYearMonth' in text
    events.write_text(text.replace('"2017-07"^^xsd:gYearMonth', '"2017-06"^^xsd:gYearMonth'))
    period = f"<{ID}status-period/enschede-palo-alto-sister-city>"
    sentence = f"<{ID}passage/testoverzicht-2018/p10s3>"
    end = '"2018"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    (project / "data/curated/ended-2018.ttl").write_text(
        "# TEST DATA for tests/test_diff.py: the Palo Alto status ends (invented).\n"
        f"{period} <{EKG}endDate> {end} ; <{EKG}source> {sentence} .\n"
        f"<{ID}statement/test-palo-alto-sister-city-end-date-2018> a "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ;\n"
        f"    <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> {period} ;\n"
        f"    <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <{EKG}endDate> ;\n"
        f"    <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> {end} ;\n"
        f"    <{EKG}support> <{EKG}StatedBySource> ; <{EKG}statedIn> {sentence} .\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A git project with the 2017 data committed, then the 2018 changes; a build of each."""
    root = tmp_path_factory.mktemp("diff")
    project = copy_project(root / "project")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "2017")
    build.build(root / "build-2017", Inputs.from_root(project))
    make_changes(project)
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "2018")
    build.build(root / "build-2018", Inputs.from_root(project))
    return project, root / "build-2017", root / "build-2018"


def _keys(d: Diff) -> set[tuple[str, str, str]]:
    return {(c.kind, c.item.iri, c.field) for c in d.changes}


def test_diff_of_two_builds_lists_exactly_the_changes(sides: tuple[Path, Path, Path]) -> None:
    project, old, new = sides
    d = diff(str(old), str(new), Inputs.from_root(project))
    assert _keys(d) == EXPECTED
    by_kind = {c.kind: c for c in d.changes}
    corrected = by_kind["corrected"]
    assert [v.value for v in corrected.old] == ["2017-07"]
    assert [v.value for v in corrected.new] == ["2017-06"]
    ended = by_kind["status-ended"]
    assert ended.tie is not None and ended.tie.iri == ID + "partnership/enschede-palo-alto"
    assert [v.value for v in ended.new] == ["2018"]
    # The end date is stated with its own sentence (evidence per statement).
    assert [e.text for e in ended.evidence] == [
        "Eind 2018 liep de zusterstadstatus met Palo Alto af."
    ]
    assert corrected.evidence[0].text.startswith("Zo waren in juli vijf bevriende steden")
    assert [e.text for e in by_kind["event-added"].evidence] == [
        "In november 2018 bracht een delegatie uit Dalian een bezoek aan Enschede."
    ]
    partner = by_kind["partner-added"]
    details = {p.rsplit("#", 1)[-1]: [v.value for v in vs] for p, _, _, vs in partner.details}
    assert details["status"] == [EKG + "SisterCity"]
    assert details["partner"] == [ID + "city/beijing", ID + "city/enschede"]
    assert details["startSeason"] == [ID + "season/summer"]


def test_same_build_twice_has_no_changes(sides: tuple[Path, Path, Path]) -> None:
    project, old, _ = sides
    d = diff(str(old), str(old), Inputs.from_root(project))
    assert d.changes == ()
    assert render(d, "text", "en").splitlines()[1] == "No changes."


def test_git_revisions_give_the_same_changes(sides: tuple[Path, Path, Path]) -> None:
    project, _, _ = sides
    assert _keys(diff("HEAD~1", "HEAD", Inputs.from_root(project))) == EXPECTED


def test_years_of_one_graph_show_what_the_later_sources_add(
    sides: tuple[Path, Path, Path],
) -> None:
    project, _, _ = sides
    d = diff("2017", "2018", Inputs.from_root(project))
    assert _keys(d) == {k for k in EXPECTED if k[0].endswith("-added")}


def test_text_markdown_and_json(sides: tuple[Path, Path, Path]) -> None:
    project, old, new = sides
    d = diff(str(old), str(new), Inputs.from_root(project))
    nl = render(d, "text", "nl")
    assert "Nieuwe partners en banden" in nl
    assert "  - Stedenband Enschede–Beijing (test) (" in nl
    assert "Smart City Conferentie 2017 — datum: was 2017-07, nu 2017-06" in nl
    assert "bron: “Eind 2018 liep de zusterstadstatus met Palo Alto af.”" in nl
    en = render(d, "text", "en")
    assert "Smart City Conference 2017 — date: was 2017-07, now 2017-06" in en
    assert "Ties whose status ended" in en
    md = render(d, "markdown", "nl")
    assert md.startswith("# Wat is er veranderd")
    assert "## Gecorrigeerde feiten" in md
    assert f"<{ID}passage/testoverzicht-2018/p06s2>" in md
    data = json.loads(render(d, "json"))
    assert {(c["kind"], c["item"], c.get("field", {}).get("iri", "")) for c in data["changes"]} == (
        EXPECTED
    )
    assert all(c["sources"] for c in data["changes"])


def test_unknown_side_is_a_clear_error(sides: tuple[Path, Path, Path], tmp_path: Path) -> None:
    project, old, _ = sides
    with pytest.raises(DiffError, match="neither a build folder, a project folder, a year"):
        diff(str(old), "no-such-revision", Inputs.from_root(project))
    with pytest.raises(DiffError, match="neither a build"):
        diff(str(tmp_path), str(old), Inputs.from_root(project))


def test_cli_diff(sides: tuple[Path, Path, Path], tmp_path: Path) -> None:
    project, old, new = sides
    out = tmp_path / "changes.md"
    args = ["--project", str(project), "diff", str(old), str(new)]
    result = CliRunner().invoke(
        main, [*args, "--format", "markdown", "--lang", "en", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# What changed")
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert len(json.loads(result.output)["changes"]) == len(EXPECTED)
    bad = CliRunner().invoke(main, ["--project", str(project), "diff", str(old), "nope"])
    assert bad.exit_code == 2
    assert "is neither a build folder" in bad.output
