"""Passages: exact sentences of the source document at stable positions."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal

from enschede_kg import sources
from enschede_kg.config import Inputs
from enschede_kg.rdf import iri
from enschede_kg.rdf.namespaces import EKG, RDF

DOC = Inputs().sources / "enschede-international-2017.nl.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources" / DOC.name


def test_the_repository_copy_is_the_shared_source() -> None:
    if SHARED.exists():
        assert DOC.read_bytes() == SHARED.read_bytes()


def test_offsets_give_back_the_exact_text() -> None:
    text = DOC.read_text(encoding="utf-8")
    passages = list(sources.split_passages(text))
    assert len(passages) == 36  # counted by hand: 20 paragraphs
    for p in passages:
        assert text[p.begin : p.end] == p.text
        assert p.text == p.text.strip()


def test_the_dalian_sentence_is_one_passage() -> None:
    text = DOC.read_text(encoding="utf-8")
    texts = [p.text for p in sources.split_passages(text)]
    assert "Sinds 2009 is de Chinese miljoenenstad Dalian een zusterstad van Enschede." in texts
    assert "Dalian" in texts  # the heading


def test_splitting_rules() -> None:
    got = [
        (p.paragraph, p.sentence, p.text)
        for p in sources.split_passages(
            "Kop\n\nEen zin. Twee\u00a0 zinnen! ‘Drie’ zinnen? 4 zinnen."
        )
    ]
    assert got == [
        (1, 1, "Kop"),
        (2, 1, "Een zin."),
        (2, 2, "Twee\u00a0 zinnen!"),
        (2, 3, "‘Drie’ zinnen?"),
        (2, 4, "4 zinnen."),
    ]


def test_passage_graph_types_headings_and_sentences() -> None:
    g = sources.passage_graph(DOC)
    heading = iri.passage("enschede-international-2017", 11, 1)
    sentence = iri.passage("enschede-international-2017", 12, 1)
    assert (heading, RDF.type, EKG.Heading) in g
    assert (sentence, RDF.type, EKG.Passage) in g
    assert g.value(sentence, EKG.text) == Literal(
        "Sinds 2009 is de Chinese miljoenenstad Dalian een zusterstad van Enschede.", lang="nl"
    )
