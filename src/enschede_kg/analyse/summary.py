"""A short, human summary of the graph: what the main job prints after a build."""

from __future__ import annotations

import pyoxigraph as ox

from enschede_kg import queries
from enschede_kg.build import metadata
from enschede_kg.config import Inputs
from enschede_kg.rdf.namespaces import EKG


def summarise(store: ox.Store, inputs: Inputs | None = None, lang: str = "en") -> str:
    """Counts per class of our ontology and the partner cities, in Dutch or English."""
    inputs = inputs or Inputs()
    classes = queries.run(store, queries.named("meta", "class-partitions", inputs.queries)).rows
    partners = queries.run(store, queries.named("meta", "summary-partners", inputs.queries)).rows
    total = metadata.total_triples(store, inputs)
    head = {"en": f"enschede-kg: {total} triples", "nl": f"enschede-kg: {total} tripels"}[lang]
    lines = [head, ""]
    ns = str(EKG)
    for row in classes:
        cls = row["class"]
        if cls is None or not cls.value.startswith(ns):
            continue
        label = row.get(f"label_{lang}")
        lines.append(f"  {(label.value if label else cls.value):<32} {row['entities'].value:>5}")  # type: ignore[union-attr]
    lines += [
        "",
        {
            "en": "Partner and friendly cities of Enschede:",
            "nl": "Partnersteden en bevriende steden van Enschede:",
        }[lang],
    ]
    for row in partners:
        name, ties = row[f"city_{lang}"], row[f"statuses_{lang}"]
        lines.append(f"  {name.value:<20} {ties.value}")  # type: ignore[union-attr]
    return "\n".join(lines) + "\n"
