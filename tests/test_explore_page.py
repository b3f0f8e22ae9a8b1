"""The explorer page (explore.viz) without a browser: self-contained, safe, counted right.

The browser tests (test_explorer_browser.py) load the same page in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_module
import json
import math
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from enschede_kg import graph, queries
from enschede_kg.cli import main
from enschede_kg.config import Inputs
from enschede_kg.explore import context, page, rows, vocab
from enschede_kg.rdf import iri
from enschede_kg.rdf.namespaces import EKG, GEONAMES, GRAPHS, ID, WD, WDT
from tests.conftest import ROOT

VIZ_QUERIES = ROOT / "queries" / "viz"

#: A curated file whose labels, description and links try to run script in the page.
PAYLOAD_NL = "<img src=x onerror=window.__pwned=1>"
PAYLOAD_EN = "<script>window.__pwned=2</script>"
XSS_TTL = f"""\
@prefix ekg:     <https://w3id.org/enschede-kg/def#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix city:    <https://w3id.org/enschede-kg/id/city/> .
@prefix country: <https://w3id.org/enschede-kg/id/country/> .
@prefix psg:     <https://w3id.org/enschede-kg/id/passage/enschede-international-2017/> .

city:xss a ekg:City ;
    rdfs:label "{PAYLOAD_NL}"@nl , "{PAYLOAD_EN}"@en ;
    rdfs:comment "<b onmouseover=window.__pwned=3>vet</b> & co"@nl ,
        "</script><script>window.__pwned=4</script><!--"@en ;
    skos:altLabel "<svg onload=window.__pwned=5>"@nl ;
    ekg:wikidata <javascript:window.__pwned=6> ;
    ekg:locatedIn country:germany ;
    ekg:mentionedIn psg:p08s2 .
