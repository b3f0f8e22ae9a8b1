"""``enschede-kg sheet import``: a workbook back into data/curated, or nothing at all.

The workbook is read completely (every error with its sheet, row and column), the files are
written by the one canonical writer into a scratch copy of data/curated, and that copy goes
through the same strict loading and validation as ``enschede-kg build`` (SHACL shapes and
``queries/checks``). Only when all of it holds are the files put in place: every new file is
first written beside its target, then each is renamed over it, so a reader sees the old files or
the new ones.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib.namespace import split_uri

from enschede_kg import graph
from enschede_kg.config import Inputs
from enschede_kg.errors import LoadError
from enschede_kg.maintain.sheet import files, messages, model, parse
from enschede_kg.maintain.sheet.parse import SheetError
from enschede_kg.validate import validate


@dataclass(frozen=True)
class Imported:
    """What ``import_workbook`` did to data/curated."""

    written: list[str]
    unchanged: list[str]
    removed: list[str]


def _where_of(parsed: parse.Parsed, focus: str, path: str) -> parse.Where | None:
    """The row (and column) of a validation result: its node and, when given, its property."""
    for (s, p), where in parsed.facts.items():
        if str(s) == focus and path:
            try:
                local = split_uri(str(p))[1]
            except ValueError:
                local = str(p)
            if local == path:
                return where
    for s, where in parsed.subjects.items():
        if str(s) == focus:
            if path == "source":
                # ekg:source is derived from the evidence: what is missing is a sentence
                return parse.Where(where.sheet, where.row, model.PASSAGES)
            sheet = model.SHEET[where.sheet]
            for key in sheet.columns:
                col = model.COLUMN[key]
                if path and str(col.predicate).endswith(("#" + path, "/" + path)):
                    return parse.Where(where.sheet, where.row, col)
            return where
    return None


def check(parsed: parse.Parsed, texts: dict[str, str], inputs: Inputs, lang: str) -> None:
    """Load and validate the new files as the build would; SheetError naming the rows."""
    with tempfile.TemporaryDirectory(prefix="enschede-kg-sheet-") as tmp:
        curated = Path(tmp) / "curated"
        for name, text in texts.items():
            target = curated / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        scratch = dataclasses.replace(inputs, curated=curated)
        try:
            store = graph.assemble(scratch)
        except LoadError as e:
            raise SheetError(
                [messages.Problem("—", None, "", "", "invalid", {"value": str(e)})], lang
            ) from None
        report = validate(store, scratch)
    problems = []
    for v in report.errors:
        where = _where_of(parsed, v.focus, v.path)
        what = f"{(v.message_nl or v.message) if lang == 'nl' else v.message} ({v.shape})"
        if where is None:
            problems.append(messages.Problem("—", None, "", "", "invalid", {"value": what}))
        else:
            problems.append(
                messages.Problem(
                    where.sheet,
                    where.row,
                    where.column.nl,
                    where.column.en,
                    "invalid",
                    {"value": what},
                )
            )
    if problems:
        raise SheetError(problems, lang)


def replace_files(folder: Path, texts: dict[str, str]) -> Imported:
    """Write every changed file beside its target, then rename all; remove files no longer held."""
    old = {p.relative_to(folder).as_posix(): p for p in files.curated_files(folder)}
    changed = {
        name: text
        for name, text in texts.items()
        if name not in old or old[name].read_bytes() != text.encode("utf-8")
    }
    temps: list[tuple[Path, Path]] = []
    try:
        for name, text in sorted(changed.items()):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
            temps.append((Path(tmp), target))
    except BaseException:
        for tmp_path, _ in temps:
            tmp_path.unlink(missing_ok=True)
        raise
    for tmp_path, target in temps:
        os.replace(tmp_path, target)
    removed = sorted(name for name in old if name not in texts)
    for name in removed:
        old[name].unlink()
    return Imported(sorted(changed), sorted(set(texts) - set(changed)), removed)


def import_workbook(path: Path, *, inputs: Inputs | None = None, lang: str = "nl") -> Imported:
    """Read, validate and write the workbook's facts into data/curated; SheetError otherwise."""
    inputs = inputs or Inputs()
    parsed = parse.read(path, inputs=inputs, lang=lang)
    texts = files.render(parsed.curated)
    check(parsed, texts, inputs, lang)
    return replace_files(inputs.curated, texts)


__all__ = ["Imported", "SheetError", "import_workbook"]
