"""Benchmark: how much of the curated facts ``suggest`` proposes from the 2017 overview.

Run with ``.venv/bin/python benchmarks/suggest.py`` (``make bench-suggest``). Recall is measured
against ``queries/suggest/gold.rq`` (what the curated data takes from each sentence) for places,
organisations, people, dates and relation kinds, per sentence (the proposal in the same sentence)
and per document (anywhere in it). The named baseline, measured in the same run on the same
store, is the labels-only matcher: our rdfs:labels spelled exactly, dates only with their year
written beside them, relation words only in their dictionary form (no alternative labels, no
Wikidata snapshot names, no plural/compound forms, no "deze zomer"). Time per run is the median
of interleaved runs of both.
"""

from __future__ import annotations

import argparse
import statistics
import time

from enschede_kg import graph
from enschede_kg.config import Inputs
from enschede_kg.maintain.suggest import suggest
from enschede_kg.maintain.suggest.recall import CATEGORIES, Score, measure, total

SOURCE = "enschede-international-2017"
BASELINE = {"alt_labels": False, "wikidata": False, "word_forms": False, "relative_dates": False}


def _pct(s: Score, doc: bool) -> str:
    found, expected = (s.found_doc, s.expected_doc) if doc else (s.found, s.expected)
    return f"{found}/{expected} = {100 * found / expected:.0f}%" if expected else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (interleaved)")
    args = parser.parse_args()
    inputs = Inputs()
    store = graph.assemble(inputs)
    ours = measure(SOURCE, inputs, store=store)
    base = measure(SOURCE, inputs, store=store, **BASELINE)
    times: dict[str, list[float]] = {"ours": [], "baseline": []}
    for _ in range(args.runs):
        for name, flags in (("ours", {}), ("baseline", BASELINE)):
            t = time.perf_counter()
            suggest(SOURCE, inputs, store=store, **flags)
            times[name].append(time.perf_counter() - t)
    print(f"suggest on {SOURCE}: recall against the curated facts (queries/suggest/gold.rq)")
    print(
        f"{'kind':<13} {'ours, sentence':>16} {'ours, document':>16} "
        f"{'labels only, sentence':>22} {'labels only, document':>22}"
    )
    rows = [(c, ours[c], base[c]) for c in CATEGORIES] + [("all", total(ours), total(base))]
    for name, o, b in rows:
        print(
            f"{name:<13} {_pct(o, False):>16} {_pct(o, True):>16} "
            f"{_pct(b, False):>22} {_pct(b, True):>22}"
        )
    t_ours, t_base = statistics.median(times["ours"]), statistics.median(times["baseline"])
    print(
        f"time per run (median of {args.runs}, interleaved): ours {t_ours:.2f} s, "
        f"labels only {t_base:.2f} s, ratio {t_ours / t_base:.2f}"
    )


if __name__ == "__main__":
    main()
