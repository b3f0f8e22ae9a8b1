"""The closed doors: an undeclared class, a non-http IRI, an oversized number fail validation.

Each rule exists twice, as a shape with a SPARQL-based target (ontology/shapes.ttl, for any SHACL
tool) and as a ``*-violation.rq`` query (what ``enschede-kg validate`` runs, fast, on every
graph). Both must flag the same resources in the same fixtures of tests/shapes/. The same holds
for the shapes the build leaves to a twin query because pySHACL is slow on them
(``validate.QUERY_TWINS``).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from enschede_kg import queries
from enschede_kg.cli import main
from enschede_kg.rdf import rdfio
from enschede_kg.validate import QUERY_TWINS
from tests.conftest import ROOT, copy_project
from tests.test_shapes import BASE, FIXTURE_DIR, ONTOLOGY, THEMES, expected, run

DOORS = {
    "any-type": "undeclared-class-violation",
    "any-iri": "non-http-iri-violation",
    "any-number": "oversized-number-violation",
}
CASES = [(f, DOORS[f.name.split("--")[0]]) for f in sorted(FIXTURE_DIR.glob("any-*--*.ttl"))
         if f.name.split("--")[0] in DOORS]  # fmt: skip
TWINS = {str(shape).rsplit("#", 1)[1]: check for shape, check in QUERY_TWINS.items()}
TWIN_CASES = [(f, TWINS[f.name.split("--")[0]]) for f in sorted(FIXTURE_DIR.glob("*--*.ttl"))
              if f.name.split("--")[0] in TWINS]  # fmt: skip


def _store(*files: Path) -> ox.Store:
    store = ox.Store()
    for f in files:
        store.extend(rdfio.parse_file(f))
    return store


@pytest.mark.parametrize(("fixture", "check"), CASES, ids=lambda c: getattr(c, "stem", c))
def test_shape_and_query_flag_the_same_resources(fixture: Path, check: str) -> None:
    _conforms, results = run(fixture)
    by_shape = {str(r[0]) for r in results}
    assert by_shape == {str(r[0]) for r in expected(fixture)}
    q = queries.parse_query_file(ROOT / "queries" / "checks" / f"{check}.rq")
    rows = queries.run(_store(ONTOLOGY, THEMES, BASE, fixture), q).rows
    assert {r["node"].value for r in rows if r["node"] is not None} == by_shape


@pytest.mark.parametrize(("fixture", "check"), TWIN_CASES, ids=lambda c: getattr(c, "stem", c))
def test_twin_query_flags_what_its_shape_flags(fixture: Path, check: str) -> None:
    """The build runs the query instead of the shape: on each failing fixture of the shape,
    pySHACL (the shape active) and the query name the same focus nodes."""
    _conforms, results = run(fixture)
    shape = next(s for s in QUERY_TWINS if str(s).endswith("#" + fixture.name.split("--")[0]))
    by_shape = {str(r[0]) for r in results if r[2] == shape}
    assert by_shape, f"{fixture.name} does not fail its shape"
    q = queries.parse_query_file(ROOT / "queries" / "checks" / f"{check}.rq")
    rows = queries.run(_store(ONTOLOGY, THEMES, BASE, fixture), q).rows
    assert {r["node"].value for r in rows if r["node"] is not None} == by_shape
    assert all(r["message_nl"] is not None for r in rows)  # the sheet import speaks Dutch


def test_every_twin_has_failing_fixtures() -> None:
    assert {c for _, c in TWIN_CASES} == set(QUERY_TWINS.values())
    assert len(TWIN_CASES) >= 4


def _plant(project: Path, fixture: str, name: str) -> None:
    """A failing fixture put into a project's curated data, about Enschede instead of testdorp."""
    text = (FIXTURE_DIR / fixture).read_text(encoding="utf-8").replace("testdorp", "enschede")
    (project / "data" / "curated" / name).write_text(text, encoding="utf-8")


def test_validate_runs_the_twin_not_the_shape(tmp_path: Path) -> None:
    """A statement without its sentence fails `enschede-kg validate` through the twin query."""
    project = copy_project(tmp_path / "project")
    _plant(project, "Statement-support--no-passage.ttl", "zz-statement.ttl")
    result = CliRunner().invoke(main, ["--project", str(project), "validate"])
    assert result.exit_code == 1, result.output
    assert "statement-support-violation" in result.output
    assert "(Statement-support)" not in result.output  # pySHACL did not evaluate it


@pytest.mark.parametrize("check", [*DOORS.values(), *QUERY_TWINS.values()])
def test_queries_pass_on_the_base_fixture(check: str) -> None:
    q = queries.parse_query_file(ROOT / "queries" / "checks" / f"{check}.rq")
    assert queries.run(_store(ONTOLOGY, THEMES, BASE), q).rows == []


def test_every_door_has_a_fixture() -> None:
    assert {c for _, c in CASES} == set(DOORS.values())


@pytest.mark.parametrize(
    "name", ["any-type--undeclared-class", "any-iri--file-iri", "any-number--5000-digits"]
)
def test_validate_refuses_the_door_in_curated_data(tmp_path: Path, name: str) -> None:
    """Today's failure of issue 11: each of these passed `enschede-kg validate`."""
    project = copy_project(tmp_path / "project")
    _plant(project, f"{name}.ttl", "zz-door.ttl")
    result = CliRunner().invoke(main, ["--project", str(project), "validate"])
    assert result.exit_code == 1, result.output
    assert DOORS[name.split("--")[0]] in result.output


def test_validate_reports_in_dutch(tmp_path: Path) -> None:
    """`validate --lang nl`: the head and each violation in Dutch, shapes and checks alike."""
    project = copy_project(tmp_path / "project")
    _plant(project, "any-iri--file-iri.ttl", "zz-door.ttl")
    _plant(project, "Statement-support--no-passage.ttl", "zz-statement.ttl")
    args = ["--project", str(project), "validate"]
    nl = CliRunner().invoke(main, [*args, "--lang", "nl"])
    en = CliRunner().invoke(main, args)
    assert nl.exit_code == en.exit_code == 1, nl.output
    assert "fout(en)" in nl.output and "violation(s)" in en.output
    assert "geen http(s)-IRI" in nl.output and "not an http(s) IRI" in en.output
    assert "zegt niet hoe ze onderbouwd is" in nl.output
    assert "does not say how it is supported" in en.output
    assert len(nl.output.splitlines()) == len(en.output.splitlines())
