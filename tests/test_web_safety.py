"""No single request can stall the endpoint: inspection off the event loop, sandboxed workers,
fair sharing (per-client limit, a worker kept for pages, memory and answer caps).

Every test runs a real ``enschede-kg serve`` on 127.0.0.1 (or the worker pool itself, for the
sandbox proof) and measures what a client sees.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from enschede_kg import queries
from enschede_kg import store as store_mod
from enschede_kg.web import pool, safety
from tests.test_web import SLOW, Listener, _get, _q
from tests.webserver import serve

EKG = "PREFIX ekg: <https://w3id.org/enschede-kg/def#> "
CITIES = EKG + "SELECT ?c WHERE { ?c a ekg:City }"
JSON_ACCEPT = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server(built_dir: Path) -> Iterator[str]:
    with serve("--timeout", "4", "--workers", "3", build_dir=built_dir) as base:
        yield base


def _post(base: str, query: str, timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(
        f"{base}/sparql",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", **JSON_ACCEPT},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def _cities(store: ox.Store) -> set[str]:
    return {str(s["c"].value) for s in store.query(CITIES, use_default_graph_as_union=True)}  # type: ignore[union-attr]


# --- the lexer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,kind",
    [
        ("SELECT * { ?s ?p ?o }", "SELECT"),
        ("PREFIX select: <urn:x#> ASK { ?s select:construct 'SELECT' }", "ASK"),
        ("# SELECT\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("BASE <http://x/> DESCRIBE <a>", "DESCRIBE"),
        ("SELECT * { ?s ?p 'SERVICE <http://x/> {}' } # SERVICE", "SELECT"),
        ("SELECT ?service { ?s <http://x/SERVICE> ?service . ?s ?load ex:LOAD }", "SELECT"),
    ],
)
def test_lexer_knows_the_form_and_ignores_words_in_strings_iris_and_comments(
    text: str, kind: str
) -> None:
    assert safety.inspect(text).kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "SELECT * { service silent ?x { ?s ?p ?o } }",
        "SELECT * { SERV\\u0049CE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }",
        "PREFIX f: <file:///etc/> SELECT * FROM NAMED f:passwd { ?s ?p ?o }",
        "BASE <file:///etc/> SELECT * FROM <passwd> { ?s ?p ?o }",
    ],
)
def test_lexer_refuses_service_and_file_graphs(text: str) -> None:
    with pytest.raises(safety.Refused) as refused:
        safety.inspect(text)
    assert refused.value.status == 403


def _outcome(inspect: Any, text: str) -> object:
    try:
        return inspect(text, base_iri="http://127.0.0.1/sparql")
    except safety.Refused as e:
        return ("refused", str(e), e.status)


def test_the_words_alone_settle_a_query_as_the_whole_lexer_does() -> None:
    """``inspect`` settles most queries from their words (``_plain``): on every saved query,
    every case above and generated texts it says what the whole lexer (``lexed``) says."""
    rng = random.Random(4)
    parts = [
        "SELECT", "ask", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "<urn:a>", "<a b>",
        "'FROM'", '"SERVICE"', "# LOAD\n", "FROM", "NAMED", "SERVICE", "load", "BASE", "PREFIX",
        "p:", "p:x", "<file:///x>", "INSERT", "with", "DELETE", '"""x"""', "a", ".", "'''y'''",
    ]  # fmt: skip
    texts = [q.text for q in queries.saved_queries()] + [
        "",
        "{ }",
        "SELECT ('''FROM''' AS ?x) {}",
        "PREFIX select: <x> ASK { select:a ?p ?o }",
        "WITH <g> DELETE {} WHERE {}",
    ]
    texts += [" ".join(rng.choice(parts) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    for text in texts:
        assert _outcome(safety.inspect, text) == _outcome(safety.lexed, text), text


def test_using_parameters_become_using_clauses() -> None:
    update = (
        "INSERT { GRAPH <urn:g> { ?s a <urn:T> } } WHERE { ?s ?p ?o } ; DELETE WHERE { ?a ?b ?c }"
    )
    out = safety.with_using(update, ("http://x/a",), ("http://x/n",))
    assert out.count("USING <http://x/a> USING NAMED <http://x/n> WHERE") == 1
    assert "DELETE WHERE" in out
    with pytest.raises(safety.Refused):
        safety.with_using(
            "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ("http://x/a",), ()
        )


# --- valid SPARQL is not limited ---------------------------------------------------------------


def test_a_300_pattern_bgp_and_60_nested_parentheses_are_answered(
    server: str, store: ox.Store
) -> None:
    # 300 triple patterns, as generated queries have them: 299 ground checks and one variable
    cities = sorted(_cities(store))
    patterns = " ".join(f"<{cities[i % len(cities)]}> a ekg:City ." for i in range(299))
    patterns += " ?c a ekg:City ."
    assert patterns.count(" .") == 300
    status, _, body = _post(server, EKG + f"SELECT DISTINCT ?c WHERE {{ {patterns} }}")
    assert status == 200, body
    assert {b["c"]["value"] for b in json.loads(body)["results"]["bindings"]} == _cities(store)
    nested = "(" * 60 + "1 = 1" + ")" * 60
    status, _, body = _post(server, EKG + f"SELECT ?c WHERE {{ ?c a ekg:City FILTER {nested} }}")
    assert status == 200, body
    assert {b["c"]["value"] for b in json.loads(body)["results"]["bindings"]} == _cities(store)


def _slow_to_parse(size: int = 80_000) -> str:
    """A large query of the kind that kept rdflib's parser busy for seconds: deep nesting and
    a long chain of alternatives, around a query that also takes its worker a while."""
    filters: list[str] = []
    length = 0
    while length < size:
        i = len(filters)
        filters.append(f'(((STR(?c) != "urn:x{i}") || (?c = <urn:y{i}>)) && (1 = 1)) && ')
        length += len(filters[-1])
    return SLOW.replace("FILTER(", "FILTER(" + "".join(filters), 1)


def test_health_and_cheap_queries_answer_while_an_80kb_request_is_in_flight(
    built_dir: Path,
) -> None:
    with serve("--timeout", "20", "--workers", "3", build_dir=built_dir) as server:
        _timed_while_heavy(server)


def _timed_while_heavy(server: str) -> None:
    heavy = _slow_to_parse()
    assert 80_000 <= len(heavy.encode()) < 100_000
    cheap = _q(server, "ASK { ?s ?p ?o }")
    with ThreadPoolExecutor(1) as ex:
        in_flight = [ex.submit(_post, server, heavy)]
        time.sleep(0.5)
        health, lookups = [], []
        for _ in range(15):
            t0 = time.monotonic()
            assert _get(f"{server}/health")[0] == 200
            health.append(time.monotonic() - t0)
            t0 = time.monotonic()
            assert _get(cheap)[0] == 200
            lookups.append(time.monotonic() - t0)
        assert not any(f.done() for f in in_flight), "the heavy requests should still be running"
        statuses = [f.result()[0] for f in in_flight]
    print(
        f"median /health {statistics.median(health):.4f}, query {statistics.median(lookups):.4f} s"
    )
    assert statistics.median(health) < 0.1, health
    assert statistics.median(lookups) < 0.1, lookups
    assert statuses == [503], statuses  # stopped at its deadline, not refused as malformed


# --- nothing a query does reaches the network or the disk -------------------------------------


def test_a_sandboxed_worker_opens_no_socket_even_when_the_lexer_is_bypassed(
    built_dir: Path,
) -> None:
    """The worker itself cannot connect: a SERVICE query sent as a trusted job (no lexer) fails
    with EMFILE and the listener sees nothing."""
    listener = Listener()
    target = f"http://127.0.0.1:{listener.port}/"

    async def run() -> list[str]:
        p = pool.Pool(store_mod.dump_path(built_dir), size=1, timeout=20)
        await p.start()
        errors = []
        try:
            for text in (
                f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }} LIMIT 1",
            ):
                try:
                    await p.run(pool.Job(text, "SELECT", "json"))
                    errors.append("answered")
                except pool.JobFailed as e:
                    errors.append(str(e))
        finally:
            await p.close()
        return errors

    try:
        errors = asyncio.run(run())
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()
    assert "Too many open files" in errors[0], errors


def test_a_query_that_fools_the_lexer_still_reaches_nothing(server: str) -> None:
    """``<?b#>`` is an IRI to the lexer but, to Oxigraph, ``<`` and a comment: the SERVICE on the
    next line is hidden from the lexer. The sandboxed worker still cannot connect."""
    listener = Listener()
    try:
        query = (
            'SELECT * WHERE { BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b#> """\n'
            f') SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} #"""\n}}'
        )
        status, _, body = _post(server, query)
        time.sleep(0.3)
        assert listener.connections == 0
        assert status == 400 and b"Too many open files" in body, body
    finally:
        listener.close()


