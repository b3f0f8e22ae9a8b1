"""The embedded store (Oxigraph, in memory) that queries run on.

Oxigraph parses TriG about ten times faster than rdflib and answers SPARQL far faster, so the
query path never goes through rdflib. The store is filled from the build's TriG dump when that is
up to date, and otherwise assembled from the sources in memory.

The build and the loader are imported only when a build or an assembly is needed: reading a
fresh dump, which is all ``enschede-kg query`` does, must not pay for importing them (and rdflib
with them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from enschede_kg import config
from enschede_kg.config import Inputs
from enschede_kg.errors import LoadError


def dump_path(build_dir: Path | None = None) -> Path:
    """The TriG dump of a build (default: the active project's build directory)."""
    return (build_dir or config.default_build_dir()) / f"{config.DUMP_NAME}.trig"


def is_fresh(build_dir: Path | None = None, inputs: Inputs | None = None) -> bool:
    """True when the TriG dump exists and is newer than every input file."""
    dump = dump_path(build_dir)
    if not dump.exists():
        return False
    newest = max(
        (p.stat().st_mtime for p in (inputs or Inputs()).all_paths() if p.exists()), default=0.0
    )
    return dump.stat().st_mtime >= newest


def ensure_built(
    build_dir: Path | None = None,
    inputs: Inputs | None = None,
    *,
    on_build: Callable[[Path], None] | None = None,
) -> bool:
    """Build into ``build_dir`` when it is missing or stale; True when it built.

    Commands that serve or publish the build call this, so that what they hand out is never older
    than the inputs. Raises what ``build.build`` raises (the previous build then stays intact).
    """
    build_dir = build_dir or config.default_build_dir()
    if is_fresh(build_dir, inputs):
        return False
    if on_build is not None:
        on_build(build_dir)
    from enschede_kg import build

    build.build(build_dir, inputs)
    return True


def from_dump(path: Path) -> ox.Store:
    """A store holding a built TriG dump; LoadError when the file is missing or broken."""
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    except (OSError, SyntaxError) as e:
        raise LoadError(
            path, f"cannot load the built graph: {e}; run 'enschede-kg build'"
        ) from None
    return store


def open_store(build_dir: Path | None = None, inputs: Inputs | None = None) -> tuple[ox.Store, str]:
    """The store to query, and where it came from ('build' or 'sources')."""
    if is_fresh(build_dir, inputs):
        return from_dump(dump_path(build_dir)), "build"
    from enschede_kg import graph

    return graph.assemble(inputs), "sources"
