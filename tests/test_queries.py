"""The saved queries answer their questions on the real graph; derivations and checks are sound.

Every ``queries/NN-slug.rq`` has a golden file ``tests/golden/NN-slug.json``: a list of cases
``{"params": {...}, "rows": [...]}`` (or ``"boolean"`` for ASK) whose expected answers were written
from the source text, not copied from a query run. Rows are compared as ``Result.records()``:
IRIs and lexical forms, ``null`` for unbound. Order counts only when the query has ORDER BY.

Every ``queries/checks/*-violation.rq`` returns no rows on the real graph, and fires on a copy of
the graph that is broken on purpose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from enschede_kg import queries
from enschede_kg.rdf import iri
from enschede_kg.rdf import namespaces as ns

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"

SAVED = queries.saved_queries()
CHECKS = queries.checks()
DERIVATIONS = queries.derivations()

Row = dict[str, str | None]
Case = dict[str, Any]


def _name(q: queries.SavedQuery) -> str:
    return q.name


def _golden_path(q: queries.SavedQuery) -> Path:
    return GOLDEN / f"{q.name}.json"


def _cases(q: queries.SavedQuery) -> list[Case]:
    cases = json.loads(_golden_path(q).read_text(encoding="utf-8"))
    assert isinstance(cases, list), f"{_golden_path(q)}: a golden file is a JSON list of cases"
    return cases


def _golden_cases() -> list[Any]:
    out = []
    for q in SAVED:
        if not _golden_path(q).exists():
            continue  # test_every_saved_query_has_a_golden_file reports it
        for n, case in enumerate(_cases(q)):
            out.append(pytest.param(q, case, id=f"{q.name}[{n}]"))
    return out


def _ordered(q: queries.SavedQuery) -> bool:
    """Does the query sort its answer (ORDER BY outside comments)?"""
    body = "\n".join(line for line in q.text.splitlines() if not line.lstrip().startswith("#"))
    return re.search(r"\bORDER\s+BY\b", body, re.IGNORECASE) is not None


def _key(row: Row) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def _run(store: ox.Store, q: queries.SavedQuery, params: dict[str, str]) -> queries.Result:
    return queries.run(store, q, queries.bind(q, params))


def _node(term: Any) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _mint(kind: str, slug: str) -> ox.NamedNode:
    return _node(iri.mint(kind, slug))


def _year(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_node(ns.XSD.gYear))


# --- saved queries ----------------------------------------------------------------------------


def test_there_are_saved_queries() -> None:
    assert len(SAVED) >= 13


@pytest.mark.parametrize("q", SAVED, ids=_name)
def test_every_saved_query_has_a_golden_file(q: queries.SavedQuery) -> None:
    path = _golden_path(q)
    assert path.is_file(), f"{q.path.name} has no golden answers: write {path.relative_to(TESTS)}"
    cases = _cases(q)
    assert cases, f"{path.name}: at least one case"
    for case in cases:
        assert set(case) in ({"params", "rows"}, {"params", "boolean"}), case
    if q.params:
        assert any(case["params"] for case in cases), (
            f"{path.name}: a parameterised query needs a case with its parameter bound"
        )


def test_every_golden_file_belongs_to_a_saved_query() -> None:
    names = {q.name for q in SAVED}
    stale = sorted(p.name for p in GOLDEN.glob("*.json") if p.stem not in names)
    assert not stale, f"golden files without a query: {stale}"


@pytest.mark.parametrize("q", SAVED, ids=_name)
def test_saved_query_header(q: queries.SavedQuery) -> None:
    assert re.fullmatch(r"\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*", q.name), q.name
    assert q.summary, f"{q.path.name}: no '#+ summary:' header"
    assert q.summary_nl, f"{q.path.name}: no '#+ summary_nl:' header"
    assert q.kind in ("SELECT", "ASK"), f"{q.path.name}: a saved query is a report (SELECT/ASK)"
    for p in q.params:
        assert p.description, f"{q.path.name}: parameter {p.name} has no description"


def test_saved_query_numbers_are_unique() -> None:
    numbers = [q.name.split("-", 1)[0] for q in SAVED]
    assert len(numbers) == len(set(numbers)), numbers


@pytest.mark.parametrize(("q", "case"), _golden_cases())
def test_golden_answer(store: ox.Store, q: queries.SavedQuery, case: Case) -> None:
    result = _run(store, q, case["params"])
    if "boolean" in case:
        assert result.kind == "ASK"
        assert result.boolean is case["boolean"]
        return
    expected: list[Row] = case["rows"]
    actual = result.records()
    for row in expected:
        assert set(row) == set(result.variables), (
            f"golden columns {sorted(row)} differ from the query's {sorted(result.variables)}"
        )
    if _ordered(q):
        assert actual == expected
    else:
        assert sorted(actual, key=_key) == sorted(expected, key=_key)


@pytest.mark.parametrize("q", [q for q in SAVED if q.params], ids=_name)
def test_parameters_are_projected(store: ox.Store, q: queries.SavedQuery) -> None:
    """A parameter must be an answer column: a remote endpoint binds it by a trailing VALUES."""
    result = queries.run(store, q)
    for p in q.params:
        assert p.name in result.variables, f"{q.path.name}: ?{p.name} is not selected"


@pytest.mark.parametrize(("q", "case"), [c for c in _golden_cases() if c.values[1]["params"]])
def test_unbound_parameter_matches_everything(
    store: ox.Store, q: queries.SavedQuery, case: Case
) -> None:
    """Leaving the parameters unbound gives every answer, so also those of a bound run."""
    bound = _run(store, q, case["params"]).records()
    unbound = {_key(r) for r in queries.run(store, q).records()}
    assert all(_key(r) in unbound for r in bound)


# --- derivations and checks -------------------------------------------------------------------


@pytest.mark.parametrize("q", DERIVATIONS, ids=_name)
def test_derivation_parses(q: queries.SavedQuery) -> None:
    assert q.summary, f"{q.path.name}: no '#+ summary:' header"
    assert q.kind == "CONSTRUCT"
    assert queries.run(ox.Store(), q).kind == "CONSTRUCT"


def test_derivations_exist() -> None:
    names = {q.name for q in DERIVATIONS}
    assert {
        "construct-partner-city",
        "construct-sister-city",
        "construct-friendly-city",
        "construct-member-of",
    } <= names


def test_derived_shortcuts_are_symmetric(store: ox.Store) -> None:
    for prop in (ns.EKG.partnerCity, ns.EKG.hasSisterCity, ns.EKG.hasFriendlyCity):
        pairs = {(q.subject, q.object) for q in store.quads_for_pattern(None, _node(prop), None)}
        assert pairs, f"nothing derived for {prop}"
        assert all((o, s) in pairs for s, o in pairs), f"{prop} is not symmetric"


@pytest.mark.parametrize("q", CHECKS, ids=_name)
def test_check_parses(q: queries.SavedQuery) -> None:
    assert q.summary, f"{q.path.name}: no '#+ summary:' header"
    assert q.kind == "SELECT"
    result = queries.run(ox.Store(), q)
    assert {"node", "message"} <= set(result.variables)
    assert result.rows == []


@pytest.mark.parametrize("q", CHECKS, ids=_name)
def test_check_passes_on_real_data(store: ox.Store, q: queries.SavedQuery) -> None:
    rows = queries.run(store, q).records()
    assert rows == [], "\n".join(str(r["message"]) for r in rows)


def _missing_passage() -> list[ox.Triple]:
    return [
        ox.Triple(
            _mint("city", "dalian"),
            _node(ns.EKG.mentionedIn),
            _mint("passage", "enschede-international-2017/p99s1"),
        )
    ]


def _fact_from_heading() -> list[ox.Triple]:
    return [
        ox.Triple(
            _mint("event", "work-mission-palo-alto-2015"),
            _node(ns.EKG.source),
            _mint("passage", "enschede-international-2017/p15s1"),
        )
    ]


def _fact_from_corona_notice() -> list[ox.Triple]:
    return [
        ox.Triple(
            _mint("partnership", "enschede-dalian"),
            _node(ns.EKG.source),
            _mint("passage", "enschede-international-2017/p02s1"),
        )
    ]


def _partnership_with_itself() -> list[ox.Triple]:
    node = _mint("partnership", "dalian-dalian")
    return [
        ox.Triple(node, _node(ns.RDF.type), _node(ns.EKG.CityPartnership)),
        ox.Triple(node, _node(ns.EKG.partner), _mint("city", "dalian")),
        ox.Triple(node, _node(ns.EKG.partner), _mint("city", "dalian")),
    ]


def _partners_same_item() -> list[ox.Triple]:
    node = _mint("partnership", "dalian-lushunkou")
    other = _mint("city", "lushunkou")
    return [
        ox.Triple(node, _node(ns.RDF.type), _node(ns.EKG.CityPartnership)),
        ox.Triple(node, _node(ns.EKG.partner), _mint("city", "dalian")),
        ox.Triple(node, _node(ns.EKG.partner), other),
        ox.Triple(other, _node(ns.RDF.type), _node(ns.EKG.City)),
        ox.Triple(other, _node(ns.EKG.wikidata), _node(ns.WD.Q74881)),
    ]


def _end_before_start() -> list[ox.Triple]:
    node = _mint("status-period", "enschede-dalian-friendly-cooperative-city")
    return [ox.Triple(node, _node(ns.EKG.startDate), _year("2018"))]


def _end_season_before_start_season() -> list[ox.Triple]:
    node = _mint("status-period", "enschede-dalian-friendly-cooperative-city")
    return [
        ox.Triple(node, _node(ns.EKG.startDate), _year("2017")),
        ox.Triple(node, _node(ns.EKG.startSeason), _mint("season", "autumn")),
    ]


def _shared_wikidata() -> list[ox.Triple]:
    return [ox.Triple(_mint("city", "heidelberg"), _node(ns.EKG.wikidata), _node(ns.WD.Q2742))]


def _untyped_participant() -> list[ox.Triple]:
    return [
        ox.Triple(
            _mint("participation", "smart-city-conference-2017-dalian"),
            _node(ns.EKG.participant),
            _mint("city", "dalain"),
        )
    ]


def _season_without_year() -> list[ox.Triple]:
    return [
        ox.Triple(
            _mint("partnership", "enschede-palo-alto"),
            _node(ns.EKG.startSeason),
            _mint("season", "spring"),
        )
    ]


def _curated_shortcut() -> list[ox.Triple]:
    return [
        ox.Triple(
            _mint("city", "munster"), _node(ns.EKG.hasSisterCity), _mint("city", "heidelberg")
        )
    ]


def _statement_without_evidence() -> list[ox.Triple]:
    """A theme for the visit to Dalian that no sentence states."""
    return [
        ox.Triple(
            _mint("event", "visit-dalian-2017"), _node(ns.EKG.hasTheme), _mint("theme", "sport")
        )
    ]


_DATE_STATEMENT = "agreement-enschede-dalian-mou-2017-date-2017"


def _statement_from_a_city() -> list[ox.Triple]:
    """The MoU's date 'stated in' a city instead of a sentence of the source."""
    return [
        ox.Triple(
            _mint("statement", _DATE_STATEMENT), _node(ns.EKG.statedIn), _mint("city", "dalian")
        )
    ]


