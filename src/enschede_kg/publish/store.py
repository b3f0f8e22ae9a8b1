"""Publish the built graph into a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

The whole dataset goes up as one HTTP ``PUT {endpoint}?graph={IRI}`` of N-Triples (the union of
the build's named graphs), which replaces that one named graph. A store that runs the PUT as one
transaction — Oxigraph does; ``tests/test_publish_store.py`` checks it against a real server, with
a client killed in mid-upload — therefore shows its readers the old graph or the new one, never a
half, and keeps the old graph when the upload fails. Any GSP store works (Oxigraph, Fuseki,
GraphDB, ``enschede-kg serve --token``); whether its PUT is atomic is the store's property.

    publish_store(f"{oxigraph}/store", token=token)   # -> number of triples sent
"""

from __future__ import annotations

import http.client
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from enschede_kg import __version__
from enschede_kg.errors import PublishError
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import DATASET_GRAPH
from enschede_kg.store import dump_path

#: The named graph replaced unless told otherwise: the whole dataset as one graph.
DEFAULT_GRAPH = str(DATASET_GRAPH)
#: Seconds to wait for the store to accept the connection, take each block of the body, answer.
DEFAULT_TIMEOUT = 60.0
USER_AGENT = f"enschede-kg/{__version__}"
_NTRIPLES = rdfio.FORMATS["ntriples"]


@dataclass(frozen=True)
class Upload:
    """The body of one publication: the distinct triples of a dump, as N-Triples."""

    body: bytes
    triples: int


def read_dump(dump: Path) -> Upload:
    """The union of the named graphs of a TriG/N-Quads dump, one line per distinct triple.

    Raises LoadError naming the file and line when the dump is missing or broken: nothing is sent.
    """
    body = rdfio.serialize(rdfio.parse_file(dump), _NTRIPLES, {})
    return Upload(body=body, triples=body.count(b"\n"))


def graph_store_url(endpoint: str, graph: str) -> str:
    """``{endpoint}?graph={graph}`` (kept parameters of the endpoint URL come first).

    Raises PublishError for an endpoint that is not an http(s) URL or a graph that is not an
    absolute IRI, before anything is read or sent.
    """
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublishError(
            f"{endpoint!r} is not an http(s) URL; give the store's Graph Store endpoint, "
            "e.g. Oxigraph's /store"
        )
    try:
        ox.NamedNode(graph)
    except ValueError as e:
        raise PublishError(f"--graph {graph!r} is not an absolute IRI: {e}") from None
    query = urllib.parse.urlencode([*urllib.parse.parse_qsl(parts.query), ("graph", graph)])
    return urllib.parse.urlunsplit(parts._replace(query=query, fragment=""))


def publish_store(
    endpoint: str,
    *,
    graph: str | None = None,
    token: str | None = None,
    dump: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """Replace ``graph`` (default DEFAULT_GRAPH) in the store at ``endpoint`` with ``dump``.

    ``dump`` defaults to the TriG dump of ``build/``; the caller decides whether to build first.

    ``endpoint`` is the store's Graph Store base URL (Oxigraph: ``http://HOST:PORT/store``);
    ``token``, when given, is sent as ``Authorization: Bearer``. Returns the number of triples
    sent. Raises LoadError for a bad dump and PublishError — naming the endpoint and the HTTP
    status or network error — when the store is unreachable, answers other than 2xx or does not
    answer within ``timeout`` seconds.
    """
    url = graph_store_url(endpoint, graph or DEFAULT_GRAPH)
    upload = read_dump(dump or dump_path())
    headers = {
        "Content-Type": _NTRIPLES.media_type,
        "Content-Length": str(len(upload.body)),
        "User-Agent": USER_AGENT,
        "Accept": "text/plain, */*;q=0.5",
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    status, reason, detail = _put(url, upload.body, headers, timeout, endpoint)
    if not 200 <= status < 300:
        said = f": {detail}" if detail else ""
        raise PublishError(
            f"{endpoint} refused the upload with HTTP {status} {reason}{said} "
            "(the graph in the store was not replaced)"
        )
    return upload.triples


def _put(
    url: str, body: bytes, headers: dict[str, str], timeout: float, endpoint: str
) -> tuple[int, str, str]:
    """Send one PUT; (status, reason, start of the answer). A store may answer (401, 413) before
    it has read the whole body and close the connection: its answer is still read and reported.
    """
    parts = urllib.parse.urlsplit(url)
    conn_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    conn = conn_class(parts.hostname or "", parts.port, timeout=timeout)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        try:
            conn.request("PUT", target, body=body, headers=headers)
        except (BrokenPipeError, ConnectionResetError) as sent_error:
            try:
                response = conn.getresponse()
            except (OSError, http.client.HTTPException):
                raise _network_error(endpoint, sent_error, timeout) from None
        else:
            response = conn.getresponse()
        detail = response.read(400).decode("utf-8", "replace").strip().splitlines()
        return response.status, response.reason, detail[0] if detail else ""
    except (OSError, http.client.HTTPException) as e:
        raise _network_error(endpoint, e, timeout) from None
    finally:
        conn.close()


def _network_error(endpoint: str, error: BaseException, timeout: float) -> PublishError:
    if isinstance(error, ConnectionRefusedError):
        return PublishError(
            f"cannot publish to {endpoint}: connection refused; is the store running at that "
            "address? (nothing was sent)"
        )
    if isinstance(error, TimeoutError):
        what = f"no answer within {timeout:g} s"
    elif isinstance(error, OSError) and error.strerror:
        what = error.strerror
    else:
        what = str(error) or type(error).__name__
    return PublishError(f"cannot publish to {endpoint}: {what} (the upload did not complete)")
