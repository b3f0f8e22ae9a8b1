"""A diff as an advisor reads it: plain text or Markdown in Dutch or English, or JSON for tools.

Every change is followed by the sentences it rests on, quoted, with their document and position.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from enschede_kg.maintain.diff.compare import SECTIONS, Change, Diff
from enschede_kg.maintain.diff.snapshot import Evidence, Value

FORMATS = ("text", "markdown", "json")

_WORDS = {
    "title": ("Wat is er veranderd", "What changed"),
    "none": ("Geen wijzigingen.", "No changes."),
    "count": ("{n} wijziging(en)", "{n} change(s)"),
    "source": ("bron", "source"),
    "no-source": ("(geen bronzin)", "(no source sentence)"),
    "was": ("was", "was"),
    "now": ("nu", "now"),
    "nothing": ("(niets)", "(nothing)"),
}


def _w(key: str, lang: str) -> str:
    nl, en = _WORDS[key]
    return nl if lang == "nl" else en


def _values(values: tuple[Value, ...], lang: str) -> str:
    """Values joined; of language-tagged texts only those in ``lang`` when there are any."""
    tagged = [v for v in values if v.lang]
    if tagged and any(v.lang == lang for v in tagged):
        values = tuple(v for v in values if not v.lang or v.lang == lang)
    return "; ".join(v.show(lang) for v in values) if values else _w("nothing", lang)


def _where(e: Evidence, lang: str) -> str:
    doc = (e.document_nl if lang == "nl" else e.document_en) or e.document_nl or e.document
    m = re.fullmatch(r"p0*(\d+)s(\d+)", e.passage.rsplit("/", 1)[-1])
    position = f"§{m.group(1)}.{m.group(2)}" if m else e.passage
    return f"{doc}, {position}"


def _headline(c: Change, lang: str) -> str:
    name = c.item.show(lang)
    if c.tie is not None:
        name = f"{c.tie.show(lang)}: {name}"
    if c.field:
        label = (c.field_nl if lang == "nl" else c.field_en) or c.field.rsplit("#", 1)[-1]
        return (
            f"{name} — {label}: {_w('was', lang)} {_values(c.old, lang)}, "
            f"{_w('now', lang)} {_values(c.new, lang)}"
        )
    details = "; ".join(
        f"{(nl if lang == 'nl' else en) or prop.rsplit('#', 1)[-1]}: {_values(vs, lang)}"
        for prop, nl, en, vs in c.details
    )
    return f"{name} ({details})" if details else name


def _sections(diff: Diff) -> Iterator[tuple[str, list[Change]]]:
    for kind in SECTIONS:
        changes = [c for c in diff.changes if c.kind == kind]
        if changes:
            yield kind, changes


def text(diff: Diff, lang: str = "nl") -> str:
    """Plain text, one block per section, each change with its quoted source sentences."""
    lines = [f"{_w('title', lang)}: {diff.old} → {diff.new}"]
    lines.append(
        _w("count", lang).format(n=len(diff.changes)) if diff.changes else _w("none", lang)
    )
    for kind, changes in _sections(diff):
        lines += ["", SECTIONS[kind][0 if lang == "nl" else 1]]
        for c in changes:
            lines.append(f"  - {_headline(c, lang)}")
            for e in c.evidence:
                lines.append(f"      {_w('source', lang)}: “{e.text}” ({_where(e, lang)})")
            if not c.evidence:
                lines.append(f"      {_w('no-source', lang)}")
    return "\n".join(lines) + "\n"


def _md(s: str) -> str:
    """Escape what Markdown would read as markup in data."""
    for ch in "\\`*_[]<>|#":
        s = s.replace(ch, "\\" + ch)
    return s


def markdown(diff: Diff, lang: str = "nl") -> str:
    """Markdown: a heading per section, a bullet per change, its sentences quoted below it."""
    lines = [f"# {_w('title', lang)}: {_md(diff.old)} → {_md(diff.new)}", ""]
    lines.append(
        _w("count", lang).format(n=len(diff.changes)) if diff.changes else _w("none", lang)
    )
    for kind, changes in _sections(diff):
        lines += ["", f"## {SECTIONS[kind][0 if lang == 'nl' else 1]}", ""]
        for c in changes:
            lines.append(f"- {_md(_headline(c, lang))}")
            for e in c.evidence:
                lines.append(f"  > “{_md(e.text)}” ({_md(_where(e, lang))}, <{e.passage}>)")
    return "\n".join(lines) + "\n"


def _value_json(v: Value) -> dict[str, object]:
    out: dict[str, object] = {"value": v.value, "iri": v.is_iri}
    if v.lang:
        out["lang"] = v.lang
    if v.label_nl or v.label_en:
        out["label"] = {"nl": v.label_nl, "en": v.label_en}
    return out


def _change_json(c: Change) -> dict[str, object]:
    out: dict[str, object] = {
        "kind": c.kind,
        "section": {"nl": SECTIONS[c.kind][0], "en": SECTIONS[c.kind][1]},
        "item": c.item.iri,
        "item_kind": c.item.kind,
        "label": {"nl": c.item.label_nl, "en": c.item.label_en},
    }
    if c.tie is not None:
        out["tie"] = {"iri": c.tie.iri, "label": {"nl": c.tie.label_nl, "en": c.tie.label_en}}
    if c.field:
        out["field"] = {"iri": c.field, "label": {"nl": c.field_nl, "en": c.field_en}}
        out["old"] = [_value_json(v) for v in c.old]
        out["new"] = [_value_json(v) for v in c.new]
    if c.details:
        out["details"] = [
            {"field": p, "label": {"nl": nl, "en": en}, "values": [_value_json(v) for v in vs]}
            for p, nl, en, vs in c.details
        ]
    out["sources"] = [
        {
            "passage": e.passage,
            "text": e.text,
            "document": e.document,
            "document_label": {"nl": e.document_nl, "en": e.document_en},
            "date": e.date,
        }
        for e in c.evidence
    ]
    return out


def as_json(diff: Diff) -> str:
    """JSON with both languages' labels: ``{"old", "new", "changes": [...]}``."""
    data = {"old": diff.old, "new": diff.new, "changes": [_change_json(c) for c in diff.changes]}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def render(diff: Diff, fmt: str = "text", lang: str = "nl") -> str:
    """The diff in one of ``FORMATS``."""
    if fmt == "json":
        return as_json(diff)
    return markdown(diff, lang) if fmt == "markdown" else text(diff, lang)
