"""What answers the app's queries: the embedded store (a worker pool) or a remote SPARQL endpoint.

Both take the same ``Job`` and return the same ``Answer``, so every route works over either.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from enschede_kg import queries
from enschede_kg.queries import results
from enschede_kg.web import direct, pool, safety


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
    async def update(
        self,
        text: str,
        base_iri: str | None = None,
        using: tuple[str, ...] = (),
        using_named: tuple[str, ...] = (),
    ) -> int: ...
    async def write_graph(
        self, graph: str | None, upload: Path | None, fmt: ox.RdfFormat | None, replace: bool
    ) -> int: ...

    @property
    def upload_dir(self) -> Path | None: ...
    async def reload(self) -> int: ...
    def health(self) -> dict[str, int | float | None]: ...


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
        self,
        dump: Path,
        *,
        workers: int,
        timeout: float,
        queue_limit: int,
        writable: bool,
        memory_mb: int = 0,
        reserved: int = 1,
        limits: direct.Limits | None = None,
    ) -> None:
        self.dump = dump
        self.pool = pool.Pool(
            dump,
            size=workers,
            timeout=timeout,
            queue_limit=queue_limit,
            memory_mb=memory_mb,
            reserved=reserved,
            limits=limits,
        )
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

    def health(self) -> dict[str, int | float | None]:
        return {
            "live_workers": self.pool.live,
            "workers": self.pool.size,
            "generation": self.pool.generation,
            "loaded_at": round(self.pool.loaded_at, 3),
        }

    async def has_graph(self, graph: str) -> bool:
        answer = await self.pool.run(_has_graph_job(graph))
        return results.ask_answer(answer.body)

    async def _publish(self) -> int:
        assert self.master is not None and self.pool.directory is not None
        master, directory = self.master, self.pool.directory

        def write() -> Path:
            path, out = pool.new_snapshot(directory, ".nq")
            with out:
                master.dump(out, format=ox.RdfFormat.N_QUADS)
            return path

        snapshot = await asyncio.get_running_loop().run_in_executor(None, write)
        self.triples = await self.pool.reload(snapshot, owned=True)
        return self.triples

    async def update(
        self,
        text: str,
        base_iri: str | None = None,
        using: tuple[str, ...] = (),
        using_named: tuple[str, ...] = (),
    ) -> int:
        if self.master is None:
            raise WriteRefused("this server was started without a write token", 403)
        async with self._write_lock:
            master = self.master

            def apply() -> None:
                safety.inspect_update(text)
                master.update(safety.with_using(text, using, using_named), base_iri=base_iri)

            try:
                await asyncio.get_running_loop().run_in_executor(None, apply)
            except (SyntaxError, ValueError, RuntimeError, OSError) as e:
                first = str(e).splitlines()[0][:200] if str(e) else type(e).__name__
                raise WriteRefused(f"the update failed: {first}", 400) from None
            return await self._publish()

    @property
    def upload_dir(self) -> Path | None:
        return self.pool.directory if self.master is not None else None

    async def write_graph(
        self, graph: str | None, upload: Path | None, fmt: ox.RdfFormat | None, replace: bool
    ) -> int:
        """Replace (PUT), extend (POST) or delete (no upload) a graph from an uploaded file.

        The file is parsed twice, streaming: once to check it (a broken upload changes
        nothing), once into the master store; it is never wholly in memory.
        """
        if self.master is None:
            raise WriteRefused("this server was started without a write token", 403)
        master = self.master
        target: ox.NamedNode | ox.DefaultGraph = (
            ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
        )

        def apply() -> None:
            if upload is not None and fmt is not None:
                try:
                    with upload.open("rb") as f:
                        for _ in ox.parse(f, format=fmt, lenient=False):
                            pass
                except SyntaxError as e:
                    first = str(e).splitlines()[0][:200] if str(e) else "syntax error"
                    raise WriteRefused(f"request body ({fmt.media_type}): {first}", 400) from None
            if replace:
                if isinstance(target, ox.NamedNode):
                    if master.contains_named_graph(target):
                        master.remove_graph(target)
                else:
                    master.clear_graph(target)
            if upload is not None and fmt is not None:
                master.load(path=str(upload), format=fmt, to_graph=target)

        async with self._write_lock:
            await asyncio.get_running_loop().run_in_executor(None, apply)
            return await self._publish()

    async def reload(self) -> int:
        """Re-read the dump the server was started with (e.g. after ``enschede-kg build``)."""
        async with self._write_lock:
            if self.master is not None:
                self.master = pool.load_store(self.dump)
            self.triples = await self.pool.reload(self.dump)
            return self.triples
