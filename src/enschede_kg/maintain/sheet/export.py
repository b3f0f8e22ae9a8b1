"""``enschede-kg sheet export``: the curated graph as a workbook (and CSV files) for advisors.

One sheet per kind of thing, one row per fact, the sentence(s) each fact rests on beside it; a
sheet of the sentences to cite, a sheet of the drop-down lists and a sheet of what the files keep
besides their facts (header comments), so that importing the workbook writes the same files.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from rdflib import Literal, URIRef
from rdflib.term import Node

from enschede_kg import graph, queries
from enschede_kg.config import Inputs
from enschede_kg.errors import EnschedeKGError
from enschede_kg.maintain.sheet import cells, files, messages, model, turtle
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import EKG, RDF

#: Rows below the data that still get the drop-down lists, for facts an advisor adds.
SPARE_ROWS = 300
_HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
_HEAD2_FILL = PatternFill("solid", fgColor="EEF2F7")


class ExportError(EnschedeKGError):
    """The curated data holds something the workbook has no column for; nothing was written."""


@dataclass(frozen=True)
class PassageInfo:
    iri: str
    ref: str
    document: str
    paragraph: int
    sentence: int
    text: str


@dataclass
class Table:
    """One sheet as rows of text: two header rows, then the data."""

    name: str
    headers: list[tuple[str, str]]
    rows: list[list[str]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    #: column index -> drop-down list name
    lists: dict[int, str] = field(default_factory=dict)
    wrap: set[int] = field(default_factory=set)
    #: columns whose cells are formatted as text, so that a spreadsheet program keeps "2017-06"
    #: as typed instead of turning it into a day (1 June 2017)
    text: set[int] = field(default_factory=set)


@dataclass
class Book:
    """The whole workbook as tables, before it is written as .xlsx or CSV."""

    tables: list[Table]
    #: list name -> [(value, label nl, label en)]
    lists: dict[str, list[tuple[str, str, str]]]


def passages(store: object, inputs: Inputs) -> dict[str, PassageInfo]:
    """Every sentence of every source document, by IRI, in document order."""
    q = queries.named("sheet", "passages", inputs.queries)
    out = {}
    for r in queries.run(store, q).records():  # type: ignore[arg-type]
        iri = r["passage"] or ""
        out[iri] = PassageInfo(
            iri,
            cells.passage_ref(URIRef(iri)),
            cells.show(URIRef(r["document"] or "")),
            int(r["paragraph"] or 0),
            int(r["sentence"] or 0),
            r["text"] or "",
        )
    return out


def vocabulary(store: object, inputs: Inputs) -> dict[str, list[tuple[str, str, str]]]:
    """The concepts of the ontology by class local name: [(IRI, label nl, label en)]."""
    q = queries.named("sheet", "vocabulary", inputs.queries)
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for r in queries.run(store, q).records():  # type: ignore[arg-type]
        cls = (r["class"] or "").rsplit("#", 1)[-1]
        out[cls].append((r["value"] or "", r["label_nl"] or "", r["label_en"] or ""))
    return out


@dataclass(frozen=True)
class Evidence:
    node: Node
    support: list[Node]
    stated_in: list[Node]
    taken_from: list[Node]


def evidence_index(curated: files.Curated) -> dict[tuple[Node, Node, Node], Evidence]:
    """Each evidence node by the triple it is about; ExportError for one the columns cannot hold."""
    g = curated.graph
    out: dict[tuple[Node, Node, Node], Evidence] = {}
    for st in sorted(g.subjects(RDF.type, RDF.Statement), key=str):
        extra = {p for p in g.predicates(st) if p not in model.STATEMENT_PROPERTIES}
        if extra:
            raise ExportError(
                f"{st}: the evidence node has properties the workbook has no column for: "
                f"{', '.join(sorted(map(str, extra)))} / de bewering heeft eigenschappen zonder "
                "kolom in het werkboek"
            )
        key = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
        if key in out:
            raise ExportError(
                f"{st} and {out[key].node}: two evidence nodes for one triple; merge them / twee "
                "beweringen over één feit; voeg ze samen"
            )
        out[key] = Evidence(  # type: ignore[index]
            st,
            sorted(g.objects(st, EKG.support), key=str),
            sorted(g.objects(st, EKG.statedIn), key=str),
            sorted(g.objects(st, EKG.takenFrom), key=str),
        )
    return out


def sheet_of(types: list[Node]) -> model.Sheet | None:
    for kind in model.KINDS:
        if EKG[kind.name] in types:
            return model.SHEET[kind.sheet]
    return None


def _section(types: list[Node]) -> int:
    names = [k.name for k in model.KINDS]
    return min(
        (
            names.index(str(t)[len(str(EKG)) :])
            for t in types
            if str(t).startswith(str(EKG)) and str(t)[len(str(EKG)) :] in names
        ),
        default=len(names),
    )


def _passage_key(node: Node, known: dict[str, PassageInfo]) -> tuple[str, int, int, str]:
    info = known.get(str(node))
    return (info.document, info.paragraph, info.sentence, "") if info else ("", 0, 0, str(node))


def build_book(inputs: Inputs | None = None) -> Book:
    """The workbook's content from the curated files; ExportError for a fact without a column."""
    inputs = inputs or Inputs()
    curated = files.read(inputs.curated)
    store = graph.load(inputs)
    known = passages(store, inputs)
    vocab = vocabulary(store, inputs)
    g = curated.graph
    evidence = evidence_index(curated)
    statements = {e.node for e in evidence.values()}

    things: dict[str, list[Node]] = defaultdict(list)
    types_of: dict[Node, list[Node]] = {}
    for s in sorted({s for s in g.subjects() if s not in statements}, key=str):
        types = sorted(g.objects(s, RDF.type), key=str)
        sheet = sheet_of(types)
        if sheet is None or not isinstance(s, URIRef):
            raise ExportError(
                f"{s}: no sheet for a thing of type {', '.join(map(str, types)) or '(none)'}; add "
                "its class to enschede_kg.maintain.sheet.model.KINDS / geen blad voor dit ding"
            )
        things[sheet.name].append(s)
        types_of[s] = types

    def text_of(objects: list[Node]) -> str:
        return "\n".join(
            f"{known[str(o)].ref}: “{known[str(o)].text}”" for o in objects if str(o) in known
        )

    tables: list[Table] = []
    for sheet in model.SHEETS:
        columns = model.sheet_columns(sheet)
        index = {c.key: i for i, c in enumerate(columns)}
        table = Table(
            sheet.name, [(c.nl, c.en) for c in columns], widths=[c.width for c in columns]
        )
        for i, c in enumerate(columns):
            if isinstance(c, model.Column) and c.kind == "ref":
                table.lists[i] = c.arg
        table.lists[index["kind"]] = f"kinds-{sheet.name}"
        table.lists[index[model.SUPPORT.key]] = "supports"
        table.wrap = {index[model.TEXT.key], index[model.NOTE.key]}
        table.text = {
            i
            for i, c in enumerate(columns)
            if isinstance(c, model.Column) and c.kind in ("date", "duration", "decimal", "wkt")
        } | {index[model.PASSAGES.key]}
        ordered = sorted(things[sheet.name], key=lambda s: (_section(types_of[s]), str(s)))
        for s in ordered:
            used: set[tuple[Node, Node]] = set()
            first = True
            for col_key in sheet.columns:
                col = model.COLUMN[col_key]
                objects = sorted(
                    (
                        o
                        for o in g.objects(s, col.predicate)
                        if (col.predicate, o) not in used
                        and (
                            col.kind != "text" or (isinstance(o, Literal) and o.language == col.arg)
                        )
                    ),
                    key=turtle.object_key,
                )
                if col.kind == "passages":
                    groups = (
                        [sorted(objects, key=lambda o: _passage_key(o, known))] if objects else []
                    )
                else:
                    groups = [[o] for o in objects]
                for group in groups:
                    row = [""] * len(columns)
                    row[index["id"]] = cells.show(s)
                    if col.kind == "passages":
                        row[index[col.key]] = ", ".join(
                            known[str(o)].ref if str(o) in known else str(o) for o in group
                        )
                        row[index[model.TEXT.key]] = text_of(group)
                    else:
                        row[index[col.key]] = cells.show(group[0])
                        ev = evidence.get((s, col.predicate, group[0]))
                        if ev is not None:
                            # an ID that follows from the fact is left out: the import makes it
                            # again, and a corrected value then gets the ID of what it now says
                            name = cells.show(ev.node).split(":", 1)[1]
                            if name != cells.statement_name(s, col.predicate, group[0]):
                                row[index[model.STATEMENT.key]] = name
                            row[index[model.SUPPORT.key]] = ", ".join(map(cells.show, ev.support))
                            stated = sorted(ev.stated_in, key=lambda o: _passage_key(o, known))
                            row[index[model.PASSAGES.key]] = ", ".join(
                                known[str(o)].ref if str(o) in known else str(o) for o in stated
                            )
                            row[index[model.TEXT.key]] = text_of(stated)
                            row[index[model.TAKEN_FROM.key]] = ", ".join(
                                map(cells.show, ev.taken_from)
                            )
                            row[index[model.NOTE.key]] = "\n".join(
                                curated.comments.get(str(ev.node), [])
                            )
                    for o in group:
                        used.add((col.predicate, o))
                    if first:
                        row[index[model.NOTE.key]] = "\n".join(curated.comments.get(str(s), []))
                        row[index[model.FILE.key]] = curated.file_of[s]
                        first = False
                    table.rows.append(row)
            left = sorted((p, o) for p, o in g.predicate_objects(s) if (p, o) not in used)
            if left:
                p, o = left[0]
                raise ExportError(
                    f"{s} {p} {o}: the sheet {sheet.name} has no column for this fact; add one "
                    "to enschede_kg.maintain.sheet.model / het blad heeft geen kolom voor dit feit"
                )
        tables.append(table)

    # the sentences to cite
    ptable = Table(
        model.PASSAGE_SHEET[0],
        [(c.nl, c.en) for c in model.PASSAGE_COLUMNS],
        widths=[c.width for c in model.PASSAGE_COLUMNS],
        wrap={4},
    )
    for info in known.values():
        ptable.rows.append(
            [info.ref, info.document, str(info.paragraph), str(info.sentence), info.text]
        )
    tables.append(ptable)

    # what the files keep besides their facts
    ftable = Table(
        model.FILES_SHEET[0],
        [(c.nl, c.en) for c in model.FILE_COLUMNS],
        widths=[c.width for c in model.FILE_COLUMNS],
        wrap={1, 2},
    )
    for name in sorted(curated.texts):
        text = curated.texts[name]
        ftable.rows.append([name, "\n".join(text.header), "\n".join(text.evidence)])
    tables.append(ftable)

    # the drop-down lists
    labels: dict[str, tuple[str, str]] = {}
    for s in types_of:
        by_lang = {
            o.language: str(o)
            for o in g.objects(s, model.COLUMN["label_nl"].predicate)
            if isinstance(o, Literal)
        }
        labels[str(s)] = (by_lang.get("nl", ""), by_lang.get("en", ""))
    lists: dict[str, list[tuple[str, str, str]]] = {}
    for name, (_nl, _en, classes) in model.LISTS.items():
        values: dict[str, tuple[str, str, str]] = {}
        for cls in classes:
            if cls in model.CONCEPT_CLASSES:
                for iri, lnl, len_ in vocab.get(cls, []):
                    values[iri] = (cells.show(URIRef(iri)), lnl, len_)
            else:
                for s, types in types_of.items():
                    if EKG[cls] in types:
                        values[str(s)] = (cells.show(s), *labels[str(s)])
        lists[name] = sorted(values.values())
    class_labels = {iri: (lnl, len_) for iri, lnl, len_ in vocab.get("Class", [])}
    for sheet in model.SHEETS:
        lists[f"kinds-{sheet.name}"] = [
            (f"ekg:{k}", *class_labels.get(str(EKG[k]), ("", ""))) for k in sheet.kinds
        ]
    return Book(tables, lists)


