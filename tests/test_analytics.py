"""Network analytics: the projection rule, every measure against hand-computed values, the dormant
rule with its parameter, ``enschede-kg analyze`` in every format, and the explorer's function.

The tiny graph (``tiny_store``) is written so that its partnership network is two triangles joined
by a bridge, every edge from a different rule of the projection:

    a ── b      a–b  city partnership (2009)          b–c  cooperation (2015-11)
     \\  /       a–c  visit 2016 to a by c's municipality (a local government folds into its city)
      c         c–d  agreement (2017), the bridge
      │         d–e  membership of d's municipality in network e (undated), and the meeting
      d         d–e, d–f, e–f  meeting 2018-03 in d: guest f, host person p (post in e → e)
     / \\
    e ── f      plus an internship 2018 within partnership a–b, hosted by b's municipality alone.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from devtools.context_reference import project_from_whole_snapshot
from enschede_kg import queries
from enschede_kg.analyse import analytics, paths
from enschede_kg.cli import main
from enschede_kg.config import Inputs
from enschede_kg.errors import QueryError
from enschede_kg.rdf import iri
from enschede_kg.rdf.namespaces import EKG, GRAPHS, ID, PREFIXES, WD
from tests.conftest import ROOT

TINY = """
@prefix ekg: <{ekg}> .
@prefix id: <{id}> .
@prefix rdfs: <{rdfs}> .
@prefix xsd: <{xsd}> .

id:city\\/a a ekg:City ; rdfs:label "Aa"@nl , "Aa"@en .
id:city\\/b a ekg:City ; rdfs:label "Bee"@nl , "Bee"@en .
id:city\\/c a ekg:City ; rdfs:label "Cee"@nl , "Cee"@en .
id:city\\/d a ekg:City ; rdfs:label "Dee"@nl , "Dee"@en .
id:city\\/f a ekg:City ; rdfs:label "Ef"@nl , "Ef"@en .
id:organisation\\/e a ekg:Network ; rdfs:label "Eurothing"@nl , "Eurothing"@en .
id:organisation\\/gov-b a ekg:LocalGovernment ; ekg:governs id:city\\/b .
id:organisation\\/gov-c a ekg:LocalGovernment ; ekg:governs id:city\\/c .
id:organisation\\/gov-d a ekg:LocalGovernment ; ekg:governs id:city\\/d .
id:person\\/p a ekg:Person ; rdfs:label "Pat"@en .
id:post\\/p a ekg:Post ; ekg:heldBy id:person\\/p ; ekg:postIn id:organisation\\/e .

id:partnership\\/ab a ekg:CityPartnership ; rdfs:label "A–B"@en ;
    ekg:partner id:city\\/a , id:city\\/b ; ekg:startDate "2009"^^xsd:gYear .
id:cooperation\\/bc a ekg:Cooperation ;
    ekg:partner id:city\\/b , id:city\\/c ; ekg:startDate "2015-11"^^xsd:gYearMonth .
id:event\\/visit-2016 a ekg:Visit ; ekg:date "2016"^^xsd:gYear ;
    ekg:destination id:city\\/a ; ekg:hasParticipation id:participation\\/v .
id:participation\\/v a ekg:Participation ;
    ekg:participant id:organisation\\/gov-c ; ekg:hasRole ekg:Visitor .
id:agreement\\/cd a ekg:Agreement ;
    ekg:party id:city\\/c , id:city\\/d ; ekg:date "2017"^^xsd:gYear .
id:membership\\/de a ekg:Membership ;
    ekg:member id:organisation\\/gov-d ; ekg:inNetwork id:organisation\\/e .
id:event\\/meeting-2018 a ekg:Meeting ; ekg:date "2018-03"^^xsd:gYearMonth ;
    ekg:location id:city\\/d ; ekg:hasParticipation id:participation\\/m1 , id:participation\\/m2 .
