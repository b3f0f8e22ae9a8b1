"""One side of a diff: the curated graph of a build, a project folder, a git revision or a year.

Whatever the side, it is read through the same saved queries (``queries/diff/``) of the active
project into plain Python values, so that comparing two sides never depends on where they came
from, and an old revision needs none of today's queries.
"""

from __future__ import annotations

import re
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pyoxigraph as ox

from enschede_kg import config, graph, queries
from enschede_kg import store as store_mod
from enschede_kg.build import DUMP
from enschede_kg.config import Inputs
from enschede_kg.errors import EnschedeKGError, LoadError

_YEAR = re.compile(r"(?:year:)?(\d{4})")
#: The curated inputs a git revision is checked out for.
_PROJECT_PARTS = ("ontology", "data", "queries")


class DiffError(EnschedeKGError):
    """A side of the diff could not be found or read."""


@dataclass(frozen=True)
class Value:
    """A fact's value: an IRI with its labels, or a literal as written (dates keep precision)."""

    value: str
    is_iri: bool
    lang: str = ""
    label_nl: str = ""
    label_en: str = ""

    def show(self, lang: str) -> str:
        """The label in ``lang`` (the other language, then the value, when it has none)."""
        first, second = (
            (self.label_nl, self.label_en)
            if lang == "nl"
            else (
                self.label_en,
                self.label_nl,
            )
        )
        return first or second or self.value


@dataclass(frozen=True)
class Evidence:
    """A source sentence: the passage, its text, its document (labels) and the document's date."""

    passage: str
    text: str
    document: str
    document_nl: str
    document_en: str
    date: str

    @property
    def year(self) -> int | None:
        m = re.match(r"-?\d{4}", self.date)
        return int(m.group(0)) if m else None


@dataclass(frozen=True)
class Item:
    """A thing an advisor follows, of one kind (the ontology class it falls under)."""

    iri: str
    kind: str
    label_nl: str
    label_en: str

    def show(self, lang: str) -> str:
        first, second = (
            (self.label_nl, self.label_en)
            if lang == "nl"
            else (
                self.label_en,
                self.label_nl,
            )
        )
        return first or second or self.iri


#: When an item falls under several kinds, the first of these names it.
KIND_ORDER = (
    "Relationship",
    "StatusPeriod",
    "Agreement",
    "Event",
    "Participation",
    "Post",
    "Person",
    "Organisation",
    "Place",
    "PolicyLine",
    "PolicyAgenda",
)


@dataclass
class Snapshot:
    """The curated facts of one side, keyed by IRI."""

    name: str
    items: dict[str, Item] = field(default_factory=dict)
    facts: dict[str, dict[str, frozenset[Value]]] = field(default_factory=dict)
    properties: dict[str, tuple[str, str]] = field(default_factory=dict)
    evidence: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    #: Evidence of single facts (item, property, value), where the data states it per statement.
    statements: dict[tuple[str, str, str], tuple[Evidence, ...]] = field(default_factory=dict)


def _s(row: dict[str, str | None], key: str) -> str:
    return row.get(key) or ""


