"""Saved SPARQL queries: find them by name, read their headers, run them with bound parameters.

Queries live in ``queries/NN-slug.rq``; their header lines are ``#+ key: value``:

    #+ summary: Enschede's sister cities and since when.
    #+ summary_nl: De zustersteden van Enschede en sinds wanneer.
    #+ param: year xsd:gYear The year to report on, e.g. 2017.

A parameter is a variable of the query that ``--param name=value`` binds (Oxigraph's
substitution, or a trailing VALUES block for a remote endpoint), never text pasted into the query.
Left unbound, it matches everything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeAlias

import pyoxigraph as ox

from enschede_kg import config, text
from enschede_kg.errors import QueryError
from enschede_kg.queries import results
from enschede_kg.queries.inline import inline_values
from enschede_kg.rdf.names import PREFIXES, XSD

_HEADER = re.compile(r"^#\+\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s+(iri|xsd:[A-Za-z]+)\s*(.*)$")
#: IRIs, strings and comments: what is not SPARQL keywords (``#`` also occurs inside IRIs).
NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|'
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|"
    r'"(?:[^"\\\n]|\\.)*"|'
    r"'(?:[^'\\\n]|\\.)*'|"
    r"<[^<>\"{}|^`\\\s]*>|"
    r"#[^\n]*"
)
_KIND = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    """A bindable variable of a saved query."""

    name: str
    type: str
    description: str

    def term(self, value: str) -> ox.NamedNode | ox.Literal:
        """The RDF term for a command-line value; QueryError if it does not fit the type."""
        if self.type == "iri":
            iri = expand_iri(value)
            if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", iri, re.IGNORECASE):
                raise QueryError(f"parameter {self.name}: {value!r} is not an IRI")
            return ox.NamedNode(iri)
        datatype = XSD + self.type.split(":", 1)[1]
        if self.type == "xsd:gYear" and not re.fullmatch(r"-?\d{4}", value):
            raise QueryError(f"parameter {self.name}: {value!r} is not a year (e.g. 2017)")
        if self.type == "xsd:integer" and not re.fullmatch(r"[+-]?\d+", value):
            raise QueryError(f"parameter {self.name}: {value!r} is not an integer")
        if self.type == "xsd:string":
            return ox.Literal(value)
        return ox.Literal(value, datatype=ox.NamedNode(str(datatype)))


@dataclass(frozen=True)
class SavedQuery:
    """A query file with its header."""

    name: str
    path: Path
    text: str
    summary: str = ""
    summary_nl: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)

    @property
    def kind(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE (the first such keyword outside comments)."""
        return query_kind(self.text)


def query_kind(text: str) -> str:
    """The query form, read past IRIs, strings and comments (``#`` also occurs inside IRIs)."""
    m = _KIND.search(NOT_CODE.sub(" ", text))
    if not m:
        raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    return m.group(1).upper()


def expand_iri(value: str) -> str:
    """Accept a full IRI, a prefixed name (``id:city/dalian``) or ``<…>``."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


def parse_query_file(path: Path, name: str | None = None) -> SavedQuery:
    """Read a ``.rq`` file and its ``#+`` header; QueryError names the file and line if bad."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{path}: cannot read query file: {e}") from None
    meta: dict[str, str] = {}
    params: list[Param] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2)
        if key == "param":
            pm = _PARAM.match(value)
            if not pm:
                raise QueryError(
                    f"{path}:{lineno}: bad param header {value!r}; write "
                    "'#+ param: NAME TYPE description' with TYPE iri or xsd:…"
                )
            params.append(Param(pm.group(1), pm.group(2), pm.group(3)))
        else:
            meta[key] = value
    return SavedQuery(
        name=name or path.stem,
        path=path,
        text=text,
        summary=meta.get("summary", ""),
        summary_nl=meta.get("summary_nl", ""),
        params=tuple(params),
    )


def named(folder: str, name: str, directory: Path | None = None) -> SavedQuery:
    """``queries/FOLDER/NAME.rq`` of the active project (or under ``directory``).

    The one loader for the SPARQL behind pages, the endpoint, the explorer, analytics and imports:
    a project switched with ``--project`` switches all of them. Parsed once per file version.
    Raises QueryError naming the file when it is missing or malformed.
    """
    path = (directory or config.queries_dir()) / folder / f"{name}.rq"
    try:
        version = path.stat().st_mtime_ns
    except OSError:
        raise QueryError(
            f"{path}: query file not found; the project needs queries/{folder}/{name}.rq "
            "(copy it from a checkout of enschede-kg, or point --project at a complete project)"
        ) from None
    return _parsed(path, version)


@lru_cache(maxsize=512)
def _parsed(path: Path, version: int) -> SavedQuery:
    return parse_query_file(path)


def saved_queries(directory: Path | None = None) -> list[SavedQuery]:
    """The saved queries (top level of ``queries/``), in file-name order."""
    directory = directory or config.queries_dir()
    return [parse_query_file(p) for p in sorted(directory.glob("*.rq"))]


def checks(directory: Path | None = None) -> list[SavedQuery]:
    """The ``*-violation.rq`` queries that must return no rows."""
    directory = directory or config.queries_dir() / "checks"
    return [parse_query_file(p) for p in sorted(directory.glob("*-violation.rq"))]


def derivations(directory: Path | None = None) -> list[SavedQuery]:
    """The ``construct-*.rq`` queries whose results the build adds to the data graph."""
    directory = directory or config.queries_dir() / "derive"
    return [parse_query_file(p) for p in sorted(directory.glob("construct-*.rq"))]


