"""The advisor's views of the explorer (issue 12) in a real headless Chromium, offline, in Dutch
and English, on a 1440×900 laptop and a 390×844 phone: partners at a glance, the network from
the partners, the map, the timeline, the panel's summary, the year, export and print, the URL,
search, keyboard and WCAG 2.2 AA (axe-core, vendored in tests/vendor/axe-core from its npm
package). The screenshots for the docs are written to build/screenshots/ by these tests.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from enschede_kg.config import Inputs
from enschede_kg.explore import page, rows
from enschede_kg.explore.views import map as map_view
from enschede_kg.rdf.namespaces import EKG, ID, RDFS
from tests.browser import VIEWPORTS, needs_chromium, serious_axe_findings, viewport
from tests.conftest import ROOT, SCREENSHOTS
from tests.test_explorer_browser import Tab, new_tab

pytestmark = needs_chromium
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"

VIEWS = ("overview", "network", "map", "timeline", "table")
CITIES = ("city/dalian", "city/heidelberg", "city/linkoping", "city/munster", "city/palo-alto")
#: What the source says of each partner city: its tie now and since when (issue 12's example).
TIES = {
    "nl": {
        "city/dalian": ("zusterstad (sinds zomer 2017)", "sinds 2009"),
        "city/palo-alto": (
            "zusterstad (datum onbekend); samenwerking (sinds november 2015)",
            "sinds november 2015",
        ),
        "city/heidelberg": ("bevriende stad (datum onbekend)", "datum onbekend"),
        "city/linkoping": ("bevriende stad (datum onbekend)", "datum onbekend"),
        "city/munster": ("bevriende stad (datum onbekend)", "datum onbekend"),
    },
    "en": {
        "city/dalian": ("sister city (since summer 2017)", "since 2009"),
        "city/palo-alto": (
            "sister city (date unknown); cooperation (since November 2015)",
            "since November 2015",
        ),
        "city/heidelberg": ("friendly city (date unknown)", "date unknown"),
        "city/linkoping": ("friendly city (date unknown)", "date unknown"),
        "city/munster": ("friendly city (date unknown)", "date unknown"),
    },
}


@pytest.fixture(scope="module")
def page_file(store: ox.Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return page.write_explorer(store, tmp_path_factory.mktemp("views") / "explorer.html")


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def device(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    with viewport(request.param, tmp_path_factory) as ctx:
        yield ctx


@pytest.fixture
def tab(device: Any) -> Iterator[Tab]:
    t = new_tab(device)
    yield t
    t.page.close()


@pytest.fixture
def dtab(device: Any) -> Iterator[Tab]:
    """A tab for what is checked on the laptop only (one Playwright per run: no second one)."""
    if device.name != "desktop":
        pytest.skip("checked on the desktop")
    t = new_tab(device)
    yield t
    t.page.close()


def _shot(tab: Tab, name: str) -> None:
    """A picture for docs/ (``make screenshots`` copies build/screenshots/ there): the Dutch
    laptop views and the phone's bottom sheet only, to keep the repository small."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.mouse.move(1, 1)
    tab.page.wait_for_timeout(150)
    tab.page.screenshot(path=str(SCREENSHOTS / name))


# --- partners at a glance ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_overview_lists_the_five_partner_cities_with_tie_and_dates(
    tab: Tab, page_file: Path, lang: str
) -> None:
    tab.open(page_file, f"#lang={lang}")
    assert tab.page.is_visible("#overview-view"), "the page opens on the partners"
    assert tab.page.get_attribute("#view-overview", "aria-pressed") == "true"
    rows_ = tab.js(
        "[...document.querySelectorAll('#overview-body tr')].map(r => [r.dataset.id, "
        "r.querySelector('.tie').textContent, r.children[3].textContent, "
        "r.children[1].textContent])"
    )
    cities = [r for r in rows_ if r[0].startswith("city/")]
    assert [r[0] for r in cities] == sorted(
        CITIES,
        key=lambda c: tab.js(f"window.explorer.data.nodes.find(n => n.id === '{c}').label.{lang}"),
    )
    for pid, tie, since, kind in cities:
        assert (tie, since) == TIES[lang][pid], pid
        assert kind == {"nl": "stad", "en": "city"}[lang]
    others = {r[0] for r in rows_} - set(CITIES)
    assert others == {"organisation/euregio", "organisation/eurocities", "country/poland"}
    first = tab.page.locator("#overview-body tr").first.bounding_box()
    assert first and first["y"] < VIEWPORTS[tab_name(tab)][1], (
        "the first partner is on the first screen"
    )
    if lang == "nl" and tab_name(tab) == "desktop":
        _shot(tab, "explorer-overview.png")
    tab.clean()


