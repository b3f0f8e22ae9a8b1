"""The context projection as ``analyze --context`` computed it before ``context-twinnings.rq``:
every twin-city statement of the snapshot read into Python, then the projection's rule.

Kept as the reference that ``tests/test_analytics.py`` compares the store-side projection with
and the baseline that ``benchmarks/context.py`` times it against; one copy for both.
"""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox

from enschede_kg.analyse import analytics


def project_from_whole_snapshot(store: ox.Store) -> analytics.Projection:
    """``analytics.project(store, context=True)`` by reading every statement of the snapshot."""
    plain = analytics.project(store)
    fold: dict[str, list[str]] = {}
    for row in analytics.records(store, "actors", None):
        fold.setdefault(row["node"] or "", []).append(row["actor"] or "")
    ours = {end for t in plain.ties for end in (t.a, t.b)}
    ours |= {actor for e in plain.events for actor in e.credited}
    ties = {(t.via, t.a, t.b): t for t in plain.ties}
    outside: set[str] = set()
    for tw in analytics.twinnings(store):
        for a in fold.get(tw.subject) or [tw.subject]:
            for b in fold.get(tw.object) or [tw.object]:
                if a != b and (a in ours or b in ours):
                    a, b = sorted((a, b))
                    via = tw.source.source or tw.source.graph
                    ties[(via, a, b)] = analytics.Tie(a, b, "twinning", via, None)
                    outside |= {a, b} - ours
    return dataclasses.replace(
        plain, ties=tuple(ties[k] for k in sorted(ties)), context=frozenset(outside)
    )
