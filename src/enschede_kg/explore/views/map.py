"""The map view's server side: the vendored map libraries (d3-geo with d3-array, topojson-client)
and the Natural Earth country shapes (world-atlas), each from its npm package with its licence,
inlined into the page so that the base map draws with no request.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from enschede_kg.explore.assets import ExplorerError, read_asset
from enschede_kg.lod import geo

VENDOR: Final = Path(__file__).resolve().parent.parent / "vendor"
#: The map's scripts in the order they must run (d3-geo needs d3-array).
SCRIPTS: Final = (
    ("d3-array", "d3-array.min.js"),
    ("d3-geo", "d3-geo.min.js"),
    ("topojson-client", "topojson-client.min.js"),
)


def manifest() -> dict[str, dict[str, Any]]:
    """``vendor/vendor.json``: name → version, licence and files of each vendored package."""
    try:
        value: dict[str, dict[str, Any]] = json.loads(read_asset(VENDOR / "vendor.json"))
    except json.JSONDecodeError as e:
        raise ExplorerError(
            f"{VENDOR / 'vendor.json'}: not JSON ({e}); reinstall enschede-kg"
        ) from None
    return value


def scripts() -> list[str]:
    """The map libraries' scripts, as shipped in their npm packages."""
    return [read_asset(VENDOR / name / file) for name, file in SCRIPTS]


def world() -> Any:
    """The Natural Earth 1:110m countries as TopoJSON (world-atlas, shared with the pages)."""
    return geo.world()


def licences() -> list[dict[str, str]]:
    """Every vendored package's name, version and licence texts, shown in the page's footer."""
    out = []
    for name, info in manifest().items():
        folder = (VENDOR / info.get("path", name)).resolve()
        texts = [
            read_asset(folder / f) for f in info["files"] if f == "LICENSE" or f.endswith(".txt")
        ]
        out.append(
            {
                "name": name,
                "version": str(info["version"]),
                "licence": str(info["licence"]),
                "text": "\n\n".join(texts),
            }
        )
    return out
