"""A synthetic project N times the size of this one, for benchmarks: same pipeline, bigger graph.

``python benchmarks/synthetic.py DEST [--factor 10]`` writes a project copy to DEST — ``ontology/``
and ``queries/`` as they are, ``data/`` scaled — that ``enschede-kg --project DEST build`` (or
``Inputs.from_root(DEST)``) builds and validates like the real one:

- ``data/curated/``: each curated file parsed and written back as N-Triples holding ``factor``
  copies of its facts. Copy 0 keeps every IRI; copy k renames every resource of ours by a suffix
  on its slug (``id/city/dalian`` -> ``id/city/dalian-k3``, ``id/passage/DOC/p06s2`` ->
  ``id/passage/DOC-k3/p06s2``) and every Wikidata item by an offset (``wd:Q2861`` ->
  ``wd:Q3000002861``). Shared, and described once: the terms of the ontology (themes, seasons),
  the import's dataset records, and Enschede itself, so that Enschede has ``factor`` times the
  partners, events and agreements and the saved queries about it get ``factor`` times the rows.
- ``data/sources/``: the source documents, copy k as ``DOC-k3.nl.txt``, so that each copy's
  passages (``ekg:source``) exist with their exact text.
- ``data/imported/``: the twinnings file(s) with ``factor`` copies of the twin-city network under
  the same renaming, so each copy's reconciliations point to that copy's places.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402

from enschede_kg import sources  # noqa: E402
from enschede_kg.rdf import rdfio  # noqa: E402
from enschede_kg.rdf.namespaces import ID  # noqa: E402

ID_BASE = str(ID)
WD_ITEM = "http://www.wikidata.org/entity/Q"
QID_OFFSET = 1_000_000_000
#: Kinds of ours that stay the same in every copy (one dataset, one import run).
SHARED_KINDS = {"dataset", "import"}
SHARED = {ID_BASE + "city/enschede"}
_RDF_SUBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
_WD = re.compile(r"^http://www\.wikidata\.org/entity/Q([1-9][0-9]*)$")

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def ontology_terms(root: Path) -> set[str]:
    """IRIs of ours that the ontology files define (themes, seasons, schemes): never copied."""
    out: set[str] = set()
    for path in sorted((root / "ontology").glob("*.ttl")):
        for q in rdfio.parse_file(path):
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ID_BASE):
                out.add(q.subject.value)
    return out


def renamer(k: int, shared: set[str]) -> Callable[[Term], Term]:
    """The term mapping of copy ``k`` (the identity for k = 0)."""
    cache: dict[str, ox.NamedNode] = {}

    def iri(value: str) -> str:
        if value in shared:
            return value
        if value.startswith(ID_BASE):
            parts = value[len(ID_BASE) :].split("/")
            if len(parts) < 2 or parts[0] in SHARED_KINDS:
                return value
            parts[1] = f"{parts[1]}-k{k}"
            return ID_BASE + "/".join(parts)
        m = _WD.match(value)
        if m:
            return f"{WD_ITEM}{int(m.group(1)) + k * QID_OFFSET}"
        return value

    def term(t: Term) -> Term:
        if k == 0 or not isinstance(t, ox.NamedNode):
            return t
        node = cache.get(t.value)
        if node is None:
            node = cache[t.value] = ox.NamedNode(iri(t.value))
        return node

    return term


def scaled(quads: Iterable[ox.Quad], factor: int, shared: set[str]) -> list[ox.Triple]:
    """``factor`` renamed copies of some triples; triples about a shared resource come once."""
    base = list(quads)
    # the evidence of a shared resource's own statements is described once, with it
    about_shared = {
        q.subject
        for q in base
        if q.predicate == _RDF_SUBJECT
        and isinstance(q.object, ox.NamedNode)
        and q.object.value in shared
    }
    out: dict[ox.Triple, None] = {}
    for k in range(factor):
        f = renamer(k, shared)
        for q in base:
            if k and isinstance(q.subject, ox.NamedNode) and f(q.subject) == q.subject:
                continue  # described by copy 0 only (Enschede, the dataset records)
            if k and q.subject in about_shared:
                continue
            out[ox.Triple(f(q.subject), f(q.predicate), f(q.object))] = None  # type: ignore[arg-type]
    return list(out)


def write_nt(path: Path, triples: list[ox.Triple]) -> None:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    path.write_bytes(bytes(data))


def write_project(dest: Path, factor: int = 10, root: Path = ROOT) -> Path:
    """Write the scaled project to ``dest`` (which must not exist) and return ``dest``."""
    for part in ("ontology", "queries"):
        shutil.copytree(root / part, dest / part)
    shared = SHARED | ontology_terms(root)
    for sub in ("curated", "sources", "imported"):
        (dest / "data" / sub).mkdir(parents=True)
    for path in sorted((root / "data" / "curated").iterdir()):
        if path.is_file() and not path.name.startswith(".") and path.suffix != ".md":
            triples = scaled(rdfio.parse_file(path), factor, shared)
            write_nt(dest / "data" / "curated" / f"{path.stem}.nt", triples)
    for path in sorted((root / "data" / "sources").glob("*.txt")):
        slug = sources.document_slug(path)
        rest = path.name[len(slug) :]
        for k in range(factor):
            name = path.name if k == 0 else f"{slug}-k{k}{rest}"
            shutil.copyfile(path, dest / "data" / "sources" / name)
    for path in sorted((root / "data" / "imported").glob("*.nt")):
        triples = scaled(rdfio.parse_file(path), factor, shared)
        write_nt(dest / "data" / "imported" / path.name, triples)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="directory to create")
    parser.add_argument("--factor", type=int, default=10, help="copies of the data (default 10)")
    args = parser.parse_args()
    write_project(args.dest, args.factor)
    print(f"wrote {args.dest} ({args.factor}x)")


if __name__ == "__main__":
    main()