def _statement_also_derived() -> list[ox.Triple]:
    """The MoU's date said to be stated by the source and derived by a rule at once."""
    return [
        ox.Triple(
            _mint("statement", _DATE_STATEMENT), _node(ns.EKG.support), _node(ns.EKG.DerivedByRule)
        )
    ]


def _evidence_without_statement() -> list[ox.Triple]:
    """Evidence that Palo Alto is a party to the Dalian MoU, a triple the graph does not hold."""
    st = _mint("statement", "agreement-enschede-dalian-mou-2017-party-palo-alto")
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    return [
        ox.Triple(st, ox.NamedNode(rdf + "type"), ox.NamedNode(rdf + "Statement")),
        ox.Triple(
            st, ox.NamedNode(rdf + "subject"), _mint("agreement", "enschede-dalian-mou-2017")
        ),
        ox.Triple(st, ox.NamedNode(rdf + "predicate"), _node(ns.EKG.party)),
        ox.Triple(st, ox.NamedNode(rdf + "object"), _mint("city", "palo-alto")),
        ox.Triple(st, _node(ns.EKG.support), _node(ns.EKG.StatedBySource)),
        ox.Triple(
            st, _node(ns.EKG.statedIn), _mint("passage", "enschede-international-2017/p13s1")
        ),
    ]


