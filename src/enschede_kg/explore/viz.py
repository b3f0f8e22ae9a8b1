"""The explorer: one self-contained HTML page showing with whom Enschede works, since when, on what
and on what evidence.

Policy advisers open the page from a file, an e-mail attachment or behind a municipal firewall, so
everything is inlined (vis-network as shipped inside pyvis, our script and styles, the data) and a
Content-Security-Policy forbids every request. The network is computed from the graph by the
queries in ``queries/viz/`` and laid out once here (networkx, Enschede fixed in the centre), so
that the browser only draws it. Graph data travels as JSON in a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` escaped, and the page puts it on screen as text only.

    >>> from enschede_kg import graph
    >>> html = render_explorer(graph.assemble())
    >>> html.startswith("<!DOCTYPE html>")
    True
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import jinja2
import networkx as nx
import pyoxigraph as ox
from markupsafe import Markup

from enschede_kg import queries
from enschede_kg.build import DEFAULT_OUT
from enschede_kg.errors import EnschedeKGError
from enschede_kg.graph import Inputs
from enschede_kg.rdf import iri, rdfio
from enschede_kg.rdf.namespaces import CC0, EKG, GEONAMES, GRAPHS, ID, WD, WDT

#: Where ``enschede-kg viz`` writes the page unless told otherwise.
DEFAULT_PATH: Final = DEFAULT_OUT / "explorer.html"
#: The node drawn in the centre.
CENTRE: Final = str(iri.mint("city", "enschede"))
TEMPLATES: Final = Path(__file__).resolve().parent / "templates"
#: The named graphs the explorer shows: the curated facts, their passages and the vocabulary.
CURATED_GRAPHS: Final = ("ontology", "data", "provenance")
LANGS: Final = ("nl", "en")
#: The vis-network build inside the pyvis package that the page inlines.
VIS_VERSION: Final = "9.1.2"
#: Up to this many nodes the radial layout is refined by a spring layout (quadratic per step);
#: larger graphs keep the radial layout, so that generation stays linear in the graph's size.
SPRING_LIMIT: Final = 400
#: Typical edge length on screen, in vis-network's canvas units (pixels at zoom 1).
EDGE_LENGTH: Final = 170.0
#: Distance between the rings of the radial layout of large graphs, in canvas units.
RING_GAP: Final = 140.0
#: Context mode: at most this many further twins of one partner of a partner are added when the
#: reader asks for them ("toon"); the panel states how many there are in all.
FURTHER_CAP: Final = 24


class ExplorerError(EnschedeKGError):
    """The explorer page could not be made (vis-network missing, an unsafe asset)."""


# --- what is drawn, and how -------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of node: the class it stands for, its vis-network shape and its colours."""

    cls: str
    key: str
    shape: str
    colour: str
    border: str


#: The kinds of node, in order of precedence (a network is also an organisation: it is a network).
#: ``queries/viz/nodes.rq`` selects exactly these classes. Colours: Okabe-Ito, safe for colour
#: blindness; each kind also has its own shape.
KINDS: Final[tuple[Kind, ...]] = (
    Kind(str(EKG.City), "city", "dot", "#0072B2", "#004B75"),
    Kind(str(EKG.Country), "country", "hexagon", "#56B4E9", "#2A7FB0"),
    Kind(str(EKG.Region), "region", "triangleDown", "#009E73", "#006149"),
    Kind(str(EKG.Network), "network", "triangle", "#D55E00", "#8A3D00"),
    Kind(str(EKG.Organisation), "organisation", "square", "#E69F00", "#9A6A00"),
    Kind(str(EKG.Person), "person", "star", "#CC79A7", "#8E4A74"),
    Kind(str(EKG.Event), "event", "diamond", "#7B3294", "#4E1F5E"),
    Kind(str(EKG.Agreement), "agreement", "document", "#A6611A", "#6B3F11"),
    Kind(str(EKG.Theme), "theme", "tag", "#F2F2F2", "#7A7A7A"),
)
KIND_BY_CLASS: Final = {k.cls: k for k in KINDS}
#: Context mode: a place known only from an imported twin-city snapshot (Wikidata 2016), not from
#: the curated data. Not one of KINDS (no class selects it): its own grey, dashed-bordered dot.
CONTEXT_KIND: Final = Kind(str(EKG.City), "context", "dot", "#D9D9D9", "#595959")


@dataclass(frozen=True)
class Relation:
    """A kind of edge: the term that names it (a property, status, role, post or relationship
    class), its labels and its line style."""

    term: str
    key: str
    nl: str
    en: str
    family: str
    colour: str
    width: float = 1.5
    dashes: tuple[int, ...] = ()
    directed: bool = True


#: Families group the relation filters of the page.
FAMILIES: Final = (
    "partnership",
    "membership",
    "participation",
    "agreement",
    "event",
    "post",
    "place",
    "theme",
    "other",
    "context",
)

_RELATIONS: Final[tuple[Relation, ...]] = (
    Relation(
        str(EKG.SisterCity),
        "sister-city",
        "zusterstad",
        "sister city",
        "partnership",
        "#C0392B",
        4,
        (),
        False,
    ),
    Relation(
        str(EKG.FriendlyCooperativeCity),
        "friendly-cooperative-city",
        "Friendly Cooperative City",
        "friendly cooperative city",
        "partnership",
        "#E67E22",
        3,
        (8, 4),
        False,
    ),
    Relation(
        str(EKG.FriendlyCity),
        "friendly-city",
        "bevriende stad",
        "friendly city",
        "partnership",
        "#1E8449",
        3,
        (),
        False,
    ),
    Relation(
        str(EKG.CityPartnership),
        "city-partnership",
        "stedenband",
        "city partnership",
        "partnership",
        "#7F8C8D",
        3,
        (),
        False,
    ),
    Relation(
        str(EKG.Cooperation),
        "cooperation",
        "samenwerking",
        "cooperation",
        "partnership",
        "#2471A3",
        2.5,
        (),
        False,
    ),
    Relation(
        str(EKG.CountryRelation),
        "country-relation",
        "landenrelatie",
        "country relation",
        "partnership",
        "#7D3C98",
        2.5,
        (8, 4),
        False,
    ),
    Relation(
        str(EKG.memberOf), "member-of", "lid van", "member of", "membership", "#D55E00", 2, (6, 3)
    ),
    Relation(str(EKG.Host), "host-of", "gastheer van", "host of", "participation", "#5D6D7E"),
    Relation(str(EKG.Guest), "guest-at", "te gast bij", "guest at", "participation", "#5D6D7E"),
    Relation(
        str(EKG.Visitor), "visitor-at", "bezoeker bij", "visitor at", "participation", "#5D6D7E"
    ),
    Relation(str(EKG.Intern), "intern-at", "stagiair bij", "intern at", "participation", "#5D6D7E"),
    Relation(
        str(EKG.Signatory),
        "signatory-at",
        "ondertekenaar bij",
        "signatory at",
        "participation",
        "#5D6D7E",
    ),
    Relation(
        str(EKG.invitedBy),
        "invited-by",
        "uitgenodigd door",
        "invited by",
        "participation",
        "#5D6D7E",
        1.5,
        (4, 3),
    ),
    Relation(str(EKG.signatory), "ratified", "bekrachtigde", "ratified", "agreement", "#A6611A", 2),
    Relation(str(EKG.party), "party-to", "partij bij", "party to", "agreement", "#A6611A", 2),
    Relation(str(EKG.signedAt), "signed-in", "getekend in", "signed in", "agreement", "#A6611A"),
    Relation(
        str(EKG.signedDuring),
        "signed-during",
        "getekend tijdens",
        "signed during",
        "agreement",
        "#A6611A",
    ),
    Relation(
        str(EKG.approvedBy),
        "approved-by",
        "goedgekeurd door",
        "approved by",
        "agreement",
        "#A6611A",
        1.5,
        (4, 3),
    ),
    Relation(str(EKG.location), "held-in", "vond plaats in", "held in", "event", "#7B3294"),
    Relation(
        str(EKG.destination), "destination", "met bestemming", "destination", "event", "#7B3294"
    ),
    Relation(
        str(EKG.subEventOf), "part-of", "onderdeel van", "part of", "event", "#7B3294", 1.5, (4, 3)
    ),
    Relation(str(EKG.Mayor), "mayor-of", "burgemeester van", "mayor of", "post", "#CC79A7", 2),
    Relation(str(EKG.Adviser), "adviser-at", "adviseur bij", "adviser at", "post", "#CC79A7", 2),
    Relation(
        str(EKG.theme), "about-theme", "over thema", "about theme", "theme", "#9A9A9A", 1, (2, 3)
    ),
    Relation(str(EKG.governs), "governs", "bestuurt", "governs", "place", "#A0A0A0", 1),
    Relation(
        str(EKG.locatedIn), "located-in", "ligt in", "located in", "place", "#B5B5B5", 1, (6, 4)
    ),
)
RELATIONS: Final = {r.term: r for r in _RELATIONS}
#: Context mode: a twin-city statement of an imported snapshot (wdt:P190), drawn in the direction
#: stated (arrows at both ends when each side states it).
TWINNED_WITH: Final = Relation(
    str(WDT.P190), "twinned-with", "verzusterd met", "twinned with", "context", "#6E6E6E", 1.5,
    (3, 3),
)  # fmt: skip

