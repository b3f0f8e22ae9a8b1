"""Query evaluation in sandboxed worker processes that can be killed at a deadline.

rdflib and pyoxigraph offer no query timeout, and a runaway regex holds the GIL, so no thread
can stop it. Each worker process holds its own copy of the graph, loaded from a snapshot that the
pool owns (a private copy in a fresh runtime directory, so moving or rebuilding the served dump
changes nothing until a reload). A worker answers one job at a time; a job past its deadline gets
its worker killed and replaced, and a worker that cannot be replaced is retried with backoff.

Inside a worker, after the graph is loaded and every template and saved query is warm, the
process gives up the right to open files and sockets (``sandbox``) and its address space is
capped (``memory_mb``): no query can reach the network or the disk, and one that needs too much
memory ends only its own worker.

Capacity is shared in two lanes: user queries may hold at most ``size - reserved`` workers, so
pages and dereferencing always find one free while long queries run. A reload starts a new
generation of workers on the new snapshot and swaps it in whole, so every answer comes wholly
from the old or wholly from the new graph.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import resource
import select
import shutil
import socket
import struct
import tempfile
import time
import urllib.parse
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from enschede_kg import config, queries
from enschede_kg.lod import pages
from enschede_kg.queries import results
from enschede_kg.rdf.namespaces import PREFIXES
from enschede_kg.rdf.rdfio import FORMATS
from enschede_kg.web import conneg, direct, resident, safety


class Busy(Exception):
    """Every worker is busy and the queue is full: answer 503 with Retry-After."""


class Timeout(Exception):
    """The job ran past its deadline; its worker was killed."""


class OutOfMemory(Exception):
    """The job needed more memory than a worker may use; its worker ended and is replaced."""


class WorkerDied(Exception):
    """The worker answering the job ended for another reason (killed from outside, crashed)."""


class NoWorkers(Exception):
    """No worker is alive (they are being restarted): 503."""


class JobFailed(Exception):
    """The store refused the job (e.g. a query Oxigraph cannot evaluate); safe message."""


#: Lanes of the pool: user queries, and everything a page or dereference needs.
QUERY, PAGE = "query", "page"


@dataclass(frozen=True)
class Job:
    """One query to evaluate and the format to answer in.

    ``kind`` ``QUERY`` is a user's text: it is inspected in the worker, evaluated with
    ``base_iri``, and its format chosen there from ``accept`` / ``formats`` once the worker
    knows whether the answer is a table, a boolean or a graph. Other kinds are the server's own
    queries (``fmt`` fixed) or pages to render (``PAGE``, ``ONTOLOGY``: ``text`` is the IRI).
    """

    text: str
    kind: str
    fmt: str = "json"  # a key of results.RESULT_FORMATS or of rdfio.FORMATS
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    has_dataset: bool = False
    row_cap: int = 10_000
    bindings: tuple[tuple[str, str], ...] = ()  # (variable, IRI), substituted before evaluation
    base_iri: str | None = None
    accept: str | None = None
    formats: tuple[str, ...] = ()
    max_bytes: int = 64_000_000
    lane: str = ""  # QUERY for kind QUERY, PAGE otherwise, unless given


@dataclass(frozen=True)
class Answer:
    """Bytes to send, in which format, and whether a cap cut them."""

    body: bytes
    truncated: bool
    rows: int
    fmt: str = ""
    media_type: str = ""


def _page(store: ox.Store, job: Job) -> Answer:
    html = pages.render_resource(pages.store_runner(store), job.text)
    body = b"" if html is None else html.encode("utf-8")
    return Answer(body, False, 0 if html is None else 1, "html", "text/html")


def _ontology(store: ox.Store, job: Job) -> Answer:
    html = pages.render_ontology(pages.store_runner(store)).encode("utf-8")
    return Answer(html, False, 1, "html", "text/html")


#: Jobs that are not SPARQL text but a page to render next to the data (``text`` is the IRI).
RENDERERS: dict[str, Callable[[ox.Store, Job], Answer]] = {"PAGE": _page, "ONTOLOGY": _ontology}


def _capped(serialise: Callable[[int], bytes], rows: int, max_bytes: int) -> tuple[bytes, int]:
    """Serialise ``rows`` items, halving them until the bytes fit ``max_bytes``."""
    body = serialise(rows)
    while len(body) > max_bytes and rows > 1:
        rows //= 2
        body = serialise(rows)
    if len(body) > max_bytes:  # one row (or the boolean) alone is too large: no honest cut
        raise JobFailed(f"the answer is larger than {max_bytes} bytes; select less")
    return body, rows


def evaluate(store: ox.Store, job: Job) -> Answer:
    """Run a job on a store: a SPARQL query, or a page rendered from the store's data."""
    if job.kind in RENDERERS:
        return RENDERERS[job.kind](store, job)
    has_dataset = job.has_dataset
    if job.kind == "QUERY":
        has_dataset = safety.inspect(job.text, base_iri=job.base_iri).has_dataset
    kwargs: dict[str, Any] = {}
    if job.default_graphs or job.named_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    elif not has_dataset:
        kwargs["use_default_graph_as_union"] = True
    if job.bindings:
        kwargs["substitutions"] = {ox.Variable(k): ox.NamedNode(v) for k, v in job.bindings}
    answer = store.query(job.text, base_iri=job.base_iri, **kwargs)
    if job.kind == "QUERY" and isinstance(answer, ox.QuerySolutions):
        fmt, media = _format(answer, job)
        if fmt == "json":
            native = _native_json(answer, job)
            if native is not None:
                return Answer(native[0], False, native[1], fmt, media)
            # a cap bites: the solutions again, for the serialiser that cuts them
            answer = store.query(job.text, base_iri=job.base_iri, **kwargs)
    return serialise(answer, job)


