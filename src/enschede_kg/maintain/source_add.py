"""``enschede-kg source add``: a new document (next year's overview, a letter) becomes a source.

The text is copied to ``data/sources/{slug}.{lang}.txt``, where the build splits it into numbered
passages exactly as it does the 2017 overview; its description (title, publisher, date, language)
goes into ``data/curated/sources/{slug}.ttl``. Both are kept only when the whole project still
loads and validates, so a bad document never leaves half a source behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import XSD

from enschede_kg import graph, queries, sources
from enschede_kg.config import Inputs
from enschede_kg.errors import EnschedeKGError, ValidationFailed
from enschede_kg.rdf import iri, rdfio
from enschede_kg.validate import validate

LANGUAGES = ("nl", "en", "de")
_YEAR = re.compile(r"\d{4}")


class SourceError(EnschedeKGError):
    """The document cannot become a source; nothing was written."""


@dataclass(frozen=True)
class AddedSource:
    """What ``add_source`` wrote."""

    slug: str
    document: str
    text_file: Path
    description_file: Path
    passages: int


def read_document(path: Path) -> str:
    """The document's text, strictly UTF-8, with Windows line ends and a byte-order mark removed.

    Raises SourceError naming the file (and the line of a bad byte) and what to do.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: file not found / bestand niet gevonden") from None
    except OSError as e:
        raise SourceError(
            f"{path}: cannot read the file / kan het bestand niet lezen: {e}"
        ) from None
    if b"\x00" in data[:4096]:
        raise SourceError(
            f"{path}: not a plain-text file (a PDF or Word file?); save the document as plain text "
            "(UTF-8) first / geen platte tekst (PDF of Word?); sla het document eerst op als "
            "platte tekst (UTF-8)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise SourceError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[e.start]:02x}); save it as plain text "
            "with encoding UTF-8 / geen UTF-8-tekst; sla het op als platte tekst met codering "
            "UTF-8"
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(f"{path}: the document is empty / het document is leeg")
    return text if text.endswith("\n") else text + "\n"


def _publisher(value: str, inputs: Inputs) -> str:
    """An organisation of the graph by IRI, slug or label (case-insensitive)."""
    store = graph.load(inputs)
    rows = queries.run(store, queries.named("maintain", "organisations", inputs.queries)).records()
    wanted = value.strip().casefold()
    found = {
        r["org"]
        for r in rows
        if wanted in (r["org"] or "").casefold().rsplit("/", 1)[-1:]
        or wanted == (r["org"] or "").casefold()
        or wanted == (r["label"] or "").casefold()
    }
    if len(found) == 1:
        return found.pop()  # type: ignore[return-value]
    known = sorted({r["label"] or "" for r in rows})
    what = (
        "is ambiguous / is niet eenduidig"
        if found
        else "is not a known organisation / is geen bekende organisatie"
    )
    raise SourceError(
        f"--publisher {value!r} {what}; use one of / gebruik een van: {', '.join(known)}"
    )


def _turtle(slug: str, title: str, title_en: str, year: str, publisher: str, lang: str) -> str:
    """The description as deterministic, commented Turtle (rdflib's n3() escapes the literals)."""
    doc = iri.document(slug)

    def nl(s: str) -> str:
        return Literal(s, lang="nl").n3()

    def en(s: str) -> str:
        return Literal(s, lang="en").n3()

    def title_lit(s: str) -> str:
        return Literal(s, lang=lang).n3()

    return (
        f"# Source document {slug}, added with 'enschede-kg source add'.\n"
        f"# Its text is data/sources/{slug}.{lang}.txt; the build splits it into passages\n"
        f"# <{iri.passage(slug, 1, 1)}> … (paragraph, sentence).\n"
        "@prefix ekg:     <https://w3id.org/enschede-kg/def#> .\n"
        "@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "\n"
        f"<{doc}> a ekg:SourceDocument ;\n"
        f"    rdfs:label {nl(title)} , {en(title_en)} ;\n"
        f"    dcterms:title {title_lit(title)} ;\n"
        f"    dcterms:publisher <{publisher}> ;\n"
        f"    dcterms:date {Literal(year, datatype=XSD.gYear).n3()} ;\n"
        f"    dcterms:language {Literal(lang).n3()} .\n"
    )


def add_source(
    path: Path,
    *,
    title: str,
    year: str,
    publisher: str,
    lang: str = "nl",
    title_en: str | None = None,
    slug: str | None = None,
    inputs: Inputs | None = None,
) -> AddedSource:
    """Copy ``path`` into the project as a source and describe it; validate before keeping it.

    Raises SourceError for an unreadable, empty or duplicate document or a bad option, and
    ValidationFailed when the project would no longer validate; nothing is written then.
    """
    inputs = inputs or Inputs()
    if lang not in LANGUAGES:
        raise SourceError(f"--lang {lang!r}: use one of / gebruik een van: {', '.join(LANGUAGES)}")
    if not _YEAR.fullmatch(year.strip()):
        raise SourceError(f"--year {year!r} is not a year / is geen jaartal; write e.g. 2018")
    if not title.strip():
        raise SourceError("--title is empty / is leeg")
    text = read_document(path)
    slug = iri.slugify(slug or sources.document_slug(path))
    if not slug:
        raise SourceError(f"{path}: no usable name; pass --slug, e.g. --slug overview-2018")
    existing = sorted(inputs.sources.glob("*.txt"))
    for other in existing:
        if sources.document_slug(other) == slug:
            raise SourceError(
                f"{path}: a source named {slug!r} exists already ({other}); pass another --slug "
                f"/ er is al een bron met deze naam; kies een andere --slug"
            )
        if other.read_text(encoding="utf-8") == text:
            raise SourceError(
                f"{path}: the same text is already the source {other.name} / dezelfde tekst is al "
                "een bron"
            )
    store = graph.load(inputs)
    documents = queries.run(store, queries.named("maintain", "documents", inputs.queries))
    if any(r["document"] == str(iri.document(slug)) for r in documents.records()):
        raise SourceError(
            f"the document {iri.document(slug)} is already described in data/curated; pass "
            "another --slug / dit document is al beschreven; kies een andere --slug"
        )
    org = _publisher(publisher, inputs)
    text_file = inputs.sources / f"{slug}.{lang}.txt"
    description = inputs.curated / "sources" / f"{slug}.ttl"
    turtle = _turtle(slug, title.strip(), (title_en or title).strip(), year.strip(), org, lang)
    made_folder = not description.parent.exists()
    rdfio.write_atomic(text_file, text.encode("utf-8"))
    rdfio.write_atomic(description, turtle.encode("utf-8"))
    try:
        report = validate(graph.assemble(inputs), inputs)
        if not report.conforms:
            raise ValidationFailed(report)
    except BaseException:
        text_file.unlink(missing_ok=True)
        description.unlink(missing_ok=True)
        if made_folder:
            description.parent.rmdir()
        raise
    count = sum(1 for _ in sources.split_passages(text))
    return AddedSource(slug, str(iri.document(slug)), text_file, description, count)