def tab_name(tab: Tab) -> str:
    size = tab.page.viewport_size
    return "phone" if size["width"] < 700 else "desktop"


def test_overview_sorts_by_any_column(dtab: Tab, page_file: Path) -> None:
    dtab.open(page_file, "#lang=en")
    dtab.page.click("#overview-table button.sort[data-col=since]")
    ids = dtab.js("[...document.querySelectorAll('#overview-body tr')].map(r => r.dataset.id)")
    assert ids[:3] == ["city/dalian", "city/palo-alto", "country/poland"], "oldest tie first"
    assert dtab.page.get_attribute("th[data-col=since]", "aria-sort") == "ascending"
    dtab.page.click("#overview-table button.sort[data-col=sources]")
    counts = dtab.js(
        "[...document.querySelectorAll('#overview-body tr')].map(r => +r.children[7].textContent)"
    )
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    assert "sort=sources" in dtab.page.url
    dtab.clean()


# --- the network from the partners -------------------------------------------------------------


def test_network_starts_from_the_partners_with_readable_labels(tab: Tab, page_file: Path) -> None:
    tab.open(page_file, "#view=network&lang=nl")
    data = tab.js("window.explorer.data")
    partners = {p["id"] for p in data["partners"]}
    shown = set(tab.js("window.explorer.visibleNodeIds()"))
    assert partners <= shown and data["centre"] in shown
    assert all(
        n in partners or n in (data["centre"], "organisation/gemeente-enschede") for n in shown
    )
    scale = tab.js("window.explorer.network.getScale()")
    options = data["vis"]["options"]
    assert options["nodes"]["font"]["size"] * scale >= 11
    assert options["edges"]["font"]["size"] * scale >= 11
    tab.page.click("#scope-toggle")  # the whole graph is one click away
    assert len(tab.js("window.explorer.visibleNodeIds()")) == len(data["nodes"])
    tab.clean()


# --- the map and the linked views ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_map_has_a_marker_per_place_on_a_base_map_drawn_offline(
    tab: Tab, page_file: Path, store: ox.Store, lang: str
) -> None:
    tab.open(page_file, f"#view=map&lang={lang}")
    with_coordinates = {
        rows.local_id(str(r["place"])) for r in rows.Queries(store, Inputs()).rows("coordinates")
    }
    assert len(with_coordinates) >= 7
    assert set(tab.js("window.explorer.mapMarkers()")) == with_coordinates
    countries = len(map_view.world()["objects"]["countries"]["geometries"])
    drawn = tab.js("document.querySelectorAll('#map .world path.country').length")
    assert drawn >= countries - 2 > 150, "Natural Earth's countries are drawn"
    lines = tab.js("[...document.querySelectorAll('#map .world path.tie')].map(p => p.dataset.id)")
    assert set(CITIES) <= set(lines)
    assert tab.js("performance.getEntriesByType('resource').length") == 0
    assert tab.blocked == []
    assert "Natural Earth" in tab.js("document.querySelector('footer .licences').textContent")
    assert tab.js("document.documentElement.lang") == lang
    box = tab.page.locator("#map .world").bounding_box()
    assert box and box["width"] >= 0.7 * VIEWPORTS[tab_name(tab)][0], "a map, not a strip"
    dalian = tab.js(
        "document.querySelector('#map .marker[data-id=\"city/dalian\"] title').textContent"
    )
    assert dalian == {"nl": "Dalian · stad", "en": "Dalian · city"}[lang]
    # The keyboard's way to the same places: one button each, choosing as the marker does.
    buttons = tab.js("[...document.querySelectorAll('#map-places button')].map(b => b.dataset.id)")
    assert set(buttons) == with_coordinates
    tab.page.focus("#map-places button[data-id='city/heidelberg']")
    tab.page.keyboard.press("Enter")
    assert tab.js("window.explorer.state.selected") == "city/heidelberg"
    assert (
        tab.page.get_attribute("#map-places button[data-id='city/heidelberg']", "aria-pressed")
        == "true"
    )
    tab.clean()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_choosing_dalian_on_the_map_chooses_it_in_network_and_timeline(
    tab: Tab, page_file: Path, lang: str
) -> None:
    tab.open(page_file, f"#view=map&lang={lang}")
    tab.page.locator("#map .world .marker[data-id='city/dalian'] circle").click(force=True)
    assert tab.js("window.explorer.state.selected") == "city/dalian"
    assert tab.js("window.explorer.network.getSelectedNodes()") == ["city/dalian"]
    assert "city/dalian" in tab.page.inner_text("#panel") or "Dalian" in tab.page.inner_text(
        "#panel-title"
    )
    tab.page.click("#view-timeline") if tab_name(tab) == "desktop" else tab.js(
        "window.explorer.showView('timeline')"
    )
    facts = tab.js("window.explorer.timelineSelected()")
    assert "status-period/enschede-dalian-sister-city" in facts and len(facts) >= 3
    nodes = tab.js(
        "[...document.querySelectorAll('#timeline .item.selected')].map(g => g.dataset.node)"
    )
    assert set(nodes) == {"city/dalian"}
    if lang == "nl" and tab_name(tab) == "desktop":
        _shot(tab, "explorer-timeline.png")
    tab.js("window.explorer.showView('map')")
    assert (
        tab.js("document.querySelector('#map .world .marker.selected').dataset.id") == "city/dalian"
    )
    if lang == "nl" and tab_name(tab) == "desktop":
        _shot(tab, "explorer-map.png")
    tab.clean()


