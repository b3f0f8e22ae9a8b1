"""The one canonical Turtle writer of the curated files, and the reader of what it keeps besides
triples (comments).

The graph does not hold a file's comments, its sections or its order, so a diff of two versions
of a file shows only what changed when every version is written the same way: prefixes in a
fixed order, things grouped in sections by class (``model.KINDS``), sorted by IRI within a
section, a node's properties in the order of the workbook's columns, objects sorted, the evidence
(``rdf:Statement`` nodes) last, sorted by IRI. Comments survive a round trip: the header of the
file, the heading of its evidence section, and the lines before (or inside) a node's block, which
``read_comments`` gives back for the node so that the writer puts them before it.

>>> from rdflib import Literal, URIRef
>>> term(Literal("2017", datatype=URIRef(str(XSD.gYear))), _Prefixes({"xsd": str(XSD)}))
'"2017"^^xsd:gYear'
>>> strip_comment("#  Shenfeng"), strip_comment("#")
(' Shenfeng', '')
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from enschede_kg.maintain.sheet import model
from enschede_kg.rdf.namespaces import EKG, ID, PREFIXES, RDF, XSD

Triple = tuple[Node, Node, Node]

WIDTH = 100
BANNER = "#" * 65
_BANNER_LINE = re.compile(r"^#{10,}\s*$")
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$")
_PREFIX_LINE = re.compile(r"^@prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>\s*\.\s*$")
_SUBJECT_LINE = re.compile(r"^([A-Za-z][\w.-]*:[\w-]*|<[^>\s]+>)\s")
_BLOCK_END = re.compile(r"(?:^|\s)\.\s*$")
#: The standard prefixes a curated file may use (``id:`` and ``graph:`` give way to the kinds).
_STANDARD = [p for p in PREFIXES if p not in ("id", "graph")]
_LANG_ORDER = {"nl": 0, "en": 1}
DEFAULT_EVIDENCE = [
    "Evidence per statement: one rdf:Statement per statement above, with the sentence(s)",
    'that state it (ekg:statedIn). See ontology/README.md, "Evidence per statement".',
]


@dataclass
class FileText:
    """What a Turtle file keeps that its triples do not: its header and its evidence heading."""

    header: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass
class ReadComments:
    """The comments of one file, as ``read_comments`` finds them."""

    text: FileText
    #: comment lines by the node they stand before (or inside)
    nodes: dict[str, list[str]]


def strip_comment(line: str) -> str:
    """A comment line without its ``#`` and the one space after it."""
    body = line.lstrip()[1:]
    return body[1:] if body.startswith(" ") else body


def comment_lines(lines: Iterable[str]) -> list[str]:
    return ["#" if not line else f"# {line}" for line in lines]


def read_comments(text: str) -> ReadComments:
    """The header, the evidence heading and each node's comments of a Turtle file.

    A comment inside a node's block, or after the last block before a heading, belongs to the
    node before it; any other comment to the node after it. Section headings other than the
    evidence heading are the writer's own and are dropped.
    """
    lines = text.split("\n")
    prefixes: dict[str, str] = {}
    header: list[str] = []
    i = 0
    while i < len(lines) and lines[i].startswith("#") and not _BANNER_LINE.match(lines[i]):
        header.append(strip_comment(lines[i]))
        i += 1
    evidence: list[str] = []
    nodes: dict[str, list[str]] = defaultdict(list)
    current: str | None = None
    in_block = False
    pending: list[str] = []
    while i < len(lines):
        line = lines[i]
        if _BANNER_LINE.match(line):
            j = i + 1
            heading = []
            while j < len(lines) and not _BANNER_LINE.match(lines[j]):
                heading.append(strip_comment(lines[j]))
                j += 1
            if heading and heading[0].startswith("Evidence per statement"):
                evidence = heading
            if pending and current is not None:
                nodes[current] += pending
                pending = []
            in_block = False
            i = j + 1
            continue
        stripped = line.strip()
        if stripped.startswith("#"):
            if in_block and current is not None:
                nodes[current].append(strip_comment(line))
            else:
                pending.append(strip_comment(line))
        elif m := _PREFIX_LINE.match(line):
            prefixes[m.group(1) or ""] = m.group(2)
        elif m := _SUBJECT_LINE.match(line):
            current = _resolve(m.group(1), prefixes)
            nodes[current] += pending
            pending = []
            in_block = not _BLOCK_END.search(line)
        elif not stripped or (in_block and _BLOCK_END.search(line)):
            in_block = False
        i += 1
    if pending and current is not None:
        nodes[current] += pending
    return ReadComments(FileText(header, evidence), {k: v for k, v in nodes.items() if v})


