"""Remote mode (``serve --sparql-endpoint``): pages work, and the upstream request is cancelled
at the deadline."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from tests.test_web import SLOW, _get, _q
from tests.webserver import serve


def test_pages_work_in_remote_mode(oxigraph_endpoint: str) -> None:
    with serve("--sparql-endpoint", oxigraph_endpoint) as remote:
        status, headers, body = _get(f"{remote}/page/city/dalian")
        assert status == 200 and headers["content-type"].startswith("text/html"), body[:300]
        assert b"Dalian" in body
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert _get(f"{remote}/page/city/no-such-city")[0] == 404


class SlowStore:
    """An upstream that reads the query and never answers, and notes when its client hangs up."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.requests: list[bytes] = []
        self.closed_at: list[float] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._hold, args=(conn,), daemon=True).start()

    def _hold(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    self.closed_at.append(time.monotonic())
                    return
                data += chunk
                if b"query=" in data and data not in self.requests:
                    self.requests.append(data)

    def close(self) -> None:
        self.sock.close()


def test_the_upstream_request_is_cancelled_at_the_deadline(built_dir: Path) -> None:
    upstream = SlowStore()
    try:
        endpoint = f"http://127.0.0.1:{upstream.port}/query"
        with serve("--sparql-endpoint", endpoint, "--timeout", "2") as remote:
            time.sleep(0.5)
            upstream.closed_at.clear()
            t0 = time.monotonic()
            status, headers, body = _get(_q(remote, SLOW))
            answered = time.monotonic() - t0
            time.sleep(0.5)
        assert status == 503 and b"stopped" in body and "retry-after" in headers
        assert answered < 4
        assert upstream.closed_at, "the connection to the upstream store stayed open"
        assert upstream.closed_at[0] - t0 < 3.5
        sent = upstream.requests[-1]
        assert b"timeout=2" in sent and b"timeout=2000" in sent  # Fuseki/QLever, Virtuoso
    finally:
        upstream.close()