def test_timeline_draws_spans_at_their_precision(dtab: Tab, page_file: Path) -> None:
    dtab.open(page_file, "#view=timeline&lang=nl")
    items = dtab.js(
        "[...document.querySelectorAll('#timeline .item')].map(g => ({fact: g.dataset.fact, "
        "cls: g.getAttribute('class'), prec: g.dataset.precision || '', "
        "w: +g.querySelector('rect').getAttribute('width'), "
        "x: +g.querySelector('rect').getAttribute('x')}))"
    )
    by = {i["fact"]: i for i in items}
    year = by["partnership/enschede-dalian"]
    season = by["status-period/enschede-dalian-sister-city"]
    assert year["prec"] == "year" and season["prec"] == "season"
    heidelberg = [i for i in items if "heidelberg" in i["fact"]]
    assert heidelberg and all("undated" in i["cls"] for i in heidelberg), "unknown, not a point"
    fcc = by["status-period/enschede-dalian-friendly-cooperative-city"]
    assert "open-start" in fcc["cls"], "known only to end: its start is drawn as unknown"
    label = dtab.js(
        "document.querySelector('#timeline .item[data-fact=\"status-period/"
        "enschede-dalian-friendly-cooperative-city\"]').getAttribute('aria-label')"
    )
    assert label.endswith("tot zomer 2017 · begin onbekend")
    assert (
        dtab.js("document.querySelector('#timeline .unknown-head').textContent") == "datum onbekend"
    )
    dtab.clean()


# --- the panel ---------------------------------------------------------------------------------


#: Dalian's status history as the source tells it: each phase with its dates, in order, and
#: whether the source names who approved that phase (only the official sister-city status).
DALIAN_PHASES = {
    "nl": [
        ("Stedenband Enschede–Dalian", "sinds 2009", False),
        ("Friendly Cooperative City", "tot zomer 2017", False),
        ("officiële Sister City", "sinds zomer 2017", True),
    ],
    "en": [
        ("Enschede–Dalian city partnership", "since 2009", False),
        ("Friendly Cooperative City", "until summer 2017", False),
        ("official Sister City", "since summer 2017", True),
    ],
}
SISTER_PHASE = "status-period/enschede-dalian-sister-city"


def _approvers(store: ox.Store, fact: str, lang: str) -> list[str]:
    """The names of who approved a fact, read from the graph itself (not from the page)."""
    out = []
    for q in store.quads_for_pattern(
        ox.NamedNode(str(ID) + fact), ox.NamedNode(str(EKG.approvedBy)), None
    ):
        assert isinstance(q.object, ox.NamedNode), q
        for label in store.quads_for_pattern(q.object, ox.NamedNode(str(RDFS.label)), None):
            if isinstance(label.object, ox.Literal) and label.object.language == lang:
                out.append(label.object.value)
    return sorted(out)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dalian_panel_starts_with_its_summary(
    tab: Tab, page_file: Path, store: ox.Store, lang: str
) -> None:
    tab.open(page_file, f"#sel=city/dalian&lang={lang}")
    text = tab.page.inner_text("#panel")
    words = {
        "nl": (
            "Band nu: zusterstad (sinds zomer 2017)",
            "sinds 2009",
            "tot zomer 2017",
            "goedgekeurd door",
            "Afspraken over",
            "Thema's van activiteiten",
        ),
        "en": (
            "Tie now: sister city (since summer 2017)",
            "since 2009",
            "until summer 2017",
            "approved by",
            "Agreed areas",
            "Themes of activities",
        ),
    }[lang]
    for w in words:
        assert w in text, w
    assert text.index(words[0]) < text.index(words[3]) < text.index(words[5])
    areas = tab.js(
        "[...document.querySelectorAll('#panel .agreement .chips li')].map(l => l.textContent)"
    )
    event_themes = tab.js(
        "[...document.querySelectorAll('#panel h4 + ul.chips')].pop().textContent"
    )
    assert len(areas) == 6 and not any(a in event_themes for a in areas)
    # Each phase of the status says who approved that status: the approver of the phase, where
    # the source names one, not that of the agreement or of the partnership as a whole.
    phases = tab.js(
        "[...document.querySelectorAll('#panel ol.history > li')].map(li => ["
        "li.querySelector('.fact-label').textContent, li.textContent, "
        "[...li.querySelectorAll('.approved-by')].map(a => a.textContent)])"
    )
    assert len(phases) == len(DALIAN_PHASES[lang])
    ministry = _approvers(store, SISTER_PHASE, lang)
    assert len(ministry) == 1 and ("Beijing" in ministry[0] or "China" in ministry[0])
    for (name, all_text, approved), (words_, when, has_approver) in zip(
        phases, DALIAN_PHASES[lang], strict=True
    ):
        assert words_ in name and when in all_text, (name, words_, when)
        expected = [words[3] + " " + ministry[0]] if has_approver else []
        assert approved == expected, name
    # The approver is a way to its own node, as every name in the panel is.
    tab.page.click("#panel ol.history .approved-by button")
    assert tab.js("window.explorer.state.selected") == (
        "organisation/chinese-ministry-of-foreign-affairs"
    )
    if tab_name(tab) == "phone":
        box = tab.page.locator("#panel").bounding_box()
        assert box and box["y"] + box["height"] <= VIEWPORTS["phone"][1] + 1, "a bottom sheet"
    tab.clean()


