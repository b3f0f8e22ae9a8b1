"""One spelling of every IRI: ``names`` (plain strings, for the query path) and ``namespaces``
(rdflib objects, for the code that builds graphs) cannot drift apart, and ``names`` stays free of
rdflib so that ``enschede-kg query`` does not pay for importing it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespaceMeta

from enschede_kg.rdf import iri, names, namespaces

#: Constants of ``names`` that are no IRI of ``namespaces`` (plain values, tables, patterns).
NOT_IRIS = {"ONTOLOGY_VERSION", "PREFIXES", "GRAPHS", "IMPORT_KINDS", "SLUG", "WIKIDATA_SPARQL"}


def _iri_constants() -> list[str]:
    return [
        k
        for k, v in vars(names).items()
        if k.isupper() and not k.startswith("_") and k not in NOT_IRIS and isinstance(v, str)
    ]


@pytest.mark.parametrize("name", _iri_constants())
def test_every_rdflib_namespace_is_its_string(name: str) -> None:
    obj = getattr(namespaces, name)
    assert isinstance(obj, str | Namespace | URIRef | DefinedNamespaceMeta), name
    assert str(obj) == getattr(names, name)


def test_every_iri_of_namespaces_has_its_string() -> None:
    missing = [k for k in namespaces.__all__ if k not in vars(names) and k not in {"CONTEXT_FILE"}]
    assert not missing, f"namespaces.py spells IRIs that names.py does not hold: {missing}"


def test_tables_are_the_same() -> None:
    assert namespaces.PREFIXES == names.PREFIXES
    assert {k: str(v) for k, v in namespaces.GRAPHS.items()} == names.GRAPHS
    assert all(isinstance(v, URIRef) for v in namespaces.GRAPHS.values())
    assert namespaces.IMPORT_KINDS == names.IMPORT_KINDS


def test_graph_names_round_trip_through_both() -> None:
    for name in [*names.GRAPHS, "twinnings/wikidata-p190-2016"]:
        assert names.graph_name(names.graph_iri(name)) == name
        assert iri.graph(name) == URIRef(names.graph_iri(name))
    assert names.graph_name(names.GRAPH + "twinnings/Not A Slug") is None
    assert names.graph_name(names.GRAPH + "elsewhere/x") is None
    with pytest.raises(ValueError, match="unknown import kind"):
        iri.imported_graph("visits", "x")


def test_names_imports_no_rdflib() -> None:
    child = (
        "import json, sys; import enschede_kg.rdf.names, enschede_kg.config, "
        "enschede_kg.queries, enschede_kg.store; print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = {m.split(".")[0] for m in json.loads(done.stdout)}
    assert "rdflib" not in loaded