def _curated_membership() -> list[ox.Triple]:
    return [
        ox.Triple(
            _mint("organisation", "gemeente-dalian"),
            _node(ns.EKG.memberOf),
            _mint("organisation", "eurocities"),
        )
    ]


def _twin_not_an_item() -> list[ox.Triple]:
    """A twin-city link to an IRI of ours that is no place (a misspelt city)."""
    return [ox.Triple(_node(ns.WD.Q10002), _node(ns.WDT.P190), _mint("city", "enschde"))]


def _twin_malformed_item() -> list[ox.Triple]:
    """A twin-city link from a Wikidata IRI that is no item (a leading zero)."""
    return [ox.Triple(_node(str(ns.WD) + "Q010002"), _node(ns.WDT.P190), _node(ns.WD.Q74881))]


def _reconciled_with_organisation() -> list[ox.Triple]:
    """Linköping Municipality reconciled with an organisation too (not a place; twice)."""
    return [
        ox.Triple(
            _node(ns.WD.Q499410),
            _node(ns.EKG.reconciledWith),
            _mint("organisation", "gemeente-enschede"),
        )
    ]


def _reconciled_without_review() -> list[ox.Triple]:
    """Münster's own item reconciled with Münster, with no reviewed reconciliation behind it."""
    return [ox.Triple(_node(ns.WD.Q2742), _node(ns.EKG.reconciledWith), _mint("city", "munster"))]


