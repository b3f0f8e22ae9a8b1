"""enschede-kg: the linked-open-data knowledge graph of Enschede's international relationships."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

#: The repository root; the package runs from a checkout (editable install) and finds its
#: ontology, data and queries there.
ROOT = Path(__file__).resolve().parents[2]
