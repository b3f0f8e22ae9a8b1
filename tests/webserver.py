"""Start a real ``enschede-kg serve`` (uvicorn) on 127.0.0.1 for tests, and stop it."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import free_port


@contextmanager
def serve(
    *args: str,
    build_dir: Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run the server with extra CLI args; yield its base URL (``http://127.0.0.1:PORT``)."""
    import os

    port = free_port()
    cmd = [sys.executable, "-m", "enschede_kg", "serve", "--port", str(port), *args]
    if build_dir is not None:
        cmd += ["--build-dir", str(build_dir)]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/health", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    raise RuntimeError(f"server did not start: {err[-2000:]}") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
