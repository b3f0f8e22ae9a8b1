"""Routes of `serve` that had no test: /admin/reload, Graph Store POST and HEAD, on a real server.

Each test runs ``enschede-kg serve`` with an operator token on its own copy of the build, so that
writes and reloads change nothing another test reads.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.webserver import serve

TOKEN = "route-test-token"
GRAPH = "https://example.org/graph/route-test"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _call(
    url: str, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def _count(base: str) -> int:
    url = f"{base}/sparql?" + urllib.parse.urlencode({"query": COUNT})
    status, _, body = _call(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def own_build(built_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "build"
    shutil.copytree(built_dir, out)
    return out


@pytest.fixture
def server(own_build: Path) -> Iterator[str]:
    with serve("--token", TOKEN, build_dir=own_build) as base:
        yield base


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_reload_needs_the_token_and_picks_up_a_new_dump(server: str, own_build: Path) -> None:
    before = _count(server)
    assert _call(f"{server}/admin/reload", "POST")[0] == 401
    assert _call(f"{server}/admin/reload", "POST", headers={"Authorization": "Bearer no"})[0] == 401
    dump = own_build / "enschede-kg.trig"
    extra = "<urn:x:reload> <urn:x:p> <urn:x:o1> , <urn:x:o2> .\n"
    dump.write_text(dump.read_text(encoding="utf-8") + extra, encoding="utf-8")
    assert _count(server) == before  # nothing changes until the operator says so
    status, _, body = _call(f"{server}/admin/reload", "POST", headers=AUTH)
    assert status == 200, body
    assert f"{before + 2} triples" in body.decode()
    assert _count(server) == before + 2


def test_reload_is_post_only(server: str) -> None:
    assert _call(f"{server}/admin/reload", "GET", headers=AUTH)[0] == 405


def test_graph_store_post_merges_and_head_answers_without_a_body(server: str) -> None:
    target = f"{server}/store?" + urllib.parse.urlencode({"graph": GRAPH})
    turtle = {"Content-Type": "text/turtle"}
    first = b"<urn:x:a> <urn:x:p> <urn:x:b> .\n"
    second = b"<urn:x:a> <urn:x:p> <urn:x:c> .\n"
    assert _call(target, "HEAD")[0] == 404  # no such graph yet
    assert _call(target, "POST", first, turtle)[0] == 401  # writing needs the token
    status, _, body = _call(target, "POST", first, {**turtle, **AUTH})
    assert status == 200, body
    status, _, body = _call(target, "POST", second, {**turtle, **AUTH})
    assert status == 200, body
    status, _, body = _call(target, headers={"Accept": "application/n-triples"})
    assert status == 200
    assert sorted(body.decode().strip().splitlines()) == [  # POST added to what was there
        "<urn:x:a> <urn:x:p> <urn:x:b> .",
        "<urn:x:a> <urn:x:p> <urn:x:c> .",
    ]
    status, head_headers, head_body = _call(target, "HEAD", headers={"Accept": "text/turtle"})
    assert status == 200 and head_body == b""
    assert head_headers["content-type"].startswith("text/turtle")
    bad = _call(target, "POST", b"<urn:x:a> <urn:x:p> .", {**turtle, **AUTH})
    assert bad[0] == 400 and b"request body" in bad[2]
