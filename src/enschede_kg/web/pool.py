"""Query evaluation in worker processes that can be killed at a deadline.

rdflib and pyoxigraph offer no query timeout, and a runaway regex holds the GIL, so no thread
can stop it. Each worker process holds its own copy of the graph (loaded from a TriG/N-Quads
dump) and answers one job at a time; a job past its deadline gets its worker killed and replaced.
A reload starts a new generation of workers on the new dump and swaps it in whole, so every
answer comes wholly from the old or wholly from the new graph.
"""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import multiprocessing.connection
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from enschede_kg.lod import pages
from enschede_kg.queries import results
from enschede_kg.rdf.namespaces import PREFIXES
from enschede_kg.rdf.rdfio import FORMATS


class Busy(Exception):
    """Every worker is busy and the queue is full: answer 503 with Retry-After."""


class Timeout(Exception):
    """The job ran past its deadline; its worker was killed."""


class JobFailed(Exception):
    """The store refused the job (e.g. a query Oxigraph cannot evaluate); safe message."""


@dataclass(frozen=True)
class Job:
    """One query to evaluate and the format to answer in."""

    text: str
    kind: str
    fmt: str  # a key of results.RESULT_FORMATS or of rdfio.FORMATS
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    has_dataset: bool = False
    row_cap: int = 10_000
    bindings: tuple[tuple[str, str], ...] = ()  # (variable, IRI), substituted before evaluation


@dataclass(frozen=True)
class Answer:
    """Bytes to send, and whether the row cap cut them."""

    body: bytes
    truncated: bool
    rows: int


def _page(store: ox.Store, job: Job) -> Answer:
    html = pages.render_resource(pages.store_runner(store), job.text)
    return Answer(b"" if html is None else html.encode("utf-8"), False, 0 if html is None else 1)


def _ontology(store: ox.Store, job: Job) -> Answer:
    return Answer(pages.render_ontology(pages.store_runner(store)).encode("utf-8"), False, 1)


#: Jobs that are not SPARQL text but a page to render next to the data (``text`` is the IRI).
RENDERERS = {"PAGE": _page, "ONTOLOGY": _ontology}


def evaluate(store: ox.Store, job: Job) -> Answer:
    """Run a job on a store: a SPARQL query, or a page rendered from the store's data."""
    if job.kind in RENDERERS:
        return RENDERERS[job.kind](store, job)
    kwargs: dict[str, Any] = {}
    if job.default_graphs or job.named_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    elif not job.has_dataset:
        kwargs["use_default_graph_as_union"] = True
    if job.bindings:
        kwargs["substitutions"] = {ox.Variable(k): ox.NamedNode(v) for k, v in job.bindings}
    answer = store.query(job.text, **kwargs)
    if isinstance(answer, ox.QueryBoolean):
        return Answer(results.RESULT_FORMATS[job.fmt].ask(bool(answer)), False, 1)
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows: list[results.Row] = []
        truncated = False
        for solution in answer:
            if len(rows) >= job.row_cap:
                truncated = True
                break
            rows.append({v: solution[v] for v in variables})
        body = results.RESULT_FORMATS[job.fmt].select(variables, rows)
        return Answer(body, truncated, len(rows))
    triples: list[ox.Triple] = []
    truncated = False
    for triple in answer:
        if len(triples) >= job.row_cap:
            truncated = True
            break
        triples.append(triple)
    body = results.graph_bytes(triples, FORMATS[job.fmt].ox_format, PREFIXES)
    return Answer(body, truncated, len(triples))


def load_store(dump: Path) -> ox.Store:
    """A fresh in-memory store holding a dump (format by extension)."""
    store = ox.Store()
    fmt = ox.RdfFormat.from_extension(dump.suffix.lstrip(".")) or ox.RdfFormat.TRIG
    store.bulk_load(path=str(dump), format=fmt)
    return store


def _worker_main(conn: multiprocessing.connection.Connection, dump: str) -> None:
    try:
        store = load_store(Path(dump))
    except Exception as e:  # report and exit: the parent decides
        conn.send(("failed", f"cannot load {Path(dump).name}: {type(e).__name__}"))
        return
    conn.send(("ready", len(store)))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", evaluate(store, job)))
        except (SyntaxError, ValueError, RuntimeError, OSError) as e:
            conn.send(("failed", str(e).splitlines()[0][:300] if str(e) else type(e).__name__))


@dataclass
class _Worker:
    process: BaseProcess
    conn: multiprocessing.connection.Connection
    generation: int
    triples: int = 0

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