id:participation\\/m1 a ekg:Participation ; ekg:participant id:city\\/f ; ekg:hasRole ekg:Guest .
id:participation\\/m2 a ekg:Participation ; ekg:participant id:person\\/p ; ekg:hasRole ekg:Host .
id:event\\/internship-2018 a ekg:Internship ; ekg:date "2018"^^xsd:gYear ;
    ekg:withinPartnership id:partnership\\/ab ; ekg:hasParticipation id:participation\\/i .
id:participation\\/i a ekg:Participation ;
    ekg:participant id:organisation\\/gov-b ; ekg:hasRole ekg:Host .

# Only in the relation graph (no tie, no event): a component of its own, and an ambiguous name.
id:organisation\\/lone a ekg:Company ; rdfs:label "Lone Company"@en ;
    ekg:locatedIn id:region\\/far .
id:region\\/far a ekg:Region ; rdfs:label "Far Region"@en .
id:city\\/twin-1 a ekg:City ; rdfs:label "Twin"@en ; ekg:locatedIn id:region\\/far .
id:city\\/twin-2 a ekg:City ; rdfs:label "Twin"@en ; ekg:locatedIn id:region\\/far .
"""


def node(path: str) -> str:
    kind, slug = path.split("/", 1)
    return str(iri.mint(kind, slug))


A, B, C, D, F = (node(f"city/{x}") for x in "abcdf")
E = node("organisation/e")


@pytest.fixture(scope="module")
def tiny_store() -> ox.Store:
    """The ontology and the tiny graph above, in the data graph."""
    st = ox.Store()
    data = ox.NamedNode(str(GRAPHS["data"]))
    st.load(path=str(Inputs().ontology), format=ox.RdfFormat.TURTLE, to_graph=data)
    text = TINY.format(ekg=EKG, id=ID, rdfs=PREFIXES["rdfs"], xsd=PREFIXES["xsd"])
    st.load(text.encode(), format=ox.RdfFormat.TURTLE, to_graph=data)
    return st


@pytest.fixture(scope="module")
def tiny(tiny_store: ox.Store) -> analytics.Projection:
    return analytics.project(tiny_store)


# --- the projection ----------------------------------------------------------------------------


def test_folding_and_edge_rules(tiny: analytics.Projection) -> None:
    net = tiny.partnership_network()
    assert sorted(net.nodes) == sorted([A, B, C, D, E, F])
    kinds = sorted((u, v, d["kind"], d["date"]) for u, v, d in net.edges(data=True))
    # gov-c folds into c, gov-d into d, person p (post in e) into e; the internship has one
    # taker (b) and so no edge; parallel d–e ties stay two edges.
    assert kinds == sorted(
        [
            (*sorted((A, B)), "partnership", "2009"),
            (*sorted((B, C)), "cooperation", "2015-11"),
            (*sorted((A, C)), "shared-event", "2016"),
            (*sorted((C, D)), "agreement", "2017"),
            (*sorted((D, E)), "membership", None),
            (*sorted((D, E)), "shared-event", "2018-03"),
            (*sorted((D, F)), "shared-event", "2018-03"),
            (*sorted((E, F)), "shared-event", "2018-03"),
        ]
    )
    assert net.nodes[E]["kind"] == "Network" and net.nodes[A]["label_en"] == "Aa"


def test_actor_event_network_is_bipartite(tiny: analytics.Projection) -> None:
    g = tiny.actor_event_network()
    meeting = node("event/meeting-2018")
    assert g.nodes[meeting]["bipartite"] == 1 and g.nodes[D]["bipartite"] == 0
    assert sorted(g.neighbors(meeting)) == sorted([D, E, F])
    assert g.edges[E, meeting]["links"] == ("Host",)
    assert g.edges[D, meeting]["links"] == ("location",)
    # within a partnership is not taking part: a is not linked to the internship
    assert sorted(g.neighbors(node("event/internship-2018"))) == [B]


def test_as_of_keeps_dated_up_to_the_year_and_undated(tiny: analytics.Projection) -> None:
    net = tiny.as_of(2017).partnership_network()
    assert F not in net.nodes  # its only ties are the 2018 meeting
    assert net.has_edge(D, E)  # the undated membership stays
    assert not any(d["year"] and d["year"] > 2017 for _, _, d in net.edges(data=True))


# --- measures, by hand -------------------------------------------------------------------------


def test_measures_by_hand(tiny: analytics.Projection) -> None:
    m = analytics.measure(tiny.partnership_network())
    # Degree: distinct neighbours (the two d–e ties count once). a:{b,c} b:{a,c} c:{a,b,d}
    # d:{c,e,f} e:{d,f} f:{d,e}.
    assert {n: m[n].degree for n in m} == {A: 2, B: 2, C: 3, D: 3, E: 2, F: 2}
    # Betweenness: every chain from {a,b} to {d,e,f} passes c (2×3 = 6 pairs), every chain from
    # {a,b,c} to {e,f} passes d (3×2 = 6); nobody else is ever in between. Normalised by the
    # (n−1)(n−2)/2 = 5·4/2 = 10 pairs of others: c = d = 6/10.
    assert m[C].betweenness == pytest.approx(0.6) and m[D].betweenness == pytest.approx(0.6)
    assert all(m[n].betweenness == 0 for n in (A, B, E, F))
    # Closeness = (n−1) / sum of distances. a: b1 c1 d2 e3 f3 = 10 → 5/10; c: a1 b1 d1 e2 f2 = 7
    # → 5/7; by symmetry b, e, f = a and d = c.
    assert m[A].closeness == pytest.approx(0.5) and m[F].closeness == pytest.approx(0.5)
    assert m[C].closeness == pytest.approx(5 / 7) and m[D].closeness == pytest.approx(5 / 7)
    assert m[A].mean_distance == pytest.approx(2.0) and m[A].reach == 5
    # Communities: the two triangles (modularity 2·(3/7 − (7/14)²) ≈ 0.357, the best split).
    # Numbered by size, then first IRI: city/a < city/d.
    assert {n: m[n].community for n in m} == {A: 1, B: 1, C: 1, D: 2, E: 2, F: 2}
    assert {m[n].component for n in m} == {1}


def test_measures_as_it_stood_in_2017_by_hand(tiny: analytics.Projection) -> None:
    m = analytics.measure(tiny.as_of(2017).partnership_network())
    # Triangle a–b–c, then the path c–d–e.
    assert {n: m[n].degree for n in m} == {A: 2, B: 2, C: 3, D: 2, E: 1}
    # n = 5, pairs of others = 4·3/2 = 6. c is between {a,b} and {d,e}: 4 pairs → 4/6;
    # d is between {a,b,c} and e: 3 pairs → 3/6.
    assert m[C].betweenness == pytest.approx(4 / 6) and m[D].betweenness == pytest.approx(0.5)
    # a: b1 c1 d2 e3 = 7 → 4/7; c: 1+1+1+2 = 5 → 4/5; d: 2+2+1+1 = 6 → 4/6; e: 3+3+2+1 = 9 → 4/9
    assert m[A].closeness == pytest.approx(4 / 7) and m[C].closeness == pytest.approx(0.8)
    assert m[D].closeness == pytest.approx(4 / 6) and m[E].closeness == pytest.approx(4 / 9)


def test_components_are_separate_parts() -> None:
    import networkx as nx

    g = nx.MultiGraph([("x", "y"), ("p", "q"), ("q", "r")])
    g.add_node("alone")
    m = analytics.measure(g)
    # Three parts, largest first: {p,q,r} = 1, {x,y} = 2, {alone} = 3.
    assert (m["p"].component, m["x"].component, m["alone"].component) == (1, 2, 3)
    assert m["alone"].closeness == 0 and m["alone"].reach == 0 and m["alone"].degree == 0


def test_node_measures_for_the_explorer(tiny_store: ox.Store, store: ox.Store) -> None:
    m = analytics.node_measures(tiny_store)
    assert m[C] == {
        "degree": 3,
        "betweenness": pytest.approx(0.6),
        "closeness": pytest.approx(5 / 7),
        "community": 1,
        "component": 1,
    }
    real = analytics.node_measures(store)
    enschede = str(iri.mint("city", "enschede"))
    # Enschede is tied to every other actor of the real network: Dalian, Palo Alto
    # (partnerships), Münster, Heidelberg, Linköping (friendly cities), Poland (country
    # relation), Euregio and Eurocities (its municipality is active in them) and the Foreign
    # Affairs Office in Dalian (internship).
    assert real[enschede]["degree"] == 9 == len(real) - 1
    assert real[enschede]["closeness"] == 1.0
    assert str(iri.mint("organisation", "gemeente-enschede")) not in real  # folded into the city
    assert analytics.node_measures(store, year=2016)[enschede]["degree"] == 7


# --- activity and the dormant rule -------------------------------------------------------------


def test_activity_counts_by_hand(tiny: analytics.Projection) -> None:
    act = analytics.activity(tiny, 2018, 2)
    # a: visited in 2016; the 2018 internship was within its partnership with b.
    assert act[A].by_year == {
        2016: {"events": 1, "visits": 1},
        2018: {"events": 1, "internships": 1},
    }
    assert act[C].by_year == {2016: {"events": 1, "visits": 1}, 2017: {"agreements": 1}}
    assert act[D].total("events") == 1 and act[D].total("agreements") == 1
    assert (act[C].last_year, act[C].years_since) == (2017, 1)


@pytest.mark.parametrize(
    ("year", "dormant_years", "dormant", "thin"),
    [
        # reference 2018: c last acted in 2017, but its cooperation with b (since 2015-11) is in
        # force, so c is active; e's undated membership is known from the latest year on.
        (None, 1, set(), set()),
        (None, 2, set(), set()),
        # 2017: a and b are tied by a partnership since 2009, in force: active. e has only an
        # undated membership, no evidence before the latest year (2018): too thin to judge.
        (2017, 1, set(), {E}),
        (2017, 2, set(), {E}),
        # 2020: f's only tie was the 2018 meeting, two years back; no lasting tie: dormant.
        (2020, 1, {F}, set()),
        (2020, 3, set(), set()),
    ],
)
def test_dormant_rule(
    tiny_store: ox.Store,
    tiny: analytics.Projection,
    year: int | None,
    dormant_years: int,
    dormant: set[str],
    thin: set[str],
) -> None:
    a = analytics.analyze(tiny_store, year=year, dormant_years=dormant_years, projection=tiny)
    assert a.reference_year == (year or 2018)
    assert {n for n, act in a.activity.items() if act.dormant} == dormant
    assert {n for n, act in a.activity.items() if act.too_thin} == thin


def test_a_tie_in_force_is_active_and_named(tiny: analytics.Projection) -> None:
    act = analytics.activity(tiny.as_of(2017), 2017, 1, known_year=2018)
    assert not act[A].dormant and act[A].last_year == 2016
    assert act[A].in_force == ((node("partnership/ab"), "2009"),)
    assert act[E].too_thin and not act[E].dormant and act[E].in_force == ()
    later = analytics.activity(tiny, 2018, 1, known_year=2018)
    assert later[E].in_force == ((node("membership/de"), None),)


def test_dormant_years_must_be_positive(tiny: analytics.Projection) -> None:
    with pytest.raises(analytics.AnalyticsError):
        analytics.activity(tiny, 2018, 0)


def test_every_figure_has_a_line_in_both_languages(
    tiny_store: ox.Store, tiny: analytics.Projection
) -> None:
    for lang in ("nl", "en"):
        a = analytics.analyze(tiny_store, lang=lang, projection=tiny)
        assert a.figures and all(f.meaning and "\n" not in f.meaning for f in a.figures)
        assert {f.measure for f in a.figures if f.node == C} >= {
            "degree",
            "betweenness",
            "closeness",
            "community",
            "dormant",
        }
    assert set(analytics.TEXT["nl"]) == set(analytics.TEXT["en"])
    assert set(analytics.WHAT["nl"]) == set(analytics.WHAT["en"]) == set(analytics.ACTIVITY_COLUMNS)
    nl = analytics.analyze(tiny_store, lang="nl", projection=tiny)
    assert "Cee ligt op 60 % van de kortste ketens" in nl.lines("betweenness")


def test_central_and_bridge_lines_name_their_evidence(
    tiny_store: ox.Store, tiny: analytics.Projection
) -> None:
    """c's neighbours are a, b and d; a–b are tied, so c brokers a–d and b–d."""
    en = analytics.analyze(tiny_store, lang="en", projection=tiny)
    degree = next(f.meaning for f in en.figures if f.node == C and f.measure == "degree")
    assert degree == "Cee has direct ties with 3 of the 5 other actors: Aa, Bee and Dee."
    between = next(f.meaning for f in en.figures if f.node == C and f.measure == "betweenness")
    assert between.endswith("(e.g. Aa and Dee; Bee and Dee).")
    thin = next(f.meaning for f in en.figures if f.measure == "thin")
    assert thin.startswith(f"All {en.ties} ties come from what the 2017 overview records about 6")


