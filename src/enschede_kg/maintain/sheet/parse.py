"""Reading a workbook back into the curated graph, naming sheet, row and column for every error.

Every row is read before anything is decided, so that the advisor gets all errors at once; the
result is the curated graph with its layout in files (``files.Curated``), which the import writes
only when it is valid as a whole.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from rdflib import Literal, URIRef
from rdflib.term import Node

from enschede_kg import graph, queries
from enschede_kg.config import Inputs
from enschede_kg.errors import EnschedeKGError
from enschede_kg.maintain.sheet import cells, export, files, messages, model, turtle
from enschede_kg.rdf.namespaces import EKG, ID, RDF, XSD

_FILE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?\.ttl$")
#: Columns of free text, read with their spaces.
_FREE = frozenset({model.NOTE.key} | {c.key for c in model.COLUMNS if c.kind == "text"})
_STATEMENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class SheetError(EnschedeKGError):
    """The workbook has errors; each names sheet, row and column. Nothing was written."""

    def __init__(self, problems: list[messages.Problem], lang: str) -> None:
        self.problems = problems
        self.lang = lang
        super().__init__(messages.summary(problems, lang))


@dataclass
class Where:
    """Where a fact came from in the workbook, to name it in an error found later."""

    sheet: str
    row: int
    column: model.Column | model.Extra


@dataclass
class Parsed:
    curated: files.Curated
    #: each subject's rows, each triple's row
    subjects: dict[Node, Where] = field(default_factory=dict)
    facts: dict[tuple[Node, Node], Where] = field(default_factory=dict)


def _problem(
    where: Where | tuple[str, int | None, model.Column | model.Extra | None],
    key: str,
    **values: str,
) -> messages.Problem:
    col: model.Column | model.Extra | None
    sheet: str
    row: int | None
    if isinstance(where, Where):
        sheet, row, col = where.sheet, where.row, where.column
    else:
        sheet, row, col = where
    return messages.Problem(sheet, row, col.nl if col else "", col.en if col else "", key, values)


def mint_statement(s: Node, p: Node, o: Node, taken: set[str]) -> str:
    """A readable, unique ID for a new evidence node: subject, property and object."""
    base = cells.statement_name(s, p, o)
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


#: The season column of each date column.
SEASON_OF = {"date": "season", "start": "start_season", "end": "end_season"}
_SEASON_DATE = re.compile(r"^(\S+)\s+(\d{4})$")


def _season_date(value: str, words: dict[str, URIRef]) -> tuple[Literal, URIRef] | None:
    """``zomer 2017`` -> (the year, the season); None when the cell says no such thing."""
    m = _SEASON_DATE.match(value.strip())
    if not m or m.group(1).casefold() not in words:
        return None
    return Literal(m.group(2), datatype=XSD.gYear), words[m.group(1).casefold()]


def _evidence_classes(store: object, inputs: Inputs) -> set[str]:
    q = queries.named("sheet", "evidence-classes", inputs.queries)
    return {r["class"] or "" for r in queries.run(store, q).records()}  # type: ignore[arg-type]


def _needs_evidence(p: Node, types: list[Node], scope: set[str]) -> bool:
    if p in model.NO_EVIDENCE_NEEDED:
        return False
    if not (str(p).startswith(str(EKG)) or p in model.NEEDS_EVIDENCE_OUTSIDE_EKG):
        return False
    return any(str(t) in scope for t in types)


def read(path: Path, *, inputs: Inputs | None = None, lang: str = "nl") -> Parsed:
    """The curated graph a workbook states; SheetError listing every error found."""
    inputs = inputs or Inputs()
    try:
        wb = load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise SheetError(
            [messages.Problem(path.name, None, "", "", "not_a_workbook", {"value": str(e)})], lang
        ) from None
    store = graph.load(inputs)
    known_passages = export.passages(store, inputs)
    by_ref = {info.ref: URIRef(p_iri) for p_iri, info in known_passages.items()}
    by_local: dict[str, list[URIRef]] = defaultdict(list)
    for p_iri, info in known_passages.items():
        by_local[info.ref.rsplit("/", 1)[-1]].append(URIRef(p_iri))
    vocab = export.vocabulary(store, inputs)
    scope = _evidence_classes(store, inputs)
    season_words = {
        (r["word"] or "").casefold(): URIRef(r["season"] or "")
        for r in queries.run(store, queries.named("sheet", "seasons", inputs.queries)).records()
    }
    problems: list[messages.Problem] = []
    out = Parsed(files.Curated())
    g = out.curated.graph

    def passage(text: str, where: Where) -> URIRef | None:
        parts = cells.passage_parts(text)
        found: URIRef | None = None
        if parts and parts[0] is not None:
            found = by_ref.get(text)
        elif parts and len(by_local.get(parts[1], [])) == 1:
            found = by_local[parts[1]][0]
        if found is None:
            problems.append(_problem(where, "unknown_passage", value=text))
        return found

    # --- first pass: the things, their sheets and kinds ---
    rows: dict[str, list[tuple[int, dict[str, str]]]] = {}
    types: dict[Node, list[Node]] = defaultdict(list)
    sheet_of: dict[Node, str] = {}
    for sheet in model.SHEETS:
        columns = {c.key: c for c in model.sheet_columns(sheet)}
        if sheet.name not in wb.sheetnames:
            problems.append(_problem((sheet.name, None, None), "missing_sheet"))
            continue
        ws = wb[sheet.name]
        headings = [cells.cell_text(c.value) for c in ws[1]]
        by_header = {c.nl: c.key for c in columns.values()}
        index: dict[str, int] = {}
        for i, h in enumerate(headings):
            if not h:
                continue
            if h not in by_header:
                problems.append(_problem((sheet.name, 1, None), "bad_header", value=h))
            else:
                index[by_header[h]] = i
        for key, column in columns.items():
            if key not in index:
                # a deleted column would drop its facts without a word: refuse instead
                problems.append(_problem((sheet.name, 1, column), "missing_column"))
        sheet_rows = []
        for r, values in enumerate(
            ws.iter_rows(min_row=model.FIRST_ROW, values_only=True), start=model.FIRST_ROW
        ):
            row = {
                k: cells.cell_text(values[i], strip=k not in _FREE).replace("\r\n", "\n")
                if i < len(values)
                else ""
                for k, i in index.items()
            }
            if not any(v for k, v in row.items() if k != model.TEXT.key):
                continue
            sheet_rows.append((r, row))
            ident = row.get("id", "")
            if not ident:
                problems.append(_problem((sheet.name, r, model.ID), "missing_id"))
                continue
            s = cells.reference(ident)
            if s is None or not str(s).startswith(str(ID)):
                problems.append(_problem((sheet.name, r, model.ID), "bad_id", value=ident))
                continue
            if sheet_of.setdefault(s, sheet.name) != sheet.name:
                problems.append(
                    _problem(
                        (sheet.name, r, model.ID), "other_sheet", value=ident, sheet=sheet_of[s]
                    )
                )
            kind = row.get("kind", "")
            if kind:
                allowed = [f"ekg:{k}" for k in sheet.kinds]
                if kind not in allowed:
                    problems.append(
                        _problem(
                            (sheet.name, r, columns["kind"]),
                            "unknown_kind",
                            value=kind,
                            choices=", ".join(allowed),
                        )
                    )
                else:
                    types[s].append(EKG[kind[4:]])
            out.subjects.setdefault(s, Where(sheet.name, r, model.ID))
        rows[sheet.name] = sheet_rows

    # what each drop-down list may name
    members: dict[str, set[str]] = {}
    for name, (_nl, _en, classes) in model.LISTS.items():
        allowed_types = {str(EKG[c]) for c in classes}
        member_set = {str(s) for s, ts in types.items() if {str(t) for t in ts} & allowed_types}
        for c in classes:
            member_set |= {v for v, _, _ in vocab.get(c, [])}
        members[name] = member_set

    # --- second pass: the facts and their evidence ---
    taken_ids: set[str] = set()
    statement_rows: dict[str, Where] = {}
    pending_statements: list[
        tuple[Node, Node, Node, Where, list[Node], list[Node], list[Node], str]
    ] = []
    notes: dict[Node, list[str]] = defaultdict(list)
    implied: list[tuple[Node, Node, Node, Where, list[Node], list[Node], list[Node], str]] = []
    for sheet in model.SHEETS:
        columns = {c.key: c for c in model.sheet_columns(sheet)}
        for r, row in rows.get(sheet.name, []):
            s = cells.reference(row.get("id", "")) if row.get("id") else None
            if s is None or not str(s).startswith(str(ID)):
                continue
            filled = [k for k in sheet.columns if row.get(k)]
            if not filled:
                if not types.get(s):
                    problems.append(
                        _problem((sheet.name, r, columns["kind"]), "missing_kind", value=row["id"])
                    )
                else:
                    problems.append(_problem((sheet.name, r, model.ID), "no_fact", value=row["id"]))
                continue
            if len(filled) > 1:
                names = ", ".join(columns[k].nl for k in filled)
                problems.append(
                    _problem((sheet.name, r, columns[filled[1]]), "two_facts", value=names)
                )
                continue
            col = columns[filled[0]]
            assert isinstance(col, model.Column)
            where = Where(sheet.name, r, col)
            value = row[col.key]
            objects: list[Node] = []
            extra: list[tuple[Node, Node]] = []
            if col.kind == "kind":
                if types.get(s) and EKG[value[4:]] in types[s]:
                    objects = [EKG[value[4:]]]
            elif col.kind == "text":
                objects = [Literal(value, lang=col.arg)]
            elif col.kind == "plain":
                objects = [Literal(value)]
            elif col.kind in ("date", "duration", "decimal", "wkt"):
                reader = {
                    "date": cells.date_literal,
                    "duration": cells.duration_literal,
                    "decimal": cells.decimal_literal,
                    "wkt": cells.wkt_literal,
                }[col.kind]
                lit = reader(value)
                season = _season_date(value, season_words) if col.kind == "date" else None
                if season is not None and SEASON_OF.get(col.key) in columns:
                    # "zomer 2017": the year here, the season as a fact of its own
                    objects = [season[0]]
                    extra = [(model.COLUMN[SEASON_OF[col.key]].predicate, season[1])]
                elif lit is None:
                    problems.append(_problem(where, f"bad_{col.kind}", value=value))
                else:
                    objects = [lit]
            elif col.kind == "ref":
                ref = cells.reference(value)
                if ref is None or str(ref) not in members[col.arg]:
                    nl, en, _ = model.LISTS[col.arg]
                    problems.append(
                        _problem(where, "unknown_ref", value=value, list_nl=nl, list_en=en)
                    )
                else:
                    objects = [ref]
            elif col.kind == "url":
                ref = cells.reference(value)
                if ref is None:
                    problems.append(_problem(where, "bad_url", value=value))
                else:
                    objects = [ref]
            elif col.kind == "passages":
                for item in cells.split_list(value):
                    cited = passage(item, where)
                    if cited is not None:
                        objects.append(cited)
            for o in objects:
                g.add((s, col.predicate, o))
                out.facts.setdefault((s, col.predicate), where)
            for p_extra, o_extra in extra:
                g.add((s, p_extra, o_extra))
                out.facts.setdefault((s, p_extra), where)
            if row.get(model.FILE.key) and s not in out.curated.file_of:
                name = row[model.FILE.key]
                if not _FILE.match(name):
                    problems.append(_problem((sheet.name, r, model.FILE), "bad_file", value=name))
                else:
                    out.curated.file_of[s] = name
            note = row.get(model.NOTE.key, "")
            evidence_cells = [
                row.get(e.key, "")
                for e in (model.STATEMENT, model.SUPPORT, model.PASSAGES, model.TAKEN_FROM)
            ]
            if col.kind == "passages" or col.kind == "kind" or len(objects) != 1:
                if note:
                    notes[s] += note.split("\n")
                continue
            o = objects[0]
            if not any(evidence_cells):
                if note:
                    notes[s] += note.split("\n")
                if _needs_evidence(col.predicate, types.get(s, []), scope):
                    problems.append(_problem((sheet.name, r, model.PASSAGES), "unsupported"))
                continue
            st_id, support_text, passages_text, taken_text = evidence_cells
            stated: list[Node] = []
            for t in cells.split_list(passages_text):
                cited = passage(t, Where(sheet.name, r, model.PASSAGES))
                if cited is not None:
                    stated.append(cited)
            taken: list[Node] = []
            for t in cells.split_list(taken_text):
                ref = cells.reference(t)
                if ref is None:
                    problems.append(_problem((sheet.name, r, model.TAKEN_FROM), "bad_url", value=t))
                else:
                    taken.append(ref)
            supports: list[Node] = []
            for t in cells.split_list(support_text):
                ref = cells.reference(t)
                if ref is None or str(ref) not in members["supports"]:
                    problems.append(
                        _problem((sheet.name, r, model.SUPPORT), "unknown_support", value=t)
                    )
                else:
                    supports.append(ref)
            if not passages_text and not taken_text:
                problems.append(_problem((sheet.name, r, model.PASSAGES), "unsupported"))
                continue
            if not supports:
                supports = [EKG.StatedBySource if stated else EKG.TakenFromOtherSource]
            if st_id:
                if not _STATEMENT.match(st_id):
                    problems.append(
                        _problem((sheet.name, r, model.STATEMENT), "bad_statement", value=st_id)
                    )
                    continue
                if st_id in statement_rows:
                    other = statement_rows[st_id]
                    problems.append(
                        _problem(
                            (sheet.name, r, model.STATEMENT),
                            "duplicate_statement",
                            value=st_id,
                            other=f"{other.sheet} {other.row}",
                        )
                    )
                    continue
                taken_ids.add(st_id)
            statement_rows[st_id or f"#{sheet.name}#{r}"] = Where(sheet.name, r, model.STATEMENT)
            pending_statements.append(
                (s, col.predicate, o, where, supports, stated, taken, st_id + "\n" + note)
            )
            for p_extra, o_extra in extra:
                implied.append((s, p_extra, o_extra, where, supports, stated, taken, ""))

    # a season said with a date ("zomer 2017") rests on the date's sentences, unless a row of its
    # own gives the season its evidence
    stated_elsewhere = {(s, p, o) for s, p, o, *_ in pending_statements}
    pending_statements += [t for t in implied if (t[0], t[1], t[2]) not in stated_elsewhere]
    for subj, pred, obj, _where, st_support, st_stated, st_taken, id_note in pending_statements:
        st_id, _, note = id_note.partition("\n")
        st_id = st_id or mint_statement(subj, pred, obj, taken_ids)
        node = URIRef(f"{ID}statement/{st_id}")
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.subject, subj))
        g.add((node, RDF.predicate, pred))
        g.add((node, RDF.object, obj))
        for x in st_support:
            g.add((node, EKG.support, x))
        for x in st_stated:
            g.add((node, EKG.statedIn, x))
        for x in st_taken:
            g.add((node, EKG.takenFrom, x))
        if note:
            out.curated.comments[str(node)] = note.split("\n")
    for thing, lines in notes.items():
        out.curated.comments[str(thing)] = lines
    for thing, ts in types.items():
        if thing not in out.curated.file_of:
            out.curated.file_of[thing] = next(
                (k.file for k in model.KINDS if EKG[k.name] in ts), "other.ttl"
            )

    # what the files keep besides their facts
    fsheet = model.FILES_SHEET[0]
    if fsheet not in wb.sheetnames:
        problems.append(_problem((fsheet, None, None), "missing_sheet"))
    else:
        for r, values in enumerate(
            wb[fsheet].iter_rows(min_row=model.FIRST_ROW, values_only=True), start=model.FIRST_ROW
        ):
            padded = (list(values) + [None] * 3)[:3]
            name = cells.cell_text(padded[0])
            head, ev_head = (cells.cell_text(v, strip=False) for v in padded[1:])
            if not name:
                continue
            if not _FILE.match(name):
                problems.append(
                    _problem((fsheet, r, model.FILE_COLUMNS[0]), "bad_file", value=name)
                )
                continue
            out.curated.texts[name] = turtle.FileText(
                head.split("\n") if head else [], ev_head.split("\n") if ev_head else []
            )
    if problems:
        raise SheetError(problems, lang)
    return out
