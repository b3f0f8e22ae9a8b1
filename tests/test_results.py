"""Our SPARQL results writers checked by the store's own parser.

The endpoint writes SELECT/ASK answers itself because it cuts them at a row cap and a byte cap,
which pyoxigraph's serialisers (they take a whole query's solutions) cannot do. So each writer is
held to pyoxigraph's parser: what we write must read back as exactly the rows we wrote, tricky
literals included.
"""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from enschede_kg.queries import results
from enschede_kg.queries.results import RESULT_FORMATS, Row

XSD = "http://www.w3.org/2001/XMLSchema#"
ROWS: list[Row] = [
    {"s": ox.NamedNode("https://example.org/a?b=c&d=%3Ce%3E"), "o": ox.Literal("plain")},
    {"s": ox.BlankNode("b0"), "o": ox.Literal('quote " and \\ back', language="nl")},
    {"s": None, "o": ox.Literal("line\nbreak\tand\rtab")},
    {"s": ox.NamedNode("urn:x"), "o": ox.Literal("2017", datatype=ox.NamedNode(XSD + "gYear"))},
    {"s": ox.NamedNode("urn:y"), "o": ox.Literal("<script>&amp;</script>")},
    {"s": ox.NamedNode("urn:z"), "o": None},
]


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> object:
    # blank node labels are local to one document; compare them as "a blank node"
    return "_:" if isinstance(term, ox.BlankNode) else term


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_select_writers_read_back_exactly(fmt: str) -> None:
    body = RESULT_FORMATS[fmt].select(["s", "o"], ROWS)
    parsed = ox.parse_query_results(body, format=results.OX_RESULT_FORMATS[fmt])
    assert isinstance(parsed, ox.QuerySolutions)
    assert [v.value for v in parsed.variables] == ["s", "o"]
    got = [(_key(sol["s"]), _key(sol["o"])) for sol in parsed]
    assert got == [(_key(r["s"]), _key(r["o"])) for r in ROWS]


def test_csv_writer_keeps_values_as_text() -> None:
    """CSV carries no term types (SPARQL 1.1 CSV; pyoxigraph refuses to parse it as lossy), so it
    is read back with Python's csv module: every value as its text, unbound as empty."""
    body = RESULT_FORMATS["csv"].select(["s", "o"], ROWS)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "o"]
    expected = [["" if r[v] is None else r[v].value for v in ("s", "o")] for r in ROWS]  # type: ignore[union-attr]
    assert [row for i, row in enumerate(rows[1:]) if i != 1] == [
        e
        for i, e in enumerate(expected)
        if i != 1  # a blank node's label is not kept
    ]


@pytest.mark.parametrize("fmt", sorted(RESULT_FORMATS))
@pytest.mark.parametrize("value", [True, False])
def test_ask_writers_read_back(fmt: str, value: bool) -> None:
    body = RESULT_FORMATS[fmt].ask(value)
    if fmt in ("csv", "tsv"):  # SPARQL 1.1 CSV/TSV define no boolean; ours is a one-cell table
        lines = body.decode("utf-8").split()
        assert lines[1] == str(value).lower() and lines[0].endswith("_askResult")
    else:
        assert results.ask_answer(body, fmt) is value


def test_ask_answer_refuses_what_is_no_boolean() -> None:
    with pytest.raises((ValueError, SyntaxError)):
        results.ask_answer(RESULT_FORMATS["json"].select(["s"], [{"s": ox.NamedNode("urn:x")}]))
    with pytest.raises((ValueError, SyntaxError)):
        results.ask_answer(b'{"head": {}, "boolean": "true" }x')
