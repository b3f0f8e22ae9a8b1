"""Start a real ``enschede-kg serve`` (uvicorn) on 127.0.0.1 for tests, and stop it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devtools import servers


@contextmanager
def serve(
    *args: str,
    build_dir: Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run the server with extra ``serve`` options; yield its base URL (``http://127.0.0.1:P``)."""
    with servers.start_endpoint(build_dir=build_dir, options=args, env=env) as server:
        yield server.url.rsplit("/sparql", 1)[0]
