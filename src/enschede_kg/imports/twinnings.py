"""Import a table of twin-city links (Wikidata P190) into a named graph of its own.

The curated data says what Enschede's source document says; a twin-city table is context from
elsewhere, with other provenance and other flaws. So the import keeps it apart (the named graph
``graph/twinnings/{source}``, written to ``data/imported/twinnings-{source}.nt``), states only what
the table says (``wd:Qa wdt:P190 wd:Qb`` as stated, labels as given) and reports what is odd about
it (repeated lines, links stated in one direction only, places without a label) in a summary
instead of fixing it silently. The table's items meet our places through the Wikidata items of
the curated data (``ekg:wikidata``); where the table names another item for one of our places
(Linköping Municipality for the city of Linköping), only an explicit, reviewed reconciliation file
links them, never a label.

All-or-nothing: every input is read and checked completely (a bad row is a LoadError naming the
file and the row) before anything is written; each output file is then replaced atomically.
Nothing in the output depends on the clock: the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from enschede_kg import __version__, graph, queries
from enschede_kg.config import Inputs
from enschede_kg.errors import EnschedeKGError, LoadError
from enschede_kg.rdf import iri, rdfio
from enschede_kg.rdf.namespaces import (
    CC0,
    DCAT,
    DCTERMS,
    EKG,
    ID,
    PROV,
    RDF,
    RDFS,
    SPDX,
    VOID,
    WD,
    WDT,
    WIKIDATA_SITE,
    XSD,
)

KIND: Final = "twinnings"
#: ``--format``: the dialect of each table format, and the extensions that imply it.
DIALECTS: Final[Mapping[str, Mapping[str, Any]]] = {
    "tsv": {"delimiter": "\t", "quoting": csv.QUOTE_NONE},
    "csv": {"delimiter": ",", "quotechar": '"'},
}
EXTENSIONS: Final = {"tsv": "tsv", "tab": "tsv", "txt": "tsv", "csv": "csv"}
NAME_COLUMNS: Final = ("id", "label")
RECONCILIATION_COLUMNS: Final = ("snapshot_qid", "our_iri", "reason", "reviewed_by")
#: How many examples of each flaw the printed summary shows (the JSON summary lists them all).
SHOWN: Final = 5


@dataclass(frozen=True)
class SnapshotSource:
    """What we know about a registered source: its snapshot's README, in machine form."""

    title: Mapping[str, str]
    description: Mapping[str, str]
    created: str
    licence: URIRef
    origin: URIRef


#: Registered sources, by ``--source`` id. An unregistered id imports too, described by its id
#: only: the import never claims a title, date or licence that nobody gave it.
SOURCES: Final[Mapping[str, SnapshotSource]] = {
    "wikidata-p190-2016": SnapshotSource(
        title={
            "nl": "Wikidata-stedenbanden (P190), momentopname van september 2016",
            "en": "Wikidata twin-city links (P190), snapshot of September 2016",
        },
        description={
            "nl": "De eigenschap P190 (verzusterde bestuurlijke eenheid) van Wikidata, verzameld "
            "door P190-links te volgen vanaf een beginset plaatsen: 10.055 plaatsen en 34.182 "
            "regels. Labels bij voorkeur in het Duits, dan Engels, Frans, Italiaans, Spaans.",
            "en": "Wikidata's property P190 (twinned administrative body), crawled by following "
            "P190 links outward from a starting set of places: 10,055 places and 34,182 lines. "
            "Labels prefer German, then English, French, Italian, Spanish.",
        },
        created="2016-09",
        licence=CC0,
        origin=WIKIDATA_SITE,
    ),
}


# --- reading tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of a table: its number (the header is row 1) and first line, and its cells."""

    number: int
    line: int
    cells: list[str]


@dataclass(frozen=True)
class Table:
    """A whole table, read and split strictly, with what identifies the file it came from."""

    path: Path
    fmt: str
    rows: list[Row]
    sha256: str
    size: int

    def error(self, row: Row, message: str) -> LoadError:
        return LoadError(self.path, f"row {row.number}: {message}", row.line)