def test_each_sentence_once_and_undated_said(dtab: Tab, page_file: Path) -> None:
    dtab.open(page_file, "#sel=city/munster&lang=nl")
    quotes = dtab.js(
        "[...document.querySelectorAll('#panel blockquote.source')].map(q => q.textContent)"
    )
    assert quotes and len(quotes) == len(set(quotes)), "no sentence twice"
    assert "datum onbekend" in dtab.page.inner_text("#panel")
    assert dtab.js("document.querySelector('#panel a.resource-link').href").endswith(
        "/id/city/munster"
    )
    dtab.page.click("#panel-close")
    assert dtab.js("window.explorer.state.selected") is None
    dtab.js("window.explorer.select('city/dalian')")
    dtab.page.keyboard.press("Escape")
    assert dtab.js("window.explorer.state.selected") is None
    assert "sel=" not in dtab.page.url
    dtab.clean()


# --- year ----------------------------------------------------------------------------------------


def test_year_has_positions_only_where_something_changes_and_plays(
    dtab: Tab, page_file: Path
) -> None:
    dtab.open(page_file, "#view=network&scope=all&lang=nl")
    steps = dtab.js("window.explorer.yearSteps")
    assert steps == sorted(set(steps)) and len(steps) >= 3
    seen = []
    for y in steps:
        dtab.js(f"window.explorer.setYear({y})")
        seen.append(tuple(dtab.js("window.explorer.visibleEdgeIds()")))
    assert len(set(seen)) == len(seen), "each position shows another network"
    assert dtab.page.is_visible("#year-undated") and "zonder datum" in dtab.page.inner_text(
        "#year-undated"
    )
    undated = dtab.js(
        "window.explorer.data.edges"
        ".filter(e => e.start === null && e.end === null && e.facts.length)"
        ".map(e => window.explorer.edges.get(e.id).dashes)"
    )
    assert undated and all(d == [2, 4] for d in undated), "undated ties are marked"
    dtab.js("window.explorer.setYear(null)")
    dtab.page.click("#year-play")
    assert dtab.page.get_attribute("#year-play", "aria-pressed") == "true"
    assert dtab.page.inner_text("#year-value") == str(steps[0])
    dtab.page.wait_for_timeout(1150)
    assert dtab.page.inner_text("#year-value") == str(steps[1])
    dtab.page.click("#year-play")
    assert dtab.page.get_attribute("#year-play", "aria-pressed") == "false"
    dtab.clean()


# --- export, print, URL --------------------------------------------------------------------------


