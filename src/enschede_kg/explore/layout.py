"""Positions on the canvas, computed once in Python so that the browser only draws: a radial layout
around Enschede, relaxed by a spring layout for small graphs, labels pushed apart."""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any, Final

import networkx as nx

#: Up to this many nodes the radial layout is refined by a spring layout (quadratic per step);
#: larger graphs keep the radial layout, so that generation stays linear in the graph's size.
SPRING_LIMIT: Final = 400
#: Typical edge length on screen, in vis-network's canvas units (pixels at zoom 1).
EDGE_LENGTH: Final = 170.0
#: Distance between the rings of the radial layout of large graphs, in canvas units.
RING_GAP: Final = 140.0


def node_size(degree: int) -> float:
    """Radius on screen: grows with the number of relations, slower than linearly."""
    return round(8 + 4.5 * math.sqrt(degree), 1)


#: Labels wrap at this width (pixels) on the canvas.
LABEL_WIDTH: Final = 150


def label_box(n: dict[str, Any]) -> tuple[float, float, float]:
    """Half width, half height and vertical offset of the box around a node and the label under
    it, in pixels (estimated from the longer of its two labels at 7.5 pixels a character)."""
    chars = max(len(n["label"]["nl"]), len(n["label"]["en"]))
    width = min(chars * 7.5, LABEL_WIDTH)
    lines = math.ceil(chars * 8.5 / LABEL_WIDTH)
    size = node_size(n["degree"])
    label = 4.0 + 16.0 * lines
    return max(size, width / 2), size + label / 2, label / 2