"""


def xss_project(project: Path) -> Path:
    """A copy of the project with a city whose every text is a script payload."""
    (project / "data" / "curated" / "zz-xss.ttl").write_text(XSS_TTL, encoding="utf-8")
    return project


def expected_network(store: ox.Store, queries_dir: Path = ROOT / "queries") -> nx.MultiDiGraph:
    """The explorer's network computed independently: the rows of the viz queries over the
    curated graphs, as networkx.

    A node is every resource nodes.rq returns; an edge every distinct row of edges.rq (centre:
    Enschede) between two different nodes.
    """
    graphs = [ox.NamedNode(str(GRAPHS[g])) for g in ("ontology", "data", "provenance")]
    nodes_query = queries.parse_query_file(queries_dir / "viz" / "nodes.rq")
    nodes = {r["node"] for r in queries.run(store, nodes_query, graphs=graphs).records()}
    edge_rows = queries.run(
        store,
        queries.parse_query_file(queries_dir / "viz" / "edges.rq"),
        {"centre": ox.NamedNode(vocab.CENTRE)},
        graphs=graphs,
    ).records()
    g = nx.MultiDiGraph()
    g.add_nodes_from(nodes)
    for r in {tuple(sorted(r.items())) for r in edge_rows}:
        row = dict(r)
        if row["from"] in nodes and row["to"] in nodes and row["from"] != row["to"]:
            g.add_edge(row["from"], row["to"], relation=row["relation"])
    return g


def payload(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="explorer-data">(.*?)</script>', html, re.S)
    assert m, "no JSON data block"
    data: dict[str, Any] = json.loads(m.group(1))
    return data


@pytest.fixture(scope="module")
def html(store: ox.Store) -> str:
    return page.render_explorer(store)


@pytest.fixture(scope="module")
def data(html: str) -> dict[str, Any]:
    return payload(html)


# --- self-contained and safe ------------------------------------------------------------------


def _scripts(html: str) -> list[tuple[str, str]]:
    return re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)


def test_page_has_a_csp_that_forbids_every_request(html: str) -> None:
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert m, "no CSP meta tag"
    policy = html_module.unescape(m.group(1))
    csp = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert csp["default-src"] == "'none'"
    assert csp["img-src"] == "data:" and csp["font-src"] == "data:"
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    # Every executable inline script is allowed by its hash, and only those are.
    hashes = set(csp["script-src"].split())
    code = [body for attrs, body in _scripts(html) if "application/json" not in attrs]
    assert len(code) == 5  # vis-network, d3-array, d3-geo, topojson-client, the page's own
    for body in code:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in hashes
    assert len(hashes) == len(code)
    # The CSP comes before anything that could load or run.
    assert html.index("Content-Security-Policy") < html.index("<script")
    assert html.index("Content-Security-Policy") < html.index("<style")


def _markup(html: str) -> str:
    """The page without the bodies of its scripts and style sheets."""
    return re.sub(r"(<(script|style)[^>]*>).*?(</\2>)", r"\1\3", html, flags=re.S)


def test_page_refers_to_no_other_resource(html: str) -> None:
    markup = _markup(html)
    attributes = re.findall(r"\b(?:src|href|action|poster|srcset)\s*=\s*[\"']?([^\"'\s>]*)", markup)
    # The empty favicon and the skip link to the views, inside the page.
    assert attributes == ["data:,", "#view-area"], attributes
    assert "@import" not in html
    for url in re.findall(r"url\(\s*[\"']?([^\"')]*)", html):
        assert url.startswith(("data:", "#")), url  # inline data, or an element of the page
    assert "sourceMappingURL" not in html


#: URLs inside vis-network's code that are never requested: the SVG namespace name and two
#: URLs in messages (an error text and core-js's copyright notice).
VENDOR_STRINGS = {
    "http://www.w3.org/2000/svg",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
}
_URL = re.compile(r"https?://[^\s\"'<>)\\,]+")


def test_no_url_outside_attribution_comments_and_link_data(html: str, data: dict[str, Any]) -> None:
    """The page names no URL except in vis-network's licence header (attribution), in
    vis-network's code as never-requested strings, and as the Wikidata/GeoNames links in the
    data, which the page only offers as links to follow."""
    scripts = _scripts(html)
    json_block = next(body for attrs, body in scripts if 'id="explorer-data"' in attrs)
    vis_js = next(body for attrs, body in scripts if "visjs" in body)
    rest = html.replace(json_block, "").replace(vis_js, "")
    # The map libraries from npm name their home page in their first line (attribution).
    for home in ("d3js.org/d3-array/", "d3js.org/d3-geo/", "github.com/topojson/topojson-client"):
        lib = next(body for _attrs, body in scripts if body.startswith(f"// https://{home}"))
        _first, lib_code = lib.split("\n", 1)
        assert set(_URL.findall(lib_code)) <= VENDOR_STRINGS, home
        rest = rest.replace(lib, "")
    assert set(_URL.findall(rest)) <= {"http://www.w3.org/2000/svg"}, "a namespace name only"
    assert vis_js.startswith("/**")
    header, code = vis_js.split("*/", 1)
    assert set(_URL.findall(code)) <= VENDOR_STRINGS
    links = {link["href"] for n in data["nodes"] for link in n["links"]}
    assert links, "the real graph has Wikidata and GeoNames links"
    assert set(_URL.findall(json_block)) == links | {str(ID)}, "links, and the IRI base of pages"
    assert all(h.startswith((str(WD), str(GEONAMES))) for h in links)
    assert "visjs" in header and "license" in header.lower()


def test_graph_text_cannot_become_markup(project: Path) -> None:
    store = graph.assemble(Inputs.from_root(xss_project(project)))
    html = page.render_explorer(store, inputs=Inputs.from_root(project))
    block = re.search(r'id="explorer-data">(.*?)</script>', html, re.S)
    assert block
    assert not re.search(r"[<>&]", block.group(1)), "JSON must escape <, > and &"
    ours = _markup(html) + block.group(1)
    for needle in ("<img src=x", "<script>window", "<svg onload", "<b onmouseover", "javascript:"):
        assert needle not in ours
    node = next(n for n in payload(html)["nodes"] if n["id"] == "city/xss")
    assert node["label"] == {"nl": PAYLOAD_NL, "en": PAYLOAD_EN}
    assert node["comment"]["en"] == "</script><script>window.__pwned=4</script><!--"
    assert node["links"] == [], "a javascript: IRI is never offered as a link"


# --- what is shown ----------------------------------------------------------------------------


def test_payload_counts_match_the_graph(store: ox.Store, data: dict[str, Any]) -> None:
    expected = expected_network(store)
    assert len(data["nodes"]) == expected.number_of_nodes() > 40
    assert len(data["edges"]) == expected.number_of_edges() > 60
    assert len(data["vis"]["nodes"]) == len(data["nodes"])
    assert len(data["vis"]["edges"]) == len(data["edges"])
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])


def test_every_kind_the_issue_names_is_shown_with_its_own_colour_and_shape(
    data: dict[str, Any],
) -> None:
    kinds = {k["key"]: k for k in data["kinds"]}
    assert set(kinds) == {
        "city",
        "country",
        "region",
        "organisation",
        "network",
        "person",
        "event",
        "agreement",
        "theme",
    }
    assert len({k["colour"] for k in kinds.values()}) == len(kinds)
    assert len({k["shape"] for k in kinds.values()}) == len(kinds)
    assert kinds["city"]["label"] == {"nl": "stad", "en": "city"}


def test_every_relation_in_the_data_is_designed(data: dict[str, Any]) -> None:
    """No relation of the real graph falls back to the generic grey 'other' style."""
    assert all(r["family"] != "other" for r in data["relations"])
    keys = {r["key"] for r in data["relations"]}
    for wanted in (
        "sister-city",
        "friendly-city",
        "member-of",
        "guest-at",
        "ratified",
        "located-in",
        "about-theme",
    ):
        assert wanted in keys


def test_enschede_is_in_the_centre_and_nodes_are_sized_by_degree(data: dict[str, Any]) -> None:
    assert data["centre"] == "city/enschede"
    vis_nodes = {n["id"]: n for n in data["vis"]["nodes"]}
    assert (vis_nodes["city/enschede"]["x"], vis_nodes["city/enschede"]["y"]) == (0, 0)
    top = max(data["nodes"], key=lambda n: n["degree"])
    assert top["id"] == "city/enschede"
    assert vis_nodes["city/enschede"]["size"] == max(n["size"] for n in data["vis"]["nodes"])
    places = {(n["x"], n["y"]) for n in data["vis"]["nodes"]}
    assert len(places) == len(vis_nodes), "no two nodes on the same spot"
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in places)
    assert data["vis"]["options"]["physics"] == {"enabled": False}


def test_every_tie_except_geography_rests_on_a_source_sentence(data: dict[str, Any]) -> None:
    families = {r["key"]: r["family"] for r in data["relations"]}
    for e in data["edges"]:
        passages = {p for f in e["facts"] for p in data["facts"][f]["sources"]} | set(e["evidence"])
        if families[e["rel"]] != "place":
            assert passages, f"{e['from']} {e['rel']} {e['to']} has no source sentence"


def test_dalian_ties_carry_their_sentences_and_time(data: dict[str, Any]) -> None:
    sentence = "Sinds 2009 is de Chinese miljoenenstad Dalian een zusterstad van Enschede."
    texts = [p["text"] for p in data["passages"]]
    sister = next(
        e
        for e in data["edges"]
        if e["rel"] == "sister-city" and "city/dalian" in (e["from"], e["to"])
    )
    assert texts.index(sentence) in {
        p for f in sister["facts"] for p in data["facts"][f]["sources"]
    }
    assert (sister["start"], sister["end"]) == (2017, None)
    assert sister["when"] == {"nl": "sinds zomer 2017", "en": "since summer 2017"}
    earlier = next(e for e in data["edges"] if e["rel"] == "friendly-cooperative-city")
    assert (earlier["start"], earlier["end"]) == (2009, 2017)
    doc = data["documents"][data["passages"][texts.index(sentence)]["doc"]]
    assert doc["title"]["nl"] == "2017: Wat Enschede internationaal deed"


def test_year_bounds_put_the_work_mission_before_the_conference(data: dict[str, Any]) -> None:
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["event/work-mission-palo-alto-2015"]["start"] == 2015
    assert nodes["event/smart-city-conference-2017"]["start"] == 2017
    assert nodes["event/work-mission-palo-alto-2015"]["when"] == {
        "nl": "november 2015",
        "en": "November 2015",
    }
    assert nodes["event/internship-chloe-conghui-2017"]["when"] == {
        "nl": "voorjaar 2017 (2 maanden)",
        "en": "spring 2017 (2 months)",
    }
    assert data["years"] == [2009, 2017]


def test_partnership_themes_hang_from_the_partner_not_the_centre(data: dict[str, Any]) -> None:
    theme_ties = [e for e in data["edges"] if e["rel"] == "about-theme"]
    assert not any(e["from"] == "city/enschede" for e in theme_ties)
    assert {"city/palo-alto", "theme/open-data"} <= {
        x for e in theme_ties for x in (e["from"], e["to"])
    }


def test_search_data_has_both_languages_and_variants(data: dict[str, Any]) -> None:
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["organisation/gemeente-enschede"]["label"] == {
        "nl": "Gemeente Enschede",
        "en": "Municipality of Enschede",
    }
    assert "Peking" in nodes["city/beijing"]["alt"]
    assert nodes["city/dalian"]["type"] == {"nl": "stad", "en": "city"}
    assert nodes["event/smart-city-conference-2017"]["type"] == {
        "nl": "conferentie",
        "en": "conference",
    }


# --- the functions and the command ------------------------------------------------------------


def test_render_is_deterministic_and_opens_in_the_asked_language(
    store: ox.Store, html: str
) -> None:
    assert page.render_explorer(store) == html
    assert '<html lang="nl">' in html and "Enschede internationaal: de verkenner" in html
    english = page.render_explorer(store, lang="en")
    assert '<html lang="en">' in english and "Enschede international: the explorer" in english
    assert payload(english)["lang"] == "en"
    with pytest.raises(ValueError, match="lang"):
        page.render_explorer(store, lang="de")


def test_write_explorer_writes_atomically(store: ox.Store, tmp_path: Path, html: str) -> None:
    out = tmp_path / "deep" / "explorer.html"
    assert page.write_explorer(store, out) == out
    assert out.read_text(encoding="utf-8") == html
    assert [p.name for p in out.parent.iterdir()] == ["explorer.html"]


def test_cli_viz_writes_the_page(built_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    args = ["viz", "-o", str(out), "--lang", "en", "--build-dir", str(built_dir)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert '<html lang="en">' in out.read_text(encoding="utf-8")


# --- context mode: the partners of the partners, from Wikidata 2016 ---------------------------

SNAPSHOT = "twinnings/wikidata-p190-2016"
BADGE = {
    "nl": "Bron: Wikidata, momentopname september 2016 (CC0)",
    "en": "Source: Wikidata, snapshot September 2016 (CC0)",
}


@pytest.fixture(scope="module")
def context_html(store: ox.Store) -> str:
    return page.render_explorer(store, context=True)


@pytest.fixture(scope="module")
def context_data(context_html: str) -> dict[str, Any]:
    return payload(context_html)


def _term(term: object) -> str:
    """The IRI of a subject or object of the snapshot (never a quoted triple there)."""
    assert isinstance(term, ox.NamedNode | ox.Literal)
    return term.value


def _ours(store: ox.Store) -> dict[str, str]:
    """Snapshot item -> our place, by ekg:wikidata or a reviewed reconciliation."""
    ours = {
        _term(q.object): _term(q.subject)
        for q in store.quads_for_pattern(None, ox.NamedNode(str(EKG.wikidata)), None, None)
    }
    ours.update(
        (_term(q.subject), _term(q.object))
        for q in store.quads_for_pattern(None, ox.NamedNode(str(EKG.reconciledWith)), None, None)
    )
    return ours


def expected_context(store: ox.Store) -> tuple[set[str], set[frozenset[str]]]:
    """The context network computed from the store's triples, without the viz queries: the
    snapshot's P190 triples (either direction) from an item of a partner or friendly city of
    Enschede, each end mapped to our place where it is ours. Returns the places known only from
    the snapshot and the pairs that become twin-city edges."""
    enschede = ox.NamedNode(vocab.CENTRE)
    partners = {
        _term(q.object)
        for link in (EKG.partnerCity, EKG.hasFriendlyCity)
        for q in store.quads_for_pattern(enschede, ox.NamedNode(str(link)), None, None)
    }
    ours = _ours(store)
    snapshot = ox.NamedNode(str(iri.graph(SNAPSHOT)))
    only: set[str] = set()
    pairs: set[frozenset[str]] = set()
    for q in store.quads_for_pattern(None, ox.NamedNode(str(WDT.P190)), None, snapshot):
        s, o = _term(q.subject), _term(q.object)
        ms, mo = ours.get(s, s), ours.get(o, o)
        for partner, twin, item in ((ms, mo, o), (mo, ms, s)):
            if partner in partners and twin not in (vocab.CENTRE, partner):
                pairs.add(frozenset((partner, twin)))
                if twin == item:
                    only.add(twin)
    return only, pairs


def _id(value: str) -> str:
    return rows.local_id(value)


def test_context_counts_match_the_snapshot_triples(
    store: ox.Store, data: dict[str, Any], context_data: dict[str, Any]
) -> None:
    only, pairs = expected_context(store)
    assert 40 <= len(only) <= 60, "about 50 partners of partners"
    context_nodes = [n for n in context_data["nodes"] if n["kind"] == "context"]
    assert {n["id"] for n in context_nodes} == {_id(x) for x in only}
    assert len(context_data["nodes"]) == len(data["nodes"]) + len(only)
    twinned = [e for e in context_data["edges"] if e["rel"] == "twinned-with"]
    assert {frozenset((e["from"], e["to"])) for e in twinned} == {
        frozenset(_id(x) for x in p) for p in pairs
    }
    assert len(twinned) == len(pairs)
    assert len(context_data["edges"]) == len(data["edges"]) + len(pairs)
    # The curated part is the same network as without context.
    curated = {n["id"] for n in data["nodes"]}
    assert curated <= {n["id"] for n in context_data["nodes"]}
    assert len(context_data["vis"]["nodes"]) == len(context_data["nodes"])


def test_lublin_is_a_partner_of_a_partner_marked_as_wikidata_2016(
    context_data: dict[str, Any],
) -> None:
    lublin = next(n for n in context_data["nodes"] if n["label"]["nl"] == "Lublin")
    assert lublin["id"] == "wd:Q37333" and lublin["kind"] == "context"
    assert context_data["context"]["sources"][lublin["source"]]["badge"] == BADGE
    assert lublin["links"] == [{"name": "Wikidata", "id": "Q37333", "href": str(WD.Q37333)}]
    edge = next(e for e in context_data["edges"] if "wd:Q37333" in (e["from"], e["to"]))
    assert {edge["from"], edge["to"]} == {"city/munster", "wd:Q37333"}
    assert edge["facts"] == [] and edge["evidence"] == []
    # The snapshot's statements are the evidence, directed as stated: both pages state it.
    assert edge["mutual"] is True
    assert {(s["text"], s["by"]) for s in edge["statements"]} == {
        ("wd:Q2742 wdt:P190 wd:Q37333", "city/munster"),
        ("wd:Q37333 wdt:P190 wd:Q2742", "wd:Q37333"),
    }
    kinds = {k["key"]: k for k in context_data["kinds"]}
    assert kinds["context"]["label"] == {
        "nl": "Stad uit Wikidata (2016)",
        "en": "City from Wikidata (2016)",
    }
    assert kinds["context"]["colour"] != kinds["city"]["colour"]
    rel = next(r for r in context_data["relations"] if r["key"] == "twinned-with")
    assert rel["label"] == {"nl": "verzusterd met", "en": "twinned with"}
    assert rel["family"] == "context" and rel["dashes"]
    group = context_data["vis"]["options"]["groups"]["context"]
    assert group["shapeProperties"]["borderDashes"]


def test_one_sided_statements_keep_their_direction(
    store: ox.Store, context_data: dict[str, Any]
) -> None:
    one_sided = [e for e in context_data["edges"] if e.get("statements") and not e["mutual"]]
    assert one_sided, "the snapshot has links stated on one page only"
    for e in one_sided:
        assert {s["by"] for s in e["statements"]} == {e["from"]}


def test_reconciled_items_are_our_node(store: ox.Store, context_data: dict[str, Any]) -> None:
    ids = {n["id"] for n in context_data["nodes"]}
    assert "wd:Q499410" not in ids, "Linköping Municipality is our Linköping"
    more_ids = {n["id"] for n in context_data["more"]["nodes"]}
    assert "wd:Q499410" not in more_ids
    linkoping = [
        e
        for e in context_data["edges"]
        if e["rel"] == "twinned-with" and "city/linkoping" in (e["from"], e["to"])
    ]
    assert linkoping
    texts = {s["text"] for e in linkoping for s in e["statements"]}
    assert any("wd:Q499410" in t for t in texts), "the statement is quoted as the snapshot has it"


def test_further_twins_are_counted_capped_and_laid_out(
    store: ox.Store, context_data: dict[str, Any]
) -> None:
    ours = _ours(store)
    snapshot = ox.NamedNode(str(iri.graph(SNAPSHOT)))
    lublin = ox.NamedNode(str(WD.Q37333))
    twins = {
        ours.get(_term(q.object), _term(q.object))
        for q in store.quads_for_pattern(lublin, ox.NamedNode(str(WDT.P190)), None, snapshot)
    } | {
        ours.get(_term(q.subject), _term(q.subject))
        for q in store.quads_for_pattern(None, ox.NamedNode(str(WDT.P190)), lublin, snapshot)
    }
    node = next(n for n in context_data["nodes"] if n["id"] == "wd:Q37333")
    # Münster is already on screen; every other twin is one more.
    assert node["more"] == len(twins - {vocab.CENTRE, str(iri.mint("city", "munster"))}) > 24
    more = context_data["more"]
    mine = [e for e in more["edges"] if "wd:Q37333" in e["anchors"]]
    assert len(mine) == context.FURTHER_CAP == context_data["context"]["cap"]
    ids = {n["id"] for n in context_data["nodes"]} | {n["id"] for n in more["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in more["edges"])
    assert all(e["statements"] for e in more["edges"])
    vis_more = context_data["vis"]["more"]
    assert len(vis_more["nodes"]) == len(more["nodes"])
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in vis_more["nodes"])
    assert all(n["anchors"] for n in more["nodes"])


def test_context_payload_is_text_only_and_the_page_self_contained(
    context_html: str, context_data: dict[str, Any]
) -> None:
    block = re.search(r'id="explorer-data">(.*?)</script>', context_html, re.S)
    assert block and not re.search(r"[<>&]", block.group(1))
    markup = _markup(context_html)
    attributes = re.findall(r"\b(?:src|href|action|poster|srcset)\s*=\s*[\"']?([^\"'\s>]*)", markup)
    assert attributes == ["data:,", "#view-area"]
    assert "default-src 'none'" in html_module.unescape(context_html)
    links = {link["href"] for n in context_data["nodes"] for link in n["links"]}
    links |= {link["href"] for n in context_data["more"]["nodes"] for link in n["links"]}
    assert set(_URL.findall(block.group(1))) == links | {str(ID)}
    code = [body for attrs, body in _scripts(context_html) if "application/json" not in attrs]
    m = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', context_html)
    assert m
    for body in code:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in html_module.unescape(m.group(1))


def test_page_without_context_has_no_snapshot(data: dict[str, Any]) -> None:
    assert data["context"] is None and data["more"] is None
    assert all(n["kind"] != "context" for n in data["nodes"])
    assert all(e["rel"] != "twinned-with" for e in data["edges"])


def test_cli_viz_context_writes_the_context_page(built_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "context.html"
    args = ["viz", "-o", str(out), "--context", "--build-dir", str(built_dir)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = payload(out.read_text(encoding="utf-8"))
    assert any(n["id"] == "wd:Q37333" for n in data["nodes"])
    plain = tmp_path / "plain.html"
    args = ["viz", "-o", str(plain), "--no-context", "--build-dir", str(built_dir)]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert payload(plain.read_text(encoding="utf-8"))["context"] is None
