"""Loading is strict and all-or-nothing: every bad input names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from enschede_kg import graph
from enschede_kg.config import Inputs
from enschede_kg.errors import LoadError
from enschede_kg.rdf import rdfio

GOOD = "@prefix ex: <https://example.org/> .\nex:a ex:p ex:b .\n"


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def test_malformed_turtle_names_file_and_line(tmp_path: Path) -> None:
    body = GOOD + "ex:c ex:p ex:d .\n" * 48 + "ex:e ex:p ex:f\nex:g ex:p ex:h .\n"
    p = _write(tmp_path, "broken.ttl", body)
    with pytest.raises(LoadError) as info:
        rdfio.parse_file(p)
    assert info.value.path == str(p)
    assert info.value.line in (51, 52)
    assert f"{p}:{info.value.line}" in str(info.value)


def test_iri_with_space_is_an_error(tmp_path: Path) -> None:
    p = _write(tmp_path, "space.ttl", "<https://example.org/a b> <https://example.org/p> 1 .\n")
    with pytest.raises(LoadError, match=r"space\.ttl:1"):
        rdfio.parse_file(p)


def test_relative_iri_without_base_is_refused(tmp_path: Path) -> None:
    p = _write(tmp_path, "rel.ttl", "<a> <https://example.org/p> <b> .\n")
    with pytest.raises(LoadError, match="relative IRIs are not allowed"):
        rdfio.parse_file(p)


def test_remote_jsonld_context_is_refused(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        "remote.jsonld",
        '{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "https://example.org/a",'
        ' "name": "x"}',
    )
    with pytest.raises(LoadError, match="remote JSON-LD @context"):
        rdfio.parse_file(p)


def test_xml_doctype_is_refused(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:e="https://example.org/"><rdf:Description rdf:about="https://example.org/x">'
        "<e:p>&b;</e:p></rdf:Description></rdf:RDF>"
    )
    p = _write(tmp_path, "bomb.rdf", xml)
    with pytest.raises(LoadError, match=r"bomb.rdf:2: XML DOCTYPE"):
        rdfio.parse_file(p)


def test_non_utf8_is_an_error_with_line(tmp_path: Path) -> None:
    p = _write(tmp_path, "latin1.ttl", GOOD.encode() + 'ex:a ex:p "Münster" .\n'.encode("latin-1"))
    with pytest.raises(LoadError, match=r"latin1.ttl:3: not valid UTF-8"):
        rdfio.parse_file(p)


def test_unknown_extension(tmp_path: Path) -> None:
    p = _write(tmp_path, "notes.txt", GOOD)
    with pytest.raises(LoadError, match="unknown RDF file extension"):
        rdfio.parse_file(p)


def test_a_bad_curated_file_loads_nothing(project: Path) -> None:
    """The graph is built from all files or from none."""
    bad = project / "data" / "curated" / "zz-broken.ttl"
    bad.write_text(GOOD + "ex:x ex:y .\n", encoding="utf-8")
    with pytest.raises(LoadError) as info:
        graph.load(Inputs.from_root(project))
    assert info.value.path == str(bad)
    assert info.value.line == 3


def test_real_inputs_load_without_blank_nodes(store: object) -> None:
    import pyoxigraph as ox

    assert isinstance(store, ox.Store)
    for q in store.quads_for_pattern(None, None, None, None):
        assert not isinstance(q.subject, ox.BlankNode), q
        assert not isinstance(q.object, ox.BlankNode), q
