"""Plots of the partnership network for the research notebooks, in Dutch or English.

Each function returns a ``matplotlib.figure.Figure`` drawn on the Agg canvas, without pyplot's
global state, so that it works the same in a notebook (shown inline), in a script
(``fig.savefig("network.png")``) and in tests. The numbers come from :mod:`.analytics`;
nothing is computed here that the analysis does not report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from enschede_kg.analyse.analytics import ACTIVITY_COLUMNS, WHAT, Analysis, simple_graph

#: The layout is randomised; a fixed seed draws the same picture every time.
LAYOUT_SEED: Final = 6

TEXT: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "network": "Partnership network{as_of}: size = betweenness, colour = community",
        "as_of": " in {year}",
        "community": "group {n}",
        "timeline": "Activity per partner and year (marker area = number)",
        "year": "year",
        "ranking": "Centrality ranking",
        "degree": "degree (direct ties)",
        "betweenness": "betweenness (broker role)",
        "closeness": "closeness (reach)",
    },
    "nl": {
        "network": "Partnernetwerk{as_of}: grootte = tussenpositie, kleur = groep",
        "as_of": " in {year}",
        "community": "groep {n}",
        "timeline": "Activiteit per partner en jaar (oppervlak = aantal)",
        "year": "jaar",
        "ranking": "Rangorde naar centraliteit",
        "degree": "graad (directe banden)",
        "betweenness": "tussenpositie (makelaarsrol)",
        "closeness": "nabijheid (bereik)",
    },
}
#: One colour per community / activity column (matplotlib's colour cycle names).
COLOURS: Final = tuple(f"C{i}" for i in range(10))


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def network_figure(analysis: Analysis, network: nx.Graph) -> Figure:
    """The network: node area by betweenness, colour by community, labels in the language."""
    t = TEXT[analysis.lang]
    fig = _figure(9, 7)
    ax = fig.add_subplot()
    g = simple_graph(network)
    pos = nx.spring_layout(g, seed=LAYOUT_SEED)
    m = analysis.measures
    nodes = list(g.nodes)
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color="#999999")
    nx.draw_networkx_nodes(
        g,
        pos,
        ax=ax,
        nodelist=nodes,
        node_size=[300 + 3000 * m[n].betweenness for n in nodes],
        node_color=[COLOURS[(m[n].community - 1) % len(COLOURS)] for n in nodes],
    )
    nx.draw_networkx_labels(g, pos, ax=ax, labels=analysis.labels, font_size=9)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=COLOURS[(i - 1) % len(COLOURS)])
        for i in range(1, len(analysis.communities) + 1)
    ]
    names = [t["community"].format(n=i) for i in range(1, len(analysis.communities) + 1)]
    ax.legend(handles, names, loc="best")
    as_of = t["as_of"].format(year=analysis.year) if analysis.year is not None else ""
    ax.set_title(t["network"].format(as_of=as_of))
    ax.set_axis_off()
    ax.margins(0.12)
    return fig


def activity_figure(analysis: Analysis) -> Figure:
    """A timeline: one row per actor, one marker per year and kind of activity, area by count."""
    t, what = TEXT[analysis.lang], WHAT[analysis.lang]
    actors = analysis.ranking()
    fig = _figure(9, 1 + 0.45 * max(len(actors), 1))
    ax = fig.add_subplot()
    offsets = {
        c: (i - (len(ACTIVITY_COLUMNS) - 1) / 2) * 0.12 for i, c in enumerate(ACTIVITY_COLUMNS)
    }
    for i, column in enumerate(ACTIVITY_COLUMNS):
        xs, ys, sizes = [], [], []
        for row, actor in enumerate(actors):
            for year, counts in analysis.activity[actor].by_year.items():
                if counts.get(column):
                    xs.append(year + offsets[column])
                    ys.append(row)
                    sizes.append(60 * counts[column])
        ax.scatter(xs, ys, s=sizes, color=COLOURS[i], alpha=0.8, label=what[column][1])
    ax.set_yticks(range(len(actors)), [analysis.labels[a] for a in actors])
    ax.invert_yaxis()
    years = [y for a in actors for y in analysis.activity[a].by_year]
    if years:
        ax.set_xticks(range(min(years), max(years) + 1))
        ax.set_xlim(min(years) - 0.6, max(years) + 0.6)
    ax.set_xlabel(t["year"])
    ax.set_title(t["timeline"])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.grid(axis="x", alpha=0.3)
    return fig


def ranking_figure(analysis: Analysis) -> Figure:
    """Degree, betweenness and closeness side by side, actors in ranking order."""
    t = TEXT[analysis.lang]
    actors = analysis.ranking()
    fig = _figure(11, 1 + 0.4 * max(len(actors), 1))
    axes = fig.subplots(1, 3, sharey=True)
    m = analysis.measures
    values = {
        "degree": [float(m[a].degree) for a in actors],
        "betweenness": [m[a].betweenness for a in actors],
        "closeness": [m[a].closeness for a in actors],
    }
    for i, (ax, (key, xs)) in enumerate(zip(axes, values.items(), strict=True)):
        ax.barh(range(len(actors)), xs, color=COLOURS[i])
        ax.set_title(t[key], fontsize=10)
    axes[0].set_yticks(range(len(actors)), [analysis.labels[a] for a in actors])
    axes[0].invert_yaxis()
    fig.suptitle(t["ranking"])
    return fig
