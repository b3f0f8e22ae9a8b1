"""What answers the app's queries: the embedded store (a worker pool) or a remote SPARQL endpoint.

Both take the same ``Job`` and return the same ``Answer``, so every route works over either.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from enschede_kg import queries
from enschede_kg.errors import QueryError
from enschede_kg.queries import results
from enschede_kg.rdf.namespaces import PREFIXES
from enschede_kg.rdf.rdfio import FORMATS
from enschede_kg.web import pool


class WriteRefused(Exception):
    """This backend cannot write; the message says why."""

    def __init__(self, message: str, status: int = 501) -> None:
        self.status = status
        super().__init__(message)


class Backend(Protocol):
    name: str
    triples: int | None

    async def start(self) -> None: ...
    async def close(self) -> None: ...
    async def run(self, job: pool.Job) -> pool.Answer: ...
    async def has_graph(self, graph: str) -> bool: ...
    async def update(self, text: str) -> int: ...
    async def write_graph(
        self, graph: str | None, quads: Sequence[ox.Quad] | None, replace: bool
    ) -> int: ...
    async def reload(self) -> int: ...


def _has_graph_job(graph: str) -> pool.Job:
    text = queries.named("web", "has-graph").text
    return pool.Job(text=text, kind="ASK", fmt="json", bindings=(("g", graph),))


class EmbeddedBackend:
    """Oxigraph in worker processes; with ``writable`` a master copy in this process takes writes.

    A write is applied to the master, which is then dumped to a snapshot and swapped into the
    pool as a new generation of workers: readers see the old graph or the new one, never a mix.
    """

    name = "embedded"

    def __init__(
        self, dump: Path, *, workers: int, timeout: float, queue_limit: int, writable: bool
    ) -> None:
        self.dump = dump
        self.pool = pool.Pool(dump, size=workers, timeout=timeout, queue_limit=queue_limit)
        self.writable = writable
        self.master: ox.Store | None = None
        self.triples: int | None = None
        self._write_lock = asyncio.Lock()

    async def start(self) -> None:
        await self.pool.start()
        self.triples = self.pool.triples
        if self.writable:
            self.master = pool.load_store(self.dump)

    async def close(self) -> None:
        await self.pool.close()

    async def run(self, job: pool.Job) -> pool.Answer:
        return await self.pool.run(job)

    async def has_graph(self, graph: str) -> bool:
        answer = await self.pool.run(_has_graph_job(graph))
        return results.ask_answer(answer.body)

    async def _publish(self) -> int:
        assert self.master is not None
        snapshot = pool.runtime_dir() / pool.snapshot_name()
        master = self.master
        await asyncio.get_running_loop().run_in_executor(
            None, lambda: master.dump(str(snapshot), format=ox.RdfFormat.N_QUADS)
        )
        old = self.pool.dump
        self.triples = await self.pool.reload(snapshot)
        if old != self.dump and old.name.startswith("snapshot-"):
            old.unlink(missing_ok=True)
        return self.triples

    async def update(self, text: str) -> int:
        if self.master is None:
            raise WriteRefused("this server was started without a write token", 403)
        async with self._write_lock:
            master = self.master
            try:
                await asyncio.get_running_loop().run_in_executor(None, master.update, text)
            except (SyntaxError, ValueError, RuntimeError, OSError) as e:
                first = str(e).splitlines()[0][:200] if str(e) else type(e).__name__
                raise WriteRefused(f"the update failed: {first}", 400) from None
            return await self._publish()

    async def write_graph(
        self, graph: str | None, quads: Sequence[ox.Quad] | None, replace: bool
    ) -> int:
        if self.master is None:
            raise WriteRefused("this server was started without a write token", 403)
        target: ox.NamedNode | ox.DefaultGraph = (
            ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
        )
        async with self._write_lock:
            if replace:
                if isinstance(target, ox.NamedNode):
                    if self.master.contains_named_graph(target):
                        self.master.remove_graph(target)
                else:
                    self.master.clear_graph(target)
            if quads:
                self.master.extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in quads)
            return await self._publish()

    async def reload(self) -> int:
        """Re-read the dump the server was started with (e.g. after ``enschede-kg build``)."""
        async with self._write_lock:
            if self.master is not None:
                self.master = pool.load_store(self.dump)
            self.triples = await self.pool.reload(self.dump)
            return self.triples


class RemoteBackend:
    """Another SPARQL endpoint (Oxigraph, QLever, Virtuoso, GraphDB, Fuseki) behind the same routes.

    Queries are inspected here as for the embedded store, sent through SPARQLWrapper with a
    timeout and an identifying User-Agent, and the answers re-serialised with the same row cap.
    """

    name = "remote"

    def __init__(
        self, endpoint: str, *, timeout: float, row_cap: int, concurrency: int = 16
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.row_cap = row_cap
        self.triples: int | None = None
        self._slots = asyncio.Semaphore(concurrency)
        self._concurrency = concurrency

    async def start(self) -> None:
        count = queries.named("web", "count")
        try:
            result = await self._call(count.text, (), (), ())
            value = result.rows[0]["triples"] if result.rows else None
            self.triples = int(value.value) if value is not None else None
        except (QueryError, pool.Timeout):
            self.triples = None

    async def close(self) -> None:
        return None

    async def _call(
        self, text: str, dg: Sequence[str], ng: Sequence[str], bindings: Sequence[tuple[str, str]]
    ) -> queries.Result:
        if self._slots.locked():
            raise pool.Busy()
        async with self._slots:
            loop = asyncio.get_running_loop()
            terms: dict[str, ox.NamedNode | ox.Literal] = {k: ox.NamedNode(v) for k, v in bindings}
            call = loop.run_in_executor(
                None,
                lambda: queries.run_remote(
                    self.endpoint,
                    text,
                    terms,
                    timeout=max(1, int(self.timeout)),
                    default_graphs=list(dg),
                    named_graphs=list(ng),
                ),
            )
            try:
                return await asyncio.wait_for(call, self.timeout + 1)
            except TimeoutError:
                raise pool.Timeout() from None

    async def run(self, job: pool.Job) -> pool.Answer:
        try:
            result = await self._call(job.text, job.default_graphs, job.named_graphs, job.bindings)
        except QueryError as e:
            if "timed out" in str(e).lower():
                raise pool.Timeout() from None
            raise pool.JobFailed("the remote endpoint refused the query") from None
        if result.kind == "ASK":
            return pool.Answer(results.RESULT_FORMATS[job.fmt].ask(bool(result.boolean)), False, 1)
        if result.kind == "SELECT":
            rows = result.rows[: job.row_cap]
            body = results.RESULT_FORMATS[job.fmt].select(result.variables, rows)
            return pool.Answer(body, len(result.rows) > job.row_cap, len(rows))
        triples = result.triples[: job.row_cap]
        body = results.graph_bytes(triples, FORMATS[job.fmt].ox_format, PREFIXES)
        return pool.Answer(body, len(result.triples) > job.row_cap, len(triples))

    async def has_graph(self, graph: str) -> bool:
        answer = await self.run(_has_graph_job(graph))
        return results.ask_answer(answer.body)

    async def update(self, text: str) -> int:
        raise WriteRefused("this server reads a remote store; write to that store directly")

    async def write_graph(
        self, graph: str | None, quads: Sequence[ox.Quad] | None, replace: bool
    ) -> int:
        raise WriteRefused("this server reads a remote store; write to that store directly")

    async def reload(self) -> int:
        await self.start()
        return self.triples or 0
