"""Publish the built graph into a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Every named graph of the build (the curated data, provenance, the ontology, the metadata, the
entailments when the build writes them, each imported graph) stays a named graph of the same
name in the store: one HTTP ``PUT {endpoint}?graph={IRI}`` of N-Triples per graph, which replaces
that graph and no other. A store that runs a PUT as one transaction (Oxigraph and Virtuoso do;
``tests/test_publish_store.py`` checks both, Oxigraph with a publisher killed in mid-upload)
therefore shows its readers the old graph or the new one, never a half. The graphs go up one
after the other, the metadata last; when one fails, the error names the graphs that were already
replaced, and publishing again completes the set.

The store may ask for a bearer token (``token``, e.g. ``enschede-kg serve --token``) or for a user
and password, by HTTP Basic or Digest authentication (Virtuoso's ``/sparql-graph-crud-auth``):
the scheme is the one the store's 401 challenge names.

    publish_store(f"{oxigraph}/store", token=token)   # -> {graph IRI: triples}
"""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from enschede_kg import __version__
from enschede_kg.errors import PublishError
from enschede_kg.publish import httpauth
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import GRAPHS
from enschede_kg.store import dump_path

#: Seconds to wait for the store to accept the connection, take each block of the body, answer.
DEFAULT_TIMEOUT = 60.0
USER_AGENT = f"enschede-kg/{__version__}"
_NTRIPLES = rdfio.FORMATS["ntriples"]
#: Published last: it describes the others (counts, distributions).
_LAST = str(GRAPHS["metadata"])


@dataclass(frozen=True)
class Upload:
    """The body of one PUT: the distinct triples of one named graph, as N-Triples."""

    graph: str
    body: bytes
    triples: int


def read_dump(dump: Path) -> list[Upload]:
    """The named graphs of a TriG/N-Quads dump, one upload each, the metadata graph last.

    Raises LoadError naming the file and line when the dump is missing or broken, and
    PublishError when it has triples outside a named graph: nothing is sent.
    """
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in rdfio.parse_file(dump):
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise PublishError(
                f"{dump}: a triple outside any named graph ({quad.subject} {quad.predicate} …); "
                "publish store keeps the build's named graphs, so every triple needs one"
            )
        by_graph.setdefault(quad.graph_name.value, []).append(quad)
    uploads = []
    for graph in sorted(by_graph, key=lambda g: (g == _LAST, g)):
        body = rdfio.serialize(by_graph[graph], _NTRIPLES, {})
        uploads.append(Upload(graph=graph, body=body, triples=body.count(b"\n")))
    return uploads


def graph_store_url(endpoint: str, graph: str) -> str:
    """``{endpoint}?graph={graph}`` (kept parameters of the endpoint URL come first).

    Raises PublishError for an endpoint that is not an http(s) URL or a graph that is not an
    absolute IRI, before anything is read or sent.
    """
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublishError(
            f"{endpoint!r} is not an http(s) URL; give the store's Graph Store endpoint, "
            "e.g. Oxigraph's /store or Virtuoso's /sparql-graph-crud-auth"
        )
    try:
        ox.NamedNode(graph)
    except ValueError as e:
        raise PublishError(f"graph {graph!r} is not an absolute IRI: {e}") from None
    query = urllib.parse.urlencode([*urllib.parse.parse_qsl(parts.query), ("graph", graph)])
    return urllib.parse.urlunsplit(parts._replace(query=query, fragment=""))


@dataclass
class Published:
    """What a publication replaced: triples per named graph, in the order they went up."""

    endpoint: str
    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def publish_store(
    endpoint: str,
    *,
    graphs: Sequence[str] | None = None,
    token: str | None = None,
    user: str | None = None,
    password: str | None = None,
    dump: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Published:
    """Replace, graph by graph, the named graphs of ``dump`` in the store at ``endpoint``.

    ``dump`` defaults to the TriG dump of ``build/``; the caller decides whether to build first.
    ``graphs`` limits the publication to some of the dump's named graphs (PublishError for one
    the dump does not have). ``endpoint`` is the store's Graph Store URL (Oxigraph:
    ``http://HOST:PORT/store``; Virtuoso: ``http://HOST:PORT/sparql-graph-crud-auth``).
    ``token`` is sent as ``Authorization: Bearer``; ``user`` and ``password`` answer a Basic or
    Digest challenge. Raises LoadError for a bad dump and PublishError — naming the endpoint, the
    graph, the HTTP status or network error and the graphs already replaced — when the store is
    unreachable, answers other than 2xx or does not answer within ``timeout`` seconds.
    """
    uploads = read_dump(dump or dump_path())
    if graphs is not None:
        missing = sorted(set(graphs) - {u.graph for u in uploads})
        if missing:
            have = ", ".join(u.graph for u in uploads)
            raise PublishError(f"the build has no graph {', '.join(missing)} (it has: {have})")
        uploads = [u for u in uploads if u.graph in set(graphs)]
    urls = {u.graph: graph_store_url(endpoint, u.graph) for u in uploads}
    auth = httpauth.Auth(token=token, user=user, password=password)
    published = Published(endpoint)
    for upload in uploads:
        try:
            _upload(urls[upload.graph], upload, auth, timeout, endpoint)
        except PublishError as e:
            done = ", ".join(f"<{g}>" for g in published.graphs) or "none"
            raise PublishError(
                f"{e}; graphs already replaced: {done}; publish again to complete the set"
            ) from None
        published.graphs[upload.graph] = upload.triples
    return published


def _upload(url: str, upload: Upload, auth: httpauth.Auth, timeout: float, endpoint: str) -> None:
    """One PUT; once more with credentials when the store challenges the first."""
    path = urllib.parse.urlsplit(url)
    target = urllib.parse.urlunsplit(("", "", path.path or "/", path.query, ""))
    for attempt in (1, 2):
        headers = {
            "Content-Type": _NTRIPLES.media_type,
            "Content-Length": str(len(upload.body)),
            "User-Agent": USER_AGENT,
            "Accept": "text/plain, */*;q=0.5",
            **auth.headers("PUT", target),
        }
        status, reason, detail, challenge = _put(url, upload.body, headers, timeout, endpoint)
        if status == 401 and attempt == 1 and auth.answer(challenge):
            continue
        break
    if not 200 <= status < 300:
        said = f": {detail}" if detail else ""
        hint = " (give --user and a password)" if status == 401 and not auth.can_answer else ""
        raise PublishError(
            f"{endpoint} refused the upload of <{upload.graph}> with HTTP {status} {reason}{said}"
            f"{hint} (that graph in the store was not replaced)"
        )


def _put(
    url: str, body: bytes, headers: dict[str, str], timeout: float, endpoint: str
) -> tuple[int, str, str, str]:
    """Send one PUT; (status, reason, start of the answer, WWW-Authenticate). A store may answer
    (401, 413) before it has read the whole body and close the connection: its answer is still
    read and reported.
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
        challenge = response.getheader("WWW-Authenticate") or ""
        return response.status, response.reason, detail[0] if detail else "", challenge
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