#: Every string the page shows that does not come from the graph, in Dutch and English.
UI_TEXT: Final[dict[str, tuple[str, str]]] = {
    "title": ("Enschede internationaal: de verkenner", "Enschede international: the explorer"),
    "subtitle": (
        "Met wie Enschede samenwerkt, sinds wanneer, waaraan, en op grond van welke bron.",
        "With whom Enschede works, since when, on what, and on what evidence.",
    ),
    "language": ("Taal", "Language"),
    "search": ("Zoek een naam", "Search a name"),
    "search_placeholder": ("bijv. Dalian, Münster, Eurocities", "e.g. Dalian, Münster, Eurocities"),
    "search_hint": (
        "Ook een deel van een naam, in het Nederlands of Engels. Enter kiest de eerste treffer.",
        "Part of a name also works, in Dutch or English. Enter selects the first match.",
    ),
    "search_none": ("Niets gevonden", "Nothing found"),
    "search_results": ("{n} treffers", "{n} matches"),
    "filters": ("Filters", "Filters"),
    "kinds": ("Soorten", "Kinds"),
    "kinds_note": ("Grootte: aantal relaties", "Size: number of relations"),
    "relations": ("Relaties", "Relations"),
    "theme": ("Thema", "Theme"),
    "theme_all": ("alle thema's", "all themes"),
    "year": ("Jaar", "Year"),
    "year_all": ("alle jaren", "all years"),
    "year_hint": (
        "Het netwerk zoals het in dat jaar was; wat de bron niet dateert, blijft staan.",
        "The network as it stood in that year; what the source does not date stays.",
    ),
    "reset": ("Alles tonen", "Show everything"),
    "table_show": ("Toon als tabel", "Show as table"),
    "table_hide": ("Toon als netwerk", "Show as network"),
    "table_caption": (
        "De getoonde relaties met hun bronzinnen",
        "The relations shown, with their source sentences",
    ),
    "col_from": ("Van", "From"),
    "col_relation": ("Relatie", "Relation"),
    "col_to": ("Naar", "To"),
    "col_when": ("Wanneer", "When"),
    "col_source": ("Bron", "Source"),
    "network_label": (
        "Netwerk van de internationale relaties van Enschede. Pijltjestoetsen schuiven, "
        "+ en - zoomen.",
        "Network of Enschede's international relations. Arrow keys pan, + and - zoom.",
    ),
    "panel": ("Details", "Details"),
    "panel_empty": (
        "Kies een knoop in het netwerk, met de zoekfunctie of in de tabel om te zien wat er over "
        "bekend is en in welke zin van de bron dat staat.",
        "Choose a node in the network, with the search or in the table to see what is known "
        "about it and in which sentence of the source it is written.",
    ),
    "close": ("Sluiten", "Close"),
    "kind": ("Soort", "Kind"),
    "when": ("Wanneer", "When"),
    "themes": ("Thema's", "Themes"),
    "aims": ("Doelen", "Aims"),
    "also_known_as": ("Ook bekend als", "Also known as"),
    "other_language": ("In het Engels", "In Dutch"),
    "links": ("Elders", "Elsewhere"),
    "focus": ("Toon alleen de buurt", "Show only the neighbourhood"),
    "focus_1": ("1 stap", "1 hop"),
    "focus_2": ("2 stappen", "2 hops"),
    "focus_reset": ("Hele netwerk", "Whole network"),
    "relations_of": ("Relaties ({n})", "Relations ({n})"),
    "evidence": ("Bronzinnen", "Source sentences"),
    "mentioned_in": ("Genoemd in", "Mentioned in"),
    "see_above": ("bronzinnen hierboven", "source sentences above"),
    "co_mentioned": ("Zinnen die beide noemen", "Sentences that name both"),
    "no_source": (
        "Geen bronzin: aangevuld uit Wikidata of GeoNames.",
        "No source sentence: completed from Wikidata or GeoNames.",
    ),
    "where": ("{title}, alinea {p}, zin {s}", "{title}, paragraph {p}, sentence {s}"),
    "since": ("sinds {date}", "since {date}"),
    "until": ("tot {date}", "until {date}"),
    "status": (
        "{nodes} van {all_nodes} knopen en {edges} van {all_edges} relaties getoond.",
        "{nodes} of {all_nodes} nodes and {edges} of {all_edges} relations shown.",
    ),
    "selected": ("{label} gekozen.", "{label} selected."),
    "family_partnership": ("Stedenbanden en samenwerking", "Partnerships and cooperation"),
    "family_membership": ("Lidmaatschap", "Membership"),
    "family_participation": ("Deelname", "Taking part"),
    "family_agreement": ("Overeenkomsten", "Agreements"),
    "family_event": ("Gebeurtenissen", "Events"),
    "family_post": ("Functies", "Posts"),
    "family_place": ("Ligging en bestuur", "Location and government"),
    "family_theme": ("Thema's", "Themes"),
    "family_other": ("Overig", "Other"),
    "family_context": ("Context: Wikidata 2016", "Context: Wikidata 2016"),
    "kind_context": ("Stad uit Wikidata (2016)", "City from Wikidata (2016)"),
    "type_context": ("zusterstad volgens Wikidata", "twin city according to Wikidata"),
    "context_badge": (
        "Bron: Wikidata, momentopname {date} ({licence})",
        "Source: Wikidata, snapshot {date} ({licence})",
    ),
    "context_note": (
        "Niet uit de gecureerde gegevens: een stedenband zoals Wikidata die in {date} vermeldde, "
        "zonder bronzin.",
        "Not from the curated data: a twin-city link as Wikidata stated it in {date}, without a "
        "source sentence.",
    ),
    "statements": ("Uitspraken in de momentopname", "Statements in the snapshot"),
    "stated_by": (
        "vermeld op de Wikidata-pagina van {label}",
        "stated on the Wikidata page of {label}",
    ),
    "further": ("+{n} verdere zustersteden in Wikidata", "+{n} further twin cities in Wikidata"),
    "further_capped": ("(de eerste {cap} worden getoond)", "(the first {cap} are shown)"),
    "further_show": ("toon", "show"),
    "further_hide": ("verberg", "hide"),
    "footer": (
        "Bron: “2017: Wat Enschede internationaal deed”, Gemeente Enschede. Gegevens onder "
        "CC BY 4.0. Getekend met vis-network {vis} (Apache-2.0 of MIT) uit pyvis.",
        "Source: “2017: Wat Enschede internationaal deed” (What Enschede did internationally), "
        "Municipality of Enschede. Data under CC BY 4.0. Drawn with vis-network {vis} "
        "(Apache-2.0 or MIT) from pyvis.",
    ),
    "noscript": (
        "Het netwerk heeft JavaScript nodig. De gegevens staan ook in de bestanden van "
        "enschede-kg (enschede-kg query).",
        "The network needs JavaScript. The data is also in the files of enschede-kg "
        "(enschede-kg query).",
    ),
    "year_1": ("jaar", "year"),
    "year_n": ("jaar", "years"),
    "month_1": ("maand", "month"),
    "month_n": ("maanden", "months"),
    "week_1": ("week", "week"),
    "week_n": ("weken", "weeks"),
    "day_1": ("dag", "day"),
    "day_n": ("dagen", "days"),
}

