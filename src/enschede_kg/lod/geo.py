"""Offline maps for the resource pages: the Natural Earth countries (world-atlas, vendored from
its npm package with its licence in ``lod/vendor/world-atlas``) decoded from TopoJSON and drawn
around a place as SVG paths, here in Python, so that the page needs no script and asks for
nothing. The explorer's map view draws the same shapes in the browser with d3-geo.

    >>> m = place_map(52.21833, 6.89583)
    >>> "Germany" in [c["name"] for c in m["countries"]]
    True
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any, Final

from enschede_kg.errors import EnschedeKGError

WORLD: Final = Path(__file__).resolve().parent / "vendor" / "world-atlas" / "countries-110m.json"

Ring = list[tuple[float, float]]


@cache
def world() -> Any:
    """The Natural Earth 1:110m countries as TopoJSON."""
    try:
        return json.loads(WORLD.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise EnschedeKGError(
            f"{WORLD}: cannot read the world map ({e}); reinstall enschede-kg"
        ) from None


@cache
def countries() -> tuple[tuple[str, tuple[Ring, ...]], ...]:
    """Each country's name and rings (longitude, latitude), decoded from the TopoJSON arcs
    (quantised, delta-encoded; a negative arc index ~i is arc i reversed)."""
    topo = world()
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        out: Ring = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    result = []
    for g in topo["objects"]["countries"]["geometries"]:
        polygons = [g["arcs"]] if g["type"] == "Polygon" else g.get("arcs", [])
        rings = tuple(ring(r) for polygon in polygons for r in polygon)
        result.append((str(g.get("properties", {}).get("name", "")), rings))
    return tuple(result)


def place_map(
    lat: float, lon: float, *, span: float = 24.0, width: int = 480, height: int = 300
) -> dict[str, Any]:
    """An SVG map of the surroundings of a place: ``span`` degrees of longitude either side,
    equirectangular with the scale of its latitude, the countries that reach into it as paths,
    and the place's position."""
    k = width / (2 * span * math.cos(math.radians(lat)))
    half_lat = height / 2 / k

    def xy(p: tuple[float, float]) -> tuple[float, float]:
        return (
            width / 2 + (p[0] - lon) * k * math.cos(math.radians(lat)),
            height / 2 - (p[1] - lat) * k,
        )

    shapes = []
    for name, rings in countries():
        near = [
            r
            for r in rings
            if any(abs(p[0] - lon) < span * 1.5 and abs(p[1] - lat) < half_lat * 1.5 for p in r)
        ]
        if not near:
            continue
        d = " ".join("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in map(xy, r)) + "Z" for r in near)
        shapes.append({"name": name, "d": d})
    return {"width": width, "height": height, "countries": shapes, "x": width / 2, "y": height / 2}
