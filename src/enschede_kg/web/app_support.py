"""Shared pieces of the web app: plain-text errors, the error guard, HTML answers with a CSP."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from enschede_kg.lod.pages import CSP
from enschede_kg.web import conneg, pool, safety
from enschede_kg.web.backend import WriteRefused


class HTTPError(Exception):
    """An error answer: status and a short plain-text message (never a traceback or path)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.message = message
        self.headers = headers or {}
        super().__init__(message)


def text_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)


def failure(e: BaseException, settings: Any) -> tuple[int, str, dict[str, str]]:
    """The status, message and headers the app answers for a failure (``guard``, and the
    server's own answer when a direct request's worker timed out or died: ``front``)."""
    if isinstance(e, HTTPError):
        return e.status, e.message, e.headers
    if isinstance(e, safety.Refused | WriteRefused):
        return e.status, str(e), {}
    if isinstance(e, conneg.NotAcceptable):
        return 406, str(e), {}
    if isinstance(e, pool.Busy):
        return 503, "the endpoint is busy; try again shortly", {"Retry-After": "2"}
    if isinstance(e, pool.OutOfMemory):
        return (
            503,
            f"the query needed more than the {settings.worker_memory} MB a worker may use "
            "and was stopped; ask for less (LIMIT, fewer joins)",
            {"Retry-After": "5"},
        )
    if isinstance(e, pool.WorkerDied):
        return 503, "the worker answering this query stopped; try again", {"Retry-After": "2"}
    if isinstance(e, pool.NoWorkers):
        return 503, "no query worker is running; they are being restarted", {"Retry-After": "5"}
    if isinstance(e, pool.Timeout):
        return (
            503,
            f"the query ran longer than {settings.timeout:g} s and was stopped",
            {"Retry-After": "5"},
        )
    if isinstance(e, pool.JobFailed):
        return 400, f"the query could not be evaluated: {e}", {}
    return 500, "internal error", {}  # never leak a traceback or a path


def guard(
    fn: Callable[[Request], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    """Turn known failures into plain-text answers; anything unexpected is a bare 500."""

    async def wrapper(request: Request) -> Response:
        try:
            return await fn(request)
        except Exception as e:
            return text_response(*failure(e, request.app.state.settings))

    return wrapper


def html_response(body: bytes) -> Response:
    """An HTML page with the Content-Security-Policy of every page."""
    return Response(
        body,
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer"},
    )


class ClientLimiter:
    """How many queries each client (by address) has in flight; 429 beyond ``limit``.

    One client cannot take every worker: its extra queries are refused at once, with
    Retry-After, instead of queueing in front of everyone else's.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.inflight: dict[str, int] = {}

    def take(self, client: str) -> bool:
        """Count one more query for ``client``; False (nothing counted) when at the limit."""
        if self.limit and self.inflight.get(client, 0) >= self.limit:
            return False
        self.inflight[client] = self.inflight.get(client, 0) + 1
        return True

    def give(self, client: str) -> None:
        self.inflight[client] -= 1
        if not self.inflight[client]:
            del self.inflight[client]

    @contextlib.contextmanager
    def slot(self, request: Request) -> Iterator[None]:
        client = request.client.host if request.client else "unknown"
        if not self.take(client):
            raise HTTPError(
                429,
                f"at most {self.limit} queries at a time per client; wait for an answer first",
                {"Retry-After": "1"},
            )
        try:
            yield
        finally:
            self.give(client)