MONTHS: Final = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
}


def ui(key: str, lang: str, **values: object) -> str:
    """One interface string in one language, with ``{name}`` fields filled in."""
    text = UI_TEXT[key][LANGS.index(lang)]
    return text.format(**values) if values else text


# --- dates at the precision of the source -----------------------------------------------------

_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def year_of(value: str) -> int | None:
    """The year of a gYear, gYearMonth, date or dateTime lexical form."""
    m = _DATE.match(value)
    return int(m.group(1)) if m else None


def format_date(value: str, lang: str, season: str | None = None) -> str:
    """A date as precise as it is stored: '2009', 'november 2015', '5 juli 2017', 'zomer 2017'.

    >>> format_date("2015-11", "nl"), format_date("2015-11", "en")
    ('november 2015', 'November 2015')
    >>> format_date("2017", "en", season="summer")
    'summer 2017'
    """
    m = _DATE.match(value)
    if not m:
        return value
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return f"{season} {year}" if season else year
    name = MONTHS[lang].split(" ")[int(month) - 1]
    if day is None:
        return f"{name} {year}"
    return f"{int(day)} {name} {year}"


def format_duration(value: str, lang: str) -> str:
    """'P2M' -> '2 maanden' / '2 months'; other forms are shown as stored."""
    m = _DURATION.match(value)
    if not m or not any(m.groups()):
        return value
    parts = []
    for amount, unit in zip(m.groups(), ("year", "month", "week", "day"), strict=True):
        if amount:
            n = int(amount)
            parts.append(f"{n} {ui(f'{unit}_1' if n == 1 else f'{unit}_n', lang)}")
    return " ".join(parts)


@dataclass
class Dates:
    """The dates of one resource as stored: (lexical form, season label per language)."""

    date: tuple[str, dict[str, str]] | None = None
    start: tuple[str, dict[str, str]] | None = None
    end: tuple[str, dict[str, str]] | None = None
    duration: str | None = None

    def describe(self, lang: str) -> str | None:
        """'zomer 2017', 'sinds 2009', '2009 – zomer 2017', 'voorjaar 2017 (2 maanden)'."""

        def fmt(d: tuple[str, dict[str, str]]) -> str:
            return format_date(d[0], lang, d[1].get(lang))

        text: str | None = None
        if self.date:
            text = fmt(self.date)
        elif self.start and self.end:
            text = f"{fmt(self.start)} – {fmt(self.end)}"
        elif self.start:
            text = ui("since", lang, date=fmt(self.start))
        elif self.end:
            text = ui("until", lang, date=fmt(self.end))
        if self.duration:
            length = format_duration(self.duration, lang)
            text = f"{text} ({length})" if text else length
        return text

    def interval(self) -> tuple[int | None, int | None]:
        """The years in which the resource is part of the network: an event or agreement from
        its year on, a period from its start to its end; None where the source gives nothing."""
        if self.date:
            return year_of(self.date[0]), None
        start = year_of(self.start[0]) if self.start else None
        end = year_of(self.end[0]) if self.end else None
        return start, end


def _intersect(spans: Iterable[tuple[int | None, int | None]]) -> tuple[int | None, int | None]:
    lo: int | None = None
    hi: int | None = None
    for a, b in spans:
        if a is not None:
            lo = a if lo is None else max(lo, a)
        if b is not None:
            hi = b if hi is None else min(hi, b)
    return lo, hi


# --- the data of the page ---------------------------------------------------------------------


def _local(value: str) -> str:
    """A short, stable id: the IRI below ``…/id/`` ('city/dalian'), a Wikidata item as 'wd:Q37333',
    else the IRI itself."""
    base = str(ID)
    if value.startswith(base):
        return value[len(base) :]
    if value.startswith(str(WD)):
        return "wd:" + value[len(str(WD)) :]
    return value


def _value(term: object) -> str | None:
    return None if term is None else str(term.value)  # type: ignore[attr-defined]


class _Queries:
    """Runs the explorer's queries of one project over the curated graphs.

    Imported context graphs (``data/imported``, such as Wikidata's twinnings) are left out: they
    rest on no source sentence, and every tie on screen must.
    """

    def __init__(self, store: ox.Store, inputs: Inputs) -> None:
        self.store = store
        self.dir = inputs.queries / "viz"
        self.saved = inputs.queries
        self.graphs = [ox.NamedNode(str(GRAPHS[g])) for g in CURATED_GRAPHS]

    def rows(
        self, name: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None
    ) -> list[dict[str, str | None]]:
        q = queries.parse_query_file(self.dir / f"{name}.rq")
        result = queries.run(self.store, q, bindings, graphs=self.graphs)
        return [{k: _value(v) for k, v in row.items()} for row in result.rows]

    def context_rows(
        self, name: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None
    ) -> list[dict[str, str | None]]:
        """Rows of a context query, over every graph: the curated places and the imported
        snapshots (the query itself says, with GRAPH, which statements it takes from where)."""
        q = queries.parse_query_file(self.dir / f"{name}.rq")
        result = queries.run(self.store, q, bindings)
        return [{k: _value(v) for k, v in row.items()} for row in result.rows]

    def fact_sources(self) -> list[dict[str, str | None]]:
        """Saved query 11: the source sentences behind every fact and entity."""
        q = queries.resolve("fact-sources", self.saved)
        result = queries.run(self.store, q, graphs=self.graphs)
        rows = []
        for row in result.rows:
            out = {k: _value(v) for k, v in row.items()}
            text = row.get("text")
            out["lang"] = text.language if isinstance(text, ox.Literal) else None
            rows.append(out)
        return rows