def table_format(path: Path, fmt: str | None = None) -> str:
    """``tsv`` or ``csv``: as given, else by the file's extension; LoadError otherwise."""
    if fmt is not None:
        if fmt not in DIALECTS:
            raise LoadError(path, f"unknown table format {fmt!r}; use one of {', '.join(DIALECTS)}")
        return fmt
    ext = path.suffix.lower().lstrip(".")
    if ext not in EXTENSIONS:
        known = ", ".join(f".{e}" for e in EXTENSIONS)
        raise LoadError(
            path, f"cannot tell the table format from '.{ext}' ({known}); give --format"
        )
    return EXTENSIONS[ext]


def read_table(path: Path, fmt: str | None = None) -> Table:
    """Read a whole TSV/CSV file as UTF-8; every row must have as many cells as the first.

    Raises LoadError naming the file and row for bytes that are not UTF-8, an unclosed quote,
    or a row with another number of columns than the first (an empty row has none).
    """
    fmt = table_format(path, fmt)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LoadError(path, f"cannot read file: {e.strerror}") from None
    body = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark (spreadsheets write one)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        line = body[: e.start].count(b"\n") + 1
        bad = body[e.start : e.start + 1].hex()
        raise LoadError(
            path, f"row {line}: not valid UTF-8 (byte 0x{bad}); save the file as UTF-8", line
        ) from None
    # newline="": rows end at \n, \r\n or \r only (str.splitlines would also split at U+2028 …)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, **DIALECTS[fmt])
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            rows.append(Row(len(rows) + 1, start, cells))
            start = reader.line_num + 1
    except csv.Error as e:
        raise LoadError(path, f"row {len(rows) + 1}: {e}", start) from None
    table = Table(path, fmt, rows, hashlib.sha256(data).hexdigest(), len(data))
    if not rows:
        raise LoadError(path, "the table is empty")
    width = len(rows[0].cells)
    for row in rows:
        if len(row.cells) != width:
            raise table.error(
                row, f"{len(row.cells)} column(s) where row 1 has {width}; every row needs {width}"
            )
    return table


def _show(term: URIRef) -> str:
    """``Q10002`` for a Wikidata item, ``id:city/enschede`` for one of ours."""
    value = str(term)
    for prefix, ns in (("", str(WD)), ("id:", str(ID))):
        if value.startswith(ns):
            return prefix + value[len(ns) :]
    return value


# --- the curated places the import meets -------------------------------------------------------


@dataclass(frozen=True)
class Curated:
    """The places of the curated data: their English labels and Wikidata items."""

    labels: Mapping[str, str]
    items: Mapping[str, str]

    @classmethod
    def read(cls, inputs: Inputs) -> Curated:
        store = graph.load(_curated_inputs(inputs))
        q = queries.named("imports", "curated-places", inputs.queries)
        labels: dict[str, str] = {}
        items: dict[str, str] = {}
        for row in queries.run(store, q).records():
            place = row["place"] or ""
            labels.setdefault(place, row["label_en"] or _show(URIRef(place)))
            if row["item"]:
                items[row["item"]] = place
        return cls(labels, items)

    def place_of(self, item: URIRef) -> str | None:
        """The curated place whose ``ekg:wikidata`` this item is, or None."""
        return self.items.get(str(item))


def _curated_inputs(inputs: Inputs) -> Inputs:
    """The same inputs without the imported graphs (an import must not read its own output)."""
    return replace(inputs, imported=None)


def _value(table: Table, row: Row, column: str, cell: str, curated: Curated) -> URIRef:
    """A cell as the IRI it names: a Wikidata QID (or item IRI), or a curated place of ours."""
    item = iri.wikidata_item(cell)
    if item is not None:
        return item
    own = iri.own_resource(cell)
    if own is not None:
        if str(own) not in curated.labels:
            raise table.error(row, f"column {column}: {cell} is not a place of the curated data")
        return own
    raise table.error(
        row,
        f"column {column}: {cell!r} is not a Wikidata QID (Q and digits, e.g. Q10002) or an IRI "
        "of ours (e.g. id:city/enschede)",
    )