def layout(
    nodes: list[str],
    edges: list[tuple[str, str]],
    centre: str | None,
    *,
    key: dict[str, tuple[Any, ...]] | None = None,
    boxes: dict[str, tuple[float, float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions on the canvas, computed once so that the browser need not simulate physics.

    A radial layout (linear: breadth-first rings around the centre, each subtree given an angle
    in proportion to its size) puts Enschede in the middle and its direct partners on the first
    ring. Graphs of up to ``SPRING_LIMIT`` nodes are then relaxed by networkx's spring layout
    with the centre held fixed, which untangles the rings, and nodes whose ``boxes`` (half width,
    half height and vertical offset of node and label, in pixels) overlap are pushed apart.
    Larger graphs keep the radial layout, so that laying out stays linear in the graph's size.
    """
    if not nodes:
        return {}
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a, b in edges if a != b)
    order = key or {n: (n,) for n in nodes}
    pos = _radial(g, centre, lambda n: order[n])
    if len(nodes) > SPRING_LIMIT:
        # Rings one RING_GAP apart, neighbours on a ring at least 0.35 of that.
        return {n: (round(x * RING_GAP, 1), round(y * RING_GAP, 1)) for n, (x, y) in pos.items()}
    if len(nodes) > 2:
        outer = max(math.hypot(x, y) for x, y in pos.values()) or 1.0
        fixed = [centre] if centre is not None else None
        relaxed = nx.spring_layout(
            g,
            pos={n: (x / outer, y / outer) for n, (x, y) in pos.items()},
            fixed=fixed,
            iterations=150,
            seed=2017,
            k=3.0 / math.sqrt(len(nodes)),
        )
        pos = {n: (float(x), float(y)) for n, (x, y) in relaxed.items()}
    lengths = sorted(d for a, b in g.edges() if (d := math.dist(pos[a], pos[b])) > 0)
    scale = EDGE_LENGTH / (lengths[len(lengths) // 2] if lengths else 1.0)
    cx, cy = pos[centre] if centre is not None else (0.0, 0.0)
    placed = {n: ((x - cx) * scale, (y - cy) * scale) for n, (x, y) in pos.items()}
    if boxes:
        placed = _spread(placed, boxes, centre)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in placed.items()}


def _spread(
    pos: dict[str, tuple[float, float]],
    boxes: dict[str, tuple[float, float, float]],
    centre: str | None,
    *,
    rounds: int = 300,
    gap: float = 10.0,
) -> dict[str, tuple[float, float]]:
    """Push apart nodes whose boxes overlap, each pair along the axis where it overlaps least,
    until none does (quadratic: only for graphs of up to SPRING_LIMIT nodes)."""
    import numpy as np

    ids = list(pos)
    xy = np.array([pos[n] for n in ids], dtype=float)
    box = np.array([boxes.get(n, (20.0, 20.0, 0.0)) for n in ids], dtype=float)
    half, shift = box[:, :2], box[:, 2]
    pinned = np.array([n == centre for n in ids])
    # A tiny, fixed offset breaks ties between nodes on the same spot.
    tie = np.arange(len(ids), dtype=float) * 1e-3
    for _ in range(rounds):
        dx = (xy[:, 0] + tie)[:, None] - (xy[:, 0] + tie)[None, :]
        dy = (xy[:, 1] + shift + tie)[:, None] - (xy[:, 1] + shift + tie)[None, :]
        ox = half[:, 0][:, None] + half[:, 0][None, :] + gap - np.abs(dx)
        oy = half[:, 1][:, None] + half[:, 1][None, :] + gap - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        along_x = hit & (ox < oy)
        along_y = hit & ~(ox < oy)
        mx = np.where(along_x, np.sign(dx) * ox, 0.0).sum(axis=1) * 0.25
        my = np.where(along_y, np.sign(dy) * oy, 0.0).sum(axis=1) * 0.25
        mx[pinned] = 0.0
        my[pinned] = 0.0
        xy[:, 0] += mx
        xy[:, 1] += my
    return {n: (float(x), float(y)) for n, (x, y) in zip(ids, xy, strict=True)}


def _radial(
    g: Any, centre: str | None, key: Callable[[str], tuple[Any, ...]]
) -> dict[str, tuple[float, float]]:
    """Breadth-first rings around the centre, one unit apart and wide enough that neighbours on
    a ring are at least 0.35 units apart; other components hang from the centre too."""
    children: dict[str | None, list[str]] = defaultdict(list)
    depth: dict[str, int] = {}
    order: list[str] = []
    roots = [centre] if centre is not None else []
    others = sorted((n for n in g.nodes if n != centre), key=key)
    for start in [*roots, *others]:
        if start in depth:
            continue
        parent = None if start == centre or centre is None else centre
        depth[start] = 0 if parent is None and start == centre else 1
        children[parent].append(start)
        queue = deque([start])
        while queue:
            u = queue.popleft()
            order.append(u)
            for v in sorted(g.neighbors(u), key=key):
                if v not in depth:
                    depth[v] = depth[u] + 1
                    children[u].append(v)
                    queue.append(v)
    weight: dict[str, int] = {}
    for u in reversed(order):
        weight[u] = max(1, sum(weight[c] for c in children[u]))
    ring: dict[int, int] = defaultdict(int)
    for u in order:
        ring[depth[u]] += 1
    radius = {0: 0.0}
    for d in range(1, max(ring) + 1):
        radius[d] = max(radius[d - 1] + 1.0, ring[d] * 0.35 / (2 * math.pi))
    angle: dict[str, tuple[float, float]] = {}
    tops = children[None]
    total = sum(weight[t] for t in tops) or 1
    lo = 0.0
    for t in tops:
        span = 2 * math.pi * weight[t] / total
        angle[t] = (lo, lo + span)
        lo += span
    pos: dict[str, tuple[float, float]] = {}
    for u in order:
        a, b = angle[u]
        r = radius[depth[u]]
        mid = (a + b) / 2
        pos[u] = (r * math.cos(mid), r * math.sin(mid))
        kids = children[u]
        total = sum(weight[c] for c in kids) or 1
        lo = a
        for c in kids:
            span = (b - a) * weight[c] / total
            angle[c] = (lo, lo + span)
            lo += span
    return pos
