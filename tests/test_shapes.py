"""The SHACL shapes (ontology/shapes.ttl) against the fixtures in tests/shapes/.

Every fixture is validated together with tests/shapes/base.ttl, the ontology and (when present)
themes.ttl, without inference, as the build does. A failing fixture names the results it expects
in ``# expect:`` header lines; the conforming fixture (``valid--*.ttl``) expects none. Every shape
must be the source of a result in at least one failing fixture, so a new shape needs a fixture.
See tests/shapes/README.md for the format.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
ONTOLOGY = ROOT / "ontology" / "enschede-kg.ttl"
THEMES = ROOT / "ontology" / "themes.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
FIXTURE_DIR = TESTS / "shapes"
BASE = FIXTURE_DIR / "base.ttl"

ONTOLOGY_IRI = URIRef("https://w3id.org/enschede-kg/def")
SHAPES_IRI = URIRef("https://w3id.org/enschede-kg/def/shapes")
EKGSH = "https://w3id.org/enschede-kg/def/shapes#"

#: Prefixes every header may use even when the fixture does not declare them.
DEFAULT_PREFIXES = {
    "ekg": "https://w3id.org/enschede-kg/def#",
    "ekgsh": EKGSH,
    "rdfs": str(RDFS),
}

FIXTURES = sorted(FIXTURE_DIR.glob("*--*.ttl"))
FAILING = [f for f in FIXTURES if not f.name.startswith("valid--")]
VALID = [f for f in FIXTURES if f.name.startswith("valid--")]

#: Fixtures of the shapes with SPARQL-based targets, and the valid fixtures.
DOOR_FIXTURES = ("any-type--", "any-iri--", "any-number--", "valid--")

#: One validation result: focus node, result path (None for a node-level result), source shape.
Result = tuple[URIRef, URIRef | None, URIRef]

_PREFIX = re.compile(r"^\s*@prefix\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>\s*\.", re.MULTILINE)
_EXPECT = re.compile(r"^#\s*expect:\s*(.+?)\s*$", re.MULTILINE)


def _prefixes(text: str) -> dict[str, str]:
    return {**DEFAULT_PREFIXES, **{m.group(1) or "": m.group(2) for m in _PREFIX.finditer(text)}}


def _term(token: str, prefixes: dict[str, str], where: Path) -> URIRef:
    if token.startswith("<") and token.endswith(">"):
        return URIRef(token[1:-1])
    prefix, sep, local = token.partition(":")
    if not sep or prefix not in prefixes:
        raise ValueError(f"{where.name}: cannot read {token!r} (use <IRI> or a declared prefix)")
    return URIRef(prefixes[prefix] + local)


def expected(path: Path) -> set[Result]:
    """The results a fixture's ``# expect: focus path-or-none shape`` lines announce."""
    text = path.read_text(encoding="utf-8")
    prefixes = _prefixes(text)
    out: set[Result] = set()
    for match in _EXPECT.finditer(text):
        tokens = match.group(1).split()
        if len(tokens) != 3:
            raise ValueError(f"{path.name}: expect line needs 3 terms: {match.group(0)!r}")
        focus, result_path, shape = tokens
        out.add(
            (
                _term(focus, prefixes, path),
                None if result_path == "none" else _term(result_path, prefixes, path),
                _term(shape, prefixes, path),
            )
        )
    return out


@cache
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@cache
def context_graph() -> Graph:
    """What every fixture is validated with: the ontology, the themes and the base fixture."""
    g = Graph().parse(ONTOLOGY, format="turtle")
    if THEMES.exists():
        g.parse(THEMES, format="turtle")
    g.parse(BASE, format="turtle")
    return g


def data_graph(*fixtures: Path) -> Graph:
    g = Graph()
    g += context_graph()
    for f in fixtures:
        g.parse(f, format="turtle")
    return g


@cache
def run(fixture: Path | None) -> tuple[bool, frozenset[Result]]:
    """Validate a fixture (or the base alone) and return (conforms, results)."""
    data = data_graph(fixture) if fixture is not None else data_graph()
    conforms, report, _text = validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        allow_warnings=False,
        abort_on_first=False,
        # SPARQL-based targets (ekgsh:any-*) take seconds per fixture on rdflib: evaluated for
        # their own fixtures and the valid ones (tests/test_doors.py runs their twin queries).
        advanced=fixture is not None and fixture.name.startswith(DOOR_FIXTURES),
    )
    results: set[Result] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        result_path = report.value(result, SH.resultPath)
        shape = report.value(result, SH.sourceShape)
        assert isinstance(focus, URIRef), f"result on a non-IRI focus node {focus!r}"
        assert isinstance(shape, URIRef), f"result from a shape without an IRI: {shape!r}"
        assert result_path is None or isinstance(result_path, URIRef), result_path
        results.add((focus, result_path, shape))
    return bool(conforms), frozenset(results)