# --- the command -------------------------------------------------------------------------------


def _analyze(*args: str, build_dir: Path) -> str:
    result = CliRunner().invoke(main, ["analyze", "--build-dir", str(build_dir), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_analyze_json(built_dir: Path) -> None:
    data = json.loads(_analyze("--format", "json", build_dir=built_dir))
    assert data["reference_year"] == 2017 and data["network"]["actors"] == 10
    top = data["nodes"][0]
    assert (top["label"], top["degree"], top["closeness"]) == ("Enschede", 9, 1.0)
    assert {a["label"] for a in data["activity"] if a["dormant"]} == set()
    palo_alto = next(a for a in data["activity"] if a["label"] == "Palo Alto")
    assert palo_alto["by_year"] == {
        "2015": {"events": 1, "work_missions": 1},
        "2017": {"events": 1},
    }


def _verdicts(year: int, build_dir: Path) -> dict[str, str]:
    out = _analyze("--format", "json", "--year", str(year), build_dir=build_dir)
    return {
        f["label"]: f["meaning"] for f in json.loads(out)["figures"] if f["measure"] == "dormant"
    }


def test_verdicts_worked_out_by_hand_from_the_source(built_dir: Path) -> None:
    """The cases of issue 13, each with the evidence the verdict must name.

    2017: "In 2017 is Enschede ook gestart met het verkennen van relaties met Polen" (a relation
    said to have started: in force); "Gemeente Enschede is ... in verschillende Europa brede
    netwerken actief" and "binnen de Euregio of het netwerk van Eurocities" (active in both).
    2016: "Sinds 2009 is ... Dalian een zusterstad van Enschede": in force in 2016.
    """
    v2017 = _verdicts(2017, built_dir)
    assert v2017["Poland"] == (
        "Poland is active: a tie in force in 2017: Enschede–Poland relations (since 2017)."
    )
    assert v2017["Euregio"].startswith("Euregio is active: a tie in force in 2017: Municipality of")
    assert "active in the Euregio" in v2017["Euregio"]
    assert v2017["Eurocities"].startswith("Eurocities is active: a tie in force in 2017:")
    assert "active in Eurocities" in v2017["Eurocities"]
    v2016 = _verdicts(2016, built_dir)
    assert v2016["Dalian"] == (
        "Dalian is active: a tie in force in 2016: Enschede–Dalian city partnership (since 2009)."
    )
    # what was known in 2016 of Euregio and Eurocities: nothing dated, so no verdict either way
    assert v2016["Euregio"].startswith("Euregio: too little data to judge")
    assert not any("dormant" in line for line in v2017.values())


def test_a_sub_event_counts_with_its_trip(built_dir: Path) -> None:
    """The trip to Dalian (summer 2017) is one event: the signing and the WEF were during it."""
    data = json.loads(_analyze("--format", "json", build_dir=built_dir))
    dalian = next(a for a in data["activity"] if a["label"] == "Dalian")
    # the conference (guest), the internship (within the partnership) and the trip
    assert dalian["by_year"]["2017"]["events"] == 3
    assert dalian["by_year"]["2017"]["visits"] == 1


def test_analyze_csv_in_dutch(built_dir: Path) -> None:
    out = _analyze("--format", "csv", "--lang", "nl", build_dir=built_dir)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(analytics.FIGURE_COLUMNS)
    enschede = str(iri.mint("city", "enschede"))
    degree = next(r for r in rows if r["node"] == enschede and r["measure"] == "degree")
    assert degree["value"] == "9"
    assert degree["meaning"].startswith("Enschede heeft rechtstreekse banden met alle 9")
    assert all(r["meaning"] for r in rows)


def test_analyze_table_and_year(built_dir: Path) -> None:
    out = _analyze("--year", "2016", "--dormant-years", "1", build_dir=built_dir)
    lines = out.splitlines()
    assert lines[0].startswith("Partnership network as it stood in 2016: 8 actors")
    block = out.split("== Enschede (id:city/enschede) ==\n", 1)[1].split("\n\n", 1)[0]
    parsed = [line.split(maxsplit=2) for line in block.splitlines()]
    rows = {p[0]: p for p in parsed if p[0] not in analytics.ACTIVITY_COLUMNS}
    assert rows["degree"][1] == "7"
    assert rows["last_activity"][1] == "2015"  # the work mission to Palo Alto
    # nothing happened in 2016, but the ties in force (Dalian since 2009, the smart city
    # cooperation since 2015-11) make Enschede active, and the verdict names them
    assert rows["dormant"][1] == "no"
    assert rows["dormant"][2].startswith("Enschede is active: a tie in force in 2016:")
    assert "Enschede–Dalian city partnership (since 2009)" in rows["dormant"][2]
    work = next(line.split()[:3] for line in block.splitlines() if line.startswith("work_"))
    assert work == ["work_missions", "2015", "1"]


# --- context: the twin-city ties of the imported Wikidata snapshot --------------------------------

#: By hand from data/external/wikidata-p190-2016/relations.tsv: the snapshot's twins of each of our
#: cities that are not already its neighbours in the curated network (Enschede's twins, Dalian and
#: Palo Alto, are; so is Palo Alto for Linköping, whose twins are stated on Linköping
#: Municipality, Q499410, reconciled with the city).
NEW_TWINS = {"dalian": 13, "linkoping": 12, "palo-alto": 4, "munster": 9, "heidelberg": 8}


def test_context_adds_the_ring_of_twin_cities(store: ox.Store) -> None:
    curated = analytics.node_measures(store)
    around = analytics.node_measures(store, context=True)
    for slug, n in {**NEW_TWINS, "enschede": 0}.items():
        city = str(iri.mint("city", slug))
        assert around[city]["degree"] == int(curated[city]["degree"]) + n, slug
    assert len(around) == len(curated) + sum(NEW_TWINS.values())
    bremen = str(WD.Q24879)  # Dalian's twin, and Rostock's (which is none of ours): one tie here
    assert bremen not in curated and around[bremen]["degree"] == 1
    proj = analytics.project(store, context=True)
    twinning = [t for t in proj.ties if t.kind == "twinning"]
    assert len(twinning) == 49 and all(t.date is None for t in twinning)
    assert proj.context == frozenset(around) - frozenset(curated)


def test_analyze_context_reports_no_activity_for_snapshot_places(built_dir: Path) -> None:
    data = json.loads(_analyze("--context", "--format", "json", build_dir=built_dir))
    assert data["network"]["actors"] == 10 + sum(NEW_TWINS.values())
    bremen = next(n for n in data["nodes"] if n["label"] == "Bremen")
    assert (bremen["context"], bremen["degree"]) == (True, 1)
    assert "Bremen" not in {a["label"] for a in data["activity"]}
    assert len(data["activity"]) == 10
    lines = {f["meaning"] for f in data["figures"]}
    assert (
        "49 of the ties are twin-city links from an imported snapshot (Wikidata P190, "
        "undated); they bring in 46 places known only from the snapshot." in lines
    )
    assert (
        "Bremen is known only from the imported twin-city snapshot: its own activity is "
        "not recorded here." in lines
    )
    default = json.loads(_analyze("--format", "json", build_dir=built_dir))
    assert default == json.loads(_analyze("--no-context", "--format", "json", build_dir=built_dir))
    assert default["network"]["actors"] == 10


def test_cli_choices_match_the_registries() -> None:
    import click

    for name, formats, texts in (
        ("analyze", analytics.FORMATS, analytics.TEXT),
        ("path", paths.FORMATS, paths.TEXT),
    ):
        command = main.commands[name]
        opts = {p.name: p.type for p in command.params if isinstance(p, click.Option)}
        fmt, lang = opts["fmt"], opts["lang"]
        assert isinstance(fmt, click.Choice) and isinstance(lang, click.Choice)
        assert list(fmt.choices) == list(formats)
        assert sorted(lang.choices) == sorted(texts)


def test_missing_analytics_query_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="query file not found"):
        analytics.analytics_query("ties", tmp_path)


@pytest.mark.parametrize(
    "path",
    [*sorted((ROOT / "queries" / "analytics").glob("*.rq")), ROOT / "queries" / "wikidata"],
    ids=lambda p: p.name,
)
def test_analytics_and_wikidata_queries_have_headers_and_parse(path: Path, store: ox.Store) -> None:
    for file in sorted(path.glob("*.rq")) if path.is_dir() else [path]:
        q = queries.parse_query_file(file)
        assert q.summary and q.summary_nl, file.name
        rows = queries.run(store if path.is_file() else ox.Store(), q).rows
        assert rows or path.is_dir(), f"{file.name} finds nothing on the real graph"


def _key(tw: analytics.Twinning) -> tuple[str, ...]:
    return (tw.subject, tw.object, tw.stated_subject, tw.stated_object, tw.source.graph)


def test_context_reads_only_the_links_that_map_to_ours(store: ox.Store) -> None:
    """``context-twinnings.rq`` returns exactly the statements of the whole snapshot
    (``twinnings.rq``) with an end mapped to one of our resources, and nothing else."""
    everything = analytics.twinnings(store)
    wanted = {
        _key(tw)
        for tw in everything
        if tw.subject != tw.stated_subject or tw.object != tw.stated_object
    }
    got = [_key(tw) for tw in analytics.context_twinnings(store)]
    assert len(got) == len(set(got)) == len(wanted)
    assert set(got) == wanted
    assert len(everything) > 100 * len(got)  # the point: most of the snapshot is not read


@pytest.mark.parametrize("year", [None, 2010])
def test_context_is_what_the_whole_snapshot_gives(store: ox.Store, year: int | None) -> None:
    """The projection's rule applied by hand to every statement of the snapshot (the computation
    before ``context-twinnings.rq``) gives the same projection and the same analysis."""
    before = project_from_whole_snapshot(store)
    after = analytics.project(store, context=True)
    assert sum(t.kind == "twinning" for t in after.ties) == 49
    assert after == before
    old = analytics.analyze(store, year=year, context=True, projection=before)
    new = analytics.analyze(store, year=year, context=True)
    assert analytics.format_analysis(new, "json") == analytics.format_analysis(old, "json")
