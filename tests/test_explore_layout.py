"""The explorer's layout: computed once, linear for large graphs."""

from __future__ import annotations

import math

from enschede_kg.explore import layout


def test_large_graphs_keep_the_linear_radial_layout() -> None:
    n = layout.SPRING_LIMIT * 2
    nodes = [f"n{i}" for i in range(n)]
    edges = [(f"n{i // 3}", f"n{i}") for i in range(1, n)] + [("x", "y")]
    pos = layout.layout([*nodes, "x", "y"], edges, "n0")
    assert pos["n0"] == (0.0, 0.0)
    assert len(pos) == n + 2
    ring1 = {round(math.hypot(*pos[f"n{i}"]), 1) for i in (1, 2)}
    assert len(ring1) == 1, "the centre's neighbours share the first ring"


def test_layout_without_a_centre_or_nodes() -> None:
    assert layout.layout([], [], None) == {}
    pos = layout.layout(["a", "b", "c"], [("a", "b")], None)
    assert set(pos) == {"a", "b", "c"}
