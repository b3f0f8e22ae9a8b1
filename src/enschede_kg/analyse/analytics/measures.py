"""Measures of structure: degree, betweenness, closeness, communities and components."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from enschede_kg.analyse.analytics.projection import project
from enschede_kg.analyse.analytics.reading import COMMUNITY_SEED, Measure


@dataclass(frozen=True)
class NodeMeasures:
    """The structural position of one actor."""

    degree: int
    betweenness: float
    closeness: float
    community: int
    component: int
    reach: int
    mean_distance: float | None
    #: The evidence of degree and betweenness: the direct neighbours, and pairs of neighbours
    #: with no tie of their own, whose shortest chain therefore runs through this actor.
    neighbours: tuple[str, ...] = ()
    brokered: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, Measure]:
        return {
            "degree": self.degree,
            "betweenness": self.betweenness,
            "closeness": self.closeness,
            "community": self.community,
            "component": self.component,
        }


def simple_graph(network: nx.Graph) -> nx.Graph:
    """Parallel ties collapsed, nodes and edges in sorted order (so Louvain is reproducible)."""
    g = nx.Graph()
    g.add_nodes_from(sorted(network.nodes))
    g.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in network.edges() if u != v}))
    return g


def numbered(groups: Iterable[Iterable[str]]) -> list[list[str]]:
    """Groups as sorted lists, largest first (then by first IRI): group n is ``result[n - 1]``."""
    return sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))


def communities(g: nx.Graph) -> list[list[str]]:
    """Louvain communities with a fixed seed, numbered by :func:`numbered`."""
    if not g.number_of_nodes():
        return []
    return numbered(nx.community.louvain_communities(g, seed=COMMUNITY_SEED))


def components(g: nx.Graph) -> list[list[str]]:
    return numbered(nx.connected_components(g))


def measure(network: nx.Graph) -> dict[str, NodeMeasures]:
    """Degree, betweenness, closeness, community and component of every node (module rule)."""
    g = simple_graph(network)
    betweenness = nx.betweenness_centrality(g, normalized=True)
    closeness = nx.closeness_centrality(g)
    community_of = {n: i for i, grp in enumerate(communities(g), start=1) for n in grp}
    component_of = {n: i for i, grp in enumerate(components(g), start=1) for n in grp}
    out = {}
    for n in g.nodes:
        distances = [d for m, d in nx.single_source_shortest_path_length(g, n).items() if m != n]
        out[n] = NodeMeasures(
            degree=int(g.degree(n)),
            betweenness=float(betweenness[n]),
            closeness=float(closeness[n]),
            community=community_of[n],
            component=component_of[n],
            reach=len(distances),
            mean_distance=sum(distances) / len(distances) if distances else None,
            neighbours=tuple(sorted(g.neighbors(n))),
            brokered=tuple(
                (u, v) for u, v in combinations(sorted(g.neighbors(n)), 2) if not g.has_edge(u, v)
            ),
        )
    return out


def node_measures(
    store: ox.Store,
    *,
    year: int | None = None,
    queries_dir: Path | None = None,
    context: bool = False,
) -> dict[str, dict[str, Measure]]:
    """Per actor IRI of the partnership network: degree, betweenness, closeness, community …

    For the explorer, to size and colour nodes. Folded resources (a local government, a person
    with a post) have no entry of their own: they count as their actor (see the module rule).

    >>> m = node_measures(store)                                  # doctest: +SKIP
    >>> m[str(iri.mint("city", "enschede"))]["degree"]            # doctest: +SKIP
    9
    """
    network = project(store, queries_dir, context=context).as_of(year).partnership_network()
    return {n: m.as_dict() for n, m in sorted(measure(network).items())}
