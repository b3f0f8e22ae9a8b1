"""The ontology documentation (pyLODE, Dutch and English) is generated and in step."""

from __future__ import annotations

import pytest
from rdflib import Graph

from devtools import ontology_docs
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "enschede-kg.ttl")


@pytest.mark.parametrize("lang", ontology_docs.LANGUAGES)
def test_documentation_is_generated_and_in_step(ontology: Graph, lang: str) -> None:
    committed = ontology_docs.target(lang).read_text(encoding="utf-8")
    assert committed == ontology_docs.render(ontology, lang), (
        f"{ontology_docs.target(lang).name} is out of date: run 'make ontology-docs'"
    )


def test_each_language_shows_its_own_labels() -> None:
    nl = ontology_docs.target("nl").read_text(encoding="utf-8")
    en = ontology_docs.target("en").read_text(encoding="utf-8")
    assert "<h1>Enschede-kg ontologie</h1>" in nl and "<h1>Enschede-kg ontology</h1>" in en
    assert "gemeentebestuur" in nl and "gemeentebestuur" not in en
    assert "local government" in en and "local government" not in nl
    assert "https://w3id.org/enschede-kg/def#LocalGovernment" in nl
