"""SPARQL results and graphs as bytes, in every format the CLI and the endpoint offer.

One table of formats answers name, media type and writer, which is what content negotiation and
``--format`` both need. The writers take rows already cut to a row cap, so a truncated answer is
still a well-formed document.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import pyoxigraph as ox

from enschede_kg.rdf.names import SPARQL_RESULTS, XSD

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
Row: TypeAlias = dict[str, Term | None]
_XSD_STRING = XSD + "string"
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_ATTR = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)


def escape(value: str) -> str:
    """XML character data. ``xml.sax.saxutils.escape`` does the same but imports urllib.request
    (a fifth of the query path's start-up)."""
    return value.translate(_XML_TEXT)


def quoteattr(value: str) -> str:
    """An XML attribute value in double quotes."""
    return f'"{value.translate(_XML_ATTR)}"'


@dataclass(frozen=True)
class ResultFormat:
    """A serialisation of SELECT/ASK results."""

    name: str
    media_type: str
    extension: str
    select: Callable[[Sequence[str], Sequence[Row]], bytes]
    ask: Callable[[bool], bytes]


#: Oxigraph's own JSON writer writes no spaces; written the same way, an answer's bytes do not
#: depend on which of the two wrote it (``web/pool.py`` uses Oxigraph's for small answers).
_COMPACT = (",", ":")


def _json_term(t: Term) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != _XSD_STRING:
        out["datatype"] = t.datatype.value
    return out


def select_json(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    bindings = [{v: _json_term(t) for v in variables if (t := r.get(v)) is not None} for r in rows]
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=_COMPACT).encode("utf-8")


def ask_json(value: bool) -> bytes:
    return json.dumps({"head": {}, "boolean": value}, separators=_COMPACT).encode("utf-8")


def _xml_term(t: Term) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
    if t.datatype.value != _XSD_STRING:
        return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(t.value)}</literal>"


_XML_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{SPARQL_RESULTS}">\n'


def select_xml(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    parts = [_XML_HEAD, "<head>"]
    parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
    parts.append("</head>\n<results>\n")
    for r in rows:
        parts.append("<result>")
        for v in variables:
            t = r.get(v)
            if t is not None:
                parts.append(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
        parts.append("</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts).encode("utf-8")


def ask_xml(value: bool) -> bytes:
    return (
        _XML_HEAD + f"<head/>\n<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"
    ).encode()


def select_csv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(variables)
    for r in rows:
        w.writerow([_csv_term(r.get(v)) for v in variables])
    return buf.getvalue().encode("utf-8")


def _csv_term(t: Term | None) -> str:
    """A term's text; a blank node in Turtle's ``_:label`` form, as SPARQL 1.1 CSV says."""
    if t is None:
        return ""
    return f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value


def ask_csv(value: bool) -> bytes:
    return f"_askResult\r\n{'true' if value else 'false'}\r\n".encode()


def _tsv_term(t: Term | None) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.Literal) and not t.language and t.datatype.value == _XSD_STRING:
        value = t.value.replace("\\", "\\\\").replace('"', '\\"')
        value = value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        return f'"{value}"'
    return str(t)


def select_tsv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_term(r.get(v)) for v in variables) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def ask_tsv(value: bool) -> bytes:
    return f"?_askResult\n{'true' if value else 'false'}\n".encode()


RESULT_FORMATS: dict[str, ResultFormat] = {
    f.name: f
    for f in (
        ResultFormat("json", "application/sparql-results+json", "srj", select_json, ask_json),
        ResultFormat("xml", "application/sparql-results+xml", "srx", select_xml, ask_xml),
        ResultFormat("csv", "text/csv", "csv", select_csv, ask_csv),
        ResultFormat("tsv", "text/tab-separated-values", "tsv", select_tsv, ask_tsv),
    )
}


def ask_answer(body: bytes, fmt: str = "json") -> bool:
    """The boolean of an ASK answer, read by the store's parser (not by looking for ``true``).

    Raises ValueError (SyntaxError from the parser) for a body that is no ASK answer.
    """
    parsed = ox.parse_query_results(body, format=OX_RESULT_FORMATS[fmt])
    if not isinstance(parsed, ox.QueryBoolean):
        raise ValueError("not the answer of an ASK query")
    return bool(parsed)


OX_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def graph_bytes(
    triples: Sequence[ox.Triple], rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None = None
) -> bytes:
    """Triples in an RDF format (Turtle, N-Triples, JSON-LD, RDF/XML).

    JSON-LD is compact (short keys, classes as types) with the project's context inline, so
    that any client reads it without fetching a context from the network.
    """
    if rdf_format == ox.RdfFormat.JSON_LD:
        from enschede_kg.rdf import jsonld  # only here: the other formats need no rdflib

        return jsonld.inline(jsonld.dumps(triples))
    use = prefixes if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    out = ox.serialize(list(triples), format=rdf_format, prefixes=use)
    return bytes(out or b"")
