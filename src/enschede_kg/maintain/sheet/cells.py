"""Cells and RDF terms: how a value is shown in the workbook and read back from it.

Every value is shown as text so that a spreadsheet program never turns ``2017-06`` into a date or
``52.21833`` into a float that prints otherwise; what a user types as a number or a date is
accepted too. Things are named by short IDs (``city:dalian``, ``ekg:SisterCity``); sentences by
``document/p13s1``.

>>> show(URIRef(str(ID) + "city/dalian"))
'city:dalian'
>>> reference("city:dalian") == URIRef(str(ID) + "city/dalian")
True
>>> date_literal("2017-06").datatype == XSD.gYearMonth, date_literal("2017-13")
(True, None)
>>> statement_name(URIRef(str(ID) + "event/visit"), EKG.inSeason, URIRef(str(ID) + "season/summer"))
'event-visit-season-summer'
>>> statement_name(URIRef(str(ID) + "status-period/x"), EKG.status, EKG.SisterCity)
'status-period-x-status-sister-city'
>>> passage_ref(URIRef(str(ID) + "passage/enschede-international-2017/p13s1"))
'enschede-international-2017/p13s1'
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Literal, URIRef
from rdflib.term import Node

from enschede_kg.rdf import iri
from enschede_kg.rdf.namespaces import EKG, GEO, ID, WD, XSD

_KIND_SLUG = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*):([a-z0-9]+(?:-[a-z0-9]+)*)$")
_TERM = re.compile(r"^(ekg|wd):([A-Za-z][A-Za-z0-9]*)$")
_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DURATION = re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_PASSAGE = re.compile(r"^(?:([a-z0-9]+(?:-[a-z0-9]+)*)/)?(p\d+s\d+)$")


def cell_text(value: object, *, strip: bool = True) -> str:
    """What a cell holds, as text (numbers and dates a user typed included).

    Free text (names, descriptions, notes) keeps its spaces: ``strip=False``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip() if strip else str(value)


def show(node: Node) -> str:
    """A term as the workbook shows it: a short ID, a prefixed term, a lexical form or an IRI."""
    if isinstance(node, Literal):
        return str(node)
    iri = str(node)
    base = str(ID)
    if iri.startswith(base):
        kind, _, slug = iri[len(base) :].partition("/")
        if "/" not in slug:
            return f"{kind}:{slug}"
    for prefix, ns in (("ekg", str(EKG)), ("wd", str(WD))):
        if iri.startswith(ns) and _TERM.match(f"{prefix}:{iri[len(ns) :]}"):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def reference(text: str) -> URIRef | None:
    """A short ID, a prefixed term or an absolute http(s) IRI as an IRI; None for anything else."""
    if m := _KIND_SLUG.match(text):
        return URIRef(f"{ID}{m.group(1)}/{m.group(2)}")
    if m := _TERM.match(text):
        return URIRef((str(EKG) if m.group(1) == "ekg" else str(WD)) + m.group(2))
    if re.match(r"^https?://[^\s<>\"{}|\\^`]+$", text):
        return URIRef(text)
    return None


def date_literal(text: str) -> Literal | None:
    """A date at its precision (2017, 2017-06, 2017-06-05); None when it is none of these."""
    if _YEAR.match(text):
        return Literal(text, datatype=XSD.gYear)
    if _YEAR_MONTH.match(text):
        return Literal(text, datatype=XSD.gYearMonth)
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return None
    return Literal(text, datatype=XSD.date) if len(text) == 10 else None


def duration_literal(text: str) -> Literal | None:
    return Literal(text, datatype=XSD.duration) if _DURATION.match(text) else None


def decimal_literal(text: str) -> Literal | None:
    return Literal(text, datatype=XSD.decimal) if _DECIMAL.match(text) else None


def wkt_literal(text: str) -> Literal | None:
    ok = re.match(r"^POINT\s*\(-?\d+(\.\d+)? -?\d+(\.\d+)?\)$", text)
    return Literal(text, datatype=URIRef(str(GEO) + "wktLiteral")) if ok else None


def passage_ref(node: Node) -> str:
    """``document/p13s1`` for a passage IRI."""
    doc, local = str(node).rsplit("/", 2)[-2:]
    return f"{doc}/{local}"


def split_list(text: str) -> list[str]:
    """The items of a cell holding several (passages, sources): separated by commas, semicolons
    or line breaks."""
    return [t.strip() for t in re.split(r"[,;\n]", text) if t.strip()]


def passage_parts(text: str) -> tuple[str | None, str] | None:
    """``(document or None, p13s1)`` for a written passage reference; None when it is none."""
    m = _PASSAGE.match(text)
    return (m.group(1), m.group(2)) if m else None


def _kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()


def statement_name(s: Node, p: Node, o: Node) -> str:
    """The ID an evidence node gets from what it is about: subject, property word and object
    (``partnership-enschede-dalian-start-date-2009``), as the curated files name theirs."""
    predicate = re.split(r"[#/]", str(p))[-1]
    predicate = re.sub(r"^(?:has|in)(?=[A-Z])", "", predicate)
    obj = _kebab(re.split(r"[#/]", str(o).rstrip("/"))[-1]) if isinstance(o, URIRef) else str(o)
    parts = (show(s).replace(":", "-"), _kebab(predicate), iri.slugify(obj))
    return "-".join(part for part in parts if part)
