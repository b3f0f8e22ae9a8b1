"""Every SPARQLWrapper combination of query form, return format and method, against a real server.

SPARQLWrapper is the client the design names for researchers. Each combination is sent by
SPARQLWrapper itself and its answer read back through SPARQLWrapper's own ``convert()``; the
content is compared with the same query run on the in-memory store.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
from rdflib import Graph
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from tests.webserver import serve

EKG = "PREFIX ekg: <https://w3id.org/enschede-kg/def#> "
QUERIES = {
    "SELECT": EKG + "SELECT ?c WHERE { ?c a ekg:City }",
    "ASK": EKG + "ASK { ?c a ekg:City }",
    "CONSTRUCT": EKG + "CONSTRUCT { ?a ekg:hasSisterCity ?b } WHERE { ?a ekg:hasSisterCity ?b }",
    "DESCRIBE": EKG + "DESCRIBE ?a WHERE { ?a ekg:hasSisterCity ?b }",
}
#: What each return format must come back as (Content-Type), per query form.
RESULT_MEDIA = {
    JSON: "application/sparql-results+json",
    XML: "application/sparql-results+xml",
    CSV: "text/csv",
    TSV: "text/tab-separated-values",
}
GRAPH_MEDIA = {
    TURTLE: "text/turtle",
    N3: "text/turtle",  # N3 is answered as Turtle, its RDF subset
    RDFXML: "application/rdf+xml",
    XML: "application/rdf+xml",  # XML for a graph is RDF/XML
    JSONLD: "application/ld+json",
}
METHODS = {"GET": (GET, None), "POST-form": (POST, URLENCODED), "POST-direct": (POST, POSTDIRECTLY)}
MATRIX = [
    (form, fmt, method)
    for form in QUERIES
    for fmt in (RESULT_MEDIA if form in ("SELECT", "ASK") else GRAPH_MEDIA)
    for method in METHODS
]


def test_the_matrix_covers_every_combination() -> None:
    assert len(MATRIX) == (4 + 4 + 5 + 5) * 3


@pytest.fixture(scope="module")
def server(built_dir: Path) -> Iterator[str]:
    with serve("--workers", "2", build_dir=built_dir) as base:
        yield base


def _expected(store: ox.Store, form: str) -> object:
    answer = store.query(QUERIES[form], use_default_graph_as_union=True)
    if form == "SELECT":
        return {str(s["c"].value) for s in answer}  # type: ignore[union-attr]
    if form == "ASK":
        return bool(answer)
    return len(list(answer))  # type: ignore[arg-type]


@pytest.mark.parametrize("form,fmt,method", MATRIX, ids=["-".join(m) for m in MATRIX])
def test_sparqlwrapper(server: str, store: ox.Store, form: str, fmt: str, method: str) -> None:
    sw = SPARQLWrapper(f"{server}/sparql")
    http_method, request_method = METHODS[method]
    sw.setMethod(http_method)
    if request_method:
        sw.setRequestMethod(request_method)
    sw.setQuery(QUERIES[form])
    sw.setReturnFormat(fmt)
    with warnings.catch_warnings():
        # SPARQLWrapper warns (RuntimeWarning) when the answer is not in the asked format
        warnings.simplefilter("error", RuntimeWarning)
        response = sw.query()
        media = response.info()["content-type"].split(";")[0]
        converted = response.convert()
    expected = _expected(store, form)
    if form in ("SELECT", "ASK"):
        assert media == RESULT_MEDIA[fmt]
        if fmt == JSON:
            data = converted
            assert isinstance(data, dict)
            got: object = (
                data["boolean"]
                if form == "ASK"
                else {b["c"]["value"] for b in data["results"]["bindings"]}
            )
        elif fmt == XML:
            assert isinstance(converted, Document)
            if form == "ASK":
                got = converted.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]
            else:
                got = {u.firstChild.data for u in converted.getElementsByTagName("uri")}  # type: ignore[union-attr]
        else:
            assert isinstance(converted, bytes)
            rows = list(
                csv.reader(io.StringIO(converted.decode()), delimiter="," if fmt == CSV else "\t")
            )
            if form == "ASK":
                got = rows[-1][0].lower() == "true"
            else:
                got = {r[0].strip("<>") for r in rows[1:]}
        assert got == expected
    else:
        assert media == GRAPH_MEDIA[fmt]
        if isinstance(converted, Graph):
            graph = converted
        else:
            assert isinstance(converted, bytes)
            graph = Graph().parse(data=converted, format="turtle")
        assert len(graph) == expected and len(graph) > 0


def test_jsonld_format_parameter_sent_twice_is_answered(server: str) -> None:
    """SPARQLWrapper's own request: ``format=json-ld`` and ``format=application/ld+json,…``."""
    import urllib.parse
    import urllib.request

    params = urllib.parse.urlencode(
        [
            ("query", QUERIES["CONSTRUCT"]),
            ("format", "json-ld"),
            ("format", "application/ld+json,application/x-json+ld"),
        ]
    )
    with urllib.request.urlopen(f"{server}/sparql?{params}", timeout=30) as r:
        assert r.headers["content-type"].startswith("application/ld+json")
        assert json.loads(r.read())


@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_jsonld_answers_are_compact_with_the_context_inline(server: str, form: str) -> None:
    """A graph answer in JSON-LD uses the project's short keys, carries its context inline (no
    client fetches anything) and holds the same triples as the N-Triples answer."""
    import urllib.parse
    import urllib.request

    def ask(accept: str) -> bytes:
        url = f"{server}/sparql?" + urllib.parse.urlencode({"query": QUERIES[form]})
        request = urllib.request.Request(url, headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=30) as r:
            assert r.headers["content-type"].startswith(accept)
            return bytes(r.read())

    doc = json.loads(ask("application/ld+json"))
    assert isinstance(doc["@context"], dict) and doc["@context"]["ekg"].endswith("/def#")
    nodes = doc.get("@graph", [doc])
    keys = {k for n in nodes for k in n if not k.startswith("@")}
    assert keys and not [k for k in keys if k.startswith("http")], keys
    parsed = Graph().parse(data=json.dumps(doc), format="json-ld")
    expected = Graph().parse(data=ask("application/n-triples"), format="nt")
    assert len(parsed) == len(expected) > 0
    assert set(parsed) == set(expected)