def named_shapes() -> set[URIRef]:
    """Every node shape and property shape of shapes.ttl that has an IRI."""
    g = shapes_graph()
    candidates = {
        *g.subjects(RDF.type, SH.NodeShape),
        *g.subjects(RDF.type, SH.PropertyShape),
        *g.subjects(SH.path, None),
        *g.subjects(SH.targetClass, None),
        *g.subjects(SH.targetSubjectsOf, None),
        *g.objects(None, SH.property),
    }
    return {s for s in candidates if isinstance(s, URIRef)}


def _show(results: set[Result] | frozenset[Result]) -> str:
    def short(t: URIRef | None) -> str:
        return "none" if t is None else str(t).replace(EKGSH, "ekgsh:")

    return "\n".join(sorted(" ".join(short(t) for t in r) for r in results)) or "(none)"


def test_base_fixture_conforms() -> None:
    conforms, results = run(None)
    assert conforms, _show(results)


@pytest.mark.parametrize("fixture", FAILING, ids=lambda p: p.stem)
def test_failing_fixture_gives_exactly_the_expected_results(fixture: Path) -> None:
    want = expected(fixture)
    assert want, f"{fixture.name} has no '# expect:' lines"
    conforms, got = run(fixture)
    assert not conforms
    assert got == want, f"\nexpected:\n{_show(want)}\ngot:\n{_show(got)}"


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(fixture: Path) -> None:
    assert not expected(fixture), f"{fixture.name} is a valid fixture but has '# expect:' lines"
    conforms, got = run(fixture)
    assert conforms, _show(got)


def test_fixture_names_start_with_a_shape_they_expect() -> None:
    shapes = named_shapes()
    for fixture in FAILING:
        shape = URIRef(EKGSH + fixture.name.split("--", 1)[0])
        assert shape in shapes, f"{fixture.name}: no shape {shape} in shapes.ttl"
        assert shape in {r[2] for r in expected(fixture)}, f"{fixture.name} does not expect {shape}"


def test_expected_shapes_exist() -> None:
    shapes = named_shapes()
    for fixture in FAILING:
        unknown = {r[2] for r in expected(fixture)} - shapes
        assert not unknown, f"{fixture.name} expects unknown shapes {unknown}"


def test_every_shape_has_a_failing_fixture() -> None:
    covered = {r[2] for f in FAILING for r in run(f)[1]}
    missing = named_shapes() - covered
    assert not missing, "shapes without a failing fixture:\n" + "\n".join(sorted(missing))


def test_valid_fixture_exercises_every_target() -> None:
    """Each shape's target occurs in base + valid fixture (+ ontology), so each rule is met once."""
    shapes = shapes_graph()
    data = Graph()
    data.parse(ONTOLOGY, format="turtle")
    data.parse(BASE, format="turtle")
    for f in VALID:
        data.parse(f, format="turtle")
    for shape in sorted(named_shapes()):
        for cls in shapes.objects(shape, SH.targetClass):
            classes = set(data.transitive_subjects(RDFS.subClassOf, cls))
            instances = {s for c in classes for s in data.subjects(RDF.type, c)}
            assert instances, f"no instance of {cls} (or a subclass) for {shape}"
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            assert (None, prop, None) in data, f"no use of {prop} for {shape}"


def test_every_shape_has_a_message_in_english_and_dutch() -> None:
    g = shapes_graph()
    for shape in sorted(named_shapes()):
        langs = sorted(
            m.language or "" for m in g.objects(shape, SH.message) if isinstance(m, Literal)
        )
        assert langs == ["en", "nl"], f"{shape}: sh:message languages {langs}"


def test_no_sparql_constraints() -> None:
    """pySHACL reports messages of SPARQL-based constraints without their language tags."""
    assert not set(shapes_graph().subjects(SH.sparql, None))


def test_shapes_graph_metadata() -> None:
    g = shapes_graph()
    assert (SHAPES_IRI, RDF.type, OWL.Ontology) in g
    assert (SHAPES_IRI, OWL.imports, ONTOLOGY_IRI) in g
    langs = sorted(
        m.language or "" for m in g.objects(SHAPES_IRI, RDFS.label) if isinstance(m, Literal)
    )
    assert langs == ["en", "nl"]