def _undeclared_class() -> list[ox.Triple]:
    return [ox.Triple(_mint("city", "dalian"), _node(ns.RDF.type), _node(str(ns.EKG) + "Citty"))]


def _file_iri() -> list[ox.Triple]:
    return [ox.Triple(_mint("city", "dalian"), _node(ns.RDFS.seeAlso), _node("file:///etc/passwd"))]


def _huge_integer() -> list[ox.Triple]:
    big = ox.Literal("9" * 5000, datatype=_node(ns.XSD.integer))
    return [ox.Triple(_mint("city", "dalian"), _node(ns.RDFS.seeAlso), big)]


BREAKAGES: list[tuple[str, Callable[[], list[ox.Triple]], ox.NamedNode]] = [
    ("missing-passage-violation", _missing_passage, _mint("city", "dalian")),
    (
        "fact-from-non-fact-passage-violation",
        _fact_from_heading,
        _mint("event", "work-mission-palo-alto-2015"),
    ),
    (
        "fact-from-non-fact-passage-violation",
        _fact_from_corona_notice,
        _mint("partnership", "enschede-dalian"),
    ),
    (
        "partnership-partners-violation",
        _partnership_with_itself,
        _mint("partnership", "dalian-dalian"),
    ),
    (
        "partnership-partners-violation",
        _partners_same_item,
        _mint("partnership", "dalian-lushunkou"),
    ),
    (
        "period-order-violation",
        _end_before_start,
        _mint("status-period", "enschede-dalian-friendly-cooperative-city"),
    ),
    (
        "period-order-violation",
        _end_season_before_start_season,
        _mint("status-period", "enschede-dalian-friendly-cooperative-city"),
    ),
    ("shared-wikidata-violation", _shared_wikidata, _mint("city", "heidelberg")),
    (
        "untyped-participant-violation",
        _untyped_participant,
        _mint("participation", "smart-city-conference-2017-dalian"),
    ),
    (
        "season-without-date-violation",
        _season_without_year,
        _mint("partnership", "enschede-palo-alto"),
    ),
    ("unsupported-shortcut-violation", _curated_shortcut, _mint("city", "munster")),
    (
        "unsupported-shortcut-violation",
        _curated_membership,
        _mint("organisation", "gemeente-dalian"),
    ),
    (
        "unsupported-statement-violation",
        _statement_without_evidence,
        _mint("event", "visit-dalian-2017"),
    ),
    (
        "unsupported-statement-violation",
        _evidence_without_statement,
        _mint("agreement", "enschede-dalian-mou-2017"),
    ),
    (
        "statement-support-violation",
        _statement_from_a_city,
        _mint("statement", _DATE_STATEMENT),
    ),
    (
        "statement-support-violation",
        _statement_also_derived,
        _mint("statement", _DATE_STATEMENT),
    ),
    ("twinning-item-violation", _twin_not_an_item, _mint("city", "enschde")),
    ("twinning-item-violation", _twin_malformed_item, _node(str(ns.WD) + "Q010002")),
    ("reconciliation-violation", _reconciled_with_organisation, _node(ns.WD.Q499410)),
    ("reconciliation-violation", _reconciled_without_review, _node(ns.WD.Q2742)),
    ("undeclared-class-violation", _undeclared_class, _mint("city", "dalian")),
    ("non-http-iri-violation", _file_iri, _mint("city", "dalian")),
    ("oversized-number-violation", _huge_integer, _mint("city", "dalian")),
]


def test_every_check_is_shown_to_fire() -> None:
    assert {q.name for q in CHECKS} == {name for name, _, _ in BREAKAGES}


@pytest.mark.parametrize(
    ("check", "breakage", "culprit"),
    BREAKAGES,
    ids=[f"{c}:{b.__name__.lstrip('_')}" for c, b, _ in BREAKAGES],
)
def test_check_fires_on_broken_graph(
    store: ox.Store, check: str, breakage: Callable[[], list[ox.Triple]], culprit: ox.NamedNode
) -> None:
    q = next(c for c in CHECKS if c.name == check)
    data = _node(ns.GRAPHS["data"])
    broken = ox.Store()
    broken.extend(store.quads_for_pattern(None, None, None, None))
    broken.extend(ox.Quad(t.subject, t.predicate, t.object, data) for t in breakage())
    rows = queries.run(broken, q).records()
    assert rows, f"{check} did not fire on {breakage.__name__}"
    assert culprit.value in {r["node"] for r in rows}, rows
    assert all(r["message"] for r in rows)
    assert all(r["message_nl"] for r in rows)  # the sheet import reports in Dutch
