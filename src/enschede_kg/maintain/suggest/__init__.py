"""``enschede-kg suggest SOURCE``: rule-based proposals from a source's sentences.

Each proposal is one recognised thing in one sentence — a place, organisation or person by a
name the graph knows, a date at the precision of its words, or a relation word of the ontology —
marked as a proposal for the advisor to accept or reject, and naming the words that triggered it
and the rule. Nothing is guessed beyond the words: no statistics, no model.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from enschede_kg import graph, queries, sources
from enschede_kg.config import Inputs
from enschede_kg.errors import EnschedeKGError
from enschede_kg.maintain.suggest import lexicon as lexicon_mod
from enschede_kg.maintain.suggest.dates import find_dates
from enschede_kg.maintain.suggest.lexicon import Lexicon
from enschede_kg.rdf import iri

KIND_LABELS = {
    "place": ("plaats", "place"),
    "organisation": ("organisatie", "organisation"),
    "person": ("persoon", "person"),
    "date": ("datum", "date"),
    "relation": ("relatie", "relation"),
}
SEASON_WORDS = {
    "spring": ("voorjaar", "spring"),
    "summer": ("zomer", "summer"),
    "autumn": ("najaar", "autumn"),
    "winter": ("winter", "winter"),
}
_ORIGIN = {
    "label": ("ons label", "our label"),
    "altLabel": ("ons alternatieve label", "our alternative label"),
    "wikidata": ("naam in de Wikidata-momentopname", "name in the Wikidata snapshot"),
    "ontology": ("woord van de ontologie", "word of the ontology"),
}


class SuggestError(EnschedeKGError):
    """The source to read proposals from could not be found."""


@dataclass(frozen=True)
class Proposal:
    """One proposed row: in which sentence, what kind, which value, triggered by which words."""

    passage: str
    paragraph: int
    sentence: int
    kind: str
    value: str
    label_nl: str
    label_en: str
    trigger: str
    begin: int
    end: int
    rule_nl: str
    rule_en: str
    #: For dates: year, month or season; for a start ("sinds"): also 'start'.
    precision: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "status": "proposal",
            "passage": self.passage,
            "position": f"§{self.paragraph}.{self.sentence}",
            "kind": self.kind,
            "value": self.value,
            "label": {"nl": self.label_nl, "en": self.label_en},
            "trigger": self.trigger,
            "offsets": [self.begin, self.end],
            "rule": {"nl": self.rule_nl, "en": self.rule_en},
            "precision": self.precision,
        }


def source_text(source: str, inputs: Inputs) -> tuple[str, Path]:
    """A source's slug and text file, by slug, document IRI or path; SuggestError if unknown."""
    path = Path(source)
    if path.suffix == ".txt" and path.is_file():
        return sources.document_slug(path), path
    slug = source.rsplit("/", 1)[-1]
    for f in sorted(inputs.sources.glob("*.txt")):
        if sources.document_slug(f) == slug:
            return slug, f
    known = ", ".join(sources.document_slug(f) for f in sorted(inputs.sources.glob("*.txt")))
    raise SuggestError(
        f"no source {source!r}; known sources / bekende bronnen: {known} (or give a .txt file)"
    )


def _document_year(store: ox.Store, slug: str, inputs: Inputs) -> int | None:
    """The year a report is about: its dcterms:date, else the year in its name (an overview
    'enschede-international-2017' states no date of its own), else None (relative dates such as
    'deze zomer' are then not proposed)."""
    rows = queries.run(store, queries.named("maintain", "documents", inputs.queries)).records()
    for r in rows:
        if r["document"] == str(iri.document(slug)):
            m = re.match(r"\d{4}", r["date"] or "")
            if m:
                return int(m.group(0))
    named = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", slug)
    return int(named[-1]) if len(set(named)) == 1 else None


def _entity_proposals(text: str, passage: str, p: sources.Passage, lex: Lexicon) -> list[Proposal]:
    out: list[Proposal] = []
    taken: list[tuple[int, int]] = []
    # Longest names first, so that "Foreign Affairs Office" wins over "Office" for its words;
    # a shorter name inside it ("Dalian" in "… in Dalian") is still proposed when it is another
    # thing's name.
    found = [s for s in lexicon_mod.spans(text) if s[2] in lex.names]
    for begin, end, words in sorted(found, key=lambda s: (s[0] - s[1], s[0])):
        entries = lex.names[words]
        own = [e for e in entries if e.origin != "wikidata"] or list(entries)
        for e in sorted(own, key=lambda e: (e.iri, e.origin)):
            if any(b <= begin and end <= en and (b, en) != (begin, end) for b, en in taken) and (
                e.origin == "wikidata"
            ):
                continue
            nl, en_ = _ORIGIN[e.origin]
            kind_nl, kind_en = KIND_LABELS[e.kind]
            out.append(
                Proposal(
                    passage,
                    p.paragraph,
                    p.sentence,
                    e.kind,
                    e.iri,
                    e.label_nl or words,
                    e.label_en or words,
                    words,
                    begin,
                    end,
                    f"'{words}' is {nl} van {e.label_nl or words} ({kind_nl})",
                    f"'{words}' is {en_} of {e.label_en or words} ({kind_en})",
                )
            )
        taken.append((begin, end))
    return out