class _Labels:
    """Dutch and English labels and descriptions, with fallbacks."""

    def __init__(self, rows: list[dict[str, str | None]]) -> None:
        self.rows = {str(r["thing"]): r for r in rows}

    def label(self, thing: str, lang: str) -> str:
        r = self.rows.get(thing, {})
        other = LANGS[1 - LANGS.index(lang)]
        for key in (f"label_{lang}", "label", f"label_{other}"):
            if r.get(key):
                return str(r[key])
        tail = re.split(r"[/#]", thing.rstrip("/#"))[-1]
        return tail or thing

    def both(self, thing: str) -> dict[str, str]:
        return {lang: self.label(thing, lang) for lang in LANGS}

    def comment(self, thing: str) -> dict[str, str] | None:
        r = self.rows.get(thing, {})
        nl, en = r.get("comment_nl"), r.get("comment_en")
        if not nl and not en:
            return None
        return {"nl": str(nl or en), "en": str(en or nl)}


def _dates(rows: list[dict[str, str | None]], labels: _Labels) -> dict[str, Dates]:
    out: dict[str, Dates] = defaultdict(Dates)
    slot = {str(EKG.date): "date", str(EKG.startDate): "start", str(EKG.endDate): "end"}
    for r in rows:
        thing, prop, value = str(r["thing"]), str(r["property"]), str(r["value"])
        if prop == str(EKG.duration):
            out[thing].duration = value
        elif prop in slot and getattr(out[thing], slot[prop]) is None:
            season = labels.both(r["season"]) if r["season"] else {}
            setattr(out[thing], slot[prop], (value, season))
    return out


def _relation(term: str, labels: _Labels) -> Relation:
    """The registered relation, or one named by the graph's own label of the term."""
    if term in RELATIONS:
        return RELATIONS[term]
    return Relation(
        term,
        iri.slugify(labels.label(term, "en")) or "relation",
        labels.label(term, "nl"),
        labels.label(term, "en"),
        "other",
        "#8C8C8C",
    )