#: The first columns of the CSV files, in the page's language.
CSV_HEAD = {
    ("overview", "nl"): ["Partner", "Soort", "Band nu", "Sinds"],
    ("overview", "en"): ["Partner", "Kind", "Tie now", "Since"],
    ("relations", "nl"): ["Van", "Relatie", "Naar", "Wanneer", "Bron"],
    ("relations", "en"): ["From", "Relation", "To", "When", "Source"],
}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("which", ["overview", "relations"])
def test_csv_opens_in_dutch_excel(tab: Tab, page_file: Path, which: str, lang: str) -> None:
    view = "overview" if which == "overview" else "table"
    tab.open(page_file, f"#view={view}&scope=all&lang={lang}")
    with tab.page.expect_download() as info:
        tab.page.click(f"#{view}-view button.csv")
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "CRLF lines"
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert all(len(r) == len(table[0]) for r in table)
    head = CSV_HEAD[which, lang]
    assert table[0][: len(head)] == head
    if which == "overview":
        shown = tab.js(
            "[...document.querySelectorAll('#overview-body tr > th')].map(th => th.textContent)"
        )
        assert [r[0] for r in table[1:]] == shown, "the rows of the page, in its order"
        assert len(table) - 1 == len(tab.js("window.explorer.data.partners"))
        dalian = next(r for r in table if r[0] == "Dalian")
        assert dalian[2:4] == list(TIES[lang]["city/dalian"])
        assert any(r[0] == "Münster" for r in table), "UTF-8 survives"
    else:
        assert len(table) - 1 == len(tab.js("window.explorer.filteredEdgeIds()")) > 60
        assert any("Sinds 2009 is de Chinese miljoenenstad Dalian" in r[4] for r in table)
    tab.clean()


def test_copy_gives_one_line_per_row(dtab: Tab, page_file: Path) -> None:
    dtab.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    dtab.open(page_file, "#view=table&lang=en")
    dtab.page.click("#table-view button.copy")
    dtab.page.wait_for_timeout(200)
    text = dtab.js("navigator.clipboard.readText()")
    lines = text.rstrip("\n").split("\n")
    assert len(lines) - 1 == len(dtab.js("window.explorer.filteredEdgeIds()"))
    assert all(line.count("\t") == 4 for line in lines)
    assert "rows" in dtab.page.inner_text("#copy-status")
    dtab.clean()


def _pdf_pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def test_print_gives_a_one_page_fact_sheet_and_the_whole_table(dtab: Tab, page_file: Path) -> None:
    dtab.open(page_file, "#sel=city/dalian&lang=nl")
    dtab.page.emulate_media(media="print")
    assert not dtab.page.is_visible("#controls") and dtab.page.is_visible("#panel")
    assert _pdf_pages(dtab.page.pdf(format="A4")) == 1
    dtab.page.emulate_media(media="screen")
    dtab.open(page_file, "#view=table&scope=all&lang=nl")
    dtab.page.emulate_media(media="print")
    assert not dtab.page.is_visible("#controls")
    shown = dtab.js(
        "[...document.querySelectorAll('#table-body tr')]"
        ".filter(r => r.getClientRects().length).length"
    )
    assert shown == len(dtab.js("window.explorer.filteredEdgeIds()")) > 60
    assert _pdf_pages(dtab.page.pdf(format="A4")) > 3
    dtab.page.emulate_media(media="screen")
    dtab.clean()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_url_restores_a_view_and_the_language_is_remembered(
    tab: Tab, page_file: Path, lang: str
) -> None:
    other_lang = {"nl": "en", "en": "nl"}[lang]
    tab.open(page_file, f"#view=timeline&sel=city/palo-alto&year=2015&lang={lang}&hide-kinds=theme")
    assert tab.page.is_visible("#timeline-view") and not tab.page.is_visible("#overview-view")
    assert tab.js("document.documentElement.lang") == lang
    assert tab.page.inner_text("#panel-title") == "Palo Alto"
    assert tab.page.inner_text("#year-value") == "2015"
    assert not tab.page.is_checked("input[name=kind][value=theme]")
    tab.js("window.explorer.select('city/dalian')")
    assert "sel=city%2Fdalian" in tab.page.url and "view=timeline" in tab.page.url
    assert f"lang={lang}" in tab.page.url
    url = tab.page.url
    other = new_tab(tab.page.context)
    other.open(Path(url.split("#")[0].removeprefix("file://")), "#" + url.split("#")[1])
    assert other.page.inner_text("#panel-title") == "Dalian"
    assert other.js("document.documentElement.lang") == lang
    assert other.js("window.explorer.state.year") == 2015
    assert other.page.is_visible("#timeline-view")
    other.page.close()
    # No language in the URL: the one chosen last with the switch, whatever it was before.
    for chosen in (other_lang, lang):
        tab.page.click(f"#lang-{chosen}")
        tab.open(page_file, "")
        assert tab.js("document.documentElement.lang") == chosen
    tab.clean()


# --- search, keyboard, phone ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("muenster", "city/munster"),
        ("Linkoeping", "city/linkoping"),
        ("zusterstad", "city/dalian"),
        ("sister city", "city/palo-alto"),
        ("bevriende stad", "city/heidelberg"),
        ("MoU", "agreement/enschede-dalian-mou-2017"),
    ],
)
def test_search_by_spelling_relation_and_kind_words(
    dtab: Tab, page_file: Path, text: str, found: str
) -> None:
    dtab.open(page_file, "#lang=nl")
    dtab.page.fill("#search", text)
    options = dtab.js(
        "[...document.querySelectorAll('#search-results li[role=option]')].map(l => l.id)"
    )
    assert options and options != ["search-none"]
    dtab.page.press("#search", "Enter")
    hits = dtab.js("window.explorer.state.results")
    assert found in hits, hits
    dtab.clean()