# --- the three inputs --------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One data row of the links table: ``subject wdt:P190 object`` as stated."""

    row: int
    subject: URIRef
    object: URIRef


def _column(table: Table, spec: str, header: list[str] | None) -> int:
    """A column given as a 1-based number or by its name in the header."""
    width = len(table.rows[0].cells)
    if spec.isdigit():
        index = int(spec) - 1
        if not 0 <= index < width:
            raise LoadError(table.path, f"there is no column {spec}: the rows have {width}", 1)
        return index
    if header is None or spec not in header:
        names = ", ".join(header or [])
        raise LoadError(table.path, f"no column named {spec!r} in the header ({names})", 1)
    return header.index(spec)


def read_links(
    path: Path,
    curated: Curated,
    *,
    fmt: str | None = None,
    from_column: str = "1",
    to_column: str = "2",
    header: bool = False,
) -> tuple[Table, list[Link]]:
    """The links of a table; the first row is a header when asked or when a column is named."""
    table = read_table(path, fmt)
    has_header = header or not (from_column.isdigit() and to_column.isdigit())
    names = table.rows[0].cells if has_header else None
    a, b = _column(table, from_column, names), _column(table, to_column, names)
    if a == b:
        raise LoadError(path, f"--from-column and --to-column are the same column ({a + 1})")
    labels = (names[a], names[b]) if names else (str(a + 1), str(b + 1))
    links = [
        Link(
            row.number,
            _value(table, row, labels[0], row.cells[a], curated),
            _value(table, row, labels[1], row.cells[b], curated),
        )
        for row in table.rows[1 if has_header else 0 :]
    ]
    if not links:
        raise LoadError(path, "the table has no links")
    return table, links


def read_names(path: Path, curated: Curated, fmt: str | None = None) -> tuple[Table, list[Row]]:
    """Labels: two columns id and label, or a header naming the columns ``id`` and ``label``.

    Returns the table and its data rows with the id cell already checked.
    """
    table = read_table(path, fmt)
    first = [c.strip().lower() for c in table.rows[0].cells]
    if set(NAME_COLUMNS) <= set(first):
        idx = [first.index(c) for c in NAME_COLUMNS]
        body = table.rows[1:]
    elif len(first) == 2:
        idx, body = [0, 1], table.rows
    else:
        raise LoadError(
            path, "a names table has two columns (id, label) or a header with id and label", 1
        )
    rows = []
    for row in body:
        _value(table, row, "id", row.cells[idx[0]], curated)
        rows.append(Row(row.number, row.line, [row.cells[idx[0]], row.cells[idx[1]]]))
    return table, rows


@dataclass(frozen=True)
class Reconciliation:
    """One reviewed mapping: this item of the table stands for that curated place."""

    row: int
    item: URIRef
    place: URIRef
    reason: str
    reviewed_by: str