def read(store: ox.Store, name: str, inputs: Inputs, year: int | None = None) -> Snapshot:
    """Read a store's curated facts; with ``year``, only what sources dated up to it say."""

    def rows(query: str) -> list[dict[str, str | None]]:
        return queries.run(store, queries.named("diff", query, inputs.queries)).records()

    snap = Snapshot(name)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for r in rows("sources"):
        evidence[_s(r, "item")].append(_evidence(r))
    stated: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    for r in rows("statements"):
        e = _evidence(r)
        if year is None or (e.year or 0) <= year:
            stated[(_s(r, "item"), _s(r, "p"), _s(r, "o"))].append(e)
    snap.statements = {k: tuple(v) for k, v in stated.items()}
    kinds: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for r in rows("items"):
        kinds[_s(r, "item")].append(r)
    for iri, found in kinds.items():
        ev = evidence.get(iri, [])
        if year is not None and ev and all((e.year or 0) > year for e in ev):
            continue
        names = {_s(r, "kind").rsplit("#", 1)[-1] for r in found}
        kind = next(k for k in KIND_ORDER if k in names)
        snap.items[iri] = Item(iri, kind, _s(found[0], "label_nl"), _s(found[0], "label_en"))
        if year is not None:
            ev = [e for e in ev if (e.year or 0) <= year]
        snap.evidence[iri] = tuple(ev)
    facts: dict[str, dict[str, set[Value]]] = defaultdict(lambda: defaultdict(set))
    result = queries.run(store, queries.named("diff", "facts", inputs.queries))
    for row in result.rows:
        item, prop, obj = row["item"], row["p"], row["o"]
        if item is None or prop is None or obj is None or item.value not in snap.items:
            continue
        snap.properties[prop.value] = (_term(row.get("p_nl")), _term(row.get("p_en")))
        lang = (obj.language or "") if isinstance(obj, ox.Literal) else ""
        facts[item.value][prop.value].add(
            Value(
                obj.value,
                isinstance(obj, ox.NamedNode),
                lang,
                _term(row.get("o_nl")),
                _term(row.get("o_en")),
            )
        )
    snap.facts = {i: {p: frozenset(v) for p, v in ps.items()} for i, ps in facts.items()}
    return snap


def _evidence(r: dict[str, str | None]) -> Evidence:
    return Evidence(
        _s(r, "passage"),
        _s(r, "text"),
        _s(r, "document"),
        _s(r, "document_nl"),
        _s(r, "document_en"),
        _s(r, "date"),
    )


def _term(t: object) -> str:
    return t.value if isinstance(t, ox.Literal) else ""


def _git_root(inputs: Inputs) -> Path:
    return inputs.ontology.parent.parent


def _checkout(revision: str, inputs: Inputs, into: Path) -> Path | None:
    """The project inputs of a git revision, extracted into ``into``; None if not a revision."""
    root = _git_root(inputs)
    rev = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if rev.returncode != 0:
        return None
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", rev.stdout.strip(), *_PROJECT_PARTS],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise DiffError(
            f"git revision {revision}: cannot read its project files: "
            f"{archive.stderr.decode(errors='replace').strip()}"
        )
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def open_side(spec: str, inputs: Inputs | None = None) -> Snapshot:
    """A side of the diff by how the user named it (see the module docstring).

    A folder holding ``enschede-kg.trig`` is a build; a folder with ``ontology/`` and
    ``queries/`` a project; ``2017`` or ``year:2017`` the active project's graph as its sources
    up to that year state it; anything else a git revision of the project's checkout.
    Raises DiffError when it is none of these, LoadError when its data does not load.
    """
    inputs = inputs or Inputs()
    path = Path(spec)
    if path.is_dir():
        if (path / f"{DUMP}.trig").is_file():
            return read(store_mod.from_dump(path / f"{DUMP}.trig"), spec, inputs)
        if config.is_project(path):
            return read(graph.assemble(Inputs.from_root(path)), spec, inputs)
        raise DiffError(
            f"{spec}: a folder, but neither a build (no {DUMP}.trig; run 'enschede-kg build "
            f"--out {spec}') nor a project (no ontology/ and queries/)"
        )
    m = _YEAR.fullmatch(spec)
    if m:
        return read(graph.assemble(inputs), spec, inputs, year=int(m.group(1)))
    with tempfile.TemporaryDirectory(prefix="enschede-kg-diff-") as tmp:
        root = _checkout(spec, inputs, Path(tmp))
        if root is None:
            raise DiffError(
                f"{spec!r} is neither a build folder, a project folder, a year (2017) nor a git "
                f"revision of {_git_root(inputs)} / is geen buildmap, projectmap, jaartal of "
                "git-revisie"
            )
        try:
            return read(graph.assemble(Inputs.from_root(root)), spec, inputs)
        except LoadError as e:
            raise DiffError(f"git revision {spec}: its data does not load: {e}") from None
