"""Our SPARQL results writers checked by the store's own parser, and by its own writer.

The endpoint writes SELECT/ASK answers itself when it must cut them at a row cap or a byte cap,
which pyoxigraph's serialisers (they take a whole query's solutions) cannot do. So each writer is
held to pyoxigraph's parser: what we write must read back as exactly the rows we wrote, tricky
literals included. Small JSON answers Oxigraph writes (``pool._native_json``): those must be
byte for byte what our writer writes, so that no client can tell the two apart.
"""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from enschede_kg import queries
from enschede_kg.queries import results
from enschede_kg.queries.results import RESULT_FORMATS, Row
from enschede_kg.web import pool

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
    is read back with Python's csv module: every value as its text, a blank node as ``_:label``,
    unbound as empty."""
    body = RESULT_FORMATS["csv"].select(["s", "o"], ROWS)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "o"]
    expected = [
        [
            "" if t is None else f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value
            for t in (r["s"], r["o"])
        ]
        for r in ROWS
    ]
    assert rows[1:] == expected
    assert rows[2][0] == "_:b0"  # a blank node as Turtle writes it (SPARQL 1.1 CSV, 2.3)


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


def _tricky_store() -> ox.Store:
    store = ox.Store()
    values = [r["o"] for r in ROWS if r["o"] is not None]
    values += [
        ox.Literal('x},{"y\u0001\u001f\n\t\\ é \u2028 </script> {"type":'),
        ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")),
        ox.Literal("€ 😀", language="en-gb"),
    ]
    for i, value in enumerate(values):
        subject = ox.BlankNode(f"b{i}") if i % 3 == 0 else ox.NamedNode(f"https://example.org/{i}")
        store.add(ox.Quad(subject, ox.NamedNode("urn:p"), value))
    return store


def _ours(store: ox.Store, text: str) -> bytes:
    answer = store.query(text, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    variables = [v.value for v in answer.variables]
    return RESULT_FORMATS["json"].select(variables, [{v: s[v] for v in variables} for s in answer])


def _native(store: ox.Store, text: str, row_cap: int = 10_000, max_bytes: int = 10**9) -> bytes:
    answer = store.query(text, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    native = pool._native_json(
        answer, pool.Job(text, "QUERY", row_cap=row_cap, max_bytes=max_bytes)
    )
    assert native is not None
    return native[0]


def test_oxigraph_writes_json_byte_for_byte_as_we_do(store: ox.Store) -> None:
    """Every saved query on the built graph, and tricky literals, blank nodes and unbound
    variables (OPTIONAL) on a small one."""
    for query in queries.saved_queries():
        assert _native(store, query.text) == _ours(store, query.text), query.name
    tricky = _tricky_store()
    for text in (
        "SELECT * WHERE { ?s ?p ?o }",
        "SELECT ?s ?x ?o WHERE { ?s ?p ?o OPTIONAL { ?s <urn:none> ?x } }",
        "SELECT * WHERE { FILTER(false) }",
        "SELECT * WHERE { }",
    ):
        assert _native(tricky, text) == _ours(tricky, text), text


def test_the_native_writer_steps_aside_when_a_cap_could_bite(store: ox.Store) -> None:
    """Past the row cap or the byte cap it gives up (the cutting serialiser writes the
    answer); exactly at the caps it writes the answer. ``evaluate`` then cuts as before."""
    text = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
    whole = _ours(store, text)
    rows = len(list(store.query(text, use_default_graph_as_union=True)))  # type: ignore[arg-type]
    assert rows > 100
    assert _native(store, text, row_cap=rows, max_bytes=len(whole)) == whole

    def native(row_cap: int, max_bytes: int) -> object:
        answer = store.query(text, use_default_graph_as_union=True)
        job = pool.Job(text, "QUERY", row_cap=row_cap, max_bytes=max_bytes)
        return pool._native_json(answer, job)  # type: ignore[arg-type]

    assert native(rows - 1, len(whole)) is None
    assert native(rows, len(whole) - 1) is None
    for row_cap, max_bytes in ((7, 10**9), (10_000, 5_000)):
        job = pool.Job(
            text, "QUERY", row_cap=row_cap, max_bytes=max_bytes, accept="application/json"
        )
        answer = pool.evaluate(store, job)
        parsed = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
        kept = len(list(parsed))  # type: ignore[arg-type]
        assert answer.truncated and kept == answer.rows and 0 < kept <= row_cap
        assert len(answer.body) <= max_bytes


def test_our_csv_is_oxigraphs_byte_for_byte(store: ox.Store) -> None:
    """The CSV writer against Oxigraph's, the reference implementation at hand: the same bytes
    on every saved query and on tricky literals and blank nodes."""
    cases = [(store, q.text) for q in queries.saved_queries()]
    cases += [(_tricky_store(), "SELECT ?s ?x ?o WHERE { ?s ?p ?o OPTIONAL { ?s <urn:n> ?x } }")]
    for graph, text in cases:
        theirs = graph.query(text, use_default_graph_as_union=True)
        assert isinstance(theirs, ox.QuerySolutions)
        expected = theirs.serialize(format=ox.QueryResultsFormat.CSV)
        answer = graph.query(text, use_default_graph_as_union=True)
        assert isinstance(answer, ox.QuerySolutions)
        variables = [v.value for v in answer.variables]
        rows = [{v: s[v] for v in variables} for s in answer]
        assert RESULT_FORMATS["csv"].select(variables, rows) == expected, text
