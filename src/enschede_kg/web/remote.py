"""Serving over another SPARQL endpoint (Oxigraph, QLever, Virtuoso, GraphDB, Fuseki).

Queries are inspected here as for the embedded store, sent with the SPARQL 1.1 Protocol over one
HTTP connection per request, and re-serialised with the same caps, so every route works over
either backend. At the request's deadline the connection to the upstream store is closed (a
store that watches its clients stops there) and the store's own timeout parameters are sent with
the query (``timeout`` in seconds for Fuseki and QLever, milliseconds for Virtuoso). Oxigraph
does neither and has no per-request deadline (oxigraph/oxigraph#1336); its server option
``--timeout-s`` did not stop a COUNT over a three-way cross product with a REGEX filter either
(0.5.13: still computing five seconds past a 2 s timeout), so in front of Oxigraph a runaway
query costs the upstream store CPU until it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import socket
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from enschede_kg import __version__, queries
from enschede_kg.errors import QueryError
from enschede_kg.lod import pages
from enschede_kg.queries import results
from enschede_kg.web import pool, safety
from enschede_kg.web.backend import WriteRefused

_RESULTS = "application/sparql-results+json"
_GRAPH = "application/n-triples"


class _Call:
    """One HTTP exchange with the upstream store that another thread may cut short."""

    def __init__(self, endpoint: str, timeout: float) -> None:
        self.parts = urllib.parse.urlsplit(endpoint)
        if self.parts.scheme not in ("http", "https") or not self.parts.hostname:
            raise QueryError(f"{endpoint!r} is not an http(s) SPARQL endpoint")
        kind = (
            http.client.HTTPSConnection
            if self.parts.scheme == "https"
            else http.client.HTTPConnection
        )
        self.conn = kind(self.parts.hostname, self.parts.port, timeout=timeout + 5)
        self.timeout = timeout

    def post(self, params: list[tuple[str, str]], accept: str) -> tuple[str, bytes]:
        wait = max(1, int(self.timeout))
        params = [*params, ("timeout", str(wait)), ("timeout", f"{wait * 1000}")]
        body = urllib.parse.urlencode(params).encode()
        path = urllib.parse.urlunsplit(("", "", self.parts.path or "/", self.parts.query, ""))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": accept,
            "User-Agent": f"enschede-kg/{__version__}",
        }
        try:
            self.conn.request("POST", path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as e:
            raise QueryError(f"the remote endpoint failed: {type(e).__name__}") from None
        finally:
            self.conn.close()
        if response.status != 200:
            raise QueryError(f"the remote endpoint answered {response.status}")
        return response.getheader("content-type", accept).split(";")[0].strip(), data

    def cancel(self) -> None:
        """Close the connection now: the upstream store sees its client go."""
        sock = self.conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self.conn.close()


class RemoteBackend:
    """Another SPARQL endpoint behind the same routes; read-only."""

    name = "remote"

    def __init__(
        self, endpoint: str, *, timeout: float, row_cap: int, concurrency: int = 16
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.row_cap = row_cap
        self.triples: int | None = None
        self._slots = asyncio.Semaphore(concurrency)

    async def start(self) -> None:
        try:
            answer = await self.run(
                pool.Job(queries.named("web", "count").text, "SELECT", fmt="json")
            )
            self.triples = int(_first_value(answer.body))
        except (pool.Timeout, pool.JobFailed, ValueError, KeyError, IndexError):
            self.triples = None

    async def close(self) -> None:
        return None

    def health(self) -> dict[str, int | float | None]:
        return {}

    async def _bounded(self, work: Any, cancel: Any = None) -> Any:
        """Run blocking work in a thread under the deadline; at the deadline, cancel it."""
        if self._slots.locked():
            raise pool.Busy()
        async with self._slots:
            call = asyncio.get_running_loop().run_in_executor(None, work)
            try:
                return await asyncio.wait_for(call, self.timeout)
            except TimeoutError:
                if cancel is not None:
                    cancel()
                raise pool.Timeout() from None
            except QueryError:
                raise pool.JobFailed("the remote endpoint refused the query") from None

    async def _render(self, job: pool.Job) -> pool.Answer:
        """A page rendered here from the remote store's answers (the same templates)."""

        def runner(q: queries.SavedQuery, b: pages.Bindings) -> queries.Result:
            return queries.run_remote(self.endpoint, q, dict(b), timeout=max(1, int(self.timeout)))

        def render() -> pool.Answer:
            if job.kind == "ONTOLOGY":
                html = pages.render_ontology(runner)
                return pool.Answer(html.encode("utf-8"), False, 1, "html", "text/html")
            found = pages.render_resource(runner, job.text)
            body = b"" if found is None else found.encode("utf-8")
            return pool.Answer(body, False, 0 if found is None else 1, "html", "text/html")

        result: pool.Answer = await self._bounded(render)
        return result

    async def run(self, job: pool.Job) -> pool.Answer:
        if job.kind in pool.RENDERERS:
            return await self._render(job)
        text, kind = job.text, job.kind
        if kind == "QUERY":
            loop = asyncio.get_running_loop()
            kind = (
                await loop.run_in_executor(
                    None, lambda: safety.inspect(job.text, base_iri=job.base_iri)
                )
            ).kind
            if job.base_iri:
                text = f"BASE <{job.base_iri}>\n{text}"
        if job.bindings:
            names = " ".join(f"?{k}" for k, _ in job.bindings)
            values = " ".join(str(ox.NamedNode(v)) for _, v in job.bindings)
            text = f"{text.rstrip()}\nVALUES ({names}) {{ ({values}) }}\n"
        params = [("query", text)]
        params += [("default-graph-uri", g) for g in job.default_graphs]
        params += [("named-graph-uri", g) for g in job.named_graphs]
        graph = kind in ("CONSTRUCT", "DESCRIBE")
        call = _Call(self.endpoint, self.timeout)
        media, body = await self._bounded(
            lambda: call.post(params, _GRAPH if graph else _RESULTS), call.cancel
        )
        try:
            if graph:
                fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
                answer: Any = [q.triple for q in ox.parse(body, fmt)]
            else:
                answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError):
            raise pool.JobFailed("the remote endpoint sent an answer that does not parse") from None
        return pool.serialise(answer, job)

    async def has_graph(self, graph: str) -> bool:
        text = queries.named("web", "has-graph").text
        answer = await self.run(pool.Job(text, "ASK", fmt="json", bindings=(("g", graph),)))
        return results.ask_answer(answer.body)

    async def update(
        self,
        text: str,
        base_iri: str | None = None,
        using: tuple[str, ...] = (),
        using_named: tuple[str, ...] = (),
    ) -> int:
        raise WriteRefused("this server reads a remote store; write to that store directly")

    @property
    def upload_dir(self) -> Path | None:
        return None

    async def write_graph(
        self, graph: str | None, upload: Path | None, fmt: ox.RdfFormat | None, replace: bool
    ) -> int:
        raise WriteRefused("this server reads a remote store; write to that store directly")

    async def reload(self) -> int:
        await self.start()
        return self.triples or 0


def _first_value(body: bytes) -> str:
    data = json.loads(body)
    bindings: Sequence[dict[str, dict[str, str]]] = data["results"]["bindings"]
    return next(iter(bindings[0].values()))["value"]