def test_skip_link_and_keyboard_from_node_to_neighbours(dtab: Tab, page_file: Path) -> None:
    dtab.open(page_file, "#view=network&lang=nl")
    dtab.page.keyboard.press("Tab")
    assert dtab.js("document.activeElement.className") == "skip-link"
    dtab.page.keyboard.press("Enter")
    assert dtab.js("document.activeElement.id") == "view-area"
    dtab.page.focus("#network")
    dtab.page.keyboard.press("ArrowRight")  # nothing chosen: the centre
    assert dtab.js("window.explorer.state.selected") == "city/enschede"
    neighbours = set()
    for _ in range(12):
        dtab.page.keyboard.press("ArrowRight")
        neighbours.add(dtab.js("window.explorer.state.cursorNode"))
    data = dtab.js("window.explorer.data")
    assert {p["id"] for p in data["partners"] if p["kind"] == "city"} <= neighbours
    target = dtab.js("window.explorer.state.cursorNode")
    dtab.page.keyboard.press("Enter")
    assert dtab.js("window.explorer.state.selected") == target
    assert "Buur" not in dtab.page.inner_text("#status")
    dtab.clean()


def test_phone_has_a_filter_drawer_and_a_bottom_sheet(tab: Tab, page_file: Path) -> None:
    if tab_name(tab) != "phone":
        pytest.skip("phone layout only")
    tab.open(page_file, "#view=network&lang=nl")
    assert not tab.page.is_visible("#controls")
    tab.page.click("#filters-toggle")
    assert tab.page.is_visible("#controls") and tab.page.is_visible("#search")
    tab.page.fill("#search", "Dalian")
    tab.page.press("#search", "Enter")
    tab.page.click("#drawer-close")
    assert not tab.page.is_visible("#controls")
    tab.page.wait_for_timeout(400)  # the sheet slides up
    box = tab.page.locator("#panel").bounding_box()
    assert box and box["y"] + box["height"] <= 845 and box["y"] > 844 * 0.4, box
    assert tab.page.locator("#network").bounding_box()["width"] >= 380
    _shot(tab, "explorer-phone.png")
    tab.clean()


# --- WCAG 2.2 AA ---------------------------------------------------------------------------

#: axe-core's tags for WCAG 2.0, 2.1 and 2.2, levels A and AA (target-size is "wcag22aa").
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_axe_finds_nothing_serious_in_any_view(tab: Tab, page_file: Path, lang: str) -> None:
    source = AXE.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    for view in VIEWS:
        tab.open(page_file, f"#view={view}&sel=city/dalian&lang={lang}")
        tab.page.evaluate(source)  # by the DevTools protocol: the page's CSP is not weakened
        bad = serious_axe_findings(tab.page.evaluate, WCAG)
        if bad:
            found[view] = bad
    assert found == {}, json.dumps(found, indent=1)
    assert "target-size" in {
        r for r in tab.page.evaluate("axe.getRules(['wcag22aa']).map(r => r.ruleId)")
    }
    tab.clean()


def test_everything_ready_quickly_enough_to_measure(dtab: Tab, page_file: Path) -> None:
    """Not a timing test (benchmarks/explorer.py measures): the page says when it is ready."""
    start = time.monotonic()
    dtab.open(page_file, "#lang=nl")
    assert dtab.js("typeof window.explorer.readyAt") == "number"
    assert time.monotonic() - start < 30
    dtab.clean()


# --- new since (issue 15) -------------------------------------------------------------------------

#: The words of "new since" on the page, per language.
NEW = {"nl": ("nieuw", "nieuw sinds"), "en": ("new", "new since")}


def _began_in_or_after(store: ox.Store, year: int) -> set[str]:
    """The facts that began in or after ``year``, read from the graph itself (not from the
    page): a fact's date, else its start, compared by the year it lies in (a season, month or
    day at its own precision); a taking part without a date of its own at its event's date."""
    first: dict[str, int] = {}
    for prop in (EKG.date, EKG.startDate):
        for q in store.quads_for_pattern(None, ox.NamedNode(str(prop)), None):
            assert isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal)
            lexical = re.match(r"-?\d{4,}", q.object.value)
            assert lexical, q
            first.setdefault(q.subject.value, int(lexical.group()))
    for q in store.quads_for_pattern(None, ox.NamedNode(str(EKG.hasParticipation)), None):
        assert isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)
        if q.object.value not in first and q.subject.value in first:
            first[q.object.value] = first[q.subject.value]
    return {s.removeprefix(str(ID)) for s, y in first.items() if y >= year}


