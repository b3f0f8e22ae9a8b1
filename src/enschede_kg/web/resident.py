"""Connections resident in a query worker: request after request of a keep-alive client is read,
evaluated and answered by one worker process on the client's own socket, with no other process
in between.

Why: a cheap lookup costs the worker about 66 µs of its own work, but when the server process
reads each request, hands it over and takes the connection back, the two processes switching
on two cores cost more than the work itself (``benchmarks/ceiling.py``: the worker's path run
inline is three times what a per-request hand-over reaches). So the server hands a connection
over once, with its first plain request (``front.DirectFront``), and the worker keeps it while
its requests stay plain.

What the worker leaves to the server, and why nothing is lost by that:

* every request it cannot answer exactly as the app would (``direct.job_for`` says which) goes
  back with its bytes (``BACK``), and the server answers it through the app as if just read;
* an answer the socket cannot take at once goes back with the rest to write (``REST``), so a
  slow reader never holds a worker;
* a connection idle past the keep-alive time goes back to be closed (``IDLE``), as uvicorn
  closes its own; one the client closed is reported (``GONE``);
* when one request has run for ``RELEASE_AFTER`` seconds, a thread of the worker gives every
  other connection back (``BACK`` with no bytes: pyoxigraph lets go of the GIL while it
  evaluates), so that one long query does not hold other clients' requests; the server then
  answers them through the pool's queue and lanes;
* a reload retires the worker (``DRAIN``): every connection goes back after the current answer.

The server keeps its own copy of each descriptor and, through ``State`` (shared memory), knows
which request a worker is answering since when: past the deadline it kills the worker and
answers 503 on that connection; whatever else the worker held goes back to the app unharmed.

The sandbox holds (see ``pool.Sandbox``): a descriptor arrives only in the one slot freed for it
right before it is received, and when a connection goes back a placeholder is put over its slot
(``dup2``) before the server hears of it, so no slot is ever free while a query runs.
"""

from __future__ import annotations

import array
import os
import select
import socket
import struct
import threading
import time
from email.utils import formatdate
from typing import Any

from enschede_kg.web import direct, pool  # (pool imports this module: used at call time)

#: Messages from the server: a connection with its first request (and its descriptor); retire.
TAKE, DRAIN = 1, 2
#: Messages from the worker: a connection back (with the bytes of a request for the app, or
#: none), part of / the end of an answer for the server to finish, the client closed, idle.
BACK, PART, REST, GONE, IDLE = 3, 4, 5, 6, 7
HEAD = struct.Struct("!BQ")  # kind, connection id
_SIZE = struct.Struct("!I")
#: The most bytes in one message from the worker (SEQPACKET messages must fit the socket buffer).
CHUNK = 32_768
#: The most connections one worker holds (its sandbox keeps this many slots for them).
CAPACITY = 256
#: Seconds an idle keep-alive connection stays open (the server's uvicorn uses the same).
KEEP_ALIVE = 5
#: One request running this long makes the worker give its other connections back.
RELEASE_AFTER = 0.1
#: Slots of ``State``: when the request being answered started (0: none; CLOCK_MONOTONIC,
#: which every process shares), its connection id, requests answered, ran out of memory, the
#: id of the last connection received (ids grow, and a worker receives them in order: one the
#: worker never received still has its first request only in the server's hands), and when
#: the job of the pool it is doing started (0: none).
STARTED, SERVING, ANSWERED, OUT_OF_MEMORY, RECEIVED, JOB = range(6)
STATE_SLOTS = 6


def take_message(conn_id: int, default_headers: bytes, data: bytes) -> bytes:
    """What the server sends with a connection: its id, uvicorn's current default headers
    (rendered), then the first request's bytes."""
    return HEAD.pack(TAKE, conn_id) + _SIZE.pack(len(default_headers)) + default_headers + data


def drain_message() -> bytes:
    return HEAD.pack(DRAIN, 0)


def send(sock: socket.socket, payload: bytes, fd: int) -> None:
    """Hand a worker a message and a copy of the connection's descriptor."""
    sock.sendmsg([payload], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))])


_BUFFER = bytearray(64 * 1024 + 4096)  # a request of direct.MAX_REQUEST and headers fit
_FD_SPACE = socket.CMSG_SPACE(array.array("i").itemsize)


