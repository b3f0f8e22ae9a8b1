"""``publish site``: every file parses and matches the graph; nginx answers as ``serve`` does."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from enschede_kg import queries, store
from enschede_kg.cli import main
from enschede_kg.errors import EnschedeKGError
from enschede_kg.publish import site as publish_site
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import ID
from tests.conftest import free_port
from tests.test_deref import RDF_ACCEPT, RESOURCES, raw
from tests.webserver import serve

PARSE_AS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def graph_store(built_dir: Path) -> ox.Store:
    return store.from_dump(built_dir / "enschede-kg.trig")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, built_dir: Path, graph_store: ox.Store) -> Path:
    out = tmp_path_factory.mktemp("site") / "www"
    publish_site.publish_site(out, graph_store, built_dir)
    return out


def test_every_rdf_file_parses_and_equals_the_graph(
    site: Path, graph_store: ox.Store, built_dir: Path
) -> None:
    describe = queries.named("pages", "describe")
    checked = 0
    for path in sorted((site / "data").rglob("*")):
        if not path.is_file():
            continue
        ext = path.suffix.lstrip(".")
        g = Graph().parse(path, format=PARSE_AS[ext])
        key = str(path.relative_to(site / "data"))[: -len(ext) - 1]
        if key.startswith(("def", "graph/")):
            assert len(g) > 0, path
            continue
        expected = rdfio.quads_to_graph(
            ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
            for t in queries.run(graph_store, describe, {"r": ox.NamedNode(f"{ID}{key}")}).triples
        )
        assert isomorphic(g, expected), path
        checked += 1
    assert checked > 500
    dump = Dataset()
    dump.parse(site / "dumps" / "enschede-kg.trig", format="trig")
    built = Dataset()
    built.parse(built_dir / "enschede-kg.trig", format="trig")
    assert len(dump) == len(built)
    for name in ("enschede-kg.ttl", "enschede-kg.nt"):
        a = Graph().parse(site / "dumps" / name)
        b = Graph().parse(built_dir / name)
        assert isomorphic(a, b), name


def test_every_html_page_parses(site: Path) -> None:
    pages = sorted((site / "page").rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        parser = _Loads()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        assert parser.csp and "default-src 'none'" in parser.csp, path
        assert parser.loads and all(u.startswith("/static/") for u in parser.loads), path


class _Loads(HTMLParser):
    """What a page loads (scripts, stylesheets) and its CSP meta tag."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.loads.append(a["src"] or "")
        if tag == "link" and a.get("rel") == "stylesheet":
            self.loads.append(a.get("href") or "")
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content") or ""


def test_publish_site_cli_and_refusal_to_clobber(runner_tmp: Path, built_dir: Path) -> None:
    other = runner_tmp / "not-a-site"
    other.mkdir()
    (other / "precious.txt").write_text("keep me")
    with pytest.raises(EnschedeKGError):
        publish_site.publish_site(other, store.from_dump(built_dir / "enschede-kg.trig"), built_dir)
    assert (other / "precious.txt").read_text() == "keep me"
    result = CliRunner().invoke(
        main, ["publish", "site", "-o", str(runner_tmp / "www"), "--build-dir", str(built_dir)]
    )
    assert result.exit_code == 0, result.output
    assert (runner_tmp / "www" / "nginx.conf").is_file()
    assert (runner_tmp / "www" / ".htaccess").is_file()


@pytest.fixture
def runner_tmp(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (CI installs Debian's nginx)")
    run = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = run / "nginx.conf"
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(f"""{user}worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {run}/body; proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi; uwsgi_temp_path {run}/uwsgi; scgi_temp_path {run}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {site}/nginx.conf;
    }}
}}
""")
    proc = subprocess.Popen(
        [NGINX, "-p", str(run), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            raw(base, "/dataset")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise RuntimeError(f"nginx did not start: {err}") from None
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def endpoint(built_dir: Path) -> Iterator[str]:
    with serve(build_dir=built_dir) as base:
        yield base


ACCEPTS = ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", *RDF_ACCEPT]


def _answer(base: str, path: str, accept: str | None) -> tuple[int, str]:
    status, h, _ = raw(base, path, {"Accept": accept} if accept else {})
    return status, urllib.parse.urlsplit(h.get("location", "")).path


@pytest.mark.parametrize(
    "key", [*RESOURCES.values(), "def", "graph/data", "graph/twinnings/wikidata-p190-2016"]
)
def test_nginx_gives_the_same_303_and_conneg_as_serve(nginx: str, endpoint: str, key: str) -> None:
    iri_path = f"/{key}" if key.startswith(("def", "graph/")) else f"/id/{key}"
    for accept in ACCEPTS:
        ours, theirs = _answer(endpoint, iri_path, accept), _answer(nginx, iri_path, accept)
        assert ours == theirs, (iri_path, accept)
        assert ours[0] == 303
        target = ours[1]
        a = raw(endpoint, target, {"Accept": accept})
        b = raw(nginx, target, {"Accept": accept})
        assert a[0] == b[0] == 200, (target, a[0], b[0])
        assert a[1]["content-type"].split(";")[0] == b[1]["content-type"].split(";")[0]
        if target.startswith("/data/"):
            ext = target.rsplit(".", 1)[-1]
            ga = Graph().parse(data=a[2], format=PARSE_AS[ext])
            gb = Graph().parse(data=b[2], format=PARSE_AS[ext])
            assert isomorphic(ga, gb), target
        else:
            assert "default-src 'none'" in b[1]["content-security-policy"]
            assert b[1]["x-content-type-options"] == "nosniff"
    for ext in ("ttl", "jsonld", "nt", "rdf", "html"):
        assert _answer(endpoint, f"{iri_path}.{ext}", None) == _answer(
            nginx, f"{iri_path}.{ext}", None
        )
    # extension-less data with conneg
    for accept, ext in RDF_ACCEPT.items():
        data_path = "/data/" + key
        sa, ha, ba = raw(endpoint, data_path, {"Accept": accept})
        sb, hb, bb = raw(nginx, data_path, {"Accept": accept})
        assert sa == sb == 200
        assert ha["content-type"].split(";")[0] == hb["content-type"].split(";")[0] == accept
        assert isomorphic(
            Graph().parse(data=ba, format=PARSE_AS[ext]),
            Graph().parse(data=bb, format=PARSE_AS[ext]),
        )


@pytest.mark.parametrize(
    "path",
    [
        "/id/city/atlantis",
        "/id/../../etc/passwd",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/id/city%5c..%5cx",
    ],
)
def test_nginx_unknown_and_traversal_are_4xx(nginx: str, path: str) -> None:
    status, _, body = raw(nginx, path)
    assert 400 <= status < 500, (path, status)
    assert b"root:" not in body


def test_nginx_serves_void_and_dataset(nginx: str) -> None:
    status, h, body = raw(nginx, "/.well-known/void")
    assert status == 200 and h["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) > 50
    status, h, _ = raw(nginx, "/dataset")
    assert status == 303 and h["location"].endswith("/page/dataset/enschede-kg")
