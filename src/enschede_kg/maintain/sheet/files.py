"""The curated Turtle files as one graph, with what each file keeps besides its triples.

``read`` parses every file strictly (the loader's parser, file and line on an error) and keeps
which file each node lives in, its comments and each file's header; ``render`` writes them back
with the one canonical writer, one file per kind as before, each node in its file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from enschede_kg.maintain.sheet import turtle
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import RDF


@dataclass
class Curated:
    """The curated graph and how it is laid out in files."""

    graph: Graph = field(default_factory=Graph)
    #: each subject's file, relative to data/curated (``partnerships.ttl``, ``sources/x.ttl``)
    file_of: dict[Node, str] = field(default_factory=dict)
    texts: dict[str, turtle.FileText] = field(default_factory=dict)
    comments: dict[str, list[str]] = field(default_factory=dict)


def curated_files(folder: Path) -> list[Path]:
    """The Turtle files the build loads from data/curated (the loader's own selection)."""
    return sorted(
        p
        for p in folder.rglob("*.ttl")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def read(folder: Path) -> Curated:
    """Every curated file; LoadError naming file and line for one that does not parse."""
    out = Curated()
    for path in curated_files(folder):
        name = path.relative_to(folder).as_posix()
        for q in rdfio.parse_file(path):
            s, p, o = (
                rdfio.to_rdflib(q.subject),
                rdfio.to_rdflib(q.predicate),
                rdfio.to_rdflib(q.object),
            )
            out.graph.add((s, p, o))
            out.file_of.setdefault(s, name)
        found = turtle.read_comments(path.read_text(encoding="utf-8"))
        out.texts[name] = found.text
        out.comments.update(found.nodes)
    return out


def file_of_statement(curated: Curated, statement: Node) -> str:
    """An evidence node is written in the file of the node it is about."""
    subject = curated.graph.value(statement, RDF.subject)
    return curated.file_of.get(subject, curated.file_of.get(statement, ""))  # type: ignore[arg-type]


def render(curated: Curated) -> dict[str, str]:
    """The canonical text of every file, by its name relative to data/curated."""
    by_file: dict[str, list[tuple[Node, Node, Node]]] = defaultdict(list)
    for s, p, o in curated.graph:
        is_statement = (s, RDF.type, RDF.Statement) in curated.graph
        name = file_of_statement(curated, s) if is_statement else curated.file_of[s]
        by_file[name].append((s, p, o))
    return {
        name: turtle.write(
            by_file[name], curated.texts.get(name, turtle.FileText()), curated.comments
        )
        for name in sorted(by_file)
    }


__all__ = ["Curated", "curated_files", "read", "render"]
