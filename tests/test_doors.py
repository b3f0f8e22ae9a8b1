"""The closed doors: an undeclared class, a non-http IRI, an oversized number fail validation.

Each rule exists twice, as a shape with a SPARQL-based target (ontology/shapes.ttl, for any SHACL
tool) and as a ``*-violation.rq`` query (what ``enschede-kg validate`` runs, fast, on every
graph). Both must flag the same resources in the same fixtures of tests/shapes/.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from enschede_kg import queries
from enschede_kg.cli import main
from enschede_kg.rdf import rdfio
from tests.conftest import ROOT, copy_project
from tests.test_shapes import BASE, FIXTURE_DIR, ONTOLOGY, THEMES, expected, run

DOORS = {
    "any-type": "undeclared-class-violation",
    "any-iri": "non-http-iri-violation",
    "any-number": "oversized-number-violation",
}
CASES = [(f, DOORS[f.name.split("--")[0]]) for f in sorted(FIXTURE_DIR.glob("any-*--*.ttl"))
         if f.name.split("--")[0] in DOORS]  # fmt: skip


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


@pytest.mark.parametrize("check", DOORS.values())
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
    (project / "data" / "curated" / "zz-door.ttl").write_text(
        (FIXTURE_DIR / f"{name}.ttl").read_text(encoding="utf-8").replace("testdorp", "enschede"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--project", str(project), "validate"])
    assert result.exit_code == 1, result.output
    assert DOORS[name.split("--")[0]] in result.output
