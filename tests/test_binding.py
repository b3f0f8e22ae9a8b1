"""Parameters give the same answers on the embedded store (substitutions) and on a real Oxigraph
server (a VALUES block opening the WHERE group), for every saved query and every parameter set of
its golden file; the block lands where the optimiser joins it first."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import pytest

from enschede_kg import queries, store
from enschede_kg.queries.inline import inline_values, where_group_start

GOLDEN = Path(__file__).resolve().parent / "golden"


def _cases() -> list[tuple[queries.SavedQuery, dict[str, str]]]:
    out = []
    for q in queries.saved_queries():
        path = GOLDEN / f"{q.name}.json"
        sets = json.loads(path.read_text(encoding="utf-8")) if path.exists() else [{}]
        out += [(q, dict(s.get("params", {}))) for s in sets if s.get("params")]
    return out


def _key(row: Mapping[str, object]) -> str:
    return json.dumps({k: None if v is None else str(v) for k, v in row.items()}, sort_keys=True)


@pytest.fixture(scope="module")
def local(built_dir: Path) -> ox.Store:
    return store.from_dump(store.dump_path(built_dir))


@pytest.mark.parametrize(
    ("query", "params"), _cases(), ids=lambda x: x.name if hasattr(x, "name") else ""
)
def test_local_and_remote_binding_agree(
    local: ox.Store, oxigraph_endpoint: str, query: queries.SavedQuery, params: dict[str, str]
) -> None:
    bindings = queries.bind(query, params)
    here = queries.run(local, query, bindings)
    there = queries.run_remote(oxigraph_endpoint, query, bindings)
    assert here.kind == there.kind
    if here.kind == "ASK":
        assert here.boolean == there.boolean
    else:
        assert sorted(map(_key, here.rows)) == sorted(map(_key, there.rows)), params


def test_every_saved_query_with_parameters_gets_the_block_in_its_where_group() -> None:
    for q in queries.saved_queries():
        at = where_group_start(q.text)
        assert at is not None, q.name
        assert q.text[:at].rstrip().upper().endswith("WHERE {"), q.name


def test_the_block_skips_braces_in_strings_comments_and_the_construct_template() -> None:
    text = (
        '# a { comment\nPREFIX ex: <http://e/{x}>\nCONSTRUCT { ?s ex:p "}" } WHERE { ?s ex:q ?o }'
    )
    out = inline_values(text, {"o": ox.Literal("1")})
    assert out.endswith('WHERE { VALUES (?o) { ("1") }\n ?s ex:q ?o }')
    # An IRI with a brace inside stays whole; the template is not touched.
    assert 'CONSTRUCT { ?s ex:p "}" }' in out and "<http://e/{x}>" in out