def explorer_data(
    store: ox.Store, *, inputs: Inputs | None = None, centre: str = CENTRE, context: bool = False
) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-able data: nodes and edges for vis-network
    (with positions), and what the side panel, filters, search and table need.

    Node and edge ids are the IRIs below ``…/id/`` ('city/dalian'), Wikidata items as
    'wd:Q37333'; passages and documents are numbered. Only the explorer's queries decide what is
    in it. With ``context``, the partners of the centre's partners in the imported twin-city
    snapshots are nodes too (kind 'context', with the statements of the snapshot as their
    evidence), and ``more`` holds their further twins, shown on demand.
    """
    q = _Queries(store, inputs or Inputs())
    labels = _Labels(q.rows("labels"))
    dates = _dates(q.rows("dates"), labels)

    # Nodes: the first kind in KINDS wins.
    rank = {k.cls: i for i, k in enumerate(KINDS)}
    kind_of: dict[str, Kind] = {}
    links: dict[str, list[dict[str, str]]] = defaultdict(list)
    classes: dict[str, set[str]] = defaultdict(set)
    for r in q.rows("nodes"):
        node, cls = str(r["node"]), str(r["kind"])
        if node not in kind_of or rank[cls] < rank[kind_of[node].cls]:
            kind_of[node] = KIND_BY_CLASS[cls]
        classes[node].add(str(r["class"]))
        for key, name, ns in (
            ("wikidata", "Wikidata", str(WD)),
            ("geonames", "GeoNames", str(GEONAMES)),
        ):
            href = r[key]
            if href and href.startswith(ns) and all(lk["href"] != href for lk in links[node]):
                ident = href[len(ns) :].strip("/")
                links[node].append({"name": name, "id": ident, "href": href})
    node_ids = sorted(kind_of)
    is_node = set(node_ids)

    supers: dict[str, set[str]] = defaultdict(set)
    for r in q.rows("classes"):
        supers[str(r["class"])].add(str(r["super"]))
    alt: dict[str, list[str]] = defaultdict(list)
    for r in q.rows("alt-labels"):
        if r["alt"] not in alt[str(r["thing"])]:
            alt[str(r["thing"])].append(str(r["alt"]))
    themes_of: dict[str, list[str]] = defaultdict(list)
    aims_of: dict[str, list[str]] = defaultdict(list)
    for r in q.rows("concepts"):
        target = themes_of if r["property"] == str(EKG.theme) else aims_of
        target[str(r["thing"])].append(str(r["concept"]))

    # Passages and documents, numbered in document order.
    source_rows = q.fact_sources()
    passage_key = {
        str(r["passage"]): (str(r["document"]), int(str(r["paragraph"])), int(str(r["sentence"])))
        for r in source_rows
    }
    passage_ids = sorted(passage_key, key=lambda p: passage_key[p])
    passage_index = {p: i for i, p in enumerate(passage_ids)}
    document_ids = sorted({d for d, _, _ in passage_key.values()})
    document_index = {d: i for i, d in enumerate(document_ids)}
    documents = [{"title": {"nl": d, "en": d}} for d in document_ids]
    passage_rows: dict[str, dict[str, str | None]] = {}
    sources: dict[str, list[int]] = defaultdict(list)
    mentions: dict[str, list[int]] = defaultdict(list)
    for r in source_rows:
        p = str(r["passage"])
        passage_rows.setdefault(p, r)
        doc = documents[document_index[str(r["document"])]]
        doc["title"] = {
            "nl": str(r["title_nl"] or r["title_en"] or doc["title"]["nl"]),
            "en": str(r["title_en"] or r["title_nl"] or doc["title"]["en"]),
        }
        bucket = sources if r["via"] == str(EKG.source) else mentions
        idx = passage_index[p]
        if idx not in bucket[str(r["fact"])]:
            bucket[str(r["fact"])].append(idx)
    passages = [
        {
            "text": str(passage_rows[p]["text"]),
            "lang": passage_rows[p]["lang"] or "",
            "doc": document_index[passage_key[p][0]],
            "par": passage_key[p][1],
            "sen": passage_key[p][2],
        }
        for p in passage_ids
    ]

    # Edges: every tie between two nodes.
    centre_term: dict[str, ox.NamedNode | ox.Literal] = {"centre": ox.NamedNode(centre)}
    edges: list[dict[str, Any]] = []
    facts: dict[str, dict[str, Any]] = {}
    relations_used: dict[str, Relation] = {}
    for r in q.rows("edges", centre_term):
        src, dst = str(r["from"]), str(r["to"])
        if src not in is_node or dst not in is_node or src == dst:
            continue
        rel = _relation(str(r["relation"]), labels)
        relations_used[rel.key] = rel
        fact_iris = [f for f in (r["fact"], r["context"]) if f]
        fact_iris = list(dict.fromkeys(fact_iris))
        for f in fact_iris:
            if _local(f) not in facts:
                fd = dates.get(f, Dates())
                facts[_local(f)] = {
                    "label": labels.both(f),
                    "when": _when(fd),
                    "sources": sources.get(f, []),
                    "themes": [_local(t) for t in themes_of.get(f, [])],
                    "aims": [labels.both(a) for a in aims_of.get(f, [])],
                }
        if rel.term == str(EKG.theme):
            edge_themes = [_local(dst)]
        else:
            edge_themes = sorted({_local(t) for f in fact_iris for t in themes_of.get(f, [])})
        start, end = _intersect(dates.get(f, Dates()).interval() for f in fact_iris)
        evidence = (
            [] if fact_iris else sorted(set(mentions.get(src, [])) & set(mentions.get(dst, [])))
        )
        primary = next((dates[f] for f in fact_iris if f in dates), None)
        edges.append(
            {
                "id": f"e{len(edges)}",
                "from": _local(src),
                "to": _local(dst),
                "rel": rel.key,
                "facts": [_local(f) for f in fact_iris],
                "evidence": evidence,
                "when": _when(primary) if primary else None,
                "start": start,
                "end": end,
                "themes": edge_themes,
            }
        )

    # Nodes, with their own themes and those of their ties (a city is "about" the themes of
    # the agreements and events it takes part in).
    theme_edge = RELATIONS[str(EKG.theme)].key
    node_themes: dict[str, set[str]] = {
        _local(n): {_local(t) for t in themes_of.get(n, [])} for n in node_ids
    }
    degree: dict[str, int] = defaultdict(int)
    for e in edges:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
        if e["rel"] != theme_edge:
            node_themes[e["from"]].update(e["themes"])
            node_themes[e["to"]].update(e["themes"])

    nodes: list[dict[str, Any]] = []
    for n in node_ids:
        kind, local = kind_of[n], _local(n)
        own = dates.get(n)
        start, end = own.interval() if own else (None, None)
        # Named by its most specific class: one that is no superclass of another of its classes.
        broader = {b for c in classes[n] for b in supers[c]}
        narrower = sorted(classes[n] - broader)
        nodes.append(
            {
                "id": local,
                "kind": kind.key,
                "label": labels.both(n),
                "type": labels.both(narrower[0] if narrower else kind.cls),
                "alt": alt.get(n, []),
                "comment": labels.comment(n),
                "when": _when(own) if own else None,
                "start": start,
                "end": end,
                "themes": sorted(node_themes[local]),
                "links": links.get(n, []),
                "mentions": mentions.get(n, []),
                "sources": sources.get(n, []),
                "degree": degree[local],
            }
        )

    context_sources, source_index = _context_sources(q) if context else ([], {})
    if context:
        before = len(edges)
        _add_context(q, centre, nodes, edges, source_index)
        by_id = {n["id"]: n for n in nodes}
        for e in edges[before:]:
            by_id[e["from"]]["degree"] += 1
            by_id[e["to"]]["degree"] += 1
            relations_used[TWINNED_WITH.key] = TWINNED_WITH

    theme_iris = {_local(t): t for ts in themes_of.values() for t in ts}
    theme_iris.update({_local(n): n for n in node_ids if kind_of[n].key == "theme"})
    used_themes = {t for e in edges for t in e["themes"]} | {
        n["id"] for n in nodes if n["kind"] == "theme"
    }
    themes = sorted(
        ({"id": t, "label": labels.both(theme_iris[t])} for t in used_themes),
        key=lambda t: (t["label"]["nl"].casefold(), t["id"]),
    )
    years = [y for item in (*nodes, *edges) for y in (item["start"], item["end"]) if y is not None]
    centre_id = _local(centre) if centre in is_node else None
    kind_rank = {k.key: i for i, k in enumerate((*KINDS, CONTEXT_KIND))}
    positions = layout(
        [n["id"] for n in nodes],
        [(e["from"], e["to"]) for e in edges],
        centre_id,
        key={n["id"]: (kind_rank[n["kind"]], n["label"]["nl"].casefold(), n["id"]) for n in nodes},
        boxes={n["id"]: _box(n) for n in nodes},
    )
    for item in nodes:
        item["x"], item["y"] = positions[item["id"]]
    more = _add_further(q, centre, nodes, edges, source_index) if context else None
    kinds_used = {n["kind"] for n in nodes}
    kind_labels = {k.cls: labels.both(k.cls) for k in KINDS}
    context_label = {lang: ui("kind_context", lang) for lang in LANGS}
    order = {r.key: i for i, r in enumerate(_RELATIONS)}
    return {
        "centre": centre_id,
        "kinds": [
            {
                "key": k.key,
                "label": context_label if k is CONTEXT_KIND else kind_labels[k.cls],
                "shape": k.shape,
                "colour": k.colour,
                "border": k.border,
            }
            for k in (*KINDS, CONTEXT_KIND)
            if k.key in kinds_used
        ],
        "relations": [
            {
                "key": r.key,
                "label": {"nl": r.nl, "en": r.en},
                "family": r.family,
                "colour": r.colour,
                "width": r.width,
                "dashes": list(r.dashes),
                "directed": r.directed,
            }
            for r in sorted(
                relations_used.values(),
                key=lambda r: (FAMILIES.index(r.family), order.get(r.key, len(order)), r.key),
            )
        ],
        "themes": themes,
        "years": [min(years), max(years)] if years else None,
        "documents": documents,
        "passages": passages,
        "facts": dict(sorted(facts.items())),
        "nodes": nodes,
        "edges": edges,
        "context": {"sources": context_sources, "cap": FURTHER_CAP} if context else None,
        "more": more,
    }


# --- context mode: the partners of the partners, from the imported snapshots ----------------


@dataclass
class _Pair:
    """The twin-city statements between two places (our nodes or snapshot items), as stated."""

    ends: tuple[str, str]
    stated: list[tuple[str, str, str, str]]  # (subject item, object item, graph, stating end)
    subjects: set[str]  # the ends whose item states the link


def _pairs(
    rows: list[dict[str, str | None]], near: str, near_item: str, far: str
) -> dict[tuple[str, str], _Pair]:
    """Statements grouped by unordered pair of places (in the order first met)."""
    pairs: dict[tuple[str, str], _Pair] = {}
    for r in rows:
        a, b = str(r[near]), str(r[far])
        if a == b:
            continue
        key = (a, b) if a < b else (b, a)
        pair = pairs.setdefault(key, _Pair((a, b), [], set()))
        subject = str(r["stated_subject"])
        by = a if subject == str(r[near_item]) else b
        stated = (subject, str(r["stated_object"]), str(r["graph"]), by)
        if stated not in pair.stated:
            pair.stated.append(stated)
        pair.subjects.add(by)
    return pairs


def _statement_text(subject: str, obj: str) -> str:
    """``wd:Q2742 wdt:P190 wd:Q37333``: the statement as the snapshot makes it."""
    return f"{_local(subject)} wdt:{str(WDT.P190)[len(str(WDT)) :]} {_local(obj)}"


def _context_edge(pair: _Pair, sources: dict[str, int], index: int) -> dict[str, Any]:
    """One twin-city edge: from the side that states it (either when both do)."""
    near, far = pair.ends
    mutual = len(pair.subjects) == 2
    src, dst = (near, far) if mutual or near in pair.subjects else (far, near)
    return {
        "id": f"c{index}",
        "from": _local(src),
        "to": _local(dst),
        "rel": TWINNED_WITH.key,
        "facts": [],
        "evidence": [],
        "when": None,
        "start": None,
        "end": None,
        "themes": [],
        "mutual": mutual,
        "source": sources[pair.stated[0][2]],
        "statements": [
            {"text": _statement_text(s, o), "by": _local(by), "source": sources[g]}
            for s, o, g, by in pair.stated
        ],
    }


def _context_node(item: str, label: str | None, source: int) -> dict[str, Any]:
    """A place known only from a snapshot: its label there, its Wikidata item."""
    qid = item[len(str(WD)) :] if item.startswith(str(WD)) else ""
    name = label or qid or item
    return {
        "id": _local(item),
        "kind": CONTEXT_KIND.key,
        "label": {"nl": name, "en": name},
        "type": {"nl": ui("type_context", "nl"), "en": ui("type_context", "en")},
        "alt": [],
        "comment": None,
        "when": None,
        "start": None,
        "end": None,
        "themes": [],
        "links": [{"name": "Wikidata", "id": qid, "href": item}] if qid else [],
        "mentions": [],
        "sources": [],
        "degree": 0,
        "source": source,
        "more": 0,
    }


def _context_sources(q: _Queries) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The imported graphs with twin-city links, each with its badge in both languages."""
    out: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for r in q.context_rows("context-sources"):
        created, licence = r["created"] or "", r["licence"] or ""
        name = "CC0" if licence == str(CC0) else licence.rstrip("/").rsplit("/", 1)[-1]
        index[str(r["graph"])] = len(out)
        out.append(
            {
                "badge": {
                    lang: ui("context_badge", lang, date=format_date(created, lang), licence=name)
                    for lang in LANGS
                },
                "note": {
                    lang: ui("context_note", lang, date=format_date(created, lang))
                    for lang in LANGS
                },
            }
        )
    return out, index