def read_reconciliation(path: Path, curated: Curated) -> tuple[Table, list[Reconciliation]]:
    """The reviewed mappings; every row complete, every place curated, no item mapped twice."""
    table = read_table(path)
    header = table.rows[0].cells
    missing = [c for c in RECONCILIATION_COLUMNS if c not in header]
    if missing:
        raise LoadError(
            path,
            f"row 1: the header must name the columns {', '.join(RECONCILIATION_COLUMNS)} "
            f"(missing: {', '.join(missing)})",
            1,
        )
    col = {c: header.index(c) for c in RECONCILIATION_COLUMNS}
    out: list[Reconciliation] = []
    seen: dict[str, int] = {}
    for row in table.rows[1:]:
        cell = {c: row.cells[i] for c, i in col.items()}
        item = iri.wikidata_item(cell["snapshot_qid"])
        if item is None:
            raise table.error(row, f"snapshot_qid {cell['snapshot_qid']!r} is not a Wikidata QID")
        place = iri.own_resource(cell["our_iri"])
        if place is None or str(place) not in curated.labels:
            raise table.error(
                row, f"our_iri {cell['our_iri']!r} is not a place of the curated data"
            )
        for c in ("reason", "reviewed_by"):
            if not cell[c].strip():
                raise table.error(
                    row, f"{c} is empty: a reconciliation needs a reason and a reviewer"
                )
        qid = _show(item)
        if qid in seen:
            raise table.error(row, f"{qid} is reconciled twice (also in row {seen[qid]})")
        seen[qid] = row.number
        known = curated.place_of(item)
        if known == str(place):
            raise table.error(row, f"not needed: {_show(place)} already has ekg:wikidata {qid}")
        if known is not None:
            raise table.error(
                row, f"{qid} is the ekg:wikidata of {_show(URIRef(known))}, not {_show(place)}"
            )
        out.append(Reconciliation(row.number, item, place, cell["reason"], cell["reviewed_by"]))
    return table, out


# --- what the table says, and what is odd about it ---------------------------------------------


@dataclass
class Findings:
    """Counts and flaws of one import: the summary, before it is rendered."""

    lines: int = 0
    distinct: int = 0
    repeated: list[tuple[str, str, list[int]]] = field(default_factory=list)
    both_directions: int = 0
    one_direction: list[tuple[str, str]] = field(default_factory=list)
    self_links: list[tuple[str, int]] = field(default_factory=list)
    places: int = 0
    labelled: int = 0
    without_label: list[str] = field(default_factory=list)
    named_not_linked: list[str] = field(default_factory=list)
    name_rows: int = 0
    repeated_names: list[tuple[str, list[int]]] = field(default_factory=list)
    several_labels: list[tuple[str, list[str]]] = field(default_factory=list)
    empty_labels: list[tuple[str, int]] = field(default_factory=list)
    shared_labels: list[tuple[str, list[str]]] = field(default_factory=list)


def _examine(links: Sequence[Link], names: Sequence[Row]) -> Findings:
    f = Findings(lines=len(links), name_rows=len(names))
    rows: dict[tuple[URIRef, URIRef], list[int]] = defaultdict(list)
    for link in links:
        rows[(link.subject, link.object)].append(link.row)
    f.distinct = len(rows)
    f.repeated = [(_show(a), _show(b), r) for (a, b), r in sorted(rows.items()) if len(r) > 1]
    for (a, b), r in sorted(rows.items()):
        if a == b:
            f.self_links.append((_show(a), r[0]))
        elif (b, a) in rows:
            f.both_directions += 1
        else:
            f.one_direction.append((_show(a), _show(b)))
    ends = {end for pair in rows for end in pair}
    by_id: dict[str, list[Row]] = defaultdict(list)
    for row in names:
        by_id[_show(_cell_iri(row.cells[0]))].append(row)
    labels: dict[str, list[str]] = {}
    for qid, id_rows in sorted(by_id.items()):
        given = [r.cells[1] for r in id_rows if r.cells[1].strip()]
        f.empty_labels += [(qid, r.number) for r in id_rows if not r.cells[1].strip()]
        distinct = sorted(set(given))
        if len(id_rows) > 1:
            f.repeated_names.append((qid, [r.number for r in id_rows]))
        if len(distinct) > 1:
            f.several_labels.append((qid, distinct))
        if distinct:
            labels[qid] = distinct
    shown_ends = {_show(e) for e in ends}
    f.places = len(shown_ends | set(by_id))
    f.labelled = len(labels)
    f.without_label = sorted(shown_ends - set(labels), key=_qid_order)
    f.named_not_linked = sorted(set(by_id) - shown_ends, key=_qid_order)
    holders: dict[str, list[str]] = defaultdict(list)
    for qid, given in labels.items():
        for label in given:
            holders[label].append(qid)
    f.shared_labels = [
        (label, sorted(qids, key=_qid_order))
        for label, qids in sorted(holders.items())
        if len(qids) > 1
    ]
    return f


