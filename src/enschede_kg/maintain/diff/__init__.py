"""``enschede-kg diff OLD NEW``: what changed for an advisor between two versions of the graph.

A side is a build folder, a project folder, a git revision or a year of the active project's
graph (``snapshot``); the two sides are compared in the advisor's terms (``compare``) and told as
text, Markdown or JSON (``render``).
"""

from __future__ import annotations

from enschede_kg.config import Inputs
from enschede_kg.maintain.diff.compare import SECTIONS, Change, Diff, compare
from enschede_kg.maintain.diff.render import FORMATS, render
from enschede_kg.maintain.diff.snapshot import DiffError, Snapshot, open_side

__all__ = [
    "FORMATS",
    "SECTIONS",
    "Change",
    "Diff",
    "DiffError",
    "Snapshot",
    "compare",
    "diff",
    "open_side",
    "render",
]


def diff(old: str, new: str, inputs: Inputs | None = None) -> Diff:
    """The changes from side ``old`` to side ``new`` (see ``snapshot.open_side``)."""
    inputs = inputs or Inputs()
    return compare(open_side(old, inputs), open_side(new, inputs))
