"""The analysis put together (:func:`analyze`) and written as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Final

import pyoxigraph as ox

from enschede_kg.analyse.analytics.activity import activity
from enschede_kg.analyse.analytics.measures import communities, components, measure, simple_graph
from enschede_kg.analyse.analytics.projection import Projection, project
from enschede_kg.analyse.analytics.reading import (
    DEFAULT_DORMANT_YEARS,
    AnalyticsError,
    compact,
    latest_year,
)
from enschede_kg.analyse.analytics.wording import TEXT, Analysis, Figure, _plain, figures


def analyze(
    store: ox.Store,
    *,
    year: int | None = None,
    dormant_years: int = DEFAULT_DORMANT_YEARS,
    lang: str = "en",
    queries_dir: Path | None = None,
    projection: Projection | None = None,
    context: bool = False,
) -> Analysis:
    """Measures, communities, components and activity of the partnership network, explained.

    With ``context``, the network includes the twin-city ties of the imported graphs around it
    (see the module rule).
    """
    if lang not in TEXT:
        raise AnalyticsError(f"unknown language {lang!r}; use one of {', '.join(TEXT)}")
    proj = (projection or project(store, queries_dir, context=context)).as_of(year)
    network = proj.partnership_network()
    reference = year if year is not None else latest_year(store, queries_dir)
    measures = measure(network)
    g = simple_graph(network)
    result = Analysis(
        lang=lang,
        year=year,
        reference_year=reference,
        dormant_years=dormant_years,
        actors=sorted(network.nodes),
        labels={n: proj.labels.name(n, lang) for n in network.nodes},
        kinds={n: network.nodes[n]["kind"] for n in network.nodes},
        ties=network.number_of_edges(),
        measures=measures,
        activity=activity(proj, reference, dormant_years, latest_year(store, queries_dir)),
        components=components(g),
        communities=communities(g),
        context=proj.context & set(network.nodes),
        context_ties=sum(1 for t in proj.ties if t.kind == "twinning"),
        tie_labels={t.via: proj.labels.name(t.via, lang) for t in proj.ties},
    )
    return replace(result, figures=figures(result))


# --- output formats ----------------------------------------------------------------------------

FIGURE_COLUMNS: Final = ("node", "label", "measure", "year", "value", "meaning")


def _table(a: Analysis) -> str:
    t = TEXT[a.lang]
    as_of = t["as_of"].format(year=a.year) if a.year is not None else ""
    lines = [
        t["title"].format(
            as_of=as_of, actors=len(a.actors), ties=a.ties, ref=_plain(a.reference_year, a.lang)
        ),
        "",
    ]
    groups: dict[str | None, list[Figure]] = defaultdict(list)
    for f in a.figures:
        groups[f.node].append(f)
    for node, figs in groups.items():
        heading = t["network"] if node is None else f"{a.labels[node]} ({compact(node)})"
        lines += [f"== {heading} =="]
        cells = [
            (f.measure + (f" {f.year}" if f.year is not None else ""), _plain(f.value, a.lang))
            for f in figs
        ]
        w1 = max(len(c[0]) for c in cells)
        w2 = max(len(c[1]) for c in cells)
        lines += [
            f"{m.ljust(w1)}  {v.rjust(w2)}  {f.meaning}"
            for (m, v), f in zip(cells, figs, strict=True)
        ]
        lines.append("")
    return "\n".join(lines)


def _json(a: Analysis) -> str:
    return json.dumps(a.as_dict(), ensure_ascii=False, indent=1) + "\n"


def _csv(a: Analysis) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIGURE_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for f in a.figures:
        row = f.as_dict()
        value = row["value"]
        row["value"] = str(value).lower() if isinstance(value, bool) else value
        w.writerow({k: "" if v is None else v for k, v in row.items()})
    return buf.getvalue()


#: ``--format`` of ``enschede-kg analyze``: name → renderer.
FORMATS: Final[Mapping[str, Callable[[Analysis], str]]] = {
    "table": _table,
    "json": _json,
    "csv": _csv,
}


def format_analysis(a: Analysis, fmt: str) -> str:
    if fmt not in FORMATS:
        raise AnalyticsError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return FORMATS[fmt](a)
