"""Decide, before anything runs, whether a request's SPARQL may run on a public endpoint.

Oxigraph sends SERVICE and LOAD to the network unconditionally and rdflib dereferences FROM, so
the text is refused on its parse tree: SERVICE anywhere, LOAD, and updates on the read path.
Codepoint escapes (``\\u0053ERVICE``) are expanded first, as the SPARQL grammar does before
parsing. rdflib's parser is not thread-safe (a concurrent first use can break a grammar rule for
the life of the process), so it runs under one lock and is warmed up at start.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from enschede_kg.queries import NOT_CODE


class Refused(Exception):
    """The request is not allowed; the message is safe to show."""

    def __init__(self, message: str, status: int = 400) -> None:
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class Inspection:
    """What a request's SPARQL is."""

    kind: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    text: str
    has_dataset: bool = False  # the query names its graphs with FROM / FROM NAMED


_LOCK = threading.Lock()
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Lexical belt and braces: the keywords outside strings, IRIs and comments.
_DANGEROUS = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w:-])", re.IGNORECASE)
_GRAPH_IRI = re.compile(r"^(https?://|urn:)[^\s<>\"{}|^`\\]*$", re.IGNORECASE)
_QUERY_KINDS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


def expand_escapes(text: str) -> str:
    """Apply SPARQL's codepoint escapes, as the grammar does before tokenising."""

    def repl(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise Refused("invalid \\u escape in the query")
        return chr(code)

    return _ESCAPE.sub(repl, text)


def _names(node: object) -> set[str]:
    """Every CompValue name in a parse tree."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            found.add(item.name)
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found


def _parse(text: str, update: bool) -> object:
    with _LOCK:
        try:
            return parseUpdate(text) if update else parseQuery(text)
        except ParseException as e:
            raise Refused(
                f"malformed {'update' if update else 'query'} at line {e.lineno}, column {e.col}"
            ) from None
        except Exception:  # rdflib raises a few non-parse errors on odd input
            raise Refused(f"malformed {'update' if update else 'query'}") from None


@lru_cache(maxsize=2048)
def inspect(text: str, *, update: bool = False) -> Inspection:
    """Parse and check a query (or, with ``update``, an update); Refused if it may not run."""
    expanded = expand_escapes(text)
    tree = _parse(expanded, update)
    names = _names(tree)
    lexical = {m.upper() for m in _DANGEROUS.findall(NOT_CODE.sub(" ", expanded))}
    if "ServiceGraphPattern" in names or "SERVICE" in lexical:
        raise Refused("SERVICE (federated query) is not allowed on this endpoint", 403)
    if "Load" in names or "LOAD" in lexical:
        raise Refused("LOAD is not allowed on this endpoint", 403)
    if update:
        return Inspection("UPDATE", text)
    has_dataset = "DatasetClause" in names
    if has_dataset:
        check_graph_iris(_dataset_iris(tree))
    for name, kind in _QUERY_KINDS.items():
        if name in names:
            return Inspection(kind, text, has_dataset)
    raise Refused("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")


def _dataset_iris(tree: object) -> list[str]:
    """The IRIs of FROM / FROM NAMED, with prefixes resolved (only when the query has them)."""
    with _LOCK:
        try:
            query = translateQuery(tree)  # type: ignore[arg-type]
        except Exception:
            raise Refused("malformed FROM clause") from None
    clauses = query.algebra.get("datasetClause") or []
    return [str(c["default"] if "default" in c else c["named"]) for c in clauses]


def check_graph_iris(iris: list[str]) -> None:
    """Graphs may be named by http(s) or urn IRIs only: no file: or other schemes."""
    for iri in iris:
        if not _GRAPH_IRI.match(iri):
            msg = f"graph IRI {iri[:80]!r} is not allowed: name a graph of this dataset"
            raise Refused(msg, 403)


def warm_up() -> None:
    """Build the parser's grammar once, before any concurrent request can."""
    inspect("ASK {}")
    inspect("INSERT DATA { <urn:a> <urn:b> <urn:c> }", update=True)