def _cell_iri(cell: str) -> URIRef:
    """A cell already checked by ``_value``."""
    found = iri.wikidata_item(cell) or iri.own_resource(cell)
    assert found is not None
    return found


def _qid_order(value: str) -> tuple[int, str]:
    return (int(value[1:]), "") if value[1:].isdigit() else (0, value)


# --- the graph ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """One file an import used, with its role."""

    role: str
    table: Table

    @property
    def slug(self) -> str:
        return iri.slugify(self.table.path.name)


def _triples(
    source: str,
    graph_iri: URIRef,
    links: Sequence[Link],
    names: Sequence[Row],
    reconciliations: Sequence[Reconciliation],
    inputs: Sequence[Input],
    run_id: str,
) -> Iterable[tuple[Node, Node, Node]]:
    """Every triple of the import graph: links, labels, reconciliations and their provenance."""
    for link in links:
        yield link.subject, WDT.P190, link.object
    # The snapshot's labels prefer German, then English, French …, and do not say which one each
    # is: stated without a language tag rather than with a guessed one.
    for row in names:
        if row.cells[1].strip():
            yield _cell_iri(row.cells[0]), RDFS.label, Literal(row.cells[1])
    for rec in reconciliations:
        node = iri.mint("reconciliation", f"{source}/{_show(rec.item).lower()}")
        yield rec.item, EKG.reconciledWith, rec.place
        yield node, RDF.type, EKG.Reconciliation
        yield node, RDF.subject, rec.item
        yield node, RDF.predicate, EKG.reconciledWith
        yield node, RDF.object, rec.place
        yield node, EKG.reason, Literal(rec.reason)
        yield node, EKG.reviewedBy, Literal(rec.reviewed_by)
        yield (
            node,
            DCTERMS.source,
            iri.mint("dataset", f"{source}/file/{_reconciliation_slug(inputs)}"),
        )
    yield from _provenance(source, graph_iri, inputs, run_id)


def _reconciliation_slug(inputs: Sequence[Input]) -> str:
    return next(i.slug for i in inputs if i.role == "reconciliation")


def _provenance(
    source: str, graph_iri: URIRef, inputs: Sequence[Input], run_id: str
) -> Iterable[tuple[Node, Node, Node]]:
    """The graph, the snapshot it comes from, the files used and the import run that made it."""
    snapshot = iri.mint("dataset", source)
    run = iri.mint("import", f"{KIND}-{source}/{run_id}")
    known = SOURCES.get(source)
    yield graph_iri, RDF.type, PROV.Entity
    yield graph_iri, RDF.type, VOID.Dataset
    yield graph_iri, RDFS.label, Literal(f"benoemde graaf {KIND}/{source}", lang="nl")
    yield graph_iri, RDFS.label, Literal(f"named graph {KIND}/{source}", lang="en")
    yield graph_iri, DCTERMS.source, snapshot
    yield graph_iri, PROV.wasDerivedFrom, snapshot
    yield graph_iri, PROV.wasGeneratedBy, run
    yield snapshot, RDF.type, DCAT.Dataset
    yield snapshot, RDF.type, PROV.Entity
    yield snapshot, DCTERMS.identifier, Literal(source)
    if known is not None:
        yield graph_iri, DCTERMS.license, known.licence
        for lang in ("nl", "en"):
            yield snapshot, DCTERMS.title, Literal(known.title[lang], lang=lang)
            yield snapshot, RDFS.label, Literal(known.title[lang], lang=lang)
            yield snapshot, DCTERMS.description, Literal(known.description[lang], lang=lang)
        yield snapshot, DCTERMS.created, Literal(known.created, datatype=XSD.gYearMonth)
        yield snapshot, DCTERMS.license, known.licence
        yield snapshot, DCTERMS.source, known.origin
    for used in inputs:
        file = iri.mint("dataset", f"{source}/file/{used.slug}")
        checksum = iri.mint("dataset", f"{source}/file/{used.slug}/sha256")
        yield run, PROV.used, file
        yield file, RDF.type, PROV.Entity
        yield file, DCTERMS.title, Literal(used.table.path.name)
        yield file, DCAT.byteSize, Literal(used.table.size, datatype=XSD.nonNegativeInteger)
        yield file, SPDX.checksum, checksum
        yield checksum, RDF.type, SPDX.Checksum
        yield checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256
        yield checksum, SPDX.checksumValue, Literal(used.table.sha256, datatype=XSD.hexBinary)
        if used.role != "reconciliation":  # ours, not part of the snapshot
            yield snapshot, DCAT.distribution, file
            yield file, RDF.type, DCAT.Distribution
    yield run, RDF.type, PROV.Activity
    yield run, RDFS.label, Literal(f"import van {source} (enschede-kg {__version__})", lang="nl")
    yield run, RDFS.label, Literal(f"import of {source} (enschede-kg {__version__})", lang="en")
    yield run, PROV.generated, graph_iri