def _relation_proposals(
    text: str, passage: str, p: sources.Passage, lex: Lexicon
) -> list[Proposal]:
    out: list[Proposal] = []
    seen: set[tuple[str, int]] = set()
    for begin, end, words in lexicon_mod.spans(text):
        for e in sorted(lex.words.get(words.casefold(), ()), key=lambda e: e.iri):
            if (e.iri, begin) in seen:
                continue
            seen.add((e.iri, begin))
            out.append(
                Proposal(
                    passage,
                    p.paragraph,
                    p.sentence,
                    "relation",
                    e.iri,
                    e.label_nl,
                    e.label_en,
                    words,
                    begin,
                    end,
                    f"'{words}' is een woord van de ontologie voor {e.label_nl}",
                    f"'{words}' is a word of the ontology for {e.label_en}",
                )
            )
    return out


def _date_proposals(
    text: str, passage: str, p: sources.Passage, year: int | None, relative: bool
) -> list[Proposal]:
    out = []
    for d in find_dates(text, year if relative else None):
        why_nl = {"season": "seizoen en jaar", "month": "maand en jaar", "year": "jaar"}
        why_en = {"season": "season and year", "month": "month and year", "year": "year"}
        rule_nl = f"'{d.trigger}': {why_nl[d.precision]}"
        rule_en = f"'{d.trigger}': {why_en[d.precision]}"
        if d.since:
            rule_nl += ", begin ('sinds')"
            rule_en += ", a start ('sinds', since)"
        if d.year_from_document:
            rule_nl += f"; het jaar ({year}) is dat van het document"
            rule_en += f"; the year ({year}) is the document's"
        label_nl = f"{SEASON_WORDS[d.season][0]} {d.value}" if d.season else d.value
        label_en = f"{SEASON_WORDS[d.season][1]} {d.value}" if d.season else d.value
        out.append(
            Proposal(
                passage,
                p.paragraph,
                p.sentence,
                "date",
                d.key,
                label_nl,
                label_en,
                d.trigger,
                d.begin,
                d.end,
                rule_nl,
                rule_en,
                d.precision + (" start" if d.since else ""),
            )
        )
    return out


def suggest(
    source: str,
    inputs: Inputs | None = None,
    *,
    store: ox.Store | None = None,
    alt_labels: bool = True,
    wikidata: bool = True,
    word_forms: bool = True,
    relative_dates: bool = True,
) -> list[Proposal]:
    """Proposals for every sentence of ``source`` (headings left out: no facts come from them).

    The keyword flags switch rules off, for the benchmark's labels-only baseline.
    Raises SuggestError for an unknown source.
    """
    inputs = inputs or Inputs()
    slug, path = source_text(source, inputs)
    store = store if store is not None else graph.load(inputs)
    lex = lexicon_mod.read(
        store, inputs, alt_labels=alt_labels, wikidata=wikidata, word_forms=word_forms
    )
    year = _document_year(store, slug, inputs)
    text = path.read_text(encoding="utf-8")
    out: list[Proposal] = []
    for p in sources.split_passages(text):
        if p.is_heading:
            continue
        passage = str(iri.passage(slug, p.paragraph, p.sentence))
        out += _entity_proposals(p.text, passage, p, lex)
        out += _date_proposals(p.text, passage, p, year, relative_dates)
        out += _relation_proposals(p.text, passage, p, lex)
    return sorted(out, key=lambda x: (x.paragraph, x.sentence, x.begin, x.kind, x.value))


def render(proposals: list[Proposal], fmt: str = "text", lang: str = "nl") -> str:
    """As text (grouped by sentence), CSV (one row per proposal, for the workbook) or JSON."""
    if fmt == "json":
        return json.dumps([p.as_dict() for p in proposals], ensure_ascii=False, indent=1) + "\n"
    nl = lang == "nl"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(
            ["status", "bronzin", "soort", "waarde", "label", "trigger", "regel"]
            if nl
            else ["status", "passage", "kind", "value", "label", "trigger", "rule"]
        )
        for p in proposals:
            w.writerow(
                [
                    "voorstel" if nl else "proposal",
                    p.passage,
                    KIND_LABELS[p.kind][0 if nl else 1],
                    p.value,
                    p.label_nl if nl else p.label_en,
                    p.trigger,
                    p.rule_nl if nl else p.rule_en,
                ]
            )
        return buf.getvalue()
    lines = [
        f"{len(proposals)} voorstel(len) om te beoordelen"
        if nl
        else f"{len(proposals)} proposal(s) to review"
    ]
    current = ""
    for p in proposals:
        if p.passage != current:
            current = p.passage
            lines += ["", f"§{p.paragraph}.{p.sentence} <{p.passage}>"]
        kind = KIND_LABELS[p.kind][0 if nl else 1]
        label = p.label_nl if nl else p.label_en
        lines.append(f"  ? {kind}: {label}  [{p.rule_nl if nl else p.rule_en}]")
    return "\n".join(lines) + "\n"