def _resolve(token: str, prefixes: Mapping[str, str]) -> str:
    if token.startswith("<"):
        return token[1:-1]
    prefix, _, local = token.partition(":")
    return prefixes.get(prefix, prefix + ":") + local


# --- writing -----------------------------------------------------------------------------------


class _Prefixes:
    """The prefixes of one file: the standard ones, one per kind of our IRIs, and ``psg``."""

    def __init__(
        self, standard: Mapping[str, str], passage_prefix: Mapping[str, str] | None = None
    ):
        self.standard = dict(standard)
        self.passage_prefix = dict(passage_prefix or {})
        self.used: dict[str, str] = {}

    def name(self, iri: str) -> str:
        base = str(ID)
        if iri.startswith(base):
            kind, _, rest = iri[len(base) :].partition("/")
            if kind == "passage":
                doc, _, local = rest.rpartition("/")
                prefix = self.passage_prefix.get(doc)
                if prefix and _LOCAL.match(local):
                    self.used[prefix] = f"{base}passage/{doc}/"
                    return f"{prefix}:{local}"
            elif _LOCAL.match(kind) and rest and _LOCAL.match(rest):
                self.used[kind] = f"{base}{kind}/"
                return f"{kind}:{rest}"
            return f"<{iri}>"
        for prefix, ns in sorted(self.standard.items(), key=lambda pn: -len(pn[1])):
            if iri.startswith(ns) and _LOCAL.match(iri[len(ns) :]):
                self.used[prefix] = ns
                return f"{prefix}:{iri[len(ns) :]}"
        return f"<{iri}>"

    def lines(self) -> list[str]:
        standard = [p for p in _STANDARD if p in self.used]
        passages = sorted(p for p in self.used if p in self.passage_prefix.values())
        kinds = sorted(p for p in self.used if p not in standard and p not in passages)
        names = standard + kinds + passages
        width = max((len(n) for n in names), default=0) + 2
        return [f"@prefix {(n + ':'):<{width}}<{self.used[n]}> ." for n in names]


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def term(node: Node, prefixes: _Prefixes) -> str:
    """One term in Turtle: a prefixed name where one fits, a literal with its tag or type."""
    if isinstance(node, URIRef):
        return prefixes.name(str(node))
    if isinstance(node, Literal):
        text = f'"{_escape(str(node))}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and str(node.datatype) != str(XSD.string):
            return f"{text}^^{prefixes.name(str(node.datatype))}"
        return text
    raise ValueError(f"blank nodes are not written in curated files: {node!r}")


def object_key(node: Node) -> tuple[int, int, str, str]:
    if isinstance(node, Literal):
        lang = node.language or ""
        return (1, _LANG_ORDER.get(lang, 2), lang, str(node))
    return (0, 0, "", str(node))


_PREDICATE_ORDER = {c.predicate: i for i, c in reversed(list(enumerate(model.COLUMNS)))}


def _predicate_key(p: Node) -> tuple[int, str]:
    return (_PREDICATE_ORDER.get(p, len(_PREDICATE_ORDER)), str(p))  # type: ignore[call-overload]


def _property_lines(pred: str, objects: list[str], end: str) -> list[str]:
    """``    pred o1 , o2 ;`` filled to WIDTH, continued on lines indented by eight."""
    lines: list[str] = []
    current = f"    {pred}"
    fresh = False
    for i, obj in enumerate(objects):
        add = (" " if i == 0 else " , ") + obj
        if not fresh and len(current) + len(add) + 2 > WIDTH:
            lines.append(current + ("" if i == 0 else " ,"))
            current = f"        {obj}"
        else:
            current += add
        fresh = False
    lines.append(current + end)
    return lines


