"""A generated hub: one city with N partner cities, every tie in full, for the linearity test.

Each partner has its partnership node (with a sister-city status period), a membership of one
network, a place in the participants of one event, a Wikidata item, a twin-city link from the
hub's item and a reconciliation: the shapes of data whose checks could go quadratic in a hub.
Every stated triple has its evidence (an rdf:Statement citing a sentence), as in the real data.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from enschede_kg.rdf.iri import imported_graph, mint
from enschede_kg.rdf.namespaces import EKG, GRAPHS, RDF, RDFS, WD, WDT

QID_BASE = 7_000_000_000


def _n(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _stated(triple: ox.Quad, passage: ox.NamedNode, n: int) -> Iterator[ox.Quad]:
    """The quad itself and its evidence: an rdf:Statement stated by ``passage``."""
    yield triple
    statement = _n(mint("statement", f"hub-{n}"))
    yield ox.Quad(statement, _n(RDF.type), _n(RDF.Statement), triple.graph_name)
    yield ox.Quad(statement, _n(RDF.subject), triple.subject, triple.graph_name)
    yield ox.Quad(statement, _n(RDF.predicate), triple.predicate, triple.graph_name)
    yield ox.Quad(statement, _n(RDF.object), triple.object, triple.graph_name)
    yield ox.Quad(statement, _n(EKG.support), _n(EKG.StatedBySource), triple.graph_name)
    yield ox.Quad(statement, _n(EKG.statedIn), passage, triple.graph_name)


def hub_quads(partners: int) -> Iterator[ox.Quad]:
    """The hub's quads; every triple but types and labels with its evidence."""
    passage = _n(mint("passage", "enschede-international-2017/p12s1"))  # a real sentence
    count = iter(range(1, 100 * partners + 100))
    for quad in _hub_quads(partners):
        if quad.predicate in (_n(RDF.type), _n(RDFS.label)) or quad.graph_name != _n(
            GRAPHS["data"]
        ):
            yield quad
        else:
            yield from _stated(quad, passage, next(count))


def _hub_quads(partners: int) -> Iterator[ox.Quad]:
    data = _n(GRAPHS["data"])
    twins = _n(imported_graph("twinnings", "wikidata-p190-2016"))
    a, label = _n(RDF.type), _n(RDFS.label)
    hub, hub_item = _n(mint("city", "hub")), _n(WD[f"Q{QID_BASE}"])
    network, event = _n(mint("organisation", "hub-network")), _n(mint("event", "hub-summit"))
    yield ox.Quad(hub, a, _n(EKG.City), data)
    yield ox.Quad(hub, label, ox.Literal("Hub", language="en"), data)
    yield ox.Quad(hub, _n(EKG.wikidata), hub_item, data)
    yield ox.Quad(network, a, _n(EKG.Network), data)
    yield ox.Quad(event, a, _n(EKG.Event), data)
    for i in range(1, partners + 1):
        city, item = _n(mint("city", f"hub-partner-{i}")), _n(WD[f"Q{QID_BASE + i}"])
        tie = _n(mint("partnership", f"hub-{i}"))
        period = _n(mint("status-period", f"hub-{i}"))
        member = _n(mint("membership", f"hub-{i}"))
        yield ox.Quad(city, a, _n(EKG.City), data)
        yield ox.Quad(city, label, ox.Literal(f"Partner {i}", language="en"), data)
        yield ox.Quad(city, _n(EKG.wikidata), item, data)
        yield ox.Quad(tie, a, _n(EKG.CityPartnership), data)
        yield ox.Quad(tie, _n(EKG.partner), hub, data)
        yield ox.Quad(tie, _n(EKG.partner), city, data)
        yield ox.Quad(tie, _n(EKG.hasStatusPeriod), period, data)
        yield ox.Quad(period, _n(EKG.status), _n(EKG.SisterCity), data)
        yield ox.Quad(member, a, _n(EKG.Membership), data)
        yield ox.Quad(member, _n(EKG.member), city, data)
        yield ox.Quad(member, _n(EKG.inNetwork), network, data)
        yield ox.Quad(event, _n(EKG.participant), city, data)
        yield ox.Quad(hub_item, _n(WDT.P190), item, twins)
        yield ox.Quad(item, _n(WDT.P190), hub_item, twins)
