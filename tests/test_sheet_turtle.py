"""The canonical Turtle writer of the curated files: same graph, same bytes when written again,
comments kept with their node."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from enschede_kg.maintain.sheet import files, turtle
from tests.conftest import ROOT

CURATED = ROOT / "data" / "curated"


@pytest.mark.parametrize("path", files.curated_files(CURATED), ids=lambda p: p.name)
def test_writing_keeps_the_graph_and_is_stable(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    g = Graph().parse(data=text, format="turtle")
    found = turtle.read_comments(text)
    once = turtle.write(list(g), found.text, found.nodes)
    again_graph = Graph().parse(data=once, format="turtle")
    assert isomorphic(g, again_graph)
    found_again = turtle.read_comments(once)
    assert found_again.text == found.text
    assert found_again.nodes == found.nodes
    assert turtle.write(list(again_graph), found_again.text, found_again.nodes) == once


SMALL = """# Header line one.
#  indented second line
@prefix ekg: <https://w3id.org/enschede-kg/def#> .
@prefix city: <https://w3id.org/enschede-kg/id/city/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

# before Enschede
city:enschede a ekg:City ;
    # inside Enschede
    rdfs:label "Enschede"@nl ;
    ekg:mentionedIn <https://w3id.org/enschede-kg/id/passage/doc-a/p01s1> ,
        <https://w3id.org/enschede-kg/id/passage/doc-b/p02s1> .
# after Enschede, before the end

city:dalian a ekg:City ; rdfs:label "Dalian \\"de\\" stad"@nl .
"""


def test_comments_stay_with_their_node_and_documents_get_their_own_prefix() -> None:
    found = turtle.read_comments(SMALL)
    assert found.text.header == ["Header line one.", " indented second line"]
    enschede = "https://w3id.org/enschede-kg/id/city/enschede"
    assert found.nodes[enschede] == ["before Enschede", "inside Enschede"]
    assert found.nodes["https://w3id.org/enschede-kg/id/city/dalian"] == [
        "after Enschede, before the end"
    ]
    g = Graph().parse(data=SMALL, format="turtle")
    out = turtle.write(list(g), found.text, found.nodes)
    assert out.startswith("# Header line one.\n#  indented second line\n@prefix ekg:")
    assert "@prefix psg-doc-a: <https://w3id.org/enschede-kg/id/passage/doc-a/> ." in out
    assert "ekg:mentionedIn psg-doc-a:p01s1 , psg-doc-b:p02s1 ." in out
    assert "# before Enschede\n# inside Enschede\ncity:enschede a ekg:City ;" in out
    assert out.index("city:dalian") < out.index("city:enschede")  # sorted within a section
    assert '"Dalian \\"de\\" stad"@nl' in out
    assert isomorphic(Graph().parse(data=out, format="turtle"), g)