# --- the import --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote and what it found."""

    graph: URIRef
    files: list[Path]
    summary: dict[str, Any]

    def text(self) -> str:
        """The summary as a few lines for people (the JSON file has every item)."""
        s = self.summary
        links, places, names = s["links"], s["places"], s["names"]
        rep = ", ".join(f"{r['from']} → {r['to']} ×{len(r['rows'])}" for r in links["repeated"])
        lines = [
            f"{s['output']}: {s['triples']} triples for the named graph <{s['graph']}>",
            f"links: {links['lines']} lines, {links['distinct']} distinct"
            + (f" ({links['repeated_lines']} repeated line(s): {rep})" if rep else ""),
            f"  {links['both_directions']} stated in both directions, "
            f"{len(links['one_direction'])} in one direction only (kept as stated)"
            + _examples([f"{a} → {b}" for a, b in links["one_direction"]]),
            f"  {len(links['self_links'])} linking a place to itself (kept as stated)"
            + _examples([r["item"] for r in links["self_links"]]),
            f"places: {places['count']}, {places['labelled']} with a label, "
            f"{len(places['without_label'])} without (none invented)"
            + _examples(places["without_label"]),
            f"  {len(places['named_not_linked'])} named but in no link"
            + _examples(places["named_not_linked"])
            + f"; {len(places['shared_labels'])} label(s) name more than one place"
            + _examples([r["label"] for r in places["shared_labels"]]),
        ]
        if names["rows"]:
            lines.append(
                f"names: {names['rows']} rows, {len(names['repeated'])} id(s) on several rows, "
                f"{len(names['several_labels'])} with different labels (all kept), "
                f"{len(names['empty_labels'])} empty label(s)"
            )
        for r in s["reconciliation"]["applied"]:
            lines.append(f"reconciled: {r['snapshot_qid']} → {r['our_iri']} ({r['links']} link(s))")
        if s["reconciliation"]["unused"]:
            lines.append("reconciliation rows for items in no link: " + ", ".join(
                s["reconciliation"]["unused"]))  # fmt: skip
        found = [
            f"{p['label']} ({p['item']}{', reconciled' if p['via'] == 'reconciliation' else ''}, "
            f"{p['links']} link(s))"
            for p in s["curated_places"]["in_table"]
        ]
        lines.append("curated places in the table: " + (", ".join(found) or "none"))
        absent = [p["label"] for p in s["curated_places"]["not_in_table"]]
        lines.append(
            "curated places with a Wikidata item not in the table: " + (", ".join(absent) or "none")
        )
        lines += [f"wrote {p}" for p in self.files]
        return "\n".join(lines) + "\n"


def _examples(items: Sequence[str]) -> str:
    if not items:
        return ""
    more = f", … {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return " (" + ", ".join(items[:SHOWN]) + more + ")"


def output_name(source: str) -> str:
    """``twinnings-wikidata-p190-2016``: the stem of the files an import writes."""
    return f"{KIND}-{source}"


