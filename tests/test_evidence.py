"""Evidence at the grain of a statement, checked over the whole graph (issue 13).

Every statement about a relationship, status period, agreement, event, participation, post,
policy or finding has an ``rdf:Statement`` that says how it is supported, and a statement stated
by the source is stated by sentences that mention what it says: the object's name (label,
alternative label, or the name of what it stands for: the status of a status period, the
participant of a participation, the partners of a partnership, the city a local government
governs), the words of a date, or — for a link between two nodes — a sentence that is evidence of
the other node too. The check reads the store directly, quad by quad, so it cannot share a
mistake with the violation query it backs up.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pyoxigraph as ox
import pytest

from enschede_kg import queries
from enschede_kg.rdf import iri
from enschede_kg.rdf import namespaces as ns

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
EKG = str(ns.EKG)
XSD = "http://www.w3.org/2001/XMLSchema#"
SCOPE = (
    "Relationship",
    "StatusPeriod",
    "Agreement",
    "Event",
    "Participation",
    "Post",
    "PolicyLine",
    "PolicyAgenda",
    "Finding",
    "Place",
)
NOT_STATEMENTS = {
    RDF + "type",
    RDFS + "label",
    RDFS + "comment",
    SKOS + "altLabel",
    SKOS + "editorialNote",
    EKG + "source",
    EKG + "mentionedIn",
    "http://www.w3.org/ns/prov#wasDerivedFrom",
}
MONTHS = "januari februari maart april mei juni juli augustus september oktober november december"
NUMBERS = {"1": "een", "2": "twee", "3": "drie", "4": "vier", "6": "zes", "12": "twaalf"}


def _n(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain.casefold()).split())


def _v(term: object) -> str:
    """The lexical value of a term (IRI, blank node or literal)."""
    return str(getattr(term, "value", term))


def _iri(term: object) -> ox.NamedNode:
    assert isinstance(term, ox.NamedNode), term
    return term


def _values(store: ox.Store, s: ox.NamedNode, p: str) -> list[ox.NamedNode | ox.Literal]:
    return [
        q.object  # type: ignore[misc]
        for q in store.quads_for_pattern(s, ox.NamedNode(p), None, None)
    ]


def _subclasses(store: ox.Store, top: str) -> set[str]:
    found, todo = {top}, [top]
    while todo:
        cls = todo.pop()
        sub = ox.NamedNode(RDFS + "subClassOf")
        for q in store.quads_for_pattern(None, sub, ox.NamedNode(cls)):
            if _v(q.subject) not in found:
                found.add(_v(q.subject))
                todo.append(_v(q.subject))
    return found


def _in_scope(store: ox.Store) -> list[ox.Triple]:
    classes = set().union(*(_subclasses(store, EKG + c) for c in SCOPE))
    nodes = {
        q.subject
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), None, None)
        if _v(q.object) in classes
    }
    data = ox.NamedNode(str(ns.GRAPHS["data"]))
    return sorted(
        (
            ox.Triple(q.subject, q.predicate, q.object)
            for node in nodes
            for q in store.quads_for_pattern(node, None, None, data)
            if q.predicate.value not in NOT_STATEMENTS
        ),
        key=str,
    )


def _evidence(store: ox.Store) -> dict[ox.Triple, dict[str, set[str]]]:
    """Per reified triple: its support kinds and the passages / rules / sources it cites."""
    out: dict[ox.Triple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for q in store.quads_for_pattern(
        None, ox.NamedNode(RDF + "type"), ox.NamedNode(RDF + "Statement"), None
    ):
        st = _iri(q.subject)
        (s,) = _values(store, st, RDF + "subject")
        (p,) = _values(store, st, RDF + "predicate")
        (o,) = _values(store, st, RDF + "object")
        entry = out[ox.Triple(s, p, o)]  # type: ignore[arg-type]
        for prop in ("support", "statedIn", "derivedBy", "takenFrom"):
            entry[prop] |= {_v(v) for v in _values(store, st, EKG + prop)}
    return out


def _names(store: ox.Store, node: ox.NamedNode) -> set[str]:
    names = set()
    for prop in (RDFS + "label", SKOS + "altLabel", SKOS + "prefLabel"):
        names |= {v.value for v in _values(store, node, prop)}
    return names


def _what_it_stands_for(store: ox.Store, node: ox.NamedNode, depth: int = 2) -> set[str]:
    """Names of the node and of what it stands for (status, participant, partners, city).

    The overview speaks as the municipality ("onze stad", "onze Duitslandagenda"): for the
    publisher of the overview a first-person possessive counts as its name.
    """
    names = _names(store, node)
    if node.value == str(iri.mint("organisation", "gemeente-enschede")):
        names |= {"onze", "ons"}
    for prop in ("status", "participant", "partner", "governs"):
        for v in _values(store, node, EKG + prop):
            if isinstance(v, ox.NamedNode) and depth:
                names |= _what_it_stands_for(store, v, depth - 1)
    return names


def _mentioned(name: str, text: str) -> bool:
    """The name, or every word of it by its stem ('economie' in 'economische')."""
    name, words = _n(name), set(text.split())
    if not name:
        return False
    if f" {name} " in f" {text} ":
        return True
    stems = [w[: max(5, len(w) - 2)] for w in name.split() if len(w) >= 4]
    return bool(stems) and all(any(t.startswith(s) for t in words) for s in stems)


def _date_words(value: ox.Literal) -> list[str]:
    text, datatype = value.value, value.datatype.value
    if datatype == XSD + "duration":
        m = re.fullmatch(r"P(\d+)M", text)
        assert m, f"unexpected duration {text}"
        return [f"{NUMBERS.get(m.group(1), m.group(1))} maanden"]
    m = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", text)
    if not m:
        return [text]
    words = [m.group(1)]
    if m.group(2):
        words.append(MONTHS.split()[int(m.group(2)) - 1])
    return words


@pytest.fixture(scope="module")
def passages(store: ox.Store) -> dict[str, str]:
    return {
        _v(q.subject): _n(_v(q.object))
        for q in store.quads_for_pattern(None, ox.NamedNode(EKG + "text"), None, None)
    }


def test_every_statement_has_support(store: ox.Store) -> None:
    evidence = _evidence(store)
    statements = _in_scope(store)
    assert len(statements) > 150
    missing = [t for t in statements if not evidence.get(t)]
    assert not missing, "\n".join(map(str, missing))
    for t in statements:
        e = evidence[t]
        assert len(e["support"]) == 1, t
        kind = next(iter(e["support"]))
        needs = {
            EKG + "StatedBySource": "statedIn",
            EKG + "DerivedByRule": "derivedBy",
            EKG + "TakenFromOtherSource": "takenFrom",
        }[kind]
        assert e[needs], f"{t}: {kind} without ekg:{needs}"


def test_every_sentence_mentions_what_it_supports(
    store: ox.Store, passages: dict[str, str]
) -> None:
    evidence = _evidence(store)
    cited_by: dict[str, set[str]] = defaultdict(set)  # node -> passages of its own statements
    for t, e in evidence.items():
        cited_by[_v(t.subject)] |= e["statedIn"]
    failures = []
    checked = 0
    for t, e in evidence.items():
        if not e["statedIn"]:
            continue
        checked += 1
        text = " ".join(passages[p] for p in sorted(e["statedIn"]))
        o = t.object
        if isinstance(o, ox.Literal):
            ok = all(_mentioned(w, text) for w in _date_words(o))
        else:
            names = _what_it_stands_for(store, o)  # type: ignore[arg-type]
            ok = any(_mentioned(n, text) for n in names)
            # a link between two of our nodes: a sentence that is evidence of the other node too,
            # or that names it (ekg:mentionedIn: "Amerikaanse" names the United States)
            ok = ok or bool(cited_by.get(_v(o), set()) & e["statedIn"])
            named_in = {_v(v) for v in _values(store, _iri(o), EKG + "mentionedIn")}
            ok = ok or bool(named_in & e["statedIn"])
            if not ok and _v(o).startswith(EKG):
                # a term of a closed list (role, status, rank): the sentence names whom it is of
                ok = any(_mentioned(n, text) for n in _what_it_stands_for(store, t.subject))  # type: ignore[arg-type]
        if not ok:
            failures.append(f"{t} not mentioned in {sorted(e['statedIn'])}")
    assert checked > 150
    assert not failures, "\n".join(failures)


def test_each_relationship_agreement_and_event_statement_cites_sentences(store: ox.Store) -> None:
    """Per node, not per graph: every statement of every such node is stated by a sentence."""
    evidence = _evidence(store)
    by_node: dict[str, list[ox.Triple]] = defaultdict(list)
    for t in _in_scope(store):
        by_node[_v(t.subject)].append(t)
    kinds = {"partnership", "friendship", "cooperation", "country-relation", "membership"}
    kinds |= {"agreement", "event", "status-period", "participation", "finding"}
    seen = {node.split("/id/")[1].split("/")[0] for node in by_node}
    assert kinds <= seen
    places = {"city", "country", "region"}  # coordinates and identifiers come from elsewhere
    for node, triples in by_node.items():
        if node.split("/id/")[1].split("/")[0] in places:
            continue
        for t in triples:
            assert evidence[t]["statedIn"], f"{node}: {_v(t.predicate)} has no sentence"


def test_what_comes_from_elsewhere_names_its_source(store: ox.Store) -> None:
    """Coordinates from GeoNames, identifiers from Wikidata: taken from a named source."""
    evidence = _evidence(store)
    dalian = ox.NamedNode(str(iri.mint("city", "dalian")))
    geonames = "https://sws.geonames.org/1814087/"
    for t, e in evidence.items():
        if t.subject == dalian and _v(t.predicate).endswith("wgs84_pos#lat"):
            assert e["support"] == {EKG + "TakenFromOtherSource"}
            assert e["takenFrom"] == {geonames}
    china = ox.Triple(
        dalian, ox.NamedNode(EKG + "locatedIn"), ox.NamedNode(str(iri.mint("country", "china")))
    )
    assert evidence[china]["statedIn"] == {
        str(iri.mint("passage", "enschede-international-2017/p06s2"))
    }


def test_the_violation_query_passes_on_the_real_graph(store: ox.Store) -> None:
    check = queries.named("checks", "unsupported-statement-violation")
    assert queries.run(store, check).records() == []


def test_dalian_statements_rest_on_their_own_sentences(store: ox.Store) -> None:
    """'Since 2009' and 'sister city since summer 2017' each point to their own sentence."""
    evidence = _evidence(store)
    dalian = ox.NamedNode(str(iri.mint("partnership", "enschede-dalian")))
    year = ox.Literal("2009", datatype=ox.NamedNode(XSD + "gYear"))
    start = ox.Triple(dalian, ox.NamedNode(EKG + "startDate"), year)
    p = str(iri.mint("passage", "enschede-international-2017/p"))
    assert evidence[start]["statedIn"] == {p + "12s1"}
    sister = ox.NamedNode(str(iri.mint("status-period", "enschede-dalian-sister-city")))
    status = ox.Triple(sister, ox.NamedNode(EKG + "status"), ox.NamedNode(EKG + "SisterCity"))
    assert evidence[status]["statedIn"] == {p + "13s2"}
    # the Euregio and Eurocities sentence supports nothing about the Dalian partnership
    cited = set().union(*(e["statedIn"] for t, e in evidence.items() if t.subject == dalian))
    assert p + "06s3" not in cited
    sources = store.quads_for_pattern(dalian, ox.NamedNode(EKG + "source"), None, None)
    assert {str(q.object.value) for q in sources} == cited  # type: ignore[union-attr]


def test_derived_statements_name_their_rule(store: ox.Store) -> None:
    evidence = _evidence(store)
    enschede = ox.NamedNode(str(iri.mint("city", "enschede")))
    dalian = ox.NamedNode(str(iri.mint("city", "dalian")))
    link = ox.Triple(enschede, ox.NamedNode(EKG + "hasSisterCity"), dalian)
    assert evidence[link]["support"] == {EKG + "DerivedByRule"}
    assert evidence[link]["derivedBy"] == {str(iri.mint("rule", "construct-sister-city"))}
    rule = ox.NamedNode(str(iri.mint("rule", "construct-sister-city")))
    assert ox.NamedNode(EKG + "BuildRule") in _values(store, rule, RDF + "type")


def test_what_the_source_does_not_say_is_gone(store: ox.Store) -> None:
    dcterms = "http://purl.org/dc/terms/"
    overview = ox.NamedNode(str(iri.mint("document", "enschede-international-2017")))
    review = ox.NamedNode(str(iri.mint("document", "jahresruckblick")))
    assert _values(store, overview, dcterms + "date") == []
    assert _values(store, review, dcterms + "date") == []
    assert _values(store, review, dcterms + "publisher") == []
    mission = ox.NamedNode(str(iri.mint("event", "work-mission-palo-alto-2015")))
    assert _values(store, mission, EKG + "hasParticipation") == []
    for slug in ("enschede-euregio", "enschede-eurocities"):
        node = ox.NamedNode(str(iri.mint("membership", slug)))
        labels = " ".join(v.value for v in _values(store, node, RDFS + "label")).casefold()
        assert "lidmaatschap" not in labels and "membership" not in labels
        assert "actief" in labels and "active" in labels
