"""enschede-kg: the linked-open-data knowledge graph of Enschede's international relationships.

Where the inputs are (a checkout, a copy, or the copy shipped with the package) is decided in
:mod:`enschede_kg.config`; docs/architecture.md shows the stages and what each may import.
"""

from __future__ import annotations

__version__ = "0.1.0"
