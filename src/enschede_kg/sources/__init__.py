"""Source documents as resources: the document and each of its sentences as a passage.

Passages are computed from the copied text, not typed by hand, so that their text is exact and
their IRIs (by paragraph and sentence number) are stable for as long as the document is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD

from enschede_kg.config import Inputs
from enschede_kg.rdf import iri
from enschede_kg.rdf.namespaces import EKG

# A sentence ends at . ! or ? followed by white space (also no-break space) and a capital,
# digit or opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\s\u00a0]+(?=[A-Z0-9‘“\"'À-Ý])")
_TRIM = " \t\n\u00a0"


@dataclass(frozen=True)
class Passage:
    """One sentence (or heading) of a document, with its position."""

    paragraph: int
    sentence: int
    begin: int
    end: int
    text: str

    @property
    def is_heading(self) -> bool:
        """Headings are one-line paragraphs without closing punctuation."""
        return self.sentence == 1 and not self.text.rstrip().endswith((".", "!", "?"))


def split_passages(text: str) -> Iterator[Passage]:
    """Split a plain-text document into paragraphs (blank lines) and sentences.

    Offsets are Unicode code points into ``text``; ``text[p.begin:p.end] == p.text`` always holds.
    """
    pos = 0
    for pnum, para in enumerate(text.split("\n\n"), start=1):
        start = text.index(para, pos)
        pos = start + len(para)
        offset = 0
        snum = 0
        for chunk in _SENTENCE_END.split(para):
            at = para.index(chunk, offset)
            offset = at + len(chunk)
            sentence = chunk.strip(_TRIM)
            if not sentence:
                continue
            snum += 1
            begin = start + at + chunk.index(sentence)
            yield Passage(pnum, snum, begin, begin + len(sentence), sentence)


def document_slug(path: Path) -> str:
    """'enschede-international-2017.nl.txt' -> 'enschede-international-2017'."""
    return path.name.split(".")[0]


def document_language(path: Path) -> str:
    """'x.nl.txt' -> 'nl', 'x.en.txt' -> 'en'; a file without a language part is Dutch."""
    parts = path.name.split(".")
    return parts[1] if len(parts) > 2 else "nl"


def passage_graph(path: Path) -> Graph:
    """The passages of one source document as RDF (the document itself is curated data)."""
    text = path.read_text(encoding="utf-8")
    slug = document_slug(path)
    language = document_language(path)
    doc = iri.document(slug)
    g = Graph()
    for p in split_passages(text):
        node = iri.passage(slug, p.paragraph, p.sentence)
        g.add((node, RDF.type, EKG.Heading if p.is_heading else EKG.Passage))
        g.add((node, EKG.partOfDocument, doc))
        g.add((node, EKG.text, Literal(p.text, lang=language)))
        g.add((node, EKG.paragraph, Literal(p.paragraph, datatype=XSD.integer)))
        g.add((node, EKG.sentence, Literal(p.sentence, datatype=XSD.integer)))
        g.add((node, EKG.beginIndex, Literal(p.begin, datatype=XSD.integer)))
        g.add((node, EKG.endIndex, Literal(p.end, datatype=XSD.integer)))
        short = p.text if len(p.text) <= 60 else p.text[:57] + "…"
        for lang in ("nl", "en"):
            g.add(
                (
                    node,
                    RDFS.label,
                    Literal(f"{slug} §{p.paragraph}.{p.sentence}: {short}", lang=lang),
                )
            )
    return g


def source_files() -> list[Path]:
    """The source documents kept in the repository."""
    return sorted(Inputs().sources.glob("*.txt"))


if __name__ == "__main__":
    for f in source_files():
        for p in split_passages(f.read_text(encoding="utf-8")):
            print(iri.passage(document_slug(f), p.paragraph, p.sentence), "|", p.text)
