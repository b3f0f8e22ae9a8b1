"""The network view: vis-network's node and edge lists, options and script (as shipped in pyvis)."""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Final

from enschede_kg.explore.assets import read_asset
from enschede_kg.explore.layout import node_size
from enschede_kg.explore.vocab import CONTEXT_KIND, KINDS, TWINNED_WITH, Kind

#: The vis-network build inside the pyvis package that the page inlines.
VIS_VERSION: Final = "9.1.2"

#: vis-network options: no physics (the layout is computed above), straight edges, keyboard
#: navigation on the focused canvas, tooltips on hover.
VIS_OPTIONS: Final[dict[str, Any]] = {
    "autoResize": True,
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False, "randomSeed": 2017},
    "interaction": {
        "hover": True,
        "tooltipDelay": 150,
        "navigationButtons": False,
        "keyboard": {"enabled": True, "bindToWindow": False},
        "multiselect": False,
        "zoomView": True,
    },
    "nodes": {
        "borderWidth": 1.5,
        "widthConstraint": {"maximum": 150},
        "borderWidthSelected": 3,
        "font": {
            "face": "DejaVu Sans, Liberation Sans, Arial, sans-serif",
            "size": 13,
            "color": "#1A1A1A",
            "strokeWidth": 3,
            "strokeColor": "#FFFFFF",
        },
    },
    "edges": {
        "smooth": False,
        "selectionWidth": 2,
        "hoverWidth": 0.5,
        "font": {
            "face": "DejaVu Sans, Liberation Sans, Arial, sans-serif",
            "size": 13,
            "color": "#4A4A4A",
            "strokeWidth": 3,
            "strokeColor": "#FFFFFF",
            "align": "middle",
        },
    },
}


def vis_lists(data: dict[str, Any], lang: str) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """vis-network's node and edge lists and options, held in a pyvis Network.

    The lists are built directly (linear): pyvis's add_node/add_edge scan every earlier node and
    edge, which is quadratic in the size of the graph. Each kind of node is a vis-network group
    (its shape and colours are stated once, in the options); the page styles each edge from its
    relation, since vis-network has no groups for edges.
    """
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for n in data["nodes"]:
        net.nodes.append(_vis_node(n, lang, data["centre"]))
        net.node_ids.append(n["id"])
    relations = {r["key"]: r for r in data["relations"]}
    parallel: dict[tuple[str, str], int] = defaultdict(int)
    for e in data["edges"]:
        net.edges.append(_vis_edge(e, relations, lang, parallel))
    options = json.loads(json.dumps(VIS_OPTIONS))
    options["groups"] = {k.key: _group(k) for k in (*KINDS, CONTEXT_KIND)}
    net.options = options
    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()
    return nodes, edges, json.loads(options_json)


def _vis_node(n: dict[str, Any], lang: str, centre: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": n["id"],
        "label": n["label"][lang],
        "x": n["x"],
        "y": n["y"],
        "size": node_size(n["degree"]),
        "group": n["kind"],
    }
    if n["kind"] == "theme":
        item["font"] = {"size": round(10 + 1.2 * math.sqrt(n["degree"]), 1)}
    elif n["kind"] == CONTEXT_KIND.key:
        item["font"] = {"color": "#4D4D4D", "size": 12}
    if n["id"] == centre:
        item["font"] = {"size": 18, "bold": True}
        item["borderWidth"] = 3
    return item


def _vis_edge(
    e: dict[str, Any],
    relations: dict[str, dict[str, Any]],
    lang: str,
    parallel: dict[tuple[str, str], int],
) -> dict[str, Any]:
    pair = (min(e["from"], e["to"]), max(e["from"], e["to"]))
    k = parallel[pair]
    parallel[pair] += 1
    item: dict[str, Any] = {
        "id": e["id"],
        "from": e["from"],
        "to": e["to"],
        "label": relations[e["rel"]]["label"][lang],
    }
    if k:
        item["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.25 * k}
    return item


def vis_more(data: dict[str, Any], lang: str) -> dict[str, list[dict[str, Any]]] | None:
    """vis-network items of the further twins of context mode (hidden until asked for)."""
    if not data.get("more"):
        return None
    relations = {r["key"]: r for r in data["relations"]}
    relations.setdefault(
        TWINNED_WITH.key, {"label": {"nl": TWINNED_WITH.nl, "en": TWINNED_WITH.en}}
    )
    parallel: dict[tuple[str, str], int] = defaultdict(int)
    return {
        "nodes": [_vis_node(n, lang, None) for n in data["more"]["nodes"]],
        "edges": [_vis_edge(e, relations, lang, parallel) for e in data["more"]["edges"]],
    }


def _group(kind: Kind) -> dict[str, Any]:
    """vis-network's style of one kind of node: its shape and colours (black when chosen)."""
    chosen = {"background": kind.colour, "border": "#000000"}
    group: dict[str, Any] = {
        "shape": kind.shape,
        "color": {
            "background": kind.colour,
            "border": kind.border,
            "highlight": chosen,
            "hover": chosen,
        },
    }
    if kind is CONTEXT_KIND:
        group["shapeProperties"] = {"borderDashes": [3, 3]}
    if kind.shape == "tag":
        group.update(shape="box", margin=5, shapeProperties={"borderRadius": 10})
    elif kind.shape == "document":
        group["shape"] = "custom"  # drawn by the page (js/network.js: documentShape)
    return group


def vis_script() -> str:
    """vis-network's script as shipped inside the pyvis package.

    Its style sheet is left out: it styles the navigation buttons, the manipulation toolbar and
    the configurator (220 kB, mostly images), none of which the page uses; explorer.css styles
    the tooltip, the one part that is used.
    """
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "lib" / f"vis-{VIS_VERSION}"
    js = read_asset(lib / "vis-network.min.js")
    # The source map is not shipped: drop the comment that would ask for it.
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
