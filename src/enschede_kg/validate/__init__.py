"""Validation: SHACL shapes plus the ``queries/checks/*-violation.rq`` queries.

One entry point, ``validate``, returning a report whose ``conforms`` decides the exit code of
``enschede-kg validate`` (0 conforms, 1 does not, 2 error).

The shapes describe the curated data, so pySHACL sees the curated graphs only: the imported context
graphs (tens of thousands of Wikidata links, ``enschede-kg import``) are checked by the
``*-violation.rq`` queries on Oxigraph, which take milliseconds where pySHACL on rdflib would take
seconds.

A shape whose pySHACL evaluation grows faster than the data has a twin query that the build runs
instead (``QUERY_TWINS``): the shape stays in ``shapes.ttl`` for every other SHACL tool, and
``tests/test_doors.py`` shows on the shape's fixtures that both flag the same resources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from enschede_kg import queries
from enschede_kg.config import Inputs
from enschede_kg.graph import curated_quads
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import EKGSH, RDF, RDFS, SH

#: Shapes deactivated for pySHACL because a ``queries/checks`` query checks the same rule:
#: ekgsh:Statement-support is an sh:or of four branches, and pySHACL evaluates every branch for
#: every statement and builds a full result for each failing one (3.4 s of a 20 s build at 10x,
#: for 3,356 statements); its twin takes 35 ms.
QUERY_TWINS = {EKGSH["Statement-support"]: "statement-support-violation"}


@dataclass(frozen=True)
class Violation:
    """One thing wrong, said so that an editor can find and fix it."""

    focus: str
    label: str
    path: str
    message: str
    severity: str
    shape: str
    #: the shape's Dutch message, where it has one (the sheet import speaks Dutch too)
    message_nl: str = ""

    def line(self, lang: str = "en") -> str:
        where = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        path = f" {self.path}:" if self.path else ":"
        message = (self.message_nl or self.message) if lang == "nl" else self.message
        return f"[{self.severity}] {where}{path} {message} ({self.shape})"


@dataclass
class Report:
    """The outcome of validation; warnings do not break conformance."""

    violations: list[Violation] = field(default_factory=list)

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.errors

    def text(self, lang: str = "en") -> str:
        """The report for a person: each violation on a line, in English or Dutch."""
        errors, warnings = len(self.errors), len(self.violations) - len(self.errors)
        if not self.violations:
            return {"en": "conforms: no violations\n", "nl": "in orde: geen fouten\n"}[lang]
        head = {
            "en": f"{errors} violation(s), {warnings} warning(s)",
            "nl": f"{errors} fout(en), {warnings} waarschuwing(en)",
        }[lang]
        return (
            head
            + "\n"
            + "\n".join(
                v.line(lang)
                for v in sorted(
                    self.violations, key=lambda v: (v.severity != "Violation", v.label, v.path)
                )
            )
            + "\n"
        )


def _label(g: Graph, node: Node) -> str:
    labels = {getattr(o, "language", None): str(o) for o in g.objects(node, RDFS.label)}
    return labels.get("en") or labels.get("nl") or next(iter(labels.values()), "")


def _short(term: Node | None) -> str:
    if term is None:
        return ""
    value = str(term)
    return value.rsplit("#", 1)[-1] if "#" in value else value.rsplit("/", 1)[-1]


def _message(g: Graph, result: Node, lang: str = "en") -> str:
    msgs = {getattr(m, "language", None): str(m) for m in g.objects(result, SH.resultMessage)}
    return msgs.get(lang) or msgs.get("en") or msgs.get(None) or next(iter(msgs.values()), "")


def shacl(data: Graph, shapes: Graph, *, advanced: bool = True) -> list[Violation]:
    """Run pySHACL (no inference; the ontology is part of the data graph for subclass targets).

    ``advanced`` evaluates SHACL-AF features such as SPARQL-based targets; ``validate`` turns
    it off because the project's only ones (ekgsh:any-*) take seconds each on rdflib and are
    checked by their twin ``*-violation.rq`` queries on Oxigraph instead.
    """
    _conforms, report, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=advanced,
    )
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        severity = report.value(result, SH.resultSeverity)
        shape = report.value(result, SH.sourceShape)
        out.append(
            Violation(
                focus=str(focus),
                label=_label(data, focus) if focus is not None else "",
                path=_short(path) if isinstance(path, URIRef) else "",
                message=_message(report, result),
                severity=_short(severity) or "Violation",
                shape=_short(shape) if isinstance(shape, URIRef) else "shape",
                message_nl=_message(report, result, "nl"),
            )
        )
    return out


def run_checks(store: ox.Store, inputs: Inputs) -> list[Violation]:
    """Each row of a ``*-violation.rq`` query is a violation."""
    out = []
    for check in queries.checks(inputs.queries / "checks"):
        result = queries.run(store, check)
        for row in result.rows:
            node = row.get("node")
            msg = row.get("message")
            msg_nl = row.get("message_nl")
            label = row.get("label")
            out.append(
                Violation(
                    focus=node.value if node is not None else "",
                    label=label.value if isinstance(label, ox.Literal) else "",
                    path="",
                    message=msg.value if msg is not None else check.summary,
                    severity="Violation",
                    shape=check.name,
                    message_nl=msg_nl.value if msg_nl is not None else "",
                )
            )
    return out


def validate(store: ox.Store, inputs: Inputs | None = None) -> Report:
    """Validate the assembled graph against the shapes and the violation checks."""
    inputs = inputs or Inputs()
    data = rdfio.quads_to_graph(curated_quads(store))
    shapes = Graph()
    for q in rdfio.parse_file(inputs.shapes):
        shapes.add(
            (rdfio.to_rdflib(q.subject), rdfio.to_rdflib(q.predicate), rdfio.to_rdflib(q.object))
        )
    for shape in QUERY_TWINS:
        shapes.add((shape, SH.deactivated, Literal(True)))
    violations = shacl(data, shapes, advanced=False) + run_checks(store, inputs)
    return Report(violations)


def validate_file(path: Path, inputs: Inputs | None = None) -> Report:
    """Validate a written dump (TriG, N-Triples, Turtle, JSON-LD, RDF/XML, by its extension).

    The check of what was published, not of what the build held in memory. In a TriG dump the
    imported context graphs are left to the violation queries, as in ``validate``; a
    triples-only dump has no graphs to tell them apart, so the shapes see everything.
    Raises LoadError (file, line) when the file does not parse.
    """
    store = ox.Store()
    store.extend(rdfio.parse_file(path))
    return validate(store, inputs)


__all__ = ["Report", "Violation", "validate", "validate_file"]