def list_title(name: str, lang: str) -> str:
    if name.startswith("kinds-"):
        sheet = model.SHEET[name[len("kinds-") :]]
        return f"Soorten ({sheet.name})" if lang == "nl" else f"Kinds ({sheet.en})"
    nl, en, _ = model.LISTS[name]
    return nl if lang == "nl" else en


def lists_table(book: Book) -> tuple[Table, dict[str, str]]:
    """The lists sheet (ID and name per list) and each list's cell range for the drop-downs."""
    names = list(book.lists)
    headers: list[tuple[str, str]] = []
    for name in names:
        headers += [(list_title(name, "nl"), list_title(name, "en")), ("Naam", "Name")]
    height = max((len(v) for v in book.lists.values()), default=0)
    table = Table(model.LISTS_SHEET[0], headers, widths=[30, 34] * len(names))
    for r in range(height):
        row: list[str] = []
        for name in names:
            values = book.lists[name]
            if r < len(values):
                value, lnl, len_ = values[r]
                row += [value, lnl if lnl == len_ or not len_ else f"{lnl} / {len_}"]
            else:
                row += ["", ""]
        table.rows.append(row)
    ranges = {}
    for i, name in enumerate(names):
        letter = get_column_letter(2 * i + 1)
        last = model.FIRST_ROW + max(len(book.lists[name]), 1) - 1
        ranges[name] = f"{model.LISTS_SHEET[0]}!${letter}${model.FIRST_ROW}:${letter}${last}"
    return table, ranges