def _add_context(
    q: _Queries,
    centre: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    sources: dict[str, int],
) -> None:
    """Add the partners of the centre's partners (``context-twins.rq``) as nodes, and every
    statement between a partner and another place as an edge. A snapshot item that is ours (by
    ekg:wikidata or a reviewed reconciliation) is our node, not a second one."""
    rows = q.context_rows("context-twins", {"centre": ox.NamedNode(centre)})
    known = {n["id"] for n in nodes}
    for r in rows:
        twin = str(r["twin"])
        if _local(twin) not in known and twin == r["other"]:
            nodes.append(_context_node(twin, r["twin_label"], sources[str(r["graph"])]))
            known.add(_local(twin))
    for pair in _pairs(rows, "partner", "item", "twin").values():
        if all(_local(end) in known for end in pair.ends):
            edges.append(_context_edge(pair, sources, len(edges)))


def _add_further(
    q: _Queries,
    centre: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    sources: dict[str, int],
) -> dict[str, list[dict[str, Any]]]:
    """The further twins of each snapshot-only partner of a partner (``context-further.rq``),
    to be shown on demand: up to FURTHER_CAP per place, laid out on rings around it, facing away
    from the centre. Each context node gets ``more``, the number of its twins not yet on screen.
    A further twin that is already a node gets an edge only."""
    rows = q.context_rows("context-further", {"centre": ox.NamedNode(centre)})
    by_id = {n["id"]: n for n in nodes}
    linked = {(e["from"], e["to"]) for e in edges} | {(e["to"], e["from"]) for e in edges}
    labels = {str(r["far"]): r["far_label"] for r in rows}
    extra: dict[str, dict[str, Any]] = {}
    more_edges: list[dict[str, Any]] = []
    around: dict[str, list[str]] = defaultdict(list)
    for pair in _pairs(rows, "near", "near", "far").values():
        a, b = (_local(end) for end in pair.ends)
        if (a, b) in linked:
            continue
        # Both ends are anchors when two partners of partners are twinned with each other.
        ends = [x for x in (a, b) if x in by_id and by_id[x]["kind"] == CONTEXT_KIND.key]
        for x in ends:
            by_id[x]["more"] += 1
        keep = [x for x in ends if len(around[x]) < FURTHER_CAP]
        if not keep:
            continue
        far, far_iri = (b, pair.ends[1]) if keep[0] == a else (a, pair.ends[0])
        if far not in by_id and far not in extra:
            if not far_iri.startswith(str(WD)):
                continue  # one of ours that is no node of the explorer
            node = _context_node(far_iri, labels.get(far_iri), sources[pair.stated[0][2]])
            node["anchors"] = []
            extra[far] = node
        if far in extra:
            extra[far]["anchors"].append(keep[0])
        for x in keep:
            around[x].append(b if x == a else a)
        edge = _context_edge(pair, sources, len(more_edges))
        edge["id"] = f"m{len(more_edges)}"
        edge["anchors"] = keep
        more_edges.append(edge)
    for e in more_edges:
        for end in (e["from"], e["to"]):
            if end in extra:
                extra[end]["degree"] += 1
    for near, fars in around.items():
        ax, ay = by_id[near]["x"], by_id[near]["y"]
        heading = math.atan2(ay, ax) if (ax or ay) else 0.0
        placed = [f for f in fars if f in extra and extra[f]["anchors"][0] == near]
        span = min(1.7 * math.pi, max(len(placed), 1) * 0.28)
        for i, far in enumerate(placed):
            angle = heading + span * ((i + 0.5) / len(placed) - 0.5)
            radius = 150.0 + 60.0 * (i % 2)
            extra[far]["x"] = round(ax + radius * math.cos(angle), 1)
            extra[far]["y"] = round(ay + radius * math.sin(angle), 1)
    return {"nodes": list(extra.values()), "edges": more_edges}


def node_size(degree: int) -> float:
    """Radius on screen: grows with the number of relations, slower than linearly."""
    return round(8 + 4.5 * math.sqrt(degree), 1)


#: Labels wrap at this width (pixels) on the canvas.
LABEL_WIDTH: Final = 150


def _box(n: dict[str, Any]) -> tuple[float, float, float]:
    """Half width, half height and vertical offset of the box around a node and the label under
    it, in pixels (estimated from the longer of its two labels at 7.5 pixels a character)."""
    chars = max(len(n["label"]["nl"]), len(n["label"]["en"]))
    width = min(chars * 7.5, LABEL_WIDTH)
    lines = math.ceil(chars * 8.5 / LABEL_WIDTH)
    size = node_size(n["degree"])
    label = 4.0 + 16.0 * lines
    return max(size, width / 2), size + label / 2, label / 2


def _when(d: Dates) -> dict[str, str] | None:
    nl, en = d.describe("nl"), d.describe("en")
    return {"nl": nl, "en": en} if nl and en else None


# --- layout -----------------------------------------------------------------------------------