def _marked(tab: Tab) -> dict[str, Any]:
    """What each view marks as new, read from the page's DOM and network data sets."""
    marks: dict[str, Any] = tab.js(
        """(() => {
        const x = window.explorer;
        const all = (sel) => [...document.querySelectorAll(sel)];
        const badged = (sel) => all(sel).filter((n) => n.querySelector('.new-badge'))
            .map((n) => n.dataset.fact || n.dataset.id);
        const worded = (set) => set.get().filter((i) => / · (nieuw|new)$/.test(i.label))
            .map((i) => i.id).sort();
        return {
          rows: badged('#overview-body tr').sort(),
          phases: badged('#overview-body li[data-fact]').sort(),
          panel: badged('#panel .fact[data-fact]').sort(),
          panelAll: all('#panel .fact[data-fact]').map((n) => n.dataset.fact),
          edges: worded(x.edges),
          nodes: worded(x.nodes),
        };
      })()"""
    )
    return marks


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_new_since_2017_marks_exactly_the_facts_begun_then_in_every_view(
    dtab: Tab, page_file: Path, store: ox.Store, lang: str
) -> None:
    word, count_words = NEW[lang]
    dtab.open(page_file, f"#sel=city/dalian&lang={lang}")
    data = dtab.js("window.explorer.data")
    assert _marked(dtab)["rows"] == [] and not dtab.page.is_visible("#since-banner")
    expected = _began_in_or_after(store, 2017) & set(data["facts"])
    # Dated by a season (summer 2017), by a month (July 2017) and through its event: all count.
    assert {
        "status-period/enschede-dalian-sister-city",
        "event/smart-city-conference-2017",
        "participation/smart-city-conference-2017-heidelberg",
    } <= expected
    assert "partnership/enschede-dalian" not in expected, "2009 is not new since 2017"
    dtab.page.select_option("#since", "2017")
    assert "since=2017" in dtab.page.url
    assert dtab.js("window.explorer.newFactIds()") == sorted(expected)
    count = dtab.page.inner_text("#since-count")
    assert count.startswith(f"{len(expected)} {count_words} 2017"), count
    assert dtab.page.is_visible("#since-banner") and dtab.page.inner_text("#since-banner") == count

    marks = _marked(dtab)
    partners = data["partners"]
    assert marks["rows"] == sorted(
        p["id"]
        for p in partners
        if any(h["fact"] in expected for h in p["history"])
        or any(a["id"] in expected for a in p["agreements"])
        or (p["latest"] and p["latest"]["id"] in expected)
    )
    assert "city/dalian" in marks["rows"]
    assert marks["phases"] == sorted({h["fact"] for p in partners for h in p["history"]} & expected)
    assert marks["panel"] == sorted(set(marks["panelAll"]) & expected) != []
    assert dtab.js("document.querySelector('.new-badge').textContent") == word
    # The network: the word on the label and a thicker line, not colour alone.
    assert marks["edges"] == sorted(
        e["id"] for e in data["edges"] if e["facts"] and e["facts"][0] in expected
    )
    widths = dtab.js(
        "window.explorer.data.edges.filter(e => e.facts.length).map(e => [e.id, "
        "window.explorer.edges.get(e.id).width, window.explorer.data.relations"
        ".find(r => r.key === e.rel).width])"
    )
    assert all((w > base) == (eid in marks["edges"]) for eid, w, base in widths)
    assert marks["nodes"] == sorted(n["id"] for n in data["nodes"] if n["id"] in expected)

    dtab.page.click("#view-timeline")
    items = dtab.js(
        "[...document.querySelectorAll('#timeline .item')].map(g => [g.dataset.fact, "
        "g.classList.contains('new'), g.classList.contains('undated'), "
        "g.getAttribute('aria-label')])"
    )
    assert sorted(f for f, new, _, _ in items if new) == sorted(
        {f for f, _, _, _ in items} & expected
    )
    for _fact, new, undated, text in items:
        assert text.endswith(f" · {word}") == new
        if undated:
            assert not new and NEW_UNKNOWN[lang] in text
    dtab.clean()


#: What an undated fact says instead of a date.
NEW_UNKNOWN = {"nl": "datum onbekend", "en": "date unknown"}


