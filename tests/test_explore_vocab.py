"""What the explorer draws and in which words: one registry, both languages."""

from __future__ import annotations

import re

from enschede_kg.explore import vocab
from enschede_kg.rdf import iri
from enschede_kg.rdf.namespaces import EKG
from tests.conftest import ROOT

VIZ_QUERIES = ROOT / "queries" / "viz"


def test_kinds_match_the_nodes_query() -> None:
    text = (VIZ_QUERIES / "nodes.rq").read_text(encoding="utf-8")
    values = re.search(r"VALUES \?kind \{(.*?)\}", text, re.S)
    assert values
    assert re.findall(r"ekg:(\w+)", values.group(1)) == [
        k.cls.removeprefix(str(EKG)) for k in vocab.KINDS
    ]


def test_every_interface_string_is_in_dutch_and_english() -> None:
    for key, (nl, en) in vocab.UI_TEXT.items():
        assert nl and en, key
        assert set(re.findall(r"\{(\w+)\}", nl)) == set(re.findall(r"\{(\w+)\}", en)), key
    for r in vocab.RELATIONS.values():
        assert r.nl and r.en
    for family in vocab.FAMILIES:
        assert f"family_{family}" in vocab.UI_TEXT


def test_centre_is_minted_not_spelled() -> None:
    assert str(iri.mint("city", "enschede")) == vocab.CENTRE
