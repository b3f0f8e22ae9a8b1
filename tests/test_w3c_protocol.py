"""The W3C SPARQL 1.1 Protocol test suite against a real ``enschede-kg serve`` with a token.

The manifest and its data are the W3C's (``tests/data/w3c-sparql11-protocol/``, with their
licence). Each test's graphs go into the store first through the Graph Store Protocol, then its
requests are sent as written (method, path, headers, body in its declared encoding), with the
manifest's ``/sparql/`` replaced by our ``/sparql``, and each answer is checked for its status
class, its format class and, for ASK, its boolean.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from tests.webserver import serve

SUITE = Path(__file__).resolve().parent / "data" / "w3c-sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
TOKEN = "w3c-protocol-token"
#: Media types of each result class the manifest names.
FORMAT_CLASSES = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples"),
}


@dataclass(frozen=True)
class Step:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    statuses: tuple[int, ...]  # acceptable status classes: 2, 3, 4
    fmt: str | None
    boolean: bool | None


@dataclass(frozen=True)
class Case:
    name: str
    graphs: tuple[tuple[str, Path], ...]  # (graph IRI, data file)
    steps: tuple[Step, ...]


def _node(g: Graph, subject: Node | None, predicate: URIRef) -> Node:
    value = g.value(subject, predicate)
    assert value is not None, (subject, predicate)
    return value


def _cases() -> list[Case]:
    g = Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID=SUITE.as_uri() + "/")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    cases = []
    for test in Collection(g, _node(g, manifest, MF.entries)):
        graphs = tuple(
            (str(g.value(d, RDFS.label)), SUITE / Path(str(g.value(d, UT.graph))).name)
            for d in g.objects(test, UT.graphData)
        )
        steps = []
        for request in Collection(g, _node(g, _node(g, test, MF.action), HT.requests)):
            body_node = g.value(request, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding)
            headers_node = g.value(request, HT.headers)
            headers = tuple(
                (str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue)))
                for h in (Collection(g, headers_node) if headers_node is not None else [])
            )
            response = g.value(request, HT.resp)
            statuses = tuple(
                sorted(
                    int(str(s).rsplit("StatusCode", 1)[1][0])
                    for s in g.objects(response, MF.expectedStatus)
                )
            )
            boolean = g.value(response, MF.expectedBoolean)
            fmt = g.value(response, MF.expectedFormat)
            steps.append(
                Step(
                    str(g.value(request, HT.methodName)),
                    str(g.value(request, HT.absolutePath)),
                    headers,
                    body,
                    statuses,
                    str(fmt) if fmt is not None else None,
                    str(boolean) == "true" if boolean is not None else None,
                )
            )
        cases.append(Case(str(test).rsplit("#", 1)[1], graphs, tuple(steps)))
    return cases


CASES = _cases()


def test_the_suite_is_complete() -> None:
    assert len(CASES) == 34
    assert sum(len(c.steps) for c in CASES) == 39


@pytest.fixture(scope="module", params=["direct", "no-direct"])
def endpoint(built_dir: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The server as it runs (plain queries answered by the workers on the client's socket,
    ``web/direct.py``) and with every answer through the app: the suite passes both ways."""
    options = ("--workers", "2", f"--{request.param}")
    with serve(*options, build_dir=built_dir, env={"ENSCHEDE_KG_TOKEN": TOKEN}) as base:
        yield base


def _send(
    base: str, method: str, path: str, headers: dict[str, str], body: bytes | None
) -> tuple[int, str, bytes]:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheader("content-type", ""), response.read()
    finally:
        conn.close()


def _boolean(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    root = ET.fromstring(body)
    element = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert element is not None
    return element.text == "true"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_protocol(endpoint: str, case: Case) -> None:
    _run(endpoint, case)


def test_the_suites_plain_queries_take_the_direct_way(
    endpoint: str, request: pytest.FixtureRequest
) -> None:
    """With direct answers the suite's plain queries are answered by the workers themselves
    (http.client keeps connections open), the rest handed back, none failed; without, none."""
    health = json.loads(_send(endpoint, "GET", "/health", {}, None)[2])
    if request.node.callspec.params["endpoint"] == "no-direct":
        assert "direct" not in health
        return
    before = health["direct"]
    for case in CASES:
        _run(endpoint, case)
    after = json.loads(_send(endpoint, "GET", "/health", {}, None)[2])["direct"]
    assert after["answered"] - before["answered"] >= 10, (before, after)
    assert after["handed_back"] > before["handed_back"] and after["failed"] == before["failed"]


def _run(endpoint: str, case: Case) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for iri, data in case.graphs:
        path = "/store?" + urllib.parse.urlencode({"graph": iri})
        status, _, answer = _send(
            endpoint,
            "PUT",
            path,
            {**auth, "Content-Type": "application/n-triples"},
            data.read_bytes(),
        )
        assert status in (200, 201, 204), answer
    for step in case.steps:
        path = step.path.replace("/sparql/", "/sparql", 1)
        # the token goes with every request (updates need it; queries ignore it); http.client
        # adds no Content-Type of its own, so a request without one stays without one
        headers = {**dict(step.headers), **auth}
        status, ctype, body = _send(endpoint, step.method, path, headers, step.body)
        assert status // 100 in step.statuses, (case.name, status, body[:300])
        media = ctype.split(";")[0].strip()
        if step.fmt is not None:
            assert media in FORMAT_CLASSES[step.fmt], (case.name, media)
        if step.boolean is not None:
            assert _boolean(media, body) is step.boolean, (case.name, body[:300])
        if step.fmt == "RDF":
            Graph().parse(
                data=body,
                format={"text/turtle": "turtle", "application/rdf+xml": "xml"}.get(media, "nt"),
            )


def test_relative_iris_resolve_against_the_endpoint(endpoint: str) -> None:
    """No BASE in the text: ``<thing>`` is the endpoint's IRI resolved, as the protocol allows."""
    query = "SELECT ?x WHERE { BIND(<thing> AS ?x) }"
    status, _, body = _send(
        endpoint,
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        query.encode(),
    )
    assert status == 200, body
    value = json.loads(body)["results"]["bindings"][0]["x"]["value"]
    assert value == f"{endpoint}/thing"
    assert URIRef(value).startswith("http://127.0.0.1:")
