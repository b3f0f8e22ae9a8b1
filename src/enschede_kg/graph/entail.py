"""The standard statements the ontology's alignments entail, in a named graph of their own.

The endpoint does no inference, so a client that knows schema.org, PROV, ORG, GeoSPARQL or SKOS
but not ``ekg:`` would find nothing. The build therefore writes what the alignments entail
(``queries/derive/entailments/construct-*.rq``: super-types, super-properties, ``schema:name``,
``skos:exactMatch`` to Wikidata and GeoNames …) into ``graph/entailments``. Keeping them apart
lets a client tell them from the curated facts, or leave them out, and keeps ``validate``'s
statements about the curated graphs unchanged.

The queries see the ontology and the curated facts only: the imported context graphs never add
to our resources, and nothing is entailed from what was entailed (one pass, no fixpoint), which
is enough because each query follows the ontology's hierarchies transitively itself.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from enschede_kg import config, queries
from enschede_kg.errors import EnschedeKGError
from enschede_kg.rdf import iri

#: Where the entailment queries are, below the queries folder of the inputs.
ENTAILMENTS_DIR = ("derive", "entailments")
#: The graphs the entailment queries read.
SOURCES = ("ontology", "data", "provenance")


def entail(store: ox.Store, queries_dir: Path | None = None) -> int:
    """Fill ``graph/entailments`` from the curated graphs; returns the number of triples in it.

    Raises EnschedeKGError when an entailment query is not a CONSTRUCT.
    """
    target = ox.NamedNode(str(iri.graph("entailments")))
    sources = [ox.NamedNode(str(iri.graph(name))) for name in SOURCES]
    new: set[ox.Quad] = set()
    directory = (queries_dir or config.queries_dir()).joinpath(*ENTAILMENTS_DIR)
    for q in queries.derivations(directory):
        result = queries.run(store, q, graphs=sources)
        if result.kind != "CONSTRUCT":
            raise EnschedeKGError(f"{q.path}: an entailment query must be a CONSTRUCT query")
        new.update(
            ox.Quad(t.subject, t.predicate, t.object, target)
            for t in result.triples
            # What a curated graph states already (themes are skos:Concepts) is no entailment:
            # stating it twice would count one triple twice in the dataset.
            if not _stated(store, t, sources)
        )
    store.extend(new)
    return len(new)


def _stated(store: ox.Store, t: ox.Triple, graphs: list[ox.NamedNode]) -> bool:
    return any(
        next(iter(store.quads_for_pattern(t.subject, t.predicate, t.object, g)), None) is not None
        for g in graphs
    )


__all__ = ["ENTAILMENTS_DIR", "entail"]