def import_twinnings(
    links: Path,
    *,
    source: str,
    names: Path | None = None,
    reconciliation: Path | None = None,
    fmt: str | None = None,
    from_column: str = "1",
    to_column: str = "2",
    header: bool = False,
    out: Path | None = None,
    inputs: Inputs | None = None,
) -> ImportResult:
    """Import a twin-city table into ``{out}/twinnings-{source}.nt`` and ``.summary.json``.

    Raises LoadError (file and row) for a bad row of any input, EnschedeKGError for a bad
    source id; in both cases no file is written or changed.
    """
    inputs = inputs or Inputs()
    try:
        graph_iri = iri.imported_graph(KIND, source)
    except ValueError as e:
        raise EnschedeKGError(f"--source: {e}") from None
    out = out or inputs.imported or Inputs().curated.parent / "imported"
    curated = Curated.read(inputs)
    links_table, link_rows = read_links(
        links, curated, fmt=fmt, from_column=from_column, to_column=to_column, header=header
    )
    used = [Input("links", links_table)]
    name_rows: list[Row] = []
    if names is not None:
        names_table, name_rows = read_names(names, curated)
        used.append(Input("names", names_table))
    recs: list[Reconciliation] = []
    if reconciliation is not None:
        rec_table, recs = read_reconciliation(reconciliation, curated)
        used.append(Input("reconciliation", rec_table))
    slugs = [u.slug for u in used]
    if len(set(slugs)) != len(slugs):
        raise EnschedeKGError(f"the inputs need different file names: {', '.join(slugs)}")
    options = {"from_column": from_column, "to_column": to_column, "header": header}
    run_id = hashlib.sha256(
        json.dumps(
            {
                "source": source,
                "options": options,
                "inputs": [[u.role, u.table.sha256] for u in used],
            },
            sort_keys=True,
        ).encode()
    ).hexdigest()[:16]
    triples = list(_triples(source, graph_iri, link_rows, name_rows, recs, used, run_id))
    quads = [ox.Quad(rdfio.to_ox(s), rdfio.to_ox(p), rdfio.to_ox(o)) for s, p, o in triples]  # type: ignore[arg-type]
    body = rdfio.serialize(quads, rdfio.FORMATS["ntriples"], {})
    count = body.count(b"\n")
    command = _command(links, source, names, reconciliation, fmt, options, inputs)
    stem = output_name(source)
    summary = _summary(
        source, graph_iri, stem, count, command, used, _examine(link_rows, name_rows),
        link_rows, recs, curated,
    )  # fmt: skip
    head = (
        f"# GENERATED by `enschede-kg import twinnings` (enschede-kg {__version__}); do not edit.\n"
        f"# Named graph <{graph_iri}>; findings in {stem}.summary.json. Regenerate with:\n"
        f"#   {command}\n"
    ).encode()
    files = {
        out / f"{stem}.nt": head + body,
        out / f"{stem}.summary.json": (
            json.dumps(summary, ensure_ascii=False, indent=1) + "\n"
        ).encode(),
    }
    for path, data in files.items():
        rdfio.write_atomic(path, data)
    return ImportResult(graph_iri, list(files), summary)


def _command(
    links: Path,
    source: str,
    names: Path | None,
    reconciliation: Path | None,
    fmt: str | None,
    options: Mapping[str, object],
    inputs: Inputs,
) -> str:
    """The one command that reproduces the import, with paths relative to the project."""
    root = inputs.curated.parent.parent.resolve()

    def rel(p: Path) -> str:
        resolved = p.resolve()
        return str(resolved.relative_to(root)) if resolved.is_relative_to(root) else str(resolved)

    parts = ["enschede-kg", "import", KIND, rel(links), "--source", source]
    if names is not None:
        parts += ["--names", rel(names)]
    if reconciliation is not None:
        parts += ["--reconciliation", rel(reconciliation)]
    if fmt is not None:
        parts += ["--format", fmt]
    if options["from_column"] != "1":
        parts += ["--from-column", str(options["from_column"])]
    if options["to_column"] != "2":
        parts += ["--to-column", str(options["to_column"])]
    if options["header"]:
        parts.append("--header")
    return " ".join(parts)