def resolve(ref: str, directory: Path | None = None) -> SavedQuery:
    """A saved query by name (``01-sister-cities``, ``01`` or ``sister-cities``) or a file path."""
    directory = directory or config.queries_dir()
    path = Path(ref)
    if path.suffix == ".rq" and path.is_file():
        return parse_query_file(path)
    matches = [
        q
        for q in saved_queries(directory)
        if q.name == ref or q.name.split("-", 1)[0] == ref or q.name.split("-", 1)[-1] == ref
    ]
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(q.name for q in saved_queries(directory))
    if not matches:
        raise QueryError(f"no saved query or .rq file {ref!r}; saved queries: {names}")
    raise QueryError(f"{ref!r} is ambiguous: " + ", ".join(q.name for q in matches))


def bind(query: SavedQuery, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Turn ``name=value`` strings into typed terms for the query's declared parameters."""
    declared = {p.name: p for p in query.params}
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, value in values.items():
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise QueryError(f"query {query.name} has no parameter {name!r} (parameters: {known})")
        out[name] = declared[name].term(value)
    return out


# --- results -----------------------------------------------------------------------------------

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Result:
    """The answer to a query, whatever answered it (embedded store or remote endpoint)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def records(self) -> list[dict[str, str | None]]:
        """Rows as plain strings (IRI or lexical form), for comparisons and tables."""
        return [
            {v: (None if r.get(v) is None else r[v].value) for v in self.variables}  # type: ignore[union-attr]
            for r in self.rows
        ]


def run(
    store: ox.Store,
    query: SavedQuery | str,
    bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
    graphs: list[ox.NamedNode] | None = None,
) -> Result:
    """Run a query on the embedded store over the union of its named graphs (or of ``graphs``)."""
    text = query.text if isinstance(query, SavedQuery) else query
    subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(k): v for k, v in (bindings or {}).items()
    }
    try:
        if graphs is None:
            answer = store.query(text, use_default_graph_as_union=True, substitutions=subs or None)
        else:
            answer = store.query(text, default_graph=list(graphs), substitutions=subs or None)
    except SyntaxError as e:
        name = query.name if isinstance(query, SavedQuery) else "query"
        raise QueryError(f"{name}: SPARQL syntax error: {e}") from None
    except (RuntimeError, ValueError) as e:
        name = query.name if isinstance(query, SavedQuery) else "query"
        raise QueryError(f"{name}: {e}") from None
    if isinstance(answer, ox.QueryBoolean):
        return Result("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = [{v: sol[v] for v in variables} for sol in answer]
        return Result("SELECT", variables=variables, rows=rows)
    return Result(query_kind(text), triples=list(answer))


def run_remote(
    endpoint: str,
    query: SavedQuery | str,
    bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
    timeout: int = 30,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> Result:
    """Run a query on a SPARQL endpoint through SPARQLWrapper.

    Bindings become a VALUES block of serialised RDF terms opening the WHERE group, where the
    endpoint's optimiser joins it first (``inline``); no text from the user is pasted in.
    """
    from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    from enschede_kg import __version__

    text = query.text if isinstance(query, SavedQuery) else query
    text = inline_values(text, bindings or {})
    kind = query_kind(text)
    sw = SPARQLWrapper(endpoint, agent=f"enschede-kg/{__version__} (SPARQLWrapper)")
    sw.setMethod(POST)
    sw.setTimeout(timeout)
    for g in default_graphs or ():
        sw.addDefaultGraph(g)
    for g in named_graphs or ():
        sw.addNamedGraph(g)
    sw.setQuery(text)
    try:
        if kind in ("SELECT", "ASK"):
            sw.setReturnFormat(JSON)
            return _from_results(sw.query().response.read())
        sw.setReturnFormat(N3)
        sw.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9")
        resp = sw.query()
        body = resp.response.read()
        ctype = resp.response.headers.get("Content-Type", "text/turtle").split(";")[0].strip()
        fmt = ox.RdfFormat.from_media_type(ctype) or ox.RdfFormat.TURTLE
        return Result(kind, triples=[q.triple for q in ox.parse(body, format=fmt)])
    except (SPARQLWrapperException, OSError, ValueError, SyntaxError) as e:
        raise QueryError(f"endpoint {endpoint} failed: {e}") from None


def _from_results(body: bytes) -> Result:
    """A SPARQL JSON results document, read by the store's own parser (not by hand)."""
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return Result("ASK", boolean=bool(parsed))
    variables = [v.value for v in parsed.variables]
    rows = [{v: solution[v] for v in variables} for solution in parsed]
    return Result("SELECT", variables=variables, rows=rows)


# --- formatting --------------------------------------------------------------------------------


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return text.compact(term.value, [p for p in PREFIXES if p != "rdf"])
    return term.value


def format_result(result: Result, fmt: str) -> str:
    """Render a result as table, csv, tsv, json, xml (SPARQL results) or turtle/ntriples."""
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in ("turtle", "ntriples", "table"):
            raise QueryError(f"a {result.kind} query gives a graph: use --format turtle")
        ofmt = ox.RdfFormat.N_TRIPLES if fmt == "ntriples" else ox.RdfFormat.TURTLE
        return results.graph_bytes(result.triples, ofmt, PREFIXES).decode("utf-8")
    if fmt == "table":
        if result.kind == "ASK":
            return ("true" if result.boolean else "false") + "\n"
        return _table(result)
    try:
        writer = results.RESULT_FORMATS[fmt]
    except KeyError:
        raise QueryError(f"format {fmt!r} does not fit a {result.kind} query") from None
    if result.kind == "ASK":
        return writer.ask(bool(result.boolean)).decode("utf-8")
    return writer.select(result.variables, result.rows).decode("utf-8")


def _table(result: Result) -> str:
    header = result.variables
    body = [[_cell(r.get(v)) for v in header] for r in result.rows]
    widths = [max([len(h)] + [len(row[i]) for row in body]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in body
    ]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"
