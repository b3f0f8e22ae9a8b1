"""The explorer's parts each on their own: the rows of its queries, the network view's lists and
script, and the joined page script."""

from __future__ import annotations

import pyoxigraph as ox

from enschede_kg.config import Inputs
from enschede_kg.explore import assets, rows
from enschede_kg.explore.data import explorer_data
from enschede_kg.explore.views import network
from enschede_kg.rdf.namespaces import ID, WD


def test_local_ids_are_short_and_stable() -> None:
    assert rows.local_id(str(ID) + "city/dalian") == "city/dalian"
    assert rows.local_id(str(WD) + "Q37333") == "wd:Q37333"
    assert rows.local_id("urn:x") == "urn:x"


def test_labels_fall_back_to_the_other_language_then_the_iri() -> None:
    labels = rows.Labels([{"thing": "urn:a", "label_nl": None, "label": None, "label_en": "A"}])
    assert labels.both("urn:a") == {"nl": "A", "en": "A"}
    assert labels.label("https://x.org/y/zee", "nl") == "zee"
    assert labels.comment("urn:a") is None


def test_queries_read_the_curated_graphs_only(store: ox.Store) -> None:
    q = rows.Queries(store, Inputs())
    found = {r["node"] for r in q.rows("nodes")}
    assert str(ID) + "city/dalian" in found
    assert not any(str(n).startswith(str(WD)) for n in found), "no snapshot item is a node"


def test_network_view_has_one_item_per_node_and_edge(store: ox.Store) -> None:
    data = explorer_data(store)
    nodes, edges, options = network.vis_lists(data, "en")
    assert [n["id"] for n in nodes] == [n["id"] for n in data["nodes"]]
    assert [e["id"] for e in edges] == [e["id"] for e in data["edges"]]
    assert {n["group"] for n in nodes} <= set(options["groups"])
    assert options["physics"] == {"enabled": False}, "the layout is computed, never simulated"
    dalian = next(n for n in nodes if n["id"] == "city/dalian")
    assert dalian["label"] == "Dalian" and (dalian["x"], dalian["y"]) != (0.0, 0.0)
    assert network.vis_more(data, "en") is None


def test_vis_script_is_inlined_without_a_source_map() -> None:
    js = network.vis_script()
    assert "sourceMappingURL" not in js and "vis.Network" not in js[:10] and len(js) > 100_000


def test_page_script_joins_every_part_in_one_scope() -> None:
    js = assets.app_script()
    for name in assets.SCRIPTS:
        first = (assets.TEMPLATES / "js" / f"{name}.js").read_text(encoding="utf-8").splitlines()[0]
        assert first in js, name
    assert js.count("(function () {") == 1 and js.rstrip().endswith("})();")
    order = [js.index(s) for s in ("const state = {", "function renderPanel", "function setLang")]
    assert order == sorted(order)