class _OverCap(Exception):
    pass


_TERM = b'{"type":'


class _Bounded:
    """Where Oxigraph writes an answer: it stops the writing (``_OverCap``) as soon as the
    answer could be over the row cap or the byte cap.

    Rows are counted from above: every row of the JSON results has one ``{`` of its own and one
    per bound term (``{"type":``, which cannot occur inside a JSON string, where ``"`` is
    escaped); a ``{`` inside a value only makes the count larger, never smaller."""

    __slots__ = ("braces", "max_bytes", "parts", "row_cap", "size", "tail", "terms")

    def __init__(self, row_cap: int, max_bytes: int) -> None:
        self.parts: list[bytes] = []
        self.size = self.braces = self.terms = 0
        self.tail = b""  # the end of the last chunk: a term may start in one and end in the next
        self.row_cap, self.max_bytes = row_cap, max_bytes

    def write(self, chunk: bytes) -> int:
        chunk = bytes(chunk)
        self.size += len(chunk)
        self.braces += chunk.count(b"{")
        self.terms += (self.tail + chunk).count(_TERM)
        self.tail = chunk[-len(_TERM) + 1 :]
        if self.size > self.max_bytes or self.braces - 3 - self.terms > self.row_cap:
            raise _OverCap()
        self.parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        pass


def _native_json(answer: ox.QuerySolutions, job: Job) -> tuple[bytes, int] | None:
    """The solutions as JSON written by Oxigraph (in Rust, a fifth of our serialiser's time
    for a small answer) and (at most) how many rows; None when a cap could bite (the caller
    then serialises again, with the cut). Oxigraph's JSON is byte for byte
    ``results.select_json``'s (``tests/test_results.py``), so no client can tell which of the
    two wrote an answer."""
    out = _Bounded(job.row_cap, job.max_bytes)
    try:
        answer.serialize(out, format=ox.QueryResultsFormat.JSON)  # type: ignore[arg-type]
    except _OverCap:
        return None
    return b"".join(out.parts), out.braces - 3 - out.terms


def _format(answer: Any, job: Job) -> tuple[str, str]:
    """(format, media type): chosen from the request for a user's query, else the job's."""
    graph = not isinstance(answer, ox.QueryBoolean | ox.QuerySolutions)
    if job.kind == "QUERY":
        offers = conneg.GRAPH_OFFERS if graph else conneg.RESULT_OFFERS
        offer = conneg.choose(offers, job.accept, job.formats)
        return offer.name, offer.media_type
    return job.fmt, (FORMATS[job.fmt] if graph else results.RESULT_FORMATS[job.fmt]).media_type


