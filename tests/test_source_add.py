"""``source add``: a new document becomes a source with numbered passages, or nothing changes.

The document added here, tests/data/sources/testoverzicht-2018.nl.txt, is written for these tests
and says so in its first lines; its facts are invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from enschede_kg import graph, sources
from enschede_kg.cli import main
from enschede_kg.config import Inputs
from enschede_kg.maintain.source_add import AddedSource, SourceError, add_source
from enschede_kg.rdf import iri
from enschede_kg.rdf.namespaces import DCTERMS, EKG, GRAPHS, RDF
from enschede_kg.validate import validate
from tests.conftest import TESTS

TEST_DOC = TESTS / "data" / "sources" / "testoverzicht-2018.nl.txt"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _add(project: Path, path: Path = TEST_DOC, **kw: str) -> AddedSource:
    options = {"title": "Testjaaroverzicht 2018", "year": "2018", "publisher": "Gemeente Enschede"}
    options.update(kw)
    return add_source(path, inputs=Inputs.from_root(project), **options)


def test_the_test_document_says_it_is_one() -> None:
    first = TEST_DOC.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("TESTDOCUMENT")


def test_added_document_becomes_a_source_with_numbered_passages(project: Path) -> None:
    added = _add(project, title_en="Test annual overview 2018")
    inputs = Inputs.from_root(project)
    assert added.text_file == project / "data/sources/testoverzicht-2018.nl.txt"
    assert added.text_file.read_bytes() == TEST_DOC.read_bytes()
    store = graph.assemble(inputs)
    assert validate(store, inputs).conforms
    doc = iri.document("testoverzicht-2018")
    import pyoxigraph as ox

    d = ox.NamedNode(str(doc))
    assert list(
        store.quads_for_pattern(
            d, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(EKG.SourceDocument)), None
        )
    )
    # Described in the provenance graph, beside the 2017 overview's description.
    typed = store.quads_for_pattern(d, ox.NamedNode(str(RDF.type)), None, None)
    assert str(GRAPHS["provenance"]) in {q.graph_name.value for q in typed}  # type: ignore[union-attr]
    dates = [
        str(q.object.value)  # type: ignore[union-attr]
        for q in store.quads_for_pattern(d, ox.NamedNode(str(DCTERMS.date)), None, None)
    ]
    assert dates == ["2018"]
    # Split as the 2017 overview is: the Dalian sentence is paragraph 6, sentence 1.
    expected = list(sources.split_passages(TEST_DOC.read_text(encoding="utf-8")))
    assert added.passages == len(expected) == 15
    p = ox.NamedNode(str(iri.passage("testoverzicht-2018", 6, 1)))
    texts = [q.object for q in store.quads_for_pattern(p, ox.NamedNode(str(EKG.text)), None, None)]
    assert texts == [ox.Literal("Sinds 2009 is Dalian een zusterstad van Enschede.", language="nl")]
    # The 2017 overview is untouched and still there.
    old = ox.NamedNode(str(iri.passage("enschede-international-2017", 12, 1)))
    assert list(store.quads_for_pattern(old, None, None, None))


def test_description_is_deterministic_commented_turtle(project: Path, tmp_path: Path) -> None:
    _add(project)
    other = tmp_path / "other"
    from tests.conftest import copy_project

    copy_project(other)
    _add(other)
    a = (project / "data/curated/sources/testoverzicht-2018.ttl").read_bytes()
    assert a == (other / "data/curated/sources/testoverzicht-2018.ttl").read_bytes()
    assert a.startswith(b"# Source document testoverzicht-2018")


def test_english_document_passages_are_tagged_en(project: Path, tmp_path: Path) -> None:
    doc = tmp_path / "letter-2018.txt"
    doc.write_text("Test letter\n\nWritten for the tests. Not a real letter.\n", encoding="utf-8")
    _add(project, doc, title="Test letter", lang="en")
    store = graph.load(Inputs.from_root(project))
    import pyoxigraph as ox

    p = ox.NamedNode(str(iri.passage("letter-2018", 2, 1)))
    texts = [q.object for q in store.quads_for_pattern(p, ox.NamedNode(str(EKG.text)), None, None)]
    assert texts == [ox.Literal("Written for the tests.", language="en")]


def _latin1(tmp_path: Path) -> Path:
    bad = tmp_path / "latin1.nl.txt"
    bad.write_bytes("Kop\n\nEen zin.\nM\u00fcnster is een stad.\n".encode("latin-1"))
    return bad


def _binary(tmp_path: Path) -> Path:
    pdf = tmp_path / "report.nl.txt"
    pdf.write_bytes(b"%PDF-1.4\x00\x01\x02")
    return pdf


def _empty(tmp_path: Path) -> Path:
    empty = tmp_path / "empty.nl.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    return empty


@pytest.mark.parametrize(
    ("make", "options", "message"),
    [
        (lambda t: t / "missing.txt", {}, "file not found"),
        (_latin1, {}, "latin1.nl.txt:4: not UTF-8 text (byte 0xfc)"),
        (_binary, {}, "not a plain-text file"),
        (_empty, {}, "the document is empty"),
        (lambda t: TEST_DOC, {"year": "2018-13"}, "--year '2018-13' is not a year"),
        (lambda t: TEST_DOC, {"publisher": "Gemeente Hengelo"}, "is not a known organisation"),
        (lambda t: TEST_DOC, {"lang": "fr"}, "--lang 'fr'"),
        (
            lambda t: TEST_DOC,
            {"slug": "enschede-international-2017"},
            "a source named 'enschede-international-2017' exists already",
        ),
        (lambda t: TEST_DOC, {"slug": "jahresruckblick"}, "is already described in data/curated"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    project: Path, tmp_path: Path, make: object, options: dict[str, str], message: str
) -> None:
    before = _files(project)
    with pytest.raises(SourceError) as e:
        _add(project, make(tmp_path), **options)  # type: ignore[operator]
    assert message in str(e.value)
    assert _files(project) == before


def test_same_text_twice_is_a_duplicate(project: Path, tmp_path: Path) -> None:
    _add(project)
    before = _files(project)
    copy = tmp_path / "copy-of-it.nl.txt"
    copy.write_bytes(TEST_DOC.read_bytes())
    with pytest.raises(SourceError, match="the same text is already the source testoverzicht"):
        _add(project, copy)
    assert _files(project) == before


def test_a_project_that_no_longer_validates_keeps_nothing(project: Path) -> None:
    # The publisher is an organisation, but the description would give the document two dates
    # once a hand-written triple adds another: validation fails and both new files go.
    (project / "data/curated/extra.ttl").write_text(
        "<https://w3id.org/enschede-kg/id/document/testoverzicht-2018> "
        '<http://purl.org/dc/terms/date> "2019"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n',
        encoding="utf-8",
    )
    before = _files(project)
    from enschede_kg.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        _add(project)
    assert _files(project) == before


def test_cli_source_add(project: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "--project",
            str(project),
            "source",
            "add",
            str(TEST_DOC),
            "--title",
            "Testjaaroverzicht 2018",
            "--year",
            "2018",
            "--publisher",
            "gemeente-enschede",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "15 passages" in result.output
    bad = CliRunner().invoke(
        main,
        [
            "--project",
            str(project),
            "source",
            "add",
            str(TEST_DOC),
            "--title",
            "Nog eens",
            "--year",
            "2018",
            "--publisher",
            "gemeente-enschede",
        ],
    )
    assert bad.exit_code == 2
    assert "exists already" in bad.output