def _node(subject: Node, triples: list[Triple], prefixes: _Prefixes) -> list[str]:
    by_predicate: dict[Node, list[Node]] = defaultdict(list)
    for _, p, o in triples:
        by_predicate[p].append(o)
    types = sorted(by_predicate.pop(RDF.type, []), key=object_key)
    head = term(subject, prefixes)
    if types:
        head += " a " + " , ".join(term(t, prefixes) for t in types)
    predicates = sorted(by_predicate, key=_predicate_key)
    if not predicates:
        return [head + " ."]
    lines = [head + " ;"]
    for n, p in enumerate(predicates):
        objects = [term(o, prefixes) for o in sorted(by_predicate[p], key=object_key)]
        end = " ." if n == len(predicates) - 1 else " ;"
        lines += _property_lines(term(p, prefixes), objects, end)
    return lines


def _statement(subject: Node, triples: list[Triple], prefixes: _Prefixes) -> list[str]:
    """An evidence node in the fixed two-line form of the curated files."""
    by_predicate: dict[Node, list[Node]] = defaultdict(list)
    for _, p, o in triples:
        by_predicate[p].append(o)

    def part(p: Node) -> str:
        objects = sorted(by_predicate.pop(p), key=object_key)
        return f"{term(p, prefixes)} " + " , ".join(term(o, prefixes) for o in objects)

    by_predicate.pop(RDF.type, None)
    first = [part(p) for p in (RDF.subject, RDF.predicate, RDF.object) if p in by_predicate]
    second = [part(p) for p in (EKG.support, EKG.statedIn, EKG.takenFrom) if p in by_predicate]
    rest = [part(p) for p in sorted(by_predicate, key=str)]
    lines = [f"{term(subject, prefixes)} a {term(RDF.Statement, prefixes)} ;"]
    body = [" ; ".join(first), " ; ".join(second + rest)]
    body = [b for b in body if b]
    for n, b in enumerate(body):
        lines.append(f"    {b}" + (" ." if n == len(body) - 1 else " ;"))
    return lines


def _section_of(types: Iterable[Node]) -> int:
    order = {str(EKG[k.name]): i for i, k in enumerate(model.KINDS)}
    found = [order[str(t)] for t in types if str(t) in order]
    return min(found) if found else len(order)


def write(
    triples: Iterable[Triple],
    text: FileText,
    comments: Mapping[str, list[str]],
) -> str:
    """The canonical Turtle of one curated file."""
    by_subject: dict[Node, list[Triple]] = defaultdict(list)
    for t in triples:
        by_subject[t[0]].append(t)
    statements = sorted(
        (s for s, ts in by_subject.items() if (s, RDF.type, RDF.Statement) in ts), key=str
    )
    things = [s for s in by_subject if s not in set(statements)]
    documents = sorted(
        {
            str(o).rsplit("/", 2)[-2]
            for ts in by_subject.values()
            for _, _, o in ts
            if isinstance(o, URIRef) and str(o).startswith(f"{ID}passage/")
        }
    )
    passage_prefix = {d: "psg" if len(documents) == 1 else f"psg-{d}" for d in documents}
    prefixes = _Prefixes({p: PREFIXES[p] for p in _STANDARD}, passage_prefix)

    sections: dict[int, list[Node]] = defaultdict(list)
    for s in things:
        sections[_section_of(o for _, p, o in by_subject[s] if p == RDF.type)].append(s)
    chunks: list[list[str]] = []
    for index in sorted(sections):
        title = model.KINDS[index].section if index < len(model.KINDS) else "Other things"
        chunks.append([BANNER, f"# {title}", BANNER])
        for s in sorted(sections[index], key=str):
            chunks.append(
                comment_lines(comments.get(str(s), [])) + _node(s, by_subject[s], prefixes)
            )
    if statements:
        chunks.append([BANNER, *comment_lines(text.evidence or DEFAULT_EVIDENCE), BANNER])
        for s in statements:
            chunks.append(
                comment_lines(comments.get(str(s), [])) + _statement(s, by_subject[s], prefixes)
            )
    head = comment_lines(text.header) + prefixes.lines()
    return "\n\n".join("\n".join(c) for c in [head, *chunks]) + "\n"