def serialise(answer: Any, job: Job) -> Answer:
    """A boolean, solutions or triples as the job's format (chosen here for a user's query),
    cut to the row cap and to ``max_bytes``."""
    fmt, media = _format(answer, job)
    if isinstance(answer, ox.QueryBoolean):
        return Answer(results.RESULT_FORMATS[fmt].ask(bool(answer)), False, 1, fmt, media)
    items: list[Any] = []
    truncated = False
    variables = [v.value for v in answer.variables] if isinstance(answer, ox.QuerySolutions) else []
    for item in answer:
        if len(items) >= job.row_cap:
            truncated = True
            break
        items.append({v: item[v] for v in variables} if variables else item)
    if isinstance(answer, ox.QuerySolutions):

        def write(n: int) -> bytes:
            return results.RESULT_FORMATS[fmt].select(variables, items[:n])

    else:

        def write(n: int) -> bytes:
            return results.graph_bytes(items[:n], FORMATS[fmt].ox_format, PREFIXES)

    body, kept = _capped(write, len(items), job.max_bytes)
    return Answer(body, truncated or kept < len(items), kept, fmt, media)


def load_store(dump: Path) -> ox.Store:
    """A fresh in-memory store holding a dump (format by extension)."""
    store = ox.Store()
    fmt = ox.RdfFormat.from_extension(dump.suffix.lstrip(".")) or ox.RdfFormat.TRIG
    store.bulk_load(path=str(dump), format=fmt)
    return store


_ONE_PER_TYPE = "SELECT (SAMPLE(?s) AS ?x) WHERE { ?s a ?t FILTER(isIRI(?s)) } GROUP BY ?t"
_WARM_UP_BASE = urllib.parse.urlunsplit(("http", "localhost", "/sparql", "", ""))


