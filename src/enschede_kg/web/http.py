"""The HTTP/1.1 protocol the server speaks: uvicorn's httptools parser (llhttp, in C), with the
bound on a request's head that uvicorn gives only its pure-Python h11 parser.

httptools answers a trivial request in about a third of h11's time (a raw ASGI app under wrk
here: 7.5k requests/s with h11, 24k with httptools, 34k with httptools on uvloop), and h11 was
one of the largest costs of a cheap query in this process. But h11 refuses a request line and
headers longer than its ``max_incomplete_event_size``, and llhttp has no such bound: httptools
gathers any header it is sent. ``BoundedHttpTools`` counts the bytes of each request's head and
answers 431 (and closes) past ``max_head``, so a client still cannot make the server hold
megabytes of headers.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_END = b"\r\n\r\n"


class BoundedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol with a cap on the bytes of a request line plus headers,
    and a way out for plain queries: at a request boundary, with nothing left to write, the
    first bytes of a request are offered to ``front`` (``front.DirectFront``), which may hand
    the connection with it to a query worker (``resident``); whatever the worker does not
    answer comes back through ``received``."""

    max_head = 24_576
    front: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True
        self._head_bytes = 0
        self._tail = b""

    def data_received(self, data: bytes) -> None:
        if (
            self.front is not None
            and self._in_head
            and not self._head_bytes
            and not self._tail
            and (self.cycle is None or self.cycle.response_complete)
            and not self.pipeline
            and not self.transport.get_write_buffer_size()
            and self.front.offer(self, data)
        ):
            return
        self.received(data)

    def received(self, data: bytes) -> None:
        """The ordinary way: count the head's bytes, then uvicorn's parser."""
        if self._in_head:
            seen = self._tail + data
            end = seen.find(_END)
            counted = len(data) if end < 0 else max(0, end - len(self._tail))
            self._head_bytes += counted
            self._tail = seen[-3:]
            if self._head_bytes > self.max_head:
                self._refuse()
                return
        super().data_received(data)

    def _refuse(self) -> None:
        message = f"request line and headers longer than {self.max_head} bytes\n".encode()
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: text/plain; charset=utf-8\r\n"
            b"x-content-type-options: nosniff\r\n"
            b"content-length: " + str(len(message)).encode() + b"\r\n"
            b"connection: close\r\n\r\n" + message
        )
        self.transport.close()

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_head = True
        self._head_bytes = 0
        self._tail = b""
        super().on_message_complete()


def bounded(max_head: int, front: Any = None) -> type[asyncio.Protocol]:
    """The protocol class for uvicorn's ``http=`` option, with its head capped at ``max_head``
    and plain queries offered to ``front`` (None: every request takes the app's way)."""
    return type("BoundedHttpTools", (BoundedHttpTools,), {"max_head": max_head, "front": front})


def loop_factory() -> Any:
    """uvloop's event loop (libuv), which runs this server's callbacks with less overhead."""
    import uvloop

    return uvloop.new_event_loop