@dataclass
class Pool:
    """A fixed number of worker processes over one dump, with a bounded wait queue."""

    dump: Path
    size: int = 2
    timeout: float = 10.0
    queue_limit: int = 64
    _idle: asyncio.Queue[_Worker] = field(init=False)
    _generation: int = field(default=0, init=False)
    _waiting: int = field(default=0, init=False)
    _threads: ThreadPoolExecutor = field(init=False)
    _ctx: Any = field(init=False)
    _reload_lock: asyncio.Lock = field(init=False)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set, init=False)
    triples: int = field(default=0, init=False)
    loaded_at: float = field(default=0.0, init=False)

    def __post_init__(self) -> None:
        self._idle = asyncio.Queue()
        self._threads = ThreadPoolExecutor(
            max_workers=max(4, self.size * 4), thread_name_prefix="sparql-pool"
        )
        self._ctx = multiprocessing.get_context("spawn")
        self._reload_lock = asyncio.Lock()

    async def start(self) -> None:
        workers = await self._spawn_many(self.dump, self._generation)
        for w in workers:
            self._idle.put_nowait(w)

    async def _spawn_many(self, dump: Path, generation: int) -> list[_Worker]:
        loop = asyncio.get_running_loop()
        spawned = await asyncio.gather(
            *(
                loop.run_in_executor(self._threads, self._spawn, dump, generation)
                for _ in range(self.size)
            )
        )
        self.triples = spawned[0].triples
        self.loaded_at = time.time()
        return list(spawned)

    def _spawn(self, dump: Path, generation: int) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main,
            args=(child, str(dump)),
            daemon=True,
            name=f"sparql-worker-g{generation}",
        )
        process.start()
        child.close()
        worker = _Worker(process, parent, generation)
        if not parent.poll(120):
            worker.kill()
            raise RuntimeError("a query worker did not start")
        status, value = parent.recv()
        if status != "ready":
            worker.kill()
            raise RuntimeError(str(value))
        worker.triples = int(value)
        return worker

    @staticmethod
    def _roundtrip(worker: _Worker, job: Job) -> tuple[str, Any]:
        worker.conn.send(job)
        return worker.conn.recv()  # type: ignore[no-any-return]

    async def run(self, job: Job, timeout: float | None = None) -> Answer:
        """Evaluate a job; Busy when saturated, Timeout past the deadline, JobFailed on refusal."""
        deadline = time.monotonic() + (timeout or self.timeout)
        if self._idle.empty() and self._waiting >= self.queue_limit:
            raise Busy()
        self._waiting += 1
        try:
            worker = await asyncio.wait_for(self._idle.get(), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise Timeout() from None
        finally:
            self._waiting -= 1
        loop = asyncio.get_running_loop()
        call = loop.run_in_executor(self._threads, self._roundtrip, worker, job)
        try:
            status, value = await asyncio.wait_for(call, max(0.01, deadline - time.monotonic()))
        except (TimeoutError, EOFError, OSError, BrokenPipeError):
            worker.kill()
            task = loop.create_task(self._replace(worker.generation))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            raise Timeout() from None
        self._release(worker)
        if status != "ok":
            raise JobFailed(str(value))
        return value  # type: ignore[no-any-return]

    def _release(self, worker: _Worker) -> None:
        if worker.generation == self._generation:
            self._idle.put_nowait(worker)
        else:
            worker.kill()

    async def _replace(self, generation: int) -> None:
        if generation != self._generation:
            return
        loop = asyncio.get_running_loop()
        worker = await loop.run_in_executor(self._threads, self._spawn, self.dump, generation)
        self._release(worker)

    async def reload(self, dump: Path) -> int:
        """Swap in workers on a new dump; in-flight jobs finish on the old graph."""
        async with self._reload_lock:
            generation = self._generation + 1
            fresh = await self._spawn_many(dump, generation)
            old: list[_Worker] = []
            while not self._idle.empty():
                old.append(self._idle.get_nowait())
            self._generation = generation
            self.dump = dump
            for w in fresh:
                self._idle.put_nowait(w)
            for w in old:
                w.kill()
            return self.triples

    async def close(self) -> None:
        self._generation += 1
        while not self._idle.empty():
            self._idle.get_nowait().kill()
        self._threads.shutdown(wait=False, cancel_futures=True)


_counter = itertools.count()


def runtime_dir() -> Path:
    """A private directory for snapshots written by updates."""
    base = Path(os.environ.get("XDG_RUNTIME_DIR", "/tmp")) / f"enschede-kg-{os.getpid()}"
    base.mkdir(mode=0o700, exist_ok=True)
    return base


def snapshot_name() -> str:
    return f"snapshot-{next(_counter):06d}.nq"