def _put(ws: object, row: int, col: int, value: str) -> None:
    cell = ws.cell(row=row, column=col, value=value if value != "" else None)  # type: ignore[attr-defined]
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula


def _write_table(ws: object, table: Table, ranges: dict[str, str] | None) -> None:
    for c, (nl, en) in enumerate(table.headers, start=1):
        for r, (text, fill) in enumerate(((nl, _HEAD_FILL), (en, _HEAD2_FILL)), start=1):
            _put(ws, r, c, text)
            cell = ws.cell(row=r, column=c)  # type: ignore[attr-defined]
            cell.font = Font(bold=r == 1, italic=r == 2)
            cell.fill = fill
    for r, row in enumerate(table.rows, start=model.FIRST_ROW):
        for c, value in enumerate(row, start=1):
            if value != "":
                _put(ws, r, c, value)
                if c - 1 in table.wrap:
                    ws.cell(row=r, column=c).alignment = Alignment(  # type: ignore[attr-defined]
                        wrap_text=True, vertical="top"
                    )
    for c, width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width  # type: ignore[attr-defined]
    ws.freeze_panes = "C3" if ranges is not None else "A3"  # type: ignore[attr-defined]
    if ranges is None:
        return
    last = model.FIRST_ROW + len(table.rows) + SPARE_ROWS
    for r in range(model.FIRST_ROW, last + 1):
        for c in table.text:
            ws.cell(row=r, column=c + 1).number_format = "@"  # type: ignore[attr-defined]
    for c, name in sorted(table.lists.items()):
        dv = DataValidation(
            type="list",
            formula1=f"={ranges[name]}",
            allow_blank=True,
            showDropDown=False,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=messages.VALIDATION_TITLE[0],
            error=messages.VALIDATION_TEXT,
        )
        letter = get_column_letter(c + 1)
        dv.add(f"{letter}{model.FIRST_ROW}:{letter}{last}")
        ws.add_data_validation(dv)  # type: ignore[attr-defined]