def test_undated_facts_are_never_new_and_say_date_unknown(dtab: Tab, page_file: Path) -> None:
    dtab.open(page_file, "#sel=city/heidelberg&since=2009&lang=nl")
    data = dtab.js("window.explorer.data")
    undated = {f for f, fact in data["facts"].items() if fact["year"] is None}
    assert "friendship/enschede-heidelberg" in undated
    assert not undated & set(dtab.js("window.explorer.newFactIds()"))
    block = dtab.js(
        "document.querySelector('#panel .fact[data-fact=\"friendship/enschede-heidelberg\"]')"
        ".textContent"
    )
    assert "datum onbekend" in block and "nieuw" not in block
    assert f"{len(undated)} feiten met datum onbekend" in dtab.page.inner_text("#since-count")
    dtab.clean()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_new_since_is_restored_from_the_url_and_reset(
    tab: Tab, page_file: Path, store: ox.Store, lang: str
) -> None:
    count_words = NEW[lang][1]
    tab.open(page_file, f"#view=timeline&since=2017&lang={lang}")
    expected = _began_in_or_after(store, 2017) & set(
        tab.js("Object.keys(window.explorer.data.facts)")
    )
    assert tab.js("window.explorer.state.since") == 2017
    assert tab.page.input_value("#since") == "2017"
    assert tab.page.is_visible("#since-banner")
    assert tab.page.inner_text("#since-banner").startswith(f"{len(expected)} {count_words} 2017")
    shown = tab.js("[...document.querySelectorAll('#timeline .item.new')].map(g => g.dataset.fact)")
    assert shown and set(shown) <= expected
    other = {"nl": "en", "en": "nl"}[lang]
    tab.page.click(f"#lang-{other}")
    assert tab.page.inner_text("#since-banner").startswith(f"{len(expected)} {NEW[other][1]} 2017")
    assert "since=2017" in tab.page.url
    if tab_name(tab) == "phone":
        tab.page.click("#filters-toggle")
    tab.page.click("#reset")
    assert tab.js("window.explorer.state.since") is None
    assert "since=" not in tab.page.url and not tab.page.is_visible("#since-banner")
    assert tab.js("document.querySelectorAll('#timeline .item.new').length") == 0
    tab.js("window.explorer.showView('overview')")
    assert tab.js("document.querySelectorAll('#overview-body .new-badge').length") == 0
    tab.clean()


def test_new_since_on_a_second_year_of_the_graph(dtab: Tab, tmp_path: Path) -> None:
    """The advisor's 2018 changes of tests/test_diff.py (an invented test document, its facts,
    a corrected date, an ended status): 'since 2018' marks exactly what began in 2018, 'since
    2017' that and what began in 2017; the ended status is not new (its start is unknown)."""
    from enschede_kg import graph
    from tests.conftest import copy_project
    from tests.test_diff import make_changes

    project = copy_project(tmp_path / "project")
    make_changes(project)
    inputs = Inputs.from_root(project)
    store = graph.assemble(inputs)
    path = page.write_explorer(store, tmp_path / "two-years.html", inputs=inputs)
    dtab.open(path, "#since=2018&lang=nl")
    facts = set(dtab.js("Object.keys(window.explorer.data.facts)"))
    new_2018 = _began_in_or_after(store, 2018) & facts
    assert new_2018 and all("2018" in f or "beijing" in f for f in new_2018), new_2018
    assert "status-period/enschede-palo-alto-sister-city" not in new_2018
    assert dtab.js("window.explorer.newFactIds()") == sorted(new_2018)
    assert dtab.page.inner_text("#since-count").startswith(f"{len(new_2018)} nieuw sinds 2018")
    dtab.page.select_option("#since", "2017")
    new_2017 = _began_in_or_after(store, 2017) & facts
    assert new_2017 > new_2018
    assert dtab.js("window.explorer.newFactIds()") == sorted(new_2017)
    dtab.clean()


def test_screenshot_of_new_since(dtab: Tab, page_file: Path) -> None:
    """The picture of docs/beheer.md: the partners at a glance with what is new since 2017."""
    dtab.open(page_file, "#sel=city/dalian&since=2017&lang=nl")
    assert dtab.js("document.querySelectorAll('#overview-body .new-badge').length") > 0
    dtab.js("document.getElementById('since').scrollIntoView({block: 'center'})")
    assert dtab.page.is_visible("#since") and dtab.page.input_value("#since") == "2017"
    _shot(dtab, "explorer-new-since.png")
    dtab.clean()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_axe_finds_nothing_serious_with_new_since_on(tab: Tab, page_file: Path, lang: str) -> None:
    source = AXE.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    for view in VIEWS:
        tab.open(page_file, f"#view={view}&sel=city/dalian&since=2017&lang={lang}")
        assert tab.js("window.explorer.newFactIds().length") > 0
        tab.page.evaluate(source)
        bad = serious_axe_findings(tab.page.evaluate, WCAG)
        if bad:
            found[view] = bad
    assert found == {}, json.dumps(found, indent=1)
    tab.clean()
