"""The pool heals itself, reloads atomically and keeps its files private; writes have their own
limit; HTML answers carry their security headers. All on a real ``enschede-kg serve``."""

from __future__ import annotations

import json
import os
import shutil
import stat
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from devtools import servers
from enschede_kg import store as store_mod
from enschede_kg.publish.store import publish_store
from tests.browser import chromium, needs_chromium
from tests.test_web import SLOW, _get, _q

TOKEN = "pool-test-token"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@contextmanager
def _server(
    build_dir: Path, runtime: Path, *options: str, token: bool = False
) -> Iterator[tuple[str, servers.LocalServer]]:
    env = {"XDG_RUNTIME_DIR": str(runtime)}
    if token:
        env["ENSCHEDE_KG_TOKEN"] = TOKEN
    with servers.start_endpoint(build_dir=build_dir, options=options, env=env) as server:
        yield server.url.rsplit("/sparql", 1)[0], server


def _copy_build(built_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    build = tmp_path / "build"
    shutil.copytree(built_dir, build)
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    return build, runtime


def _health(base: str) -> tuple[int, dict[str, Any]]:
    status, _, body = _get(f"{base}/health")
    return status, json.loads(body)


def _count(base: str) -> int:
    status, _, body = _get(_q(base, COUNT), {"Accept": "text/csv"})
    assert status == 200, body
    return int(body.decode().splitlines()[1])


def _workers(server: servers.LocalServer) -> list[int]:
    """The query worker processes of a server (its children started by multiprocessing)."""
    pid = server.process.pid
    children = [  # workers are started from the pool's threads: read every thread's children
        c
        for task in Path(f"/proc/{pid}/task").iterdir()
        for c in (task / "children").read_text().split()
    ]
    found = []
    for child in children:
        cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        if b"multiprocessing" in cmdline and b"resource_tracker" not in cmdline:
            found.append(int(child))
    return found


def _reaped(pid: int, parent: int) -> bool:
    """Whether ``pid`` is no longer a (zombie or dying) child of ``parent``.

    A killed worker leaves /proc only once the pool has reaped it (waitpid). Until then it can
    still look alive to the pool while its command line is already gone, so "no worker in the
    process list" alone does not mean the pool has noticed.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return int(stat.rsplit(")", 1)[1].split()[1]) != parent  # a reused pid, someone else's


def _kill_workers(base: str, server: servers.LocalServer, *, replaced: bool = True) -> None:
    """Kill every worker from outside; with ``replaced``, wait until the pool has replaced them.

    First until the pool has reaped every killed worker (each health check makes it look), then
    until as many live workers as were killed: only replacements can count then.
    """
    killed = _workers(server)
    assert killed
    for pid in killed:
        os.kill(pid, 9)
    if replaced:
        parent = server.process.pid
        _wait(lambda: _health(base) and all(_reaped(pid, parent) for pid in killed))
        _wait(lambda: _health(base)[1]["live_workers"] == len(killed))
        assert set(_workers(server)).isdisjoint(killed)


def _wait(condition: Any, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.3)


def test_workers_restart_from_the_pools_own_snapshot(built_dir: Path, tmp_path: Path) -> None:
    build, runtime = _copy_build(built_dir, tmp_path)
    with _server(build, runtime, "--workers", "2", "--timeout", "1") as (base, server):
        before = _count(base)
        dump = store_mod.dump_path(build)
        dump.rename(tmp_path / "moved.trig")  # the served file goes away
        _kill_workers(base, server)
        assert _get(_q(base, SLOW))[0] == 503  # and one more worker ends at its deadline
        _wait(lambda: _health(base)[1]["live_workers"] == 2)
        status, state = _health(base)
        assert status == 200 and state["status"] == "ok" and state["generation"] == 0
        assert _count(base) == before
        # the runtime directory: one new private directory, holding the pool's snapshot
        (own,) = list(runtime.iterdir())
        assert own.name.startswith("enschede-kg-") and not own.is_symlink()
        assert stat.S_IMODE(own.stat().st_mode) == 0o700
        assert [p.name.startswith("snapshot-") for p in own.iterdir()] == [True]


def test_health_turns_503_when_no_worker_can_answer(built_dir: Path, tmp_path: Path) -> None:
    build, runtime = _copy_build(built_dir, tmp_path)
    with _server(build, runtime, "--workers", "2") as (base, server):
        assert _health(base)[0] == 200
        (own,) = list(runtime.iterdir())
        for snapshot in own.iterdir():
            snapshot.unlink()  # nothing to restart from
        workers = _workers(server)
        assert len(workers) == 2
        for pid in workers:
            os.kill(pid, 9)
        _wait(lambda: _health(base)[0] == 503, 30)
        status, state = _health(base)
        assert state["live_workers"] == 0 and state["status"] == "unavailable"
        status, headers, body = _get(_q(base, "ASK {}"))
        assert status == 503 and "retry-after" in headers, body


def test_a_rebuild_is_served_only_after_reload_and_every_answer_is_one_generation(
    built_dir: Path, tmp_path: Path
) -> None:
    build, runtime = _copy_build(built_dir, tmp_path)
    with _server(build, runtime, "--workers", "2", "--timeout", "1", token=True) as (base, srv):
        old = _count(base)
        # "rebuild": the dump on disk now holds a different graph
        small = ox.Store()
        for i in range(5):
            small.add(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(i)))
        small.dump(str(store_mod.dump_path(build)), format=ox.RdfFormat.TRIG)
        _kill_workers(base, srv)  # replacements start from the pool's snapshot, not the new file
        assert {_count(base) for _ in range(6)} == {old}
        seen: list[int] = []
        stop = threading.Event()

        def read() -> None:
            while not stop.is_set():
                seen.append(_count(base))

        readers = [threading.Thread(target=read) for _ in range(2)]
        for t in readers:
            t.start()
        status, _, body = _get(
            f"{base}/admin/reload", {"Authorization": f"Bearer {TOKEN}"}, b"", "POST"
        )
        time.sleep(0.5)
        stop.set()
        for t in readers:
            t.join(30)
        assert status == 200, body
        assert set(seen) <= {old, 5} and seen
        assert _count(base) == 5
        assert _health(base)[1]["generation"] == 1


def test_the_runtime_directory_is_fresh_and_follows_no_planted_symlink(
    built_dir: Path, tmp_path: Path
) -> None:
    build, runtime = _copy_build(built_dir, tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched\n")
    # what an attacker could plant under the old predictable scheme
    for pid in range(os.getpid(), os.getpid() + 400):
        planted = runtime / f"enschede-kg-{pid}"
        planted.mkdir()
        for n in range(3):
            (planted / f"snapshot-{n:06d}.nq").symlink_to(victim)
    before = set(runtime.iterdir())
    with _server(build, runtime, "--workers", "1", token=True) as (base, _):
        url = f"{base}/store?" + urllib.parse.urlencode({"graph": "http://example.org/g"})
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
        assert _get(url, headers, b"<urn:a> <urn:b> <urn:c> .", "PUT")[0] == 201
        (own,) = set(runtime.iterdir()) - before
        assert stat.S_IMODE(own.stat().st_mode) == 0o700 and not own.is_symlink()
        assert all(not p.is_symlink() for p in own.iterdir())
    assert victim.read_text() == "untouched\n"
    assert not own.exists()  # removed at shutdown


# --- writes -------------------------------------------------------------------------------------


def test_publish_store_into_our_own_server_and_read_it_back(
    built_dir: Path, tmp_path: Path
) -> None:
    """The project's own ``publish store`` (5.8 MB of N-Triples) goes into ``serve --token``,
    past the 1 MB query-body limit, and comes back whole."""
    build, runtime = _copy_build(built_dir, tmp_path)
    with _server(build, runtime, "--workers", "1", token=True) as (base, _):
        sent = publish_store(f"{base}/store", token=TOKEN, dump=store_mod.dump_path(build))
        assert sent.triples > 10_000
        for graph, count in sent.graphs.items():  # each named graph of the build, read back
            url = f"{base}/store?" + urllib.parse.urlencode({"graph": graph})
            status, _, body = _get(url, {"Accept": "application/n-triples"})
            assert status == 200, graph
            assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == count, graph


def test_uploads_have_their_own_limit(built_dir: Path, tmp_path: Path) -> None:
    build, runtime = _copy_build(built_dir, tmp_path)
    with _server(build, runtime, "--workers", "1", "--max-upload", "2000", token=True) as (
        base,
        _,
    ):
        url = f"{base}/store?" + urllib.parse.urlencode({"graph": "http://example.org/g"})
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/n-triples"}
        body = b"".join(f"<urn:s{i}> <urn:p> <urn:o> .\n".encode() for i in range(200))
        status, _, answer = _get(url, headers, body, "PUT")
        assert status == 413 and b"2000 bytes" in answer
        small = b"".join(body.splitlines(keepends=True)[:50])
        assert len(small) < 2000
        assert _get(url, headers, small, "PUT")[0] == 201
        # nothing is left behind in the runtime directory
        (own,) = list(runtime.iterdir())
        assert [p.suffix for p in own.iterdir()] == [".nq"]


# --- security headers ---------------------------------------------------------------------------

HTML_ROUTES = ["/", "/explorer", "/explorer/context", "/page/city/dalian", "/page/def"]


@pytest.fixture(scope="module")
def site(built_dir: Path) -> Iterator[str]:
    with servers.start_endpoint(build_dir=built_dir, options=("--workers", "2")) as server:
        yield server.url.rsplit("/sparql", 1)[0]


@pytest.mark.parametrize("path", HTML_ROUTES)
def test_every_html_route_sends_its_security_headers(site: str, path: str) -> None:
    status, headers, _ = _get(site + path)
    assert status == 200 and headers["content-type"].startswith("text/html")
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


@needs_chromium
def test_a_browser_runs_the_served_explorer_and_refuses_to_frame_it(
    site: str, tmp_path: Path
) -> None:
    frame = tmp_path / "frame.html"
    frame.write_text(f'<iframe id="f" src="{site}/explorer"></iframe>')
    with chromium(tmp_path / "profile") as ctx:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{site}/explorer")
        page.wait_for_function("window.explorer && window.explorer.network", timeout=30_000)
        assert errors == []
        framed = ctx.new_page()
        framed_errors: list[str] = []
        framed.on("console", lambda m: framed_errors.append(m.text))
        framed.goto(frame.as_uri())
        framed.wait_for_timeout(1500)
        child = framed.frames[1] if len(framed.frames) > 1 else None
        assert child is None or child.url in ("", "about:blank", "chrome-error://chromewebdata/")
        assert any("frame-ancestors" in e for e in framed_errors), framed_errors
