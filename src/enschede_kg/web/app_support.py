"""Shared pieces of the web app: plain-text errors, the error guard, HTML answers with a CSP."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterator

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


def guard(
    fn: Callable[[Request], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    """Turn known failures into plain-text answers; anything unexpected is a bare 500."""

    async def wrapper(request: Request) -> Response:
        try:
            return await fn(request)
        except HTTPError as e:
            return text_response(e.status, e.message, e.headers)
        except safety.Refused as e:
            return text_response(e.status, str(e))
        except conneg.NotAcceptable as e:
            return text_response(406, str(e))
        except pool.Busy:
            return text_response(
                503, "the endpoint is busy; try again shortly", {"Retry-After": "2"}
            )
        except pool.OutOfMemory:
            settings = request.app.state.settings
            return text_response(
                503,
                f"the query needed more than the {settings.worker_memory} MB a worker may use "
                "and was stopped; ask for less (LIMIT, fewer joins)",
                {"Retry-After": "5"},
            )
        except pool.WorkerDied:
            return text_response(
                503, "the worker answering this query stopped; try again", {"Retry-After": "2"}
            )
        except pool.NoWorkers:
            return text_response(
                503, "no query worker is running; they are being restarted", {"Retry-After": "5"}
            )
        except pool.Timeout:
            settings = request.app.state.settings
            return text_response(
                503,
                f"the query ran longer than {settings.timeout:g} s and was stopped",
                {"Retry-After": "5"},
            )
        except pool.JobFailed as e:
            return text_response(400, f"the query could not be evaluated: {e}")
        except WriteRefused as e:
            return text_response(e.status, str(e))
        except Exception:  # never leak a traceback or a path
            return text_response(500, "internal error")

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

    @contextlib.contextmanager
    def slot(self, request: Request) -> Iterator[None]:
        client = request.client.host if request.client else "unknown"
        if self.limit and self.inflight.get(client, 0) >= self.limit:
            raise HTTPError(
                429,
                f"at most {self.limit} queries at a time per client; wait for an answer first",
                {"Retry-After": "1"},
            )
        self.inflight[client] = self.inflight.get(client, 0) + 1
        try:
            yield
        finally:
            self.inflight[client] -= 1
            if not self.inflight[client]:
                del self.inflight[client]
