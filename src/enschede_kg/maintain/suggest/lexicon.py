"""What ``suggest`` recognises, read from the graph: names of things and the ontology's words.

Names come from our own labels and alternative labels and from the Wikidata snapshot
(``queries/suggest/names.rq``); relation words from the ontology's labels for kinds of ties,
agreements, events and partnership statuses (``queries/suggest/relation-words.rq``), with the
Dutch plural and compound forms a report uses ("zustersteden", "Smart City Conferentie").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from enschede_kg import queries
from enschede_kg.config import Inputs

KINDS = {"Place": "place", "Organisation": "organisation", "Person": "person"}
#: Longest name, in words, that is looked up.
MAX_WORDS = 6


@dataclass(frozen=True)
class Entry:
    """One thing a name (or word) may stand for, and why: the origin of the name."""

    iri: str
    kind: str
    origin: str
    label_nl: str
    label_en: str


@dataclass
class Lexicon:
    """Names (exact spelling) and relation words (case-insensitive) with what they stand for."""

    names: dict[str, set[Entry]] = field(default_factory=lambda: defaultdict(set))
    words: dict[str, set[Entry]] = field(default_factory=lambda: defaultdict(set))


def _plurals(word: str) -> set[str]:
    """The forms a Dutch report uses: plural -en/-s, 'stad' -> 'steden'."""
    w = word.casefold()
    forms = {w, w + "s", w + "en"}
    if w.endswith("stad"):
        forms.add(w[: -len("stad")] + "steden")
    if w.endswith("ie"):
        forms.add(w + "s")
    return forms


def read(
    store: ox.Store,
    inputs: Inputs,
    *,
    alt_labels: bool = True,
    wikidata: bool = True,
    word_forms: bool = True,
) -> Lexicon:
    """The lexicon of a store; the flags leave out sources of names (the benchmark's baseline)."""
    lex = Lexicon()
    names = queries.run(store, queries.named("suggest", "names", inputs.queries)).records()
    for r in names:
        origin = r["origin"] or ""
        if (origin == "altLabel" and not alt_labels) or (origin == "wikidata" and not wikidata):
            continue
        name = (r["name"] or "").strip()
        # Snapshot names are many and short ones are words too ("Of"): capitalised, 3+ letters.
        if origin == "wikidata" and (len(name) < 3 or not name[:1].isupper()):
            continue
        if len(name.split()) > MAX_WORDS or not name:
            continue
        kind = KINDS[(r["kind"] or "").rsplit("#", 1)[-1]]
        entry = Entry(r["entity"] or "", kind, origin, r["label_nl"] or "", r["label_en"] or "")
        lex.names[name].add(entry)
    words = queries.run(store, queries.named("suggest", "relation-words", inputs.queries))
    for r in words.records():
        word = (r["word"] or "").strip()
        entry = Entry(
            r["term"] or "", "relation", "ontology", r["label_nl"] or "", r["label_en"] or ""
        )
        for form in _plurals(word) if word_forms else {word.casefold()}:
            lex.words[form].add(entry)
    return lex


_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")


def spans(text: str, max_words: int = MAX_WORDS) -> list[tuple[int, int, str]]:
    """Every run of 1..max_words words of ``text`` as (begin, end, text)."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out = []
    for i, (begin, _) in enumerate(tokens):
        for j in range(i, min(i + max_words, len(tokens))):
            end = tokens[j][1]
            out.append((begin, end, text[begin:end]))
    return out