def layout(
    nodes: list[str],
    edges: list[tuple[str, str]],
    centre: str | None,
    *,
    key: dict[str, tuple[Any, ...]] | None = None,
    boxes: dict[str, tuple[float, float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions on the canvas, computed once so that the browser need not simulate physics.

    A radial layout (linear: breadth-first rings around the centre, each subtree given an angle
    in proportion to its size) puts Enschede in the middle and its direct partners on the first
    ring. Graphs of up to ``SPRING_LIMIT`` nodes are then relaxed by networkx's spring layout
    with the centre held fixed, which untangles the rings, and nodes whose ``boxes`` (half width,
    half height and vertical offset of node and label, in pixels) overlap are pushed apart.
    Larger graphs keep the radial layout, so that laying out stays linear in the graph's size.
    """
    if not nodes:
        return {}
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a, b in edges if a != b)
    order = key or {n: (n,) for n in nodes}
    pos = _radial(g, centre, lambda n: order[n])
    if len(nodes) > SPRING_LIMIT:
        # Rings one RING_GAP apart, neighbours on a ring at least 0.35 of that.
        return {n: (round(x * RING_GAP, 1), round(y * RING_GAP, 1)) for n, (x, y) in pos.items()}
    if len(nodes) > 2:
        outer = max(math.hypot(x, y) for x, y in pos.values()) or 1.0
        fixed = [centre] if centre is not None else None
        relaxed = nx.spring_layout(
            g,
            pos={n: (x / outer, y / outer) for n, (x, y) in pos.items()},
            fixed=fixed,
            iterations=150,
            seed=2017,
            k=3.0 / math.sqrt(len(nodes)),
        )
        pos = {n: (float(x), float(y)) for n, (x, y) in relaxed.items()}
    lengths = sorted(d for a, b in g.edges() if (d := math.dist(pos[a], pos[b])) > 0)
    scale = EDGE_LENGTH / (lengths[len(lengths) // 2] if lengths else 1.0)
    cx, cy = pos[centre] if centre is not None else (0.0, 0.0)
    placed = {n: ((x - cx) * scale, (y - cy) * scale) for n, (x, y) in pos.items()}
    if boxes:
        placed = _spread(placed, boxes, centre)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in placed.items()}


def _spread(
    pos: dict[str, tuple[float, float]],
    boxes: dict[str, tuple[float, float, float]],
    centre: str | None,
    *,
    rounds: int = 300,
    gap: float = 10.0,
) -> dict[str, tuple[float, float]]:
    """Push apart nodes whose boxes overlap, each pair along the axis where it overlaps least,
    until none does (quadratic: only for graphs of up to SPRING_LIMIT nodes)."""
    import numpy as np

    ids = list(pos)
    xy = np.array([pos[n] for n in ids], dtype=float)
    box = np.array([boxes.get(n, (20.0, 20.0, 0.0)) for n in ids], dtype=float)
    half, shift = box[:, :2], box[:, 2]
    pinned = np.array([n == centre for n in ids])
    # A tiny, fixed offset breaks ties between nodes on the same spot.
    tie = np.arange(len(ids), dtype=float) * 1e-3
    for _ in range(rounds):
        dx = (xy[:, 0] + tie)[:, None] - (xy[:, 0] + tie)[None, :]
        dy = (xy[:, 1] + shift + tie)[:, None] - (xy[:, 1] + shift + tie)[None, :]
        ox = half[:, 0][:, None] + half[:, 0][None, :] + gap - np.abs(dx)
        oy = half[:, 1][:, None] + half[:, 1][None, :] + gap - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        along_x = hit & (ox < oy)
        along_y = hit & ~(ox < oy)
        mx = np.where(along_x, np.sign(dx) * ox, 0.0).sum(axis=1) * 0.25
        my = np.where(along_y, np.sign(dy) * oy, 0.0).sum(axis=1) * 0.25
        mx[pinned] = 0.0
        my[pinned] = 0.0
        xy[:, 0] += mx
        xy[:, 1] += my
    return {n: (float(x), float(y)) for n, (x, y) in zip(ids, xy, strict=True)}


def _radial(
    g: Any, centre: str | None, key: Callable[[str], tuple[Any, ...]]
) -> dict[str, tuple[float, float]]:
    """Breadth-first rings around the centre, one unit apart and wide enough that neighbours on
    a ring are at least 0.35 units apart; other components hang from the centre too."""
    children: dict[str | None, list[str]] = defaultdict(list)
    depth: dict[str, int] = {}
    order: list[str] = []
    roots = [centre] if centre is not None else []
    others = sorted((n for n in g.nodes if n != centre), key=key)
    for start in [*roots, *others]:
        if start in depth:
            continue
        parent = None if start == centre or centre is None else centre
        depth[start] = 0 if parent is None and start == centre else 1
        children[parent].append(start)
        queue = deque([start])
        while queue:
            u = queue.popleft()
            order.append(u)
            for v in sorted(g.neighbors(u), key=key):
                if v not in depth:
                    depth[v] = depth[u] + 1
                    children[u].append(v)
                    queue.append(v)
    weight: dict[str, int] = {}
    for u in reversed(order):
        weight[u] = max(1, sum(weight[c] for c in children[u]))
    ring: dict[int, int] = defaultdict(int)
    for u in order:
        ring[depth[u]] += 1
    radius = {0: 0.0}
    for d in range(1, max(ring) + 1):
        radius[d] = max(radius[d - 1] + 1.0, ring[d] * 0.35 / (2 * math.pi))
    angle: dict[str, tuple[float, float]] = {}
    tops = children[None]
    total = sum(weight[t] for t in tops) or 1
    lo = 0.0
    for t in tops:
        span = 2 * math.pi * weight[t] / total
        angle[t] = (lo, lo + span)
        lo += span
    pos: dict[str, tuple[float, float]] = {}
    for u in order:
        a, b = angle[u]
        r = radius[depth[u]]
        mid = (a + b) / 2
        pos[u] = (r * math.cos(mid), r * math.sin(mid))
        kids = children[u]
        total = sum(weight[c] for c in kids) or 1
        lo = a
        for c in kids:
            span = (b - a) * weight[c] / total
            angle[c] = (lo, lo + span)
            lo += span
    return pos


# --- the page ---------------------------------------------------------------------------------

#: vis-network options: no physics (the layout is computed above), straight edges, keyboard
#: navigation on the focused canvas, tooltips on hover.
VIS_OPTIONS: Final[dict[str, Any]] = {
    "autoResize": True,
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False, "randomSeed": 2017},
    "interaction": {
        "hover": True,
        "tooltipDelay": 150,
        "navigationButtons": False,
        "keyboard": {"enabled": True, "bindToWindow": False},
        "multiselect": False,
        "zoomView": True,
    },
    "nodes": {
        "borderWidth": 1.5,
        "widthConstraint": {"maximum": 150},
        "borderWidthSelected": 3,
        "font": {
            "face": "DejaVu Sans, Liberation Sans, Arial, sans-serif",
            "size": 13,
            "color": "#1A1A1A",
            "strokeWidth": 3,
            "strokeColor": "#FFFFFF",
        },
    },
    "edges": {
        "smooth": False,
        "selectionWidth": 2,
        "hoverWidth": 0.5,
        "font": {
            "face": "DejaVu Sans, Liberation Sans, Arial, sans-serif",
            "size": 10,
            "color": "#4A4A4A",
            "strokeWidth": 3,
            "strokeColor": "#FFFFFF",
            "align": "middle",
        },
    },
}


def _vis_lists(data: dict[str, Any], lang: str) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """vis-network's node and edge lists and options, held in a pyvis Network.

    The lists are built directly (linear): pyvis's add_node/add_edge scan every earlier node and
    edge, which is quadratic in the size of the graph. Each kind of node is a vis-network group
    (its shape and colours are stated once, in the options); the page styles each edge from its
    relation, since vis-network has no groups for edges.
    """
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for n in data["nodes"]:
        net.nodes.append(_vis_node(n, lang, data["centre"]))
        net.node_ids.append(n["id"])
    relations = {r["key"]: r for r in data["relations"]}
    parallel: dict[tuple[str, str], int] = defaultdict(int)
    for e in data["edges"]:
        net.edges.append(_vis_edge(e, relations, lang, parallel))
    options = json.loads(json.dumps(VIS_OPTIONS))
    options["groups"] = {k.key: _group(k) for k in (*KINDS, CONTEXT_KIND)}
    net.options = options
    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()
    return nodes, edges, json.loads(options_json)


def _vis_node(n: dict[str, Any], lang: str, centre: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": n["id"],
        "label": n["label"][lang],
        "x": n["x"],
        "y": n["y"],
        "size": node_size(n["degree"]),
        "group": n["kind"],
    }
    if n["kind"] == "theme":
        item["font"] = {"size": round(10 + 1.2 * math.sqrt(n["degree"]), 1)}
    elif n["kind"] == CONTEXT_KIND.key:
        item["font"] = {"color": "#4D4D4D", "size": 12}
    if n["id"] == centre:
        item["font"] = {"size": 18, "bold": True}
        item["borderWidth"] = 3
    return item


def _vis_edge(
    e: dict[str, Any],
    relations: dict[str, dict[str, Any]],
    lang: str,
    parallel: dict[tuple[str, str], int],
) -> dict[str, Any]:
    pair = (min(e["from"], e["to"]), max(e["from"], e["to"]))
    k = parallel[pair]
    parallel[pair] += 1
    item: dict[str, Any] = {
        "id": e["id"],
        "from": e["from"],
        "to": e["to"],
        "label": relations[e["rel"]]["label"][lang],
    }
    if k:
        item["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.25 * k}
    return item


def _vis_more(data: dict[str, Any], lang: str) -> dict[str, list[dict[str, Any]]] | None:
    """vis-network items of the further twins of context mode (hidden until asked for)."""
    if not data.get("more"):
        return None
    relations = {r["key"]: r for r in data["relations"]}
    relations.setdefault(
        TWINNED_WITH.key, {"label": {"nl": TWINNED_WITH.nl, "en": TWINNED_WITH.en}}
    )
    parallel: dict[tuple[str, str], int] = defaultdict(int)
    return {
        "nodes": [_vis_node(n, lang, None) for n in data["more"]["nodes"]],
        "edges": [_vis_edge(e, relations, lang, parallel) for e in data["more"]["edges"]],
    }


def _group(kind: Kind) -> dict[str, Any]:
    """vis-network's style of one kind of node: its shape and colours (black when chosen)."""
    chosen = {"background": kind.colour, "border": "#000000"}
    group: dict[str, Any] = {
        "shape": kind.shape,
        "color": {
            "background": kind.colour,
            "border": kind.border,
            "highlight": chosen,
            "hover": chosen,
        },
    }
    if kind is CONTEXT_KIND:
        group["shapeProperties"] = {"borderDashes": [3, 3]}
    if kind.shape == "tag":
        group.update(shape="box", margin=5, shapeProperties={"borderRadius": 10})
    elif kind.shape == "document":
        group["shape"] = "custom"  # drawn by the page (explorer.js: documentShape)
    return group


def _asset(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise ExplorerError(
            f"{path}: cannot read a file of the explorer page ({e.strerror}); reinstall "
            "enschede-kg and pyvis"
        ) from None


def _vis_script() -> str:
    """vis-network's script as shipped inside the pyvis package.

    Its style sheet is left out: it styles the navigation buttons, the manipulation toolbar and
    the configurator (220 kB, mostly images), none of which the page uses; explorer.css styles
    the tooltip, the one part that is used.
    """
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "lib" / f"vis-{VIS_VERSION}"
    js = _asset(lib / "vis-network.min.js")
    # The source map is not shipped: drop the comment that would ask for it.
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)


def _script_json(value: object) -> str:
    """JSON that can stand inside a <script> element: no '<', '>' or '&' (so no '</script>' or
    '<!--'), nor the line separators that older JavaScript parsers choke on."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def _inline(text: str, tag: str) -> Markup:
    """Text of an inline <script> or <style>; refused if it could close its element early."""
    if f"</{tag}" in text.lower() or "<!--" in text:
        raise ExplorerError(f"an inline {tag} of the explorer contains '</{tag}' or '<!--'")
    return Markup(text)


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_explorer(
    store: ox.Store, *, lang: str = "nl", inputs: Inputs | None = None, context: bool = False
) -> str:
    """The explorer as one self-contained HTML page, opening in Dutch (``lang='nl'``) or English.

    With ``context``, the page also shows the partners of Enschede's partners from the imported
    twin-city snapshots, marked as such, and their further twins on demand (explorer_data).

    Raises ValueError for another language, QueryError when a query of ``queries/viz/`` fails
    and ExplorerError when vis-network is not found in the pyvis package.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    from pyvis import __version__ as pyvis_version

    data = explorer_data(store, inputs=inputs, context=context)
    vis_nodes, vis_edges, options = _vis_lists(data, lang)
    payload = {
        "lang": lang,
        "ui": {key: dict(zip(LANGS, texts, strict=True)) for key, texts in UI_TEXT.items()},
        **{k: v for k, v in data.items() if k not in ("nodes", "edges", "more")},
        "nodes": [{k: v for k, v in n.items() if k not in ("x", "y")} for n in data["nodes"]],
        "edges": data["edges"],
        "more": {
            "nodes": [{k: v for k, v in n.items() if k not in ("x", "y")} for n in more["nodes"]],
            "edges": more["edges"],
        }
        if (more := data["more"])
        else None,
        "vis": {
            "nodes": vis_nodes,
            "edges": vis_edges,
            "options": options,
            "more": _vis_more(data, lang),
        },
    }
    scripts = [
        _inline(_vis_script(), "script"),
        _inline(_asset(TEMPLATES / "explorer.js"), "script"),
    ]
    style = _inline(_asset(TEMPLATES / "explorer.css"), "style")
    csp = "; ".join(
        (
            "default-src 'none'",
            "script-src " + " ".join(_hash(s) for s in scripts),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    families = [
        (f, [r for r in data["relations"] if r["family"] == f])
        for f in FAMILIES
        if any(r["family"] == f for r in data["relations"])
    ]
    return env.get_template("explorer.html").render(
        lang=lang,
        t=lambda key, **kw: ui(key, lang, **kw),
        csp=csp,
        vis_js=scripts[0],
        app_js=scripts[1],
        app_css=style,
        data=Markup(_script_json(payload)),
        kinds=data["kinds"],
        families=families,
        themes=data["themes"],
        years=data["years"],
        vis_version=VIS_VERSION,
        pyvis_version=pyvis_version,
    )


def write_explorer(
    store: ox.Store,
    path: Path = DEFAULT_PATH,
    *,
    lang: str = "nl",
    inputs: Inputs | None = None,
    context: bool = False,
) -> Path:
    """Write the explorer page to ``path`` atomically (readers see the old or the new page)."""
    html = render_explorer(store, lang=lang, inputs=inputs, context=context)
    rdfio.write_atomic(path, html.encode("utf-8"))
    return path
