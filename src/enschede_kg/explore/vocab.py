"""What the explorer draws and in which words: the kinds of node, the relations between them with
their line styles and families, and every interface string in Dutch and English.

Kept apart from the data and the page so that the queries, the views and the tests name one
registry (a kind or relation missing here is drawn nowhere)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from enschede_kg.rdf import iri
from enschede_kg.rdf.namespaces import EKG, WDT
from enschede_kg.text import LANGS

#: The node drawn in the centre.
CENTRE: Final = str(iri.mint("city", "enschede"))


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
    Relation(str(EKG.signedBy), "ratified", "bekrachtigde", "ratified", "agreement", "#A6611A", 2),
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
        str(EKG.hasTheme), "about-theme", "over thema", "about theme", "theme", "#9A9A9A", 1, (2, 3)
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
    "since_new": ("Nieuw sinds", "New since"),
    "since_off": ("niets markeren", "mark nothing"),
    "since_hint": (
        "Markeert banden, statussen, overeenkomsten, gebeurtenissen en deelnames die in of na "
        "dat jaar begonnen, met de precisie van de bron (zomer 2017 telt als 2017). Wat de bron "
        "niet dateert, is nooit nieuw.",
        "Marks ties, statuses, agreements, events and participations that began in or after "
        "that year, at the precision of the source (summer 2017 counts as 2017). What the "
        "source does not date is never new.",
    ),
    "new": ("nieuw", "new"),
    "since_count": ("{n} nieuw sinds {year}", "{n} new since {year}"),
    "since_undated": (
        "{n} feiten met datum onbekend tellen niet mee",
        "{n} facts with date unknown are not counted",
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
    "skip": ("Naar de inhoud", "Skip to content"),
    "neighbour": (
        "Buur {i} van {n}: {label}. Enter kiest deze.",
        "Neighbour {i} of {n}: {label}. Enter chooses it.",
    ),
    "views": ("Weergaven", "Views"),
    "view_overview": ("Partners", "Partners"),
    "view_network": ("Netwerk", "Network"),
    "view_map": ("Kaart", "Map"),
    "view_timeline": ("Tijdlijn", "Timeline"),
    "view_table": ("Tabel", "Table"),
    "overview_title": ("Partners in één oogopslag", "Partners at a glance"),
    "overview_hint": (
        "Elke partnerstad, elk netwerk en elk land waarmee Enschede een band heeft. Klik op een "
        "kolomkop om te sorteren, op een naam voor de details.",
        "Every partner city, network and country Enschede has a tie with. Click a column heading "
        "to sort, a name for the details.",
    ),
    "ov_partner": ("Partner", "Partner"),
    "ov_kind": ("Soort", "Kind"),
    "ov_tie": ("Band nu", "Tie now"),
    "ov_since": ("Sinds", "Since"),
    "ov_history": ("Geschiedenis", "History"),
    "ov_country": ("Land", "Country"),
    "ov_latest": ("Laatste activiteit", "Latest activity"),
    "ov_themes": ("Thema's", "Themes"),
    "ov_sources": ("Bronzinnen", "Source sentences"),
    "csv": ("Download CSV (Excel)", "Download CSV (Excel)"),
    "copy": ("Kopieer tabel", "Copy table"),
    "copied": ("Tabel gekopieerd ({n} rijen).", "Table copied ({n} rows)."),
    "print": ("Afdrukken", "Print"),
    "scope_all": ("Toon het hele netwerk", "Show the whole network"),
    "scope_partners": ("Toon alleen de partners", "Show the partners only"),
    "scope_note_partners": (
        "Alleen Enschede en zijn partners; het hele netwerk is één klik verder.",
        "Only Enschede and its partners; the whole network is one click away.",
    ),
    "scope_note_all": ("Het hele netwerk.", "The whole network."),
    "network_role": ("netwerk", "network"),
    "keyboard_hint": (
        "In het netwerk: pijltjestoetsen gaan naar een buur van de gekozen knoop, Enter opent die.",
        "In the network: arrow keys move to a neighbour of the chosen node, Enter opens it.",
    ),
    "map_title": ("Kaart van de partners", "Map of the partners"),
    "map_note": (
        "Kaartgegevens: Natural Earth (publiek domein). Lijnen: banden van Enschede.",
        "Map data: Natural Earth (public domain). Lines: Enschede's ties.",
    ),
    "map_places": ("Plaatsen op de kaart:", "Places on the map:"),
    "map_missing": ("Zonder coördinaten: {n} plaatsen.", "Without coordinates: {n} places."),
    "map_cluster": (
        "{n} steden uit Wikidata (2016) rond {label}, zonder coördinaten",
        "{n} cities from Wikidata (2016) around {label}, without coordinates",
    ),
    "timeline_title": ("Tijdlijn van banden en activiteiten", "Timeline of ties and activities"),
    "timeline_note": (
        "Een jaar of seizoen is een balk over die hele periode; wat de bron niet dateert staat "
        "onder ‘datum onbekend’.",
        "A year or season is a bar over that whole period; what the source does not date is "
        "under ‘date unknown’.",
    ),
    "date_unknown": ("datum onbekend", "date unknown"),
    "start_unknown": ("begin onbekend", "start unknown"),
    "play": ("Afspelen", "Play"),
    "pause": ("Pauze", "Pause"),
    "undated_note": (
        "{n} relaties zonder datum staan in elk jaar; in een gekozen jaar zijn ze grijs "
        "gestippeld.",
        "{n} undated relations stand in every year; in a chosen year they are grey and dotted.",
    ),
    "summary": ("Samenvatting", "Summary"),
    "status_now": ("Band nu", "Tie now"),
    "history": ("Geschiedenis", "History"),
    "agreements": ("Overeenkomsten", "Agreements"),
    "areas": ("Afspraken over", "Agreed areas"),
    "approved_by": ("goedgekeurd door {names}", "approved by {names}"),
    "established_by": ("vastgelegd in {names}", "established by {names}"),
    "event_themes": ("Thema's van activiteiten", "Themes of activities"),
    "latest": ("Laatste activiteit", "Latest activity"),
    "n_sources": ("{n} bronzinnen", "{n} source sentences"),
    "resource_page": ("Alle gegevens van deze bron", "All data of this resource"),
    "licences": ("Licenties", "Licences"),
    "year_1": ("jaar", "year"),
    "year_n": ("jaar", "years"),
    "month_1": ("maand", "month"),
    "month_n": ("maanden", "months"),
    "week_1": ("week", "week"),
    "week_n": ("weken", "weeks"),
    "day_1": ("dag", "day"),
    "day_n": ("dagen", "days"),
}


def ui(key: str, lang: str, **values: object) -> str:
    """One interface string in one language, with ``{name}`` fields filled in."""
    text = UI_TEXT[key][LANGS.index(lang)]
    return text.format(**values) if values else text