def workbook(book: Book, lang: str = "nl") -> Workbook:
    """The .xlsx workbook: read-me, the thing sheets, sentences, lists and files."""
    wb = Workbook()
    readme = wb.active
    readme.title = model.README_SHEET[0]
    for r, line in enumerate(
        messages.README[lang] + [""] + messages.README["en" if lang == "nl" else "nl"], start=1
    ):
        readme.cell(row=r, column=1, value=line or None)
        readme.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    readme.cell(row=1, column=1).font = Font(bold=True, size=14)
    readme.column_dimensions["A"].width = 120
    lists, ranges = lists_table(book)
    thing_sheets = {s.name for s in model.SHEETS}
    for table in [*book.tables, lists]:
        ws = wb.create_sheet(table.name)
        _write_table(ws, table, ranges if table.name in thing_sheets else None)
    return wb


def export(
    output: Path,
    *,
    lang: str = "nl",
    csv_dir: Path | None = None,
    inputs: Inputs | None = None,
) -> Book:
    """Write the workbook to ``output`` (atomically) and, with ``csv_dir``, one CSV per sheet."""
    book = build_book(inputs)
    buffer = io.BytesIO()
    workbook(book, lang).save(buffer)
    rdfio.write_atomic(output, buffer.getvalue())
    if csv_dir is not None:
        write_csv(book, csv_dir)
    return book


def write_csv(book: Book, folder: Path) -> list[Path]:
    """One CSV per sheet: UTF-8 with a byte-order mark and ';' between fields (Dutch Excel)."""
    written = []
    lists, _ = lists_table(book)
    for table in [*book.tables, lists]:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([nl for nl, _ in table.headers])
        writer.writerow([en for _, en in table.headers])
        writer.writerows(table.rows)
        path = folder / f"{table.name}.csv"
        rdfio.write_atomic(path, ("\ufeff" + out.getvalue()).encode("utf-8"))
        written.append(path)
    return written