class Resident:
    """The worker's side: the connections it holds and the loop's handlers for them.

    The main thread polls the job pipe, the server's socket and every held connection, and
    answers one request of each ready connection in turn. ``lock`` guards ``held``, ``serving``
    and the sandbox's free slots, which the release thread changes too.
    """

    def __init__(
        self,
        store: Any,
        requests: socket.socket,
        box: Any,
        limits: direct.Limits,
        state: Any,
        keep_alive: float = KEEP_ALIVE,
    ) -> None:
        self.store = store
        self.requests = requests
        self.box = box
        self.limits = limits
        self.state = state
        self.keep_alive = keep_alive
        #: descriptor -> [connection id, last time it was answered]
        self.held: dict[int, list[Any]] = {}
        self.serving = -1
        self.lock = threading.Lock()
        self.draining = False
        self._registered: set[int] = set()
        self._changed = False  # ``held`` changed since the poller was last brought in line
        self._sweep = 0.0
        self._others = b""  # the server's default headers other than date
        self._dated = True
        self._second = -1
        self._defaults = b""
        self._read = bytearray(direct.MAX_REQUEST + 1)
        threading.Thread(target=self._release_loop, name="release", daemon=True).start()

    # --- the main thread ------------------------------------------------------------------

    def on_requests(self) -> bool:
        """A message from the server; False when the server closed its end."""
        with self.lock:
            got = self._receive()
            if got is None:
                return True
            kind, conn_id, data, fd = got
            if kind == 0:
                return False
            if kind == DRAIN:
                self._drain()
                return True
            if fd < 0 or self.draining:
                if fd >= 0:
                    self.box.refill(fd)
                self._send(conn_id, BACK, data)
                return True
            self.held[fd] = [conn_id, time.monotonic()]
            self._changed = True
            self.serving = fd
        self._serve(fd, conn_id, data)
        return True

    def on_ready(self, fd: int) -> None:
        """A held connection is readable: its next request (or its end)."""
        with self.lock:
            entry = self.held.get(fd)
            if entry is None:  # given back meanwhile (its slot holds a placeholder now)
                return
            self.serving = fd
        try:
            # into a buffer kept for the worker's life: os.read(fd, 60_001) allocates 60 kB
            # per request and shrinks it, a tenth of a lookup's time in glibc's malloc
            n = os.readv(fd, [self._read])
            data: bytes | None = bytes(self._read[:n])
        except BlockingIOError:
            data = None
        except OSError:
            data = b""
        if data is None:
            with self.lock:
                self.serving = -1
        elif not data:
            with self.lock:
                self._send(self._detach(fd), GONE)
        elif len(data) > direct.MAX_REQUEST:
            with self.lock:
                self._send(self._detach(fd), BACK, data)
        else:
            self._serve(fd, entry[0], data)

    def _serve(self, fd: int, conn_id: int, data: bytes) -> None:
        state = self.state
        state[SERVING] = conn_id
        state[STARTED] = time.monotonic()
        try:
            answer = pool.evaluate(self.store, direct.job_for(data, self.limits))
            out = direct.render(answer, self._headers())
        except MemoryError:
            state[OUT_OF_MEMORY] = 1
            raise
        except Exception:  # every refusal and error is the app's to word
            state[STARTED] = 0
            with self.lock:
                self._send(self._detach(fd), BACK, data)
            return
        # from here the deadline no longer applies: writing is non-blocking and bounded
        state[STARTED] = 0
        rest = direct.write(fd, out)
        state[ANSWERED] += 1
        with self.lock:
            self.serving = -1
            if rest:
                self._send(self._detach(fd), REST, rest)
            elif fd in self.held:
                self.held[fd][1] = time.monotonic()
            if self.draining:
                self._drain()

    def tidy(self, poller: select.poll) -> None:
        """After each round: poll exactly the held connections; give back idle ones."""
        now = time.monotonic()
        with self.lock:
            if now >= self._sweep:
                self._sweep = now + 0.5
                for fd, (_, last) in list(self.held.items()):
                    if now - last > self.keep_alive:
                        self._send(self._detach(fd), IDLE)
            if self._changed:
                self._changed = False
                held = self.held.keys()
                for fd in self._registered - held:
                    poller.unregister(fd)
                for fd in held - self._registered:
                    poller.register(fd, select.POLLIN)
                self._registered = set(held)

    def timeout_ms(self) -> int | None:
        return 500 if self.held else None

    # --- both threads (with ``lock`` held) ------------------------------------------------

    def _detach(self, fd: int) -> int:
        """Stop holding a connection: a placeholder over its slot; its id."""
        conn_id: int = self.held.pop(fd)[0]
        self._changed = True
        self.box.refill(fd)
        if self.serving == fd:
            self.serving = -1
        return conn_id

    def _drain(self) -> None:
        """Retired (a reload): every connection not being answered goes back, and none is
        taken from now on."""
        self.draining = True
        for fd in [fd for fd in self.held if fd != self.serving]:
            self._send(self._detach(fd), BACK)

    def _receive(self) -> tuple[int, int, bytes, int] | None:
        """One message from the server: (kind, connection id, request bytes, descriptor or
        -1); kind 0 when the server closed its end; None when nothing is waiting.

        One slot is freed for it, so at most one descriptor can arrive, into that slot; a
        slot that stays empty gets its placeholder back at once."""
        slot = self.box.free_one() if self.box.free else -1
        try:
            n, ancillary, flags, _ = self.requests.recvmsg_into(
                [_BUFFER], _FD_SPACE, socket.MSG_DONTWAIT
            )
        except BlockingIOError:  # the other thread took it
            n, ancillary, flags = -1, [], 0
        except OSError:
            n, ancillary, flags = 0, [], 0
        fds = array.array("i")
        for level, kind, blob in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(blob[: len(blob) - len(blob) % fds.itemsize])
        fd = fds[0] if fds else -1
        if fd < 0 and slot >= 0:
            self.box.refill(slot)
        if n < 0:
            return None
        if n < HEAD.size:
            if fd >= 0:
                self.box.refill(fd)
            return 0, 0, b"", -1
        kind, conn_id = HEAD.unpack_from(_BUFFER)
        if kind == TAKE:
            self.state[RECEIVED] = conn_id
        if kind != TAKE or n < HEAD.size + _SIZE.size:
            if fd >= 0:
                self.box.refill(fd)
            return kind, conn_id, b"", -1
        (size,) = _SIZE.unpack_from(_BUFFER, HEAD.size)
        start = HEAD.size + _SIZE.size
        self._set_defaults(bytes(_BUFFER[start : start + size]))
        if fd >= 0 and flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC):
            self.box.refill(fd)
            fd = -1
        return TAKE, conn_id, bytes(_BUFFER[start + size : n]), fd

    def _send(self, conn_id: int, kind: int, payload: bytes = b"") -> None:
        view = memoryview(payload)
        while len(view) > CHUNK:
            self.requests.send(HEAD.pack(PART, conn_id) + view[:CHUNK])
            view = view[CHUNK:]
        self.requests.send(HEAD.pack(kind, conn_id) + view)

    # --- the release thread ---------------------------------------------------------------

    def _release_loop(self) -> None:
        while True:
            time.sleep(RELEASE_AFTER / 2)
            started = self.state[STARTED] or self.state[JOB]
            if not started or time.monotonic() - started < RELEASE_AFTER:
                continue
            with self.lock:
                if (self.state[STARTED] or self.state[JOB]) != started:
                    continue
                for fd in [fd for fd in self.held if fd != self.serving]:
                    self._send(self._detach(fd), BACK)
                # and connections the server sent meanwhile go straight back too
                while (got := self._receive()) is not None:
                    kind, conn_id, data, fd = got
                    if kind == 0:
                        break
                    if kind == DRAIN:
                        self.draining = True
                        continue
                    if fd >= 0:
                        self.box.refill(fd)
                    self._send(conn_id, BACK, data)

    # --- headers --------------------------------------------------------------------------

    def _set_defaults(self, rendered: bytes) -> None:
        """uvicorn's default headers as the server last sent them; the date is made here,
        each second, as uvicorn makes it."""
        lines = rendered.split(b"\r\n")
        dated = any(line.startswith(b"date:") for line in lines)
        others = b"".join(line + b"\r\n" for line in lines if line and line[:5] != b"date:")
        if others != self._others or dated != self._dated:
            self._others, self._dated, self._second = others, dated, -1

    def _headers(self) -> bytes:
        if not self._dated:
            return self._others
        now = time.time()
        if int(now) != self._second:
            self._second = int(now)
            date = formatdate(now, usegmt=True).encode()
            self._defaults = b"date: %s\r\n%s" % (date, self._others)
        return self._defaults
