"""The server's end of resident connections (``resident``): hand a keep-alive connection with
its first plain query to a query worker, and take it back when the worker gives it back.

It runs in the HTTP protocol's and the event loop's own callbacks (no task per connection).
While a worker holds a connection the server neither reads from it nor writes to it; it keeps
its own copy of the descriptor, the per-client count, and the deadline: a timer reads, in the
memory each worker shares with the server, which request it answers since when, and kills a
worker past the deadline. When a worker ends (killed at a deadline, out of memory, killed from
outside, retired by the pool) the connection whose request it was answering gets the app's 503
and is closed (the worker may have written part of an answer); every other connection it held
goes back to the app as it was, its unread requests still in the socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import itertools
import time
from typing import Any

from enschede_kg.web import direct, pool, resident
from enschede_kg.web.app_support import failure

#: How often the deadline timer looks at the workers that hold connections.
TICK = 0.05


class _Held:
    """A connection a worker holds."""

    __slots__ = ("client", "first", "id", "pending", "proto", "worker")

    def __init__(self, conn_id: int, proto: Any, worker: Any, client: str, first: bytes) -> None:
        self.id = conn_id
        self.first = first  # the request it came with (replayed if the worker never got it)
        self.proto = proto
        self.worker = worker
        self.client = client
        self.pending = bytearray()  # the parts of an answer the worker sent back so far


class DirectFront:
    """Offers eligible requests to the query workers (see ``http.BoundedHttpTools``)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._source: list[tuple[bytes, bytes]] | None = None
        self._defaults = b""
        self._ids = itertools.count(1)
        self.held: dict[int, _Held] = {}
        #: connection ids by the worker that holds them (every worker ever handed one, alive)
        self.holders: dict[Any, set[int]] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._answered_by_ended = 0
        self._expired: set[Any] = set()
        #: requests handed back to the app, answered 503 here, answered by a worker with the
        #: rest written here
        self.counts = {"handed_back": 0, "failed": 0, "finished_by_server": 0}

    def stats(self) -> dict[str, int]:
        """For ``/health``: what the workers answered on held connections and what not."""
        answered = self._answered_by_ended + sum(
            int(w.state[resident.ANSWERED]) for w in self.holders
        )
        return {"answered": answered, **self.counts, "held": len(self.held)}

    def defaults(self, proto: Any) -> bytes:
        """uvicorn's default headers (date, server), rendered once per second they change."""
        source = proto.server_state.default_headers
        if source is not self._source:
            self._source = source
            self._defaults = direct.render_defaults(source)
        return self._defaults

    # --- handing over -----------------------------------------------------------------------

    def offer(self, proto: Any, data: bytes) -> bool:
        """Hand the connection to a worker with this request (True), or leave the request to
        the app (False, nothing changed)."""
        workers = getattr(self.app.state.backend, "pool", None)
        if workers is None or workers.limits is None or not direct.candidate(data):
            return False
        worker = self._choose(workers)
        if worker is None:
            return False
        client = proto.client[0] if proto.client else "unknown"
        clients = self.app.state.clients
        if not clients.take(client):
            return False  # the app answers 429
        conn_id = next(self._ids)
        payload = resident.take_message(conn_id, self.defaults(proto), data)
        try:
            resident.send(
                worker.requests, payload, proto.transport.get_extra_info("socket").fileno()
            )
        except OSError:  # the worker's queue is full, or it just ended
            clients.give(client)
            return False
        proto._unset_keepalive_if_required()
        proto.transport.pause_reading()
        self.held[conn_id] = _Held(conn_id, proto, worker, client, data)
        if worker not in self.holders:
            self._adopt(worker, workers)
        self.holders[worker].add(conn_id)
        worker.holding += 1
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(TICK, self._tick)
        return True

    def _choose(self, workers: pool.Pool) -> Any:
        """The worker of the current generation that holds fewest connections, among at most
        as many workers as queries may use (the rest stay free for pages); none busy with one
        request for longer than ``resident.RELEASE_AFTER`` (it is giving its own back)."""
        now = time.monotonic()
        current = [w for w in workers.current() if w.requests is not None]
        holding = [w for w in current if w.holding]
        if len(holding) < workers.query_slots:
            holding = current
        best = None
        for w in holding:
            since = w.busy_since()
            if since and now - since > resident.RELEASE_AFTER:
                continue
            if w.holding < resident.CAPACITY and (best is None or w.holding < best.holding):
                best = w
        return best

    def _adopt(self, worker: Any, workers: pool.Pool) -> None:
        workers.retire = self.retire
        self.holders[worker] = set()
        worker.ended = self._gone  # the pool killed it
        asyncio.get_running_loop().add_reader(worker.requests.fileno(), self._events, worker)

    # --- what workers send back ---------------------------------------------------------------

    def _events(self, worker: Any) -> None:
        if not self._read_events(worker):
            self._gone(worker)
            workers = getattr(self.app.state.backend, "pool", None)
            if workers is not None:
                workers.forget(worker)

    def _read_events(self, worker: Any, *, ending: bool = False) -> bool:
        """Act on every message waiting from ``worker``; False when its end is closed.
        ``ending``: the worker is being ended already (no retirement to finish)."""
        while True:
            try:
                message = worker.requests.recv(resident.CHUNK + 64)
            except BlockingIOError:
                return True
            except OSError:
                message = b""
            if not message:
                return False
            kind, conn_id = resident.HEAD.unpack_from(message)
            held = self.held.get(conn_id)
            if held is None:
                continue
            payload = message[resident.HEAD.size :]
            if kind == resident.PART:
                held.pending += payload
                continue
            if held.pending:
                payload = bytes(held.pending) + payload
            self._returned(held)
            transport = held.proto.transport
            if transport.is_closing():
                pass
            elif kind == resident.BACK:
                transport.resume_reading()
                if payload:
                    self.counts["handed_back"] += 1
                    held.proto.received(payload)
                else:
                    self._keep_alive(held.proto)
            elif kind == resident.REST:
                self.counts["finished_by_server"] += 1
                transport.write(payload)
                transport.resume_reading()
                self._keep_alive(held.proto)
            else:  # GONE, IDLE: closed as uvicorn closes an idle connection
                transport.close()
            if worker.retiring and not ending and not self.holders.get(worker):
                # retired, and every connection is back
                worker.kill()
                return True

    def _returned(self, held: _Held) -> None:
        del self.held[held.id]
        worker = held.worker
        worker.holding -= 1
        self.holders.get(worker, set()).discard(held.id)
        self.app.state.clients.give(held.client)

    @staticmethod
    def _keep_alive(proto: Any) -> None:
        proto.timeout_keep_alive_task = proto.loop.call_later(
            proto.timeout_keep_alive, proto.timeout_keep_alive_handler
        )

    # --- deadlines, ends and retirement -------------------------------------------------------

    def _tick(self) -> None:
        """Kill a worker whose request on a held connection ran past the deadline; let the
        pool grant again when long work on held connections may have ended."""
        self._timer = None
        workers = getattr(self.app.state.backend, "pool", None)
        if workers is None:
            return
        now = time.monotonic()
        for worker in self.holders:
            since = worker.answering_since()
            if since and now - since > workers.timeout and worker not in self._expired:
                self._expired.add(worker)
                worker.process.kill()  # its socket's end follows: ``_events`` sees it
        if workers.waiting():
            workers.grant()
        if self.held:
            self._timer = asyncio.get_running_loop().call_later(TICK, self._tick)

    def _gone(self, worker: Any) -> None:
        """A worker ended: 503 on the connection whose request it was answering, the others
        back to the app."""
        worker.ended = None
        if worker not in self.holders:
            return
        if worker.requests.fileno() >= 0:
            asyncio.get_running_loop().remove_reader(worker.requests.fileno())
            self._read_events(worker, ending=True)  # what it sent before it ended first
        ids = self.holders.pop(worker)
        state = worker.state
        received = int(state[resident.RECEIVED])
        self._answered_by_ended += int(state[resident.ANSWERED])
        serving = int(state[resident.SERVING]) if state[resident.STARTED] else 0
        error: BaseException = pool.WorkerDied()
        if worker in self._expired:
            self._expired.discard(worker)
            error = pool.Timeout()
        else:
            worker.process.join(1)
            if state[resident.OUT_OF_MEMORY] or worker.process.exitcode == -6:
                error = pool.OutOfMemory()
        for conn_id in sorted(ids):
            held = self.held.get(conn_id)
            if held is None:
                continue
            self._returned(held)
            transport = held.proto.transport
            if transport.is_closing():
                continue
            if conn_id == serving or held.pending:
                self._fail(held.proto, error)
                continue
            transport.resume_reading()
            if conn_id > received:  # its first request never reached the worker
                held.proto.received(held.first)
            else:
                self._keep_alive(held.proto)

    def retire(self, worker: Any) -> bool:
        """A reload retires ``worker``: when it holds connections, it gives them back first
        (after the answer it is writing) and is killed when the last one is back."""
        ids = self.holders.get(worker)
        if not ids:
            return False
        worker.retiring = True
        with contextlib.suppress(OSError):
            worker.requests.send(resident.drain_message())
        return True

    def _fail(self, proto: Any, error: BaseException) -> None:
        """503 from the server itself, then close: the worker may have written part of an
        answer before it was stopped."""
        self.counts["failed"] += 1
        status, message, headers = failure(error, self.app.state.settings)
        body = (message.rstrip() + "\n").encode()
        head = [b"HTTP/1.1 %d %s\r\n" % (status, http.HTTPStatus(status).phrase.encode())]
        head.append(self.defaults(proto))
        head += [b"%s: %s\r\n" % (k.lower().encode(), v.encode()) for k, v in headers.items()]
        head.append(b"content-length: %d\r\n" % len(body))
        head.append(b"content-type: text/plain; charset=utf-8\r\n")
        head.append(b"x-content-type-options: nosniff\r\nconnection: close\r\n\r\n")
        proto.transport.write(b"".join(head) + body)
        proto.transport.close()
