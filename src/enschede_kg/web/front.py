"""The server's end of direct answers (``direct``): lease a query worker, hand it the request
and the connection, and take the connection back when the answer is written.

It runs in the HTTP protocol's own callbacks (no task per request). While a worker holds the
connection the server neither reads from it nor writes to it; it keeps the request's deadline,
the worker lease and the per-client count, and answers 503 itself (then closes, since the
worker may have written part of an answer) when the worker runs past the deadline, runs out of
memory or dies.
"""

from __future__ import annotations

import asyncio
import http
import time
from typing import Any

from enschede_kg.web import direct, pool
from enschede_kg.web.app_support import failure


class DirectFront:
    """Offers eligible requests to the pool's query lane (see ``http.BoundedHttpTools``)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._source: list[tuple[bytes, bytes]] | None = None
        self._defaults = b""
        #: requests a worker answered on the socket, handed back to the app, answered 503
        #: here, and answered on the socket with the rest written here
        self.counts = {"answered": 0, "handed_back": 0, "failed": 0, "finished_by_server": 0}

    def defaults(self, proto: Any) -> bytes:
        """uvicorn's default headers (date, server), rendered once per second they change."""
        source = proto.server_state.default_headers
        if source is not self._source:
            self._source = source
            self._defaults = direct.render_defaults(source)
        return self._defaults

    def offer(self, proto: Any, data: bytes) -> bool:
        """Take the request (True) or leave it to the app (False, nothing changed)."""
        workers = getattr(self.app.state.backend, "pool", None)
        if workers is None or workers.limits is None or not direct.candidate(data):
            return False
        client = proto.client[0] if proto.client else "unknown"
        if not self.app.state.clients.take(client):
            return False  # the app answers 429
        proto._unset_keepalive_if_required()
        proto.transport.pause_reading()
        _Handover(self, workers, proto, data, client).start()
        return True


class _Handover:
    """One direct request, from lease to the connection's return."""

    __slots__ = ("alarm", "client", "data", "deadline", "front", "pool", "proto", "worker")

    def __init__(
        self, front: DirectFront, workers: pool.Pool, proto: Any, data: bytes, client: str
    ):
        self.front = front
        self.pool = workers
        self.proto = proto
        self.data = data
        self.client = client
        self.deadline = time.monotonic() + workers.timeout
        self.worker: Any = None
        self.alarm: asyncio.TimerHandle | None = None

    def start(self) -> None:
        self.pool.lease(pool.QUERY, self.deadline, self.granted)

    def granted(self, worker: Any, error: BaseException | None) -> None:
        if error is not None:
            # NoWorkers and Busy: the app answers as it would; a lease past the deadline: 503
            self.fail(error) if isinstance(error, pool.Timeout) else self.back()
            return
        if not worker.process.is_alive() or self.proto.transport.is_closing():
            self.pool.lost(worker) if not worker.process.is_alive() else self.pool.release(worker)
            self.back()
            return
        assert worker.channel is not None and worker.requests is not None
        payload = direct.message(self.front.defaults(self.proto), self.data)
        try:
            direct.send(
                worker.requests, payload, self.proto.transport.get_extra_info("socket").fileno()
            )
        except OSError:
            self.pool.release(worker)
            self.back()
            return
        self.worker = worker
        reply = worker.channel.expect()
        loop = asyncio.get_running_loop()
        self.alarm = loop.call_at(
            loop.time() + max(0.01, self.deadline - time.monotonic()), pool._expire, reply
        )
        reply.add_done_callback(self.answered)

    def answered(self, reply: asyncio.Future[bytes]) -> None:
        assert self.alarm is not None
        self.alarm.cancel()
        worker = self.worker
        try:
            status, answer = pool.decode_reply(reply.result())
        except TimeoutError:
            self.pool.lost(worker)
            self.fail(pool.Timeout())
            return
        except (EOFError, OSError):
            worker.process.join(1)
            code = worker.process.exitcode
            self.pool.lost(worker)
            self.fail(pool.OutOfMemory() if code == -6 else pool.WorkerDied())
            return
        if status == pool.MEMORY:
            self.pool.lost(worker)
            self.fail(pool.OutOfMemory())
            return
        self.pool.release(worker)
        if status == pool.DONE:
            self.done(answer.body)
        else:
            self.back()

    def done(self, rest: bytes) -> None:
        """Answered: write what the socket did not take, then read the next request."""
        self.front.app.state.clients.give(self.client)
        self.front.counts["answered"] += 1
        proto = self.proto
        proto.server_state.total_requests += 1
        transport = proto.transport
        if transport.is_closing():
            return
        if rest:
            self.front.counts["finished_by_server"] += 1
            transport.write(rest)
        transport.resume_reading()
        proto.timeout_keep_alive_task = proto.loop.call_later(
            proto.timeout_keep_alive, proto.timeout_keep_alive_handler
        )

    def back(self) -> None:
        """The app answers: the request's bytes go the ordinary way, as if just received."""
        self.front.app.state.clients.give(self.client)
        self.front.counts["handed_back"] += 1
        transport = self.proto.transport
        if transport.is_closing():
            return
        transport.resume_reading()
        self.proto.received(self.data)

    def fail(self, error: BaseException) -> None:
        """503 from the server itself, then close: the worker may have written part of an
        answer before it was stopped."""
        self.front.app.state.clients.give(self.client)
        self.front.counts["failed"] += 1
        transport = self.proto.transport
        if transport.is_closing():
            return
        status, message, headers = failure(error, self.front.app.state.settings)
        body = (message.rstrip() + "\n").encode()
        head = [b"HTTP/1.1 %d %s\r\n" % (status, http.HTTPStatus(status).phrase.encode())]
        head.append(self.front.defaults(self.proto))
        head += [b"%s: %s\r\n" % (k.lower().encode(), v.encode()) for k, v in headers.items()]
        head.append(b"content-length: %d\r\n" % len(body))
        head.append(b"content-type: text/plain; charset=utf-8\r\n")
        head.append(b"x-content-type-options: nosniff\r\nconnection: close\r\n\r\n")
        transport.write(b"".join(head) + body)
        transport.close()