def _warm_up(store: ox.Store) -> None:
    """Use every code path once, so that nothing needs a file after ``sandbox``."""
    for name in results.RESULT_FORMATS:
        evaluate(store, Job("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "SELECT", name))
        evaluate(store, Job("ASK {}", "ASK", name))
    for name in FORMATS:
        if not FORMATS[name].is_dataset:
            evaluate(store, Job("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "CONSTRUCT", name))
    for folder in ("pages", "web"):
        for query in (config.queries_dir() / folder).glob("*.rq"):
            queries.named(folder, query.stem)
    env = pages.environment()
    for template in env.list_templates():
        env.get_template(template)
    with contextlib.suppress(Exception):  # a store without our ontology renders nothing
        _ontology(store, Job("", "ONTOLOGY"))
    # a page for one resource of every type, so that whatever a page needs (templates, the
    # world map, …) is read now, not after the sandbox
    for row in store.query(_ONE_PER_TYPE, use_default_graph_as_union=True):  # type: ignore[union-attr]
        with contextlib.suppress(Exception):
            _page(store, Job(str(row["x"].value), "PAGE"))
    for text in ("ASK { <a> ?p ?o }", "SELECT * FROM <http://x> { ?s ?p ?o } LIMIT 1"):
        evaluate(store, Job(text, "QUERY", base_iri=_WARM_UP_BASE))
    with contextlib.suppress(safety.Refused, conneg.NotAcceptable):
        evaluate(store, Job("ASK {}", "QUERY", formats=("nothing",)))
    direct.warm_up(store)


class Sandbox:
    """A process whose descriptor table is full: it can open no file, socket or pipe.

    The one way in is a connection the server sends (``resident``): the worker frees exactly
    one slot (``free_one``) right before it receives, the descriptor arrives in that slot, and
    when the connection goes back a placeholder is put over the slot again (``refill``, an
    atomic ``dup2``), so no slot is ever free while a query is evaluated. ``spare`` slots are
    kept (as placeholders) for the connections a worker may hold.
    """

    def __init__(self, null: int, placeholders: list[int]) -> None:
        self.null = null
        #: the slots that hold a placeholder (a connection may take one)
        self.free = placeholders

    def free_one(self) -> int:
        fd = self.free.pop()
        os.close(fd)
        return fd

    def refill(self, fd: int) -> None:
        os.dup2(self.null, fd)
        self.free.append(fd)


def sandbox(spare: int = 0) -> Sandbox:
    """From here on this process cannot open a file, a socket or a pipe.

    RLIMIT_NOFILE is lowered (hard limit too, so it cannot be raised again) to just above the
    highest descriptor in use (plus ``spare``), and every free number below it is filled with a
    copy of one read-only descriptor: any open(), socket() or accept() then fails with EMFILE.
    """
    fds = [int(n) for n in os.listdir("/proc/self/fd")]
    live = [fd for fd in fds if _is_open(fd)]
    limit = max(live) + 2 + spare
    null = os.open(os.devnull, os.O_RDONLY)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
    placeholders = []
    while True:
        try:
            placeholders.append(os.dup(null))
        except OSError:
            break
    return Sandbox(null, placeholders)


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _vm_size() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


#: Status byte of a worker's reply frame (see ``encode_reply``).
OK, REFUSED, NOT_ACCEPTABLE, FAILED, MEMORY = range(5)
_REPLY = struct.Struct("!BBQHH")  # status, truncated, rows, len(fmt), len(media)


def encode_reply(
    status: int, answer: Answer | None = None, message: str = "", code: int = 0
) -> bytes:
    """A worker's reply as plain bytes: a fixed header, the format names, then the body.

    Replies travel from the process that runs untrusted queries to the one that holds the
    sockets, so they are never pickled: the parent reads numbers and bytes, nothing that could
    make it run code. An error's message is the body and ``code`` its HTTP status.
    """
    if answer is None:
        body = message.encode("utf-8", "replace")
        return _REPLY.pack(status, 0, code, 0, 0) + body
    fmt, media = answer.fmt.encode(), answer.media_type.encode()
    head = _REPLY.pack(status, answer.truncated, answer.rows, len(fmt), len(media))
    return b"".join((head, fmt, media, answer.body))


def decode_reply(frame: bytes) -> tuple[int, Answer]:
    """(status, answer) of a reply frame; for errors the answer's body is the message and its
    ``rows`` the HTTP status."""
    status, truncated, rows, nfmt, nmedia = _REPLY.unpack_from(frame)
    at = _REPLY.size
    fmt = frame[at : at + nfmt].decode()
    media = frame[at + nfmt : at + nfmt + nmedia].decode()
    return status, Answer(frame[at + nfmt + nmedia :], bool(truncated), rows, fmt, media)


def _answer_job(store: ox.Store, job: Job) -> bytes:
    try:
        return encode_reply(OK, evaluate(store, job))
    except safety.Refused as e:
        return encode_reply(REFUSED, message=str(e), code=e.status)
    except conneg.NotAcceptable as e:
        return encode_reply(NOT_ACCEPTABLE, message=str(e))
    except JobFailed as e:
        return encode_reply(FAILED, message=str(e))
    except (SyntaxError, ValueError, RuntimeError, OSError, TypeError) as e:
        first = str(e).splitlines()[0][:300] if str(e) else type(e).__name__
        return encode_reply(FAILED, message=first)
    except MemoryError:
        raise
    except Exception as e:  # anything else ends this job, not the worker
        return encode_reply(FAILED, message=f"the query could not be answered ({type(e).__name__})")


def _worker_main(
    conn: multiprocessing.connection.Connection,
    dump: str,
    memory_mb: int,
    requests: socket.socket | None = None,
    limits: direct.Limits | None = None,
    state: Any = None,
) -> None:
    try:
        store = load_store(Path(dump))
        _warm_up(store)
    except Exception as e:  # report and exit: the parent decides
        conn.send_bytes(
            encode_reply(FAILED, message=f"cannot load {Path(dump).name}: {type(e).__name__}")
        )
        return
    # everything loaded so far lives as long as the worker: keep the cyclic collector from
    # walking it again after every few hundred allocations of a query
    gc.freeze()
    if memory_mb:
        limit = _vm_size() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    box = sandbox(resident.CAPACITY if requests is not None else 0)
    held = None
    if requests is not None and limits is not None:
        held = resident.Resident(store, requests, box, limits, state)
    conn.send_bytes(encode_reply(OK, Answer(b"", False, len(store))))
    poller = select.poll()  # poll(2) needs no descriptor of its own
    jobs = conn.fileno()
    poller.register(jobs, select.POLLIN)
    if requests is not None:
        poller.register(requests.fileno(), select.POLLIN)
    while True:
        ready = [fd for fd, _ in poller.poll(held.timeout_ms() if held else None)]
        try:
            if jobs in ready:  # the server's own jobs (pages first) before held connections
                try:
                    job = pickle.loads(conn.recv_bytes())  # from the trusted parent
                except EOFError:
                    return
                if state is not None:  # (held connections go back if it runs long)
                    state[resident.JOB] = time.monotonic()
                reply = _answer_job(store, job)
                if state is not None:
                    state[resident.JOB] = 0
                conn.send_bytes(reply)
            if held is not None:
                for fd in ready:
                    if fd == jobs:
                        continue
                    if requests is not None and fd == requests.fileno():
                        if not held.on_requests():
                            return  # the server closed its end
                    else:
                        held.on_ready(fd)
                held.tidy(poller)
        except MemoryError:
            # the heap may be damaged: end, the parent starts a fresh worker
            with contextlib.suppress(Exception):
                conn.send_bytes(encode_reply(MEMORY))
            return


_SHORT = struct.Struct("!i")
_LONG = struct.Struct("!Q")


def frame(payload: bytes) -> bytes:
    """``payload`` with the length prefix of ``multiprocessing.connection`` (what the worker's
    ``send_bytes``/``recv_bytes`` speak)."""
    if len(payload) > 0x7FFFFFFF:
        return _SHORT.pack(-1) + _LONG.pack(len(payload)) + payload
    return _SHORT.pack(len(payload)) + payload


class _Channel(asyncio.Protocol):
    """The parent's end of one worker's socket, read by the event loop itself.

    One job at a time: ``ask`` writes a frame and returns a future that the loop completes when
    the whole reply frame has arrived (no thread waits on the pipe, no pickling), fails with
    EOFError when the worker's end closes, and can be failed from outside at a deadline.
    """

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[bytes] | None = None
        self.lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        waiter = self.waiter
        if waiter is None or waiter.done() or len(self.buffer) < 4:
            return
        (size,) = _SHORT.unpack_from(self.buffer)
        start = 4
        if size == -1:
            if len(self.buffer) < 12:
                return
            (size,) = _LONG.unpack_from(self.buffer, 4)
            start = 12
        end = start + size
        if len(self.buffer) < end:
            return
        with memoryview(self.buffer) as view:  # one copy of a large answer, not two
            reply = bytes(view[start:end])
        del self.buffer[:end]
        self.waiter = None
        waiter.set_result(reply)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(EOFError())

    def ask(self, payload: bytes) -> asyncio.Future[bytes]:
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        if self.lost:
            future.set_exception(EOFError())
            return future
        self.buffer.clear()
        self.waiter = future
        assert self.transport is not None
        self.transport.write(frame(payload))
        return future


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: multiprocessing.connection.Connection
    generation: int
    triples: int = 0
    lane: str = ""
    channel: _Channel | None = None
    requests: socket.socket | None = None  # where connections go to the worker (``resident``)
    state: Any = None  # shared with the worker: what it answers since when (``resident``)
    holding: int = 0  # connections it holds now (kept by ``front``)
    retiring: bool = False  # a reload retired it; it gives its connections back first
    #: called once when the pool kills it (``front`` takes its connections back)
    ended: Callable[[_Worker], None] | None = None

    async def connect(self) -> None:
        """Hand the worker's socket to the event loop (after the blocking start-up handshake)."""
        sock = socket.socket(fileno=os.dup(self.conn.fileno()))
        sock.setblocking(False)
        self.conn.close()
        loop = asyncio.get_running_loop()
        _, self.channel = await loop.connect_accepted_socket(_Channel, sock)

    def busy_since(self) -> float:
        """When the work it is doing (a request on a held connection, or a job) started (0:
        none)."""
        if self.state is None:
            return 0.0
        return float(self.state[resident.STARTED] or self.state[resident.JOB])

    def answering_since(self) -> float:
        """When the request it is answering on a held connection started (0: none)."""
        return float(self.state[resident.STARTED]) if self.state is not None else 0.0

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        ended, self.ended = self.ended, None
        if ended is not None:
            ended(self)
        if self.channel is not None and self.channel.transport is not None:
            self.channel.transport.abort()
        self.conn.close()
        if self.requests is not None:
            self.requests.close()


def runtime_dir() -> Path:
    """A fresh private directory (mode 0700, a new random name: never reused, never a symlink).

    ``tempfile.mkdtemp`` creates it with O_EXCL semantics, so a directory or symlink planted in
    advance can never be taken for ours.
    """
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return Path(tempfile.mkdtemp(prefix="enschede-kg-", dir=base))


def new_snapshot(directory: Path, suffix: str) -> tuple[Path, IO[bytes]]:
    """A new file in ``directory``, created exclusively (O_EXCL: a planted symlink is not
    followed, the call fails instead), open for writing."""
    fd, name = tempfile.mkstemp(prefix="snapshot-", suffix=suffix, dir=directory)
    return Path(name), os.fdopen(fd, "wb")


#: glibc keeps 7 freed blocks of each size per thread for reuse by default; Oxigraph's query
#: parser frees dozens of one size per query, and the rest went the slow way through
#: ``_int_malloc`` (9% of a worker's time under a lookup load, ``perf``). With 256 a worker's
#: own work per lookup took 8-15% less (``benchmarks/endpoint.py``).
TCACHE = "glibc.malloc.tcache_count=256"


def _tune_malloc() -> None:
    """Workers start with ``TCACHE`` (glibc reads its tunables when a process starts, so it is
    set in this process's environment, which the spawned workers inherit), unless the
    environment already chooses a tcache count."""
    tunables = os.environ.get("GLIBC_TUNABLES", "")
    if "tcache_count" not in tunables:
        os.environ["GLIBC_TUNABLES"] = f"{tunables}:{TCACHE}" if tunables else TCACHE


def _expire(future: asyncio.Future[Any]) -> None:
    """A deadline passed: the waiter (for a worker, or for its reply) gives up."""
    if not future.done():
        future.set_exception(TimeoutError())


@dataclass
class Pool:
    """A fixed number of worker processes over a pool-owned snapshot, in two lanes."""

    dump: Path
    size: int = 2
    timeout: float = 10.0
    queue_limit: int = 64
    memory_mb: int = 0
    reserved: int = 1  # workers kept for pages while queries run (when size > 1)
    limits: direct.Limits | None = None  # answer plain queries on the client's socket
    #: a retired worker that holds connections: True when the caller will end it (``front``)
    retire: Callable[[_Worker], bool] | None = None
    triples: int = field(default=0, init=False)
    loaded_at: float = field(default=0.0, init=False)
    generation: int = field(default=0, init=False)
    directory: Path | None = field(default=None, init=False)
    snapshot: Path | None = field(default=None, init=False)
    _idle: list[_Worker] = field(default_factory=list, init=False)
    _live: set[_Worker] = field(default_factory=set, init=False)
    _waiters: dict[str, deque[asyncio.Future[_Worker]]] = field(init=False)
    _busy: dict[str, int] = field(init=False)
    _threads: ThreadPoolExecutor = field(init=False)
    _ctx: Any = field(init=False)
    _reload_lock: asyncio.Lock = field(init=False)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set, init=False)
    _closed: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        _tune_malloc()
        self._waiters = {QUERY: deque(), PAGE: deque()}
        self._busy = {QUERY: 0, PAGE: 0}
        self._threads = ThreadPoolExecutor(
            max_workers=max(4, self.size * 4), thread_name_prefix="sparql-pool"
        )
        self._ctx = multiprocessing.get_context("spawn")
        self._reload_lock = asyncio.Lock()

    @property
    def query_slots(self) -> int:
        return self.size - min(self.reserved, self.size - 1)

    @property
    def live(self) -> int:
        """Workers of the current generation that are alive (idle or busy)."""
        self.reap()
        return sum(1 for w in self._live if w.generation == self.generation)

    def current(self) -> list[_Worker]:
        """The current generation's workers (alive as far as the pool knows)."""
        return [w for w in self._live if w.generation == self.generation]

    def reap(self) -> None:
        """Notice idle workers that ended (killed from outside, crashed) and replace them."""
        for worker in [w for w in self._idle if not w.process.is_alive()]:
            self._idle.remove(worker)
            self.lost(worker, busy=False)

    async def start(self) -> None:
        self.directory = runtime_dir()
        self.snapshot = await self._own(self.dump)
        for w in await self._spawn_many(self.snapshot, self.generation):
            self._add(w)

    async def _own(self, dump: Path) -> Path:
        """Copy a dump into the runtime directory: the pool's own snapshot of that data."""
        assert self.directory is not None
        directory = self.directory

        def copy() -> Path:
            path, out = new_snapshot(directory, dump.suffix)
            with out, dump.open("rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
            return path

        return await asyncio.get_running_loop().run_in_executor(self._threads, copy)

    async def _spawn_many(self, snapshot: Path, generation: int) -> list[_Worker]:
        loop = asyncio.get_running_loop()
        spawned = await asyncio.gather(
            *(
                loop.run_in_executor(self._threads, self._spawn, snapshot, generation)
                for _ in range(self.size)
            )
        )
        for worker in spawned:
            await worker.connect()
        self.triples = spawned[0].triples
        self.loaded_at = time.time()
        return list(spawned)

    def _spawn(self, snapshot: Path, generation: int) -> _Worker:
        parent, child = self._ctx.Pipe()
        requests = ours = state = None
        if self.limits is not None:
            ours, requests = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            ours.setblocking(False)  # written from the event loop; a full buffer is a refusal
            state = self._ctx.RawArray("d", resident.STATE_SLOTS)
        process = self._ctx.Process(
            target=_worker_main,
            args=(child, str(snapshot), self.memory_mb, requests, self.limits, state),
            daemon=True,
            name=f"sparql-worker-g{generation}",
        )
        process.start()
        child.close()
        if requests is not None:
            requests.close()
        worker = _Worker(process, parent, generation, requests=ours, state=state)
        if not parent.poll(120):
            worker.kill()
            raise RuntimeError("a query worker did not start")
        try:
            status, ready = decode_reply(parent.recv_bytes())
        except EOFError:
            worker.kill()
            raise RuntimeError("a query worker ended while loading") from None
        if status != OK:
            worker.kill()
            raise RuntimeError(ready.body.decode("utf-8", "replace"))
        worker.triples = ready.rows
        return worker

    def _add(self, worker: _Worker) -> None:
        self._live.add(worker)
        self._idle.append(worker)
        self._grant()

    def _grant(self) -> None:
        """Hand idle workers to waiters: pages first, queries up to their share."""
        while self._idle:
            if self._waiters[PAGE]:
                lane = PAGE
            elif self._waiters[QUERY] and self._query_load() < self.query_slots:
                lane = QUERY
            else:
                return
            future = self._waiters[lane].popleft()
            if future.done():
                continue
            worker = self._pop_idle(lane)
            worker.lane = lane
            self._busy[lane] += 1
            future.set_result(worker)

    def _take(self, lane: str) -> _Worker | None:
        """A free worker when nobody is ahead in this lane and the lane has room."""
        if (
            self._idle
            and not self._waiters[lane]
            and (lane == PAGE or self._query_load() < self.query_slots)
        ):
            worker = self._pop_idle(lane)
            worker.lane = lane
            self._busy[lane] += 1
            return worker
        return None

    def _query_load(self) -> int:
        """Workers busy with queries: leased to the query lane, or answering one long query
        on a connection they hold (``resident``: such work is not leased, but it takes a
        worker all the same, and pages keep their share only if it counts)."""
        load = self._busy[QUERY]
        if self.limits is not None:
            now = time.monotonic()
            for w in self._idle:
                since = w.answering_since()
                if since and now - since > resident.RELEASE_AFTER:
                    load += 1
        return load

    def waiting(self) -> bool:
        """Whether a job waits for a worker (``front`` grants again when long work ends)."""
        return bool(self._waiters[QUERY] or self._waiters[PAGE])

    def grant(self) -> None:
        self._grant()

    def _pop_idle(self, lane: str) -> _Worker:
        """An idle worker for ``lane``: pages go to one that holds no connections (the
        reserved capacity), queries to one that is not answering a held connection now,
        preferably one of those that hold connections (they are the query workers)."""
        if len(self._idle) == 1:
            return self._idle.pop()

        def rank(w: _Worker) -> tuple[bool, bool]:
            busy = w.busy_since() > 0
            return (w.holding > 0, busy) if lane == PAGE else (busy, w.holding == 0)

        worker = min(self._idle, key=rank)
        self._idle.remove(worker)
        return worker

    async def _acquire(self, lane: str, deadline: float) -> _Worker:
        if self.live == 0:
            raise NoWorkers()
        worker = self._take(lane)
        if worker is not None:  # a free worker and nobody ahead in this lane: no need to queue
            return worker
        if sum(len(q) for q in self._waiters.values()) >= self.queue_limit:
            raise Busy()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[_Worker] = loop.create_future()
        self._waiters[lane].append(future)
        self._grant()
        alarm = loop.call_at(loop.time() + max(0.0, deadline - time.monotonic()), _expire, future)
        try:
            return await future
        except TimeoutError:
            with contextlib.suppress(ValueError):
                self._waiters[lane].remove(future)
            raise Timeout() from None
        except asyncio.CancelledError:
            # the client went away while waiting; a worker granted in that instant goes back
            if future.done() and not future.cancelled() and future.exception() is None:
                self.release(future.result())
            with contextlib.suppress(ValueError):
                self._waiters[lane].remove(future)
            raise
        finally:
            alarm.cancel()

    async def run(self, job: Job, timeout: float | None = None) -> Answer:
        """Evaluate a job; Busy when saturated, Timeout past the deadline, OutOfMemory when
        the worker ran out of memory, JobFailed on refusal."""
        deadline = time.monotonic() + (timeout or self.timeout)
        lane = job.lane or (QUERY if job.kind == "QUERY" else PAGE)
        worker = await self._acquire(lane, deadline)
        while not worker.process.is_alive():  # ended while idle (killed from outside)
            self.lost(worker)
            worker = await self._acquire(lane, deadline)
        assert worker.channel is not None
        loop = asyncio.get_running_loop()
        reply = worker.channel.ask(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))
        alarm = loop.call_at(loop.time() + max(0.01, deadline - time.monotonic()), _expire, reply)
        try:
            status, answer = decode_reply(await reply)
        except TimeoutError:
            self.lost(worker)
            raise Timeout() from None
        except (EOFError, OSError):
            worker.process.join(1)
            code = worker.process.exitcode
            self.lost(worker)
            # an allocation the address-space cap refused aborts the process (SIGABRT)
            raise (OutOfMemory() if code == -6 else WorkerDied()) from None
        except asyncio.CancelledError:
            self.lost(worker)  # the client went away mid-query: stop the work
            raise
        finally:
            alarm.cancel()
        if status == MEMORY:
            self.lost(worker)
            raise OutOfMemory()
        self.release(worker)
        if status == OK:
            return answer
        message = answer.body.decode("utf-8", "replace")
        if status == REFUSED:
            raise safety.Refused(message, answer.rows)
        if status == NOT_ACCEPTABLE:
            raise conneg.NotAcceptable(message)
        raise JobFailed(message)

    def release(self, worker: _Worker) -> None:
        self._busy[worker.lane] -= 1
        worker.lane = ""
        if worker.generation == self.generation and not self._closed:
            self._idle.append(worker)
            self._grant()
        else:
            self._live.discard(worker)
            self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        """An old generation's worker ends; one that holds connections first gives them back
        (``retire``, which kills it when they are back)."""
        if self.retire is None or not self.retire(worker):
            worker.kill()

    def forget(self, worker: _Worker) -> None:
        """A worker ended on its own (or at a deadline of ``front``): replace it if it was
        idle; a leased one is replaced by whoever leased it, when its reply fails."""
        if worker in self._idle:
            self._idle.remove(worker)
            self.lost(worker, busy=False)
        elif not worker.lane and worker not in self._live:
            worker.kill()

    def lost(self, worker: _Worker, *, busy: bool = True) -> None:
        """Kill a worker and start its replacement in the background."""
        if busy:
            self._busy[worker.lane] -= 1
        self._live.discard(worker)
        worker.kill()
        self._grant()
        if worker.generation == self.generation and not self._closed:
            task = asyncio.get_running_loop().create_task(self._replace(worker.generation))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _replace(self, generation: int) -> None:
        """Start one worker on this generation's snapshot, retrying with backoff until it
        starts or the generation is gone."""
        loop = asyncio.get_running_loop()
        delay = 0.5
        while generation == self.generation and not self._closed and self.snapshot:
            try:
                worker = await loop.run_in_executor(
                    self._threads, self._spawn, self.snapshot, generation
                )
                await worker.connect()
            except (RuntimeError, OSError):
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            if generation == self.generation and not self._closed:
                self._add(worker)
            else:
                worker.kill()
            return

    async def reload(self, dump: Path, *, owned: bool = False) -> int:
        """Swap in workers on a new dump; in-flight jobs finish on the old graph.

        ``owned``: the dump is already a snapshot in this pool's directory (no copy needed).
        """
        async with self._reload_lock:
            snapshot = dump if owned else await self._own(dump)
            try:
                fresh = await self._spawn_many(snapshot, self.generation + 1)
            except BaseException:
                snapshot.unlink(missing_ok=True)
                raise
            old_snapshot = self.snapshot
            self.generation += 1
            self.snapshot = snapshot
            old = self._idle
            self._idle = []
            for w in old:
                self._live.discard(w)
                self._retire(w)
            for w in fresh:
                self._add(w)
            if old_snapshot is not None and old_snapshot != snapshot:
                old_snapshot.unlink(missing_ok=True)
            return self.triples

    async def close(self) -> None:
        self._closed = True
        self.generation += 1
        for task in list(self._tasks):
            task.cancel()
        for w in list(self._live):
            w.kill()
        self._live.clear()
        self._idle.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