def _summary(
    source: str,
    graph_iri: URIRef,
    stem: str,
    triples: int,
    command: str,
    used: Sequence[Input],
    f: Findings,
    links: Sequence[Link],
    recs: Sequence[Reconciliation],
    curated: Curated,
) -> dict[str, Any]:
    """The JSON summary: counts, every flaw found, and how the table meets our places."""
    distinct = {(link.subject, link.object) for link in links}
    degree: Counter[URIRef] = Counter()
    for a, b in distinct:
        degree[a] += 1
        if a != b:
            degree[b] += 1
    known = SOURCES.get(source)
    reconciled = {str(r.item): r for r in recs}
    in_table = []
    for item, place in sorted(curated.items.items(), key=lambda kv: curated.labels[kv[1]]):
        if degree[URIRef(item)]:
            in_table.append((place, item, "ekg:wikidata"))
    for rec in recs:
        if degree[rec.item]:
            in_table.append((str(rec.place), str(rec.item), "reconciliation"))
    reached = {place for place, _, _ in in_table}
    return {
        "generated_by": f"enschede-kg import {KIND} (enschede-kg {__version__})",
        "command": command,
        "source": {
            "id": source,
            "title": known.title["en"] if known else None,
            "snapshot": known.created if known else None,
            "licence": str(known.licence) if known else None,
        },
        "graph": str(graph_iri),
        "output": f"{stem}.nt",
        "triples": triples,
        "inputs": [
            {
                "role": u.role,
                "file": u.table.path.name,
                "format": u.table.fmt,
                "rows": len(u.table.rows),
                "bytes": u.table.size,
                "sha256": u.table.sha256,
            }
            for u in used
        ],
        "links": {
            "lines": f.lines,
            "distinct": f.distinct,
            "repeated_lines": sum(len(r) - 1 for _, _, r in f.repeated),
            "repeated": [{"from": a, "to": b, "rows": r} for a, b, r in f.repeated],
            "both_directions": f.both_directions,
            "one_direction": [[a, b] for a, b in f.one_direction],
            "self_links": [{"item": a, "row": r} for a, r in f.self_links],
        },
        "places": {
            "count": f.places,
            "labelled": f.labelled,
            "without_label": f.without_label,
            "named_not_linked": f.named_not_linked,
            "shared_labels": [{"label": label, "items": qids} for label, qids in f.shared_labels],
        },
        "names": {
            "rows": f.name_rows,
            "repeated": [{"item": q, "rows": r} for q, r in f.repeated_names],
            "several_labels": [{"item": q, "labels": ls} for q, ls in f.several_labels],
            "empty_labels": [{"item": q, "row": r} for q, r in f.empty_labels],
            "language": "not stated by the table: labels are written without a language tag",
        },
        "reconciliation": {
            "applied": [
                {
                    "snapshot_qid": _show(r.item),
                    "our_iri": _show(r.place),
                    "links": degree[r.item],
                    "reason": r.reason,
                    "reviewed_by": r.reviewed_by,
                }
                for r in recs
            ],
            "unused": [_show(r.item) for r in recs if not degree[r.item]],
        },
        "curated_places": {
            "in_table": [
                {
                    "place": _show(URIRef(place)),
                    "label": curated.labels[place],
                    "item": _show(URIRef(item)),
                    "via": via,
                    "links": degree[URIRef(item)],
                }
                for place, item, via in in_table
            ],
            "not_in_table": [
                {
                    "place": _show(URIRef(place)),
                    "label": curated.labels[place],
                    "item": _show(URIRef(item)),
                }
                for item, place in sorted(
                    curated.items.items(), key=lambda kv: curated.labels[kv[1]]
                )
                if place not in reached and str(item) not in reconciled
            ],
        },
    }
