"""Load every input into one Oxigraph dataset, a named graph per role, and derive the shortcuts.

The layout of the inputs is the pipeline: ontology/ (vocabulary), data/curated/ (facts),
data/sources/ (documents, turned into passages). Each file parses into its own list of quads and
is merged only when every file has parsed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from enschede_kg import ROOT, queries, rdfio, sources
from enschede_kg.errors import EnschedeKGError, LoadError
from enschede_kg.namespaces import GRAPHS

ONTOLOGY_DIR = ROOT / "ontology"
CURATED_DIR = ROOT / "data" / "curated"


def _ox_graph(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(GRAPHS[name]))


@dataclass(frozen=True)
class Inputs:
    """Where the inputs of a build are; tests point it at copies."""

    ontology: Path = ONTOLOGY_DIR / "enschede-kg.ttl"
    themes: Path = ONTOLOGY_DIR / "themes.ttl"
    shapes: Path = ONTOLOGY_DIR / "shapes.ttl"
    curated: Path = CURATED_DIR
    sources: Path = sources.SOURCES_DIR
    queries: Path = queries.QUERIES_DIR
    extra: tuple[Path, ...] = field(default_factory=tuple)

    @classmethod
    def from_root(cls, root: Path) -> Inputs:
        """The inputs of a project checkout (or a copy of one) at ``root``."""
        return cls(
            ontology=root / "ontology" / "enschede-kg.ttl",
            themes=root / "ontology" / "themes.ttl",
            shapes=root / "ontology" / "shapes.ttl",
            curated=root / "data" / "curated",
            sources=root / "data" / "sources",
            queries=root / "queries",
        )

    def files(self) -> list[tuple[Path, str]]:
        """Every RDF input with the named graph it goes into."""
        out = [(self.ontology, "ontology"), (self.themes, "ontology")]
        curated = sorted(
            p
            for p in self.curated.rglob("*")
            if p.is_file() and not p.name.startswith(".") and p.suffix != ".md"
        )
        for p in curated:
            out.append((p, "provenance" if p.stem == "sources" else "data"))
        out += [(p, "data") for p in self.extra]
        return out

    def all_paths(self) -> list[Path]:
        """Every file the build reads, for staleness checks."""
        paths = [p for p, _ in self.files()] + [self.shapes]
        paths += sorted(self.sources.glob("*.txt"))
        paths += sorted(self.queries.rglob("*.rq"))
        return paths


def load(inputs: Inputs | None = None) -> ox.Store:
    """Parse all inputs strictly and return an in-memory store with the named graphs filled.

    Raises LoadError (file, line, message) for the first bad file; nothing is kept then.
    """
    inputs = inputs or Inputs()
    parsed: list[ox.Quad] = []
    for path, graph in inputs.files():
        if not path.exists():
            raise LoadError(path, "file not found")
        parsed.extend(rdfio.parse_file(path, _ox_graph(graph)))
    prov = _ox_graph("provenance")
    for text_file in sorted(inputs.sources.glob("*.txt")):
        try:
            g = sources.passage_graph(text_file)
        except (OSError, UnicodeDecodeError) as e:
            raise LoadError(text_file, f"cannot read source document: {e}") from None
        parsed.extend(rdfio.graph_to_quads(g, prov))
    store = ox.Store()
    store.extend(parsed)
    return store


def derive(store: ox.Store, inputs: Inputs | None = None) -> int:
    """Add the shortcut links of ``queries/derive/construct-*.rq`` to the data graph.

    Returns the number of triples added.
    """
    inputs = inputs or Inputs()
    data = _ox_graph("data")
    new: set[ox.Quad] = set()
    for q in queries.derivations(inputs.queries / "derive"):
        result = queries.run(store, q)
        if result.kind != "CONSTRUCT":
            raise EnschedeKGError(f"{q.path}: a derivation must be a CONSTRUCT query")
        new.update(ox.Quad(t.subject, t.predicate, t.object, data) for t in result.triples)
    before = len(store)
    store.extend(new)
    return len(store) - before


def assemble(inputs: Inputs | None = None) -> ox.Store:
    """Load and derive: the whole graph, not yet validated."""
    inputs = inputs or Inputs()
    store = load(inputs)
    derive(store, inputs)
    return store


def quads(store: ox.Store, graph: str | None = None) -> Iterable[ox.Quad]:
    """Quads of one named graph, or of all of them."""
    if graph is None:
        return store.quads_for_pattern(None, None, None, None)
    return store.quads_for_pattern(None, None, None, _ox_graph(graph))