# --- fair sharing -------------------------------------------------------------------------------


def test_one_client_gets_429_beyond_its_limit(built_dir: Path) -> None:
    with serve("--timeout", "2", "--client-limit", "2", build_dir=built_dir) as base:
        with ThreadPoolExecutor(3) as ex:
            answers = list(ex.map(lambda _: _get(_q(base, SLOW)), range(3)))
        statuses = sorted(a[0] for a in answers)
        assert statuses == [429, 503, 503], statuses
        limited = next(a for a in answers if a[0] == 429)
        assert limited[1].get("retry-after") == "1"
        assert _get(_q(base, "ASK {}"))[0] == 200


def test_pages_are_served_while_long_queries_hold_every_query_worker(built_dir: Path) -> None:
    with serve("--timeout", "4", "--workers", "2", build_dir=built_dir) as base:
        with ThreadPoolExecutor(3) as ex:
            slow = [ex.submit(_get, _q(base, SLOW)) for _ in range(2)]
            time.sleep(0.5)
            t0 = time.monotonic()
            status, headers, _ = _get(f"{base}/page/city/dalian")
            took = time.monotonic() - t0
            assert not all(f.done() for f in slow)
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert took < 2.0


def test_a_query_over_the_memory_limit_ends_with_503_and_the_worker_is_replaced(
    built_dir: Path,
) -> None:
    hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
    with serve(
        "--timeout", "60", "--workers", "2", "--worker-memory", "300", build_dir=built_dir
    ) as base:
        t0 = time.monotonic()
        status, headers, body = _get(_q(base, hungry))
        assert status == 503 and b"MB a worker may use" in body, body
        assert time.monotonic() - t0 < 50 and "retry-after" in headers
        deadline = time.monotonic() + 60
        while json.loads(_get(f"{base}/health")[2])["live_workers"] < 2:
            assert time.monotonic() < deadline
            time.sleep(0.5)
        assert _get(_q(base, "ASK { ?s ?p ?o }"))[0] == 200


def test_answers_are_capped_in_bytes(built_dir: Path) -> None:
    with serve("--max-answer", "20000", build_dir=built_dir) as base:
        status, headers, body = _get(_q(base, "SELECT * WHERE { ?s ?p ?o }"), JSON_ACCEPT)
        assert status == 200 and headers.get("x-sparql-truncated") == "true"
        assert len(body) <= 20_000
        assert json.loads(body)["results"]["bindings"]
        one_row = 'SELECT (GROUP_CONCAT(STR(?o); separator=" ") AS ?all) WHERE { ?s ?p ?o }'
        status, _, body = _get(_q(base, one_row), JSON_ACCEPT)
        assert status == 400 and b"larger than 20000 bytes" in body
