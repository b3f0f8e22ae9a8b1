"""The workbook's model: which sheets there are, which columns each has, and what each column holds.

One table serves the export (headers, widths, drop-down lists), the import (which cell becomes
which triple) and the Turtle writer (the order of a node's properties is the order of the columns,
the sections of a file are the classes in the order given here). A property that no column holds
cannot be exported: the export stops and names it, so nothing is ever dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from enschede_kg.rdf.namespaces import EKG, GEO, WGS

#: What a cell holds and how it is read and written (see ``cells``).
#: ``ref:LIST``: a thing of the workbook or a concept, from the drop-down list LIST.
VALUE_KINDS: Final = (
    "kind",
    "text",
    "plain",
    "date",
    "duration",
    "decimal",
    "wkt",
    "ref",
    "url",
    "passages",
)


@dataclass(frozen=True)
class Column:
    """One fact column: the property it states and how its cells are read."""

    key: str
    predicate: URIRef
    nl: str
    en: str
    kind: str
    #: the language of a text column; the drop-down list of a ref column
    arg: str = ""
    width: int = 24

    def header(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


def _text(key: str, predicate: URIRef, nl: str, en: str, width: int = 40) -> list[Column]:
    return [
        Column(f"{key}_{lang}", predicate, f"{nl} ({lang})", f"{en} ({lang})", "text", lang, width)
        for lang in ("nl", "en")
    ]


#: Every fact column, in the order in which a node's properties are written.
COLUMNS: Final[tuple[Column, ...]] = (
    Column("kind", RDF.type, "Soort", "Kind", "kind", "", 22),
    *_text("label", RDFS.label, "Naam", "Name"),
    *_text("title", DCTERMS.title, "Titel", "Title"),
    *_text("alt", SKOS.altLabel, "Andere naam", "Other name", 28),
    *_text("comment", RDFS.comment, "Toelichting", "Description", 60),
    Column("partner", EKG.partner, "Partner", "Partner", "ref", "actors", 30),
    Column("party", EKG.party, "Partij", "Party", "ref", "actors", 24),
    Column("member", EKG.member, "Lid", "Member", "ref", "organisations", 30),
    Column("network", EKG.inNetwork, "Netwerk", "Network", "ref", "organisations", 28),
    Column("post_in", EKG.postIn, "Functie bij", "Post in", "ref", "organisations", 34),
    Column("held_by", EKG.heldBy, "Bekleed door", "Held by", "ref", "people", 30),
    Column("participant", EKG.participant, "Deelnemer", "Participant", "ref", "actors", 32),
    Column("role", EKG.hasRole, "Rol", "Role", "ref", "roles", 16),
    Column("invited_by", EKG.invitedBy, "Uitgenodigd door", "Invited by", "ref", "actors", 30),
    Column("signed_by", EKG.signedBy, "Ondertekend door", "Signed by", "ref", "people", 30),
    Column("signed_at", EKG.signedAt, "Ondertekend in", "Signed at", "ref", "places", 20),
    Column(
        "signed_during",
        EKG.signedDuring,
        "Ondertekend tijdens",
        "Signed during",
        "ref",
        "events",
        30,
    ),
    Column("status", EKG.status, "Status", "Status", "ref", "statuses", 26),
    Column("date", EKG.date, "Datum", "Date", "date", "", 12),
    Column("season", EKG.inSeason, "Seizoen", "Season", "ref", "seasons", 16),
    Column("duration", EKG.duration, "Duur", "Duration", "duration", "", 10),
    Column("start", EKG.startDate, "Sinds", "Since", "date", "", 12),
    Column(
        "start_season", EKG.startSeason, "Seizoen begin", "Season of start", "ref", "seasons", 16
    ),
    Column("end", EKG.endDate, "Tot", "Until", "date", "", 12),
    Column("end_season", EKG.endSeason, "Seizoen einde", "Season of end", "ref", "seasons", 16),
    Column(
        "status_period",
        EKG.hasStatusPeriod,
        "Statusperiode",
        "Status period",
        "ref",
        "status-periods",
        40,
    ),
    Column(
        "established_by",
        EKG.establishedBy,
        "Vastgelegd in",
        "Established by",
        "ref",
        "agreements",
        34,
    ),
    Column(
        "approved_by", EKG.approvedBy, "Goedgekeurd door", "Approved by", "ref", "organisations", 34
    ),
    Column("location", EKG.location, "Plaats", "Location", "ref", "places", 20),
    Column("destination", EKG.destination, "Bestemming", "Destination", "ref", "places", 20),
    Column("sub_event_of", EKG.subEventOf, "Onderdeel van", "Part of", "ref", "events", 30),
    Column(
        "participation",
        EKG.hasParticipation,
        "Deelname",
        "Participation",
        "ref",
        "participations",
        44,
    ),
    Column(
        "within",
        EKG.withinPartnership,
        "Binnen stedenband",
        "Within partnership",
        "ref",
        "ties",
        30,
    ),
    Column("theme", EKG.hasTheme, "Thema", "Theme", "ref", "themes", 26),
    Column("aim", EKG.hasAim, "Doel", "Aim", "ref", "aims", 36),
    Column(
        "contributes_to",
        EKG.contributesTo,
        "Draagt bij aan",
        "Contributes to",
        "ref",
        "policies",
        30,
    ),
    Column("policy_of", EKG.policyOf, "Beleid van", "Policy of", "ref", "organisations", 30),
    Column("about", EKG.about, "Over", "About", "ref", "places", 20),
    Column("reported_in", EKG.reportedIn, "Verslag in", "Reported in", "ref", "documents", 30),
    Column("concerns", EKG.concerns, "Betreft", "Concerns", "ref", "things", 34),
    Column("learned_by", EKG.learnedBy, "Geleerd door", "Learned by", "ref", "actors", 22),
    Column("learned_at", EKG.learnedAt, "Geleerd tijdens", "Learned at", "ref", "events", 30),
    Column("yields", EKG.yields, "Levert op", "Yields", "ref", "yields", 36),
    Column("compared", EKG.comparedQuantity, "Grootheid", "Quantity", "ref", "quantities", 24),
    Column("rank", EKG.rankedAs, "Rang", "Rank", "ref", "ranks", 18),
    Column("governs", EKG.governs, "Bestuurt", "Governs", "ref", "places", 20),
    Column("located_in", EKG.locatedIn, "Ligt in", "Located in", "ref", "places", 24),
    Column("publisher", DCTERMS.publisher, "Uitgever", "Publisher", "ref", "organisations", 30),
    Column("doc_date", DCTERMS.date, "Jaar", "Year", "date", "", 10),
    Column("language", DCTERMS.language, "Taal", "Language", "plain", "", 8),
    Column(
        "referenced_by",
        DCTERMS.isReferencedBy,
        "Genoemd door",
        "Referenced by",
        "ref",
        "documents",
        34,
    ),
    Column("wikidata", EKG.wikidata, "Wikidata", "Wikidata", "url", "", 14),
    Column("geonames", EKG.geonames, "GeoNames", "GeoNames", "url", "", 36),
    Column("lat", WGS.lat, "Breedtegraad", "Latitude", "decimal", "", 12),
    Column("long", WGS.long, "Lengtegraad", "Longitude", "decimal", "", 12),
    Column("geometry", EKG.hasGeometry, "Geometrie", "Geometry", "ref", "geometries", 22),
    Column("wkt", GEO.asWKT, "WKT", "WKT", "wkt", "", 30),
    Column("derived_from", PROV.wasDerivedFrom, "Afgeleid van", "Derived from", "url", "", 36),
    *_text("note", SKOS.editorialNote, "Redactionele noot", "Editorial note", 50),
    Column("source", EKG.source, "Bron", "Source", "passages", "", 40),
    Column("mentioned_in", EKG.mentionedIn, "Genoemd in", "Mentioned in", "passages", "", 40),
    Column(
        "later_addition",
        EKG.laterAddition,
        "Later toegevoegd",
        "Later addition",
        "passages",
        "",
        40,
    ),
)
COLUMN: Final = {c.key: c for c in COLUMNS}


@dataclass(frozen=True)
class Extra:
    """A column of every thing sheet that is not a fact: identity, evidence, file, note."""

    key: str
    nl: str
    en: str
    width: int

    def header(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


ID: Final = Extra("id", "ID", "ID", 44)
#: The evidence beside each fact, and what the Turtle file keeps that the graph does not.
STATEMENT: Final = Extra("statement", "Bewering (ID)", "Statement (ID)", 30)
SUPPORT: Final = Extra("support", "Onderbouwing", "Support", 22)
PASSAGES: Final = Extra("passages", "Bronzinnen", "Source sentences", 40)
TAKEN_FROM: Final = Extra("taken_from", "Overgenomen uit", "Taken from", 36)
TEXT: Final = Extra("text", "Brontekst (ter info)", "Source text (for information)", 80)
NOTE: Final = Extra("note", "Notitie in het bestand", "Note in the file", 40)
FILE: Final = Extra("file", "Bestand", "File", 20)
EVIDENCE: Final = (STATEMENT, SUPPORT, PASSAGES, TEXT, TAKEN_FROM)
TRAILER: Final = (NOTE, FILE)


@dataclass(frozen=True)
class Kind:
    """A class of things: the sheet its things go on, the file they are written to by default, and
    the title of its section in that file."""

    name: str
    sheet: str
    file: str
    section: str


#: The classes of things in the curated data, in the order of their sections.
KINDS: Final[tuple[Kind, ...]] = (
    Kind("CityPartnership", "Partners", "partnerships.ttl", "City partnerships"),
    Kind("StatusPeriod", "Partners", "partnerships.ttl", "Status periods"),
    Kind("Cooperation", "Partners", "partnerships.ttl", "Cooperations"),
    Kind("CityFriendship", "Partners", "partnerships.ttl", "Friendly cities"),
    Kind("CountryRelation", "Partners", "partnerships.ttl", "Country relations"),
    Kind("MemorandumOfUnderstanding", "Afspraken", "agreements.ttl", "Memoranda of understanding"),
    Kind("Agreement", "Afspraken", "agreements.ttl", "Agreements"),
    Kind("Conference", "Gebeurtenissen", "events.ttl", "Conferences"),
    Kind("Internship", "Gebeurtenissen", "events.ttl", "Internships"),
    Kind("Visit", "Gebeurtenissen", "events.ttl", "Visits"),
    Kind("Meeting", "Gebeurtenissen", "events.ttl", "Meetings"),
    Kind("WorkMission", "Gebeurtenissen", "events.ttl", "Work missions"),
    Kind("Event", "Gebeurtenissen", "events.ttl", "Other events"),
    Kind("Participation", "Gebeurtenissen", "events.ttl", "Participations"),
    Kind("Person", "Personen", "people.ttl", "People"),
    Kind("Mayor", "Personen", "people.ttl", "Mayors"),
    Kind("Adviser", "Personen", "people.ttl", "Advisers"),
    Kind("Post", "Personen", "people.ttl", "Other posts"),
    Kind("LocalGovernment", "Organisaties", "organisations.ttl", "Local governments"),
    Kind("GovernmentBody", "Organisaties", "organisations.ttl", "Government bodies"),
    Kind("Network", "Organisaties", "organisations.ttl", "Networks"),
    Kind("Company", "Organisaties", "organisations.ttl", "Companies"),
    Kind("KnowledgeInstitution", "Organisaties", "organisations.ttl", "Knowledge institutions"),
    Kind("Organisation", "Organisaties", "organisations.ttl", "Other organisations"),
    Kind("Membership", "Netwerken", "networks.ttl", "Memberships"),
    Kind("City", "Plaatsen", "places.ttl", "Cities"),
    Kind("Region", "Plaatsen", "places.ttl", "Regions"),
    Kind("Country", "Plaatsen", "places.ttl", "Countries"),
    Kind("Geometry", "Plaatsen", "places.ttl", "Geometries"),
    Kind("PolicyLine", "Beleid", "policy.ttl", "Policy lines"),
    Kind("PolicyAgenda", "Beleid", "policy.ttl", "Policy agendas"),
    Kind("LeadFinding", "Bevindingen", "findings.ttl", "Lead findings"),
    Kind("BenefitFinding", "Bevindingen", "findings.ttl", "Benefit findings"),
    Kind("ComparisonFinding", "Bevindingen", "findings.ttl", "Comparison findings"),
    Kind("SourceDocument", "Bronnen", "sources.ttl", "Source documents"),
)
KIND: Final = {k.name: k for k in KINDS}


@dataclass(frozen=True)
class Sheet:
    """One sheet of things: its Dutch name (the tab), English name, and fact columns."""

    name: str
    en: str
    facts: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """The fact columns: the sheet's own, and the derived source (``ekg:source``) that a
        curated file may also state."""
        return (*self.facts, "source")

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(k.name for k in KINDS if k.sheet == self.name)

    def title(self, lang: str) -> str:
        return self.name if lang == "nl" else f"{self.name} ({self.en})"


_NAMES = ("kind", "label_nl", "label_en", "alt_nl", "alt_en", "comment_nl", "comment_en")

SHEETS: Final[tuple[Sheet, ...]] = (
    Sheet(
        "Partners",
        "Partners",
        (
            *_NAMES,
            "partner",
            "start",
            "start_season",
            "end",
            "end_season",
            "status_period",
            "status",
            "established_by",
            "approved_by",
            "within",
            "theme",
            "aim",
            "contributes_to",
        ),
    ),
    Sheet(
        "Afspraken",
        "Agreements",
        (
            *_NAMES,
            "party",
            "signed_by",
            "signed_at",
            "signed_during",
            "date",
            "season",
            "approved_by",
            "within",
            "theme",
        ),
    ),
    Sheet(
        "Gebeurtenissen",
        "Events",
        (
            *_NAMES,
            "date",
            "season",
            "duration",
            "location",
            "destination",
            "sub_event_of",
            "within",
            "theme",
            "aim",
            "contributes_to",
            "participation",
            "participant",
            "role",
            "invited_by",
        ),
    ),
    Sheet("Personen", "People", (*_NAMES, "post_in", "held_by", "mentioned_in")),
    Sheet(
        "Organisaties",
        "Organisations",
        (*_NAMES, "governs", "located_in", "wikidata", "mentioned_in"),
    ),
    Sheet("Netwerken", "Networks", (*_NAMES, "member", "network", "aim", "contributes_to")),
    Sheet(
        "Plaatsen",
        "Places",
        (
            *_NAMES,
            "located_in",
            "wikidata",
            "geonames",
            "lat",
            "long",
            "geometry",
            "wkt",
            "derived_from",
            "note_nl",
            "note_en",
            "mentioned_in",
        ),
    ),
    Sheet("Beleid", "Policy", (*_NAMES, "policy_of", "aim", "about", "reported_in")),
    Sheet(
        "Bevindingen",
        "Findings",
        (
            *_NAMES,
            "concerns",
            "theme",
            "learned_by",
            "learned_at",
            "yields",
            "compared",
            "rank",
            "date",
        ),
    ),
    Sheet(
        "Bronnen",
        "Sources",
        (
            *_NAMES,
            "title_nl",
            "title_en",
            "publisher",
            "doc_date",
            "language",
            "referenced_by",
            "note_nl",
            "note_en",
            "mentioned_in",
            "later_addition",
        ),
    ),
)
SHEET: Final = {s.name: s for s in SHEETS}

#: The sheets that are not things: the sentences to cite, the lists, the files' comments.
PASSAGE_SHEET: Final = ("Bronzinnen", "Source sentences")
LISTS_SHEET: Final = ("Lijsten", "Lists")
FILES_SHEET: Final = ("Bestanden", "Files")
README_SHEET: Final = ("Uitleg", "Read me")
#: Columns of the files sheet.
FILE_COLUMNS: Final = (
    Extra("file", "Bestand", "File", 24),
    Extra("header", "Kopcommentaar", "Header comment", 100),
    Extra("evidence", "Kop van de onderbouwing", "Heading of the evidence", 100),
)
PASSAGE_COLUMNS: Final = (
    Extra("id", "ID", "ID", 36),
    Extra("document", "Document", "Document", 30),
    Extra("paragraph", "Alinea", "Paragraph", 9),
    Extra("sentence", "Zin", "Sentence", 6),
    Extra("text", "Tekst", "Text", 120),
)

#: Drop-down lists: the classes whose things (of the workbook) or concepts (of the ontology) a
#: ref column may name, with the list's Dutch and English title.
LISTS: Final[dict[str, tuple[str, str, tuple[str, ...]]]] = {
    "places": ("Plaatsen", "Places", ("City", "Country", "Region")),
    "organisations": (
        "Organisaties",
        "Organisations",
        (
            "LocalGovernment",
            "GovernmentBody",
            "Network",
            "Company",
            "KnowledgeInstitution",
            "Organisation",
        ),
    ),
    "people": ("Personen", "People", ("Person",)),
    "actors": (
        "Plaatsen, organisaties, personen",
        "Places, organisations, people",
        (
            "City",
            "Country",
            "Region",
            "LocalGovernment",
            "GovernmentBody",
            "Network",
            "Company",
            "KnowledgeInstitution",
            "Organisation",
            "Person",
        ),
    ),
    "events": (
        "Gebeurtenissen",
        "Events",
        ("Conference", "Internship", "Visit", "Meeting", "WorkMission", "Event"),
    ),
    "participations": ("Deelnames", "Participations", ("Participation",)),
    "status-periods": ("Statusperioden", "Status periods", ("StatusPeriod",)),
    "agreements": ("Afspraken", "Agreements", ("MemorandumOfUnderstanding", "Agreement")),
    "ties": ("Stedenbanden", "Partnerships", ("CityPartnership", "CityFriendship")),
    "policies": ("Beleid", "Policies", ("PolicyLine", "PolicyAgenda")),
    "documents": ("Documenten", "Documents", ("SourceDocument",)),
    "geometries": ("Geometrieën", "Geometries", ("Geometry",)),
    "things": ("Alle dingen", "All things", tuple(k.name for k in KINDS)),
    "themes": ("Thema's", "Themes", ("Theme",)),
    "aims": ("Doelen", "Aims", ("Aim",)),
    "seasons": ("Seizoenen", "Seasons", ("Season",)),
    "statuses": ("Statussen", "Statuses", ("PartnershipStatus",)),
    "roles": ("Rollen", "Roles", ("Role",)),
    "yields": ("Opbrengsten en doelen", "Benefits and aims", ("Benefit", "Aim")),
    "quantities": ("Grootheden", "Quantities", ("Quantity",)),
    "ranks": ("Rangen", "Ranks", ("Rank",)),
    "supports": ("Soorten onderbouwing", "Kinds of support", ("SupportKind",)),
}
#: The concept classes of the ontology (the rest of LISTS are things of the workbook).
CONCEPT_CLASSES: Final = (
    "Theme",
    "Aim",
    "Season",
    "PartnershipStatus",
    "Role",
    "Benefit",
    "Quantity",
    "Rank",
    "SupportKind",
)

#: The properties of an rdf:Statement node, which the evidence columns hold.
STATEMENT_PROPERTIES: Final = (
    RDF.type,
    RDF.subject,
    RDF.predicate,
    RDF.object,
    EKG.support,
    EKG.statedIn,
    EKG.takenFrom,
)
#: Properties the evidence check leaves alone (checks/unsupported-statement-violation.rq).
NO_EVIDENCE_NEEDED: Final = frozenset(
    {
        RDF.type,
        RDFS.label,
        RDFS.comment,
        SKOS.altLabel,
        SKOS.editorialNote,
        EKG.source,
        EKG.mentionedIn,
        PROV.wasDerivedFrom,
    }
)
NEEDS_EVIDENCE_OUTSIDE_EKG: Final = frozenset({WGS.lat, WGS.long, GEO.asWKT})

#: Datatypes of the date columns, by the precision of the value.
DATE_TYPES: Final = (XSD.gYear, XSD.gYearMonth, XSD.date)

#: The first row of data (row 1: Dutch headers, row 2: English headers).
FIRST_ROW: Final = 3


def sheet_columns(sheet: Sheet) -> list[Column | Extra]:
    """The columns of a thing sheet, left to right."""
    return [ID, *(COLUMN[k] for k in sheet.columns), *EVIDENCE, *TRAILER]
