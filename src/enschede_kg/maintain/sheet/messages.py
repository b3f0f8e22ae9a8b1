"""What the workbook says to people, in Dutch and English: errors, the read-me sheet, list titles.

Each error names the sheet, the row and the column and says what to do:

>>> p = Problem("Partners", 7, "Sinds", "Since", "bad_date", {"value": "2017-13"})
>>> p.text("nl").split(" (")[0]
"Blad Partners, rij 7, kolom Sinds: '2017-13' is geen datum; gebruik 2017, 2017-06 of zomer 2017"
>>> p.text("en").split(" (")[0]
"Sheet Partners, row 7, column Since: '2017-13' is not a date; use 2017, 2017-06 or summer 2017"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

#: Every error the import can report, as (Dutch, English) templates.
ERRORS: Final[dict[str, tuple[str, str]]] = {
    "bad_date": (
        "{value!r} is geen datum; gebruik 2017, 2017-06 of zomer 2017 (of een dag: 2017-06-05)",
        "{value!r} is not a date; use 2017, 2017-06 or summer 2017 (or a day: 2017-06-05)",
    ),
    "bad_duration": (
        "{value!r} is geen duur; schrijf bijvoorbeeld P2M (twee maanden) of P10D (tien dagen)",
        "{value!r} is not a duration; write e.g. P2M (two months) or P10D (ten days)",
    ),
    "bad_decimal": (
        "{value!r} is geen decimaal getal; schrijf bijvoorbeeld 52.21833 (met een punt)",
        "{value!r} is not a decimal number; write e.g. 52.21833 (with a point)",
    ),
    "bad_wkt": (
        "{value!r} is geen punt; schrijf POINT(lengtegraad breedtegraad), bijvoorbeeld "
        "POINT(6.89583 52.21833)",
        "{value!r} is not a point; write POINT(longitude latitude), e.g. POINT(6.89583 52.21833)",
    ),
    "bad_url": (
        "{value!r} is geen webadres of ID; schrijf bijvoorbeeld wd:Q10002 of het volledige "
        "webadres (http of https) van een GeoNames-plaats",
        "{value!r} is not a web address or ID; write e.g. wd:Q10002 or the full web address "
        "(http or https) of a GeoNames feature",
    ),
    "bad_id": (
        "{value!r} is geen ID; een ID is soort:naam in kleine letters, cijfers en streepjes, "
        "bijvoorbeeld city:dalian",
        "{value!r} is not an ID; an ID is kind:name in lower-case letters, digits and hyphens, "
        "e.g. city:dalian",
    ),
    "unknown_ref": (
        "{value!r} is geen bekende waarde van de lijst {list_nl}; kies er een uit de keuzelijst "
        "(blad Lijsten), of voeg {value!r} eerst toe op het blad waar het thuishoort",
        "{value!r} is not a known value of the list {list_en}; choose one from the drop-down "
        "list (sheet Lijsten), or first add {value!r} on the sheet where it belongs",
    ),
    "unknown_kind": (
        "{value!r} is geen soort van dit blad; kies een van: {choices}",
        "{value!r} is not a kind of this sheet; choose one of: {choices}",
    ),
    "missing_id": (
        "leeg; elke rij met een feit begint met het ID van het ding (bijvoorbeeld city:dalian)",
        "empty; every row with a fact starts with the ID of the thing (e.g. city:dalian)",
    ),
    "missing_kind": (
        "leeg, en {value!r} heeft nergens een soort; vul de soort in (kies uit de keuzelijst)",
        "empty, and {value!r} has no kind anywhere; fill in the kind (choose from the drop-down "
        "list)",
    ),
    "no_fact": (
        "deze rij noemt wel {value!r} maar geen feit; vul één feitkolom in of maak de rij leeg",
        "this row names {value!r} but no fact; fill in one fact column or empty the row",
    ),
    "two_facts": (
        "deze rij heeft meer dan één feit ({value}); zet elk feit op een eigen rij",
        "this row has more than one fact ({value}); put each fact on a row of its own",
    ),
    "other_sheet": (
        "{value!r} staat al op blad {sheet}; een ding staat op één blad",
        "{value!r} is already on sheet {sheet}; a thing is on one sheet",
    ),
    "unknown_passage": (
        "{value!r} is geen bekende bronzin; kies een ID van het blad Bronzinnen (bijvoorbeeld "
        "enschede-international-2017/p13s1)",
        "{value!r} is not a known source sentence; use an ID of the sheet Bronzinnen (e.g. "
        "enschede-international-2017/p13s1)",
    ),
    "unsupported": (
        "geen bronzin onderbouwt dit feit; noem in de kolom Bronzinnen de zin(nen) die het "
        "zeggen (blad Bronzinnen), of in Overgenomen uit de andere bron",
        "no source sentence supports this fact; name in the column Source sentences the "
        "sentence(s) that state it (sheet Bronzinnen), or in Taken from the other source",
    ),
    "unknown_support": (
        "{value!r} is geen soort onderbouwing; kies ekg:StatedBySource (een bronzin zegt het) of "
        "ekg:TakenFromOtherSource (overgenomen uit een andere bron)",
        "{value!r} is not a kind of support; choose ekg:StatedBySource (a source sentence says "
        "it) or ekg:TakenFromOtherSource (taken from another source)",
    ),
    "bad_statement": (
        "{value!r} is geen ID van een bewering; gebruik kleine letters, cijfers en streepjes, of "
        "laat de cel leeg (dan wordt er een gemaakt)",
        "{value!r} is not a statement ID; use lower-case letters, digits and hyphens, or leave "
        "the cell empty (one is made)",
    ),
    "duplicate_statement": (
        "de bewering {value!r} staat ook op {other}; elke bewering heeft een eigen ID",
        "the statement {value!r} is also on {other}; every statement has an ID of its own",
    ),
    "bad_file": (
        "{value!r} is geen bestand in data/curated; schrijf bijvoorbeeld events.ttl of "
        "sources/jaaroverzicht-2018.ttl",
        "{value!r} is not a file in data/curated; write e.g. events.ttl or "
        "sources/jaaroverzicht-2018.ttl",
    ),
    "missing_sheet": (
        "het blad ontbreekt; gebruik een werkboek dat 'enschede-kg sheet export' maakte",
        "the sheet is missing; use a workbook that 'enschede-kg sheet export' made",
    ),
    "bad_header": (
        "de kop {value!r} is onbekend op dit blad; verander de koppen (rij 1 en 2) niet",
        "the header {value!r} is unknown on this sheet; do not change the headers (rows 1 and 2)",
    ),
    "missing_column": (
        "de kolom ontbreekt; zet hem terug (rij 1 en 2 zoals bij de export), anders zouden zijn "
        "feiten verdwijnen",
        "the column is missing; put it back (rows 1 and 2 as exported), or its facts would be lost",
    ),
    "not_a_workbook": (
        "geen Excel-werkboek (.xlsx) dat te lezen is: {value}",
        "not an Excel workbook (.xlsx) that can be read: {value}",
    ),
    "invalid": (
        "de graaf klopt dan niet: {value}",
        "the graph would not conform: {value}",
    ),
}

_WHERE: Final = {
    "nl": ("Blad {sheet}", "rij {row}", "kolom {column}"),
    "en": ("Sheet {sheet}", "row {row}", "column {column}"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the workbook: where, and which error with which values."""

    sheet: str
    row: int | None
    column_nl: str
    column_en: str
    key: str
    values: dict[str, str] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        sheet_t, row_t, col_t = _WHERE[lang]
        where = [sheet_t.format(sheet=self.sheet)]
        if self.row is not None:
            where.append(row_t.format(row=self.row))
        column = self.column_nl if lang == "nl" else self.column_en
        if column:
            where.append(col_t.format(column=column))
        nl, en = ERRORS[self.key]
        return ", ".join(where) + ": " + (nl if lang == "nl" else en).format(**self.values)


#: The read-me sheet, one paragraph per row.
README: Final[dict[str, list[str]]] = {
    "nl": [
        "Feiten van de kennisgraaf Enschede internationaal",
        "Elk blad bevat één soort dingen (partners, afspraken, gebeurtenissen, …). Elke rij is één "
        "feit: het ID van het ding (kolom A) en één ingevulde feitkolom. De eerste rij van een "
        "ding geeft zijn soort.",
        "Naast elk feit staan de bronzinnen waarop het berust (kolom Bronzinnen: ID's van het "
        "blad Bronzinnen) en hun tekst (ter info; die kolom wordt niet ingelezen).",
        "Een feit corrigeren: verander de waarde (bijvoorbeeld een datum) en, zo nodig, de "
        "bronzinnen. Een feit toevoegen: voeg een rij toe met het ID, de waarde en de bronzinnen; "
        "laat Bewering (ID) leeg (meestal is die leeg: het ID volgt dan uit het feit).",
        "Datums met de precisie van de bron: 2017, 2017-06 of 2017-06-05. Een seizoen staat als "
        "jaar plus de kolom Seizoen; u mag ook zomer 2017 in een datumkolom schrijven (dan "
        "berust het seizoen op dezelfde bronzinnen als de datum).",
        "Keuzelijsten bieden de bekende plaatsen, organisaties, thema's, statussen, rollen en "
        "seizoenen (blad Lijsten).",
        "Daarna: enschede-kg sheet import feiten.xlsx — er wordt niets geschreven zolang er een "
        "fout in het werkboek staat; elke fout noemt blad, rij en kolom.",
        "Laat de koppen (rij 1 en 2), de bladen Bronzinnen, Lijsten en Bestanden en de kolom "
        "Bestand ongemoeid tenzij u weet wat u doet.",
    ],
    "en": [
        "Facts of the Enschede international knowledge graph",
        "Each sheet holds one kind of thing (partners, agreements, events, …). Each row is one "
        "fact: the ID of the thing (column A) and one filled-in fact column. The first row of a "
        "thing gives its kind.",
        "Beside each fact are the source sentences it rests on (column Source sentences: IDs of "
        "the sheet Bronzinnen) and their text (for information; that column is not read back).",
        "To correct a fact: change its value (e.g. a date) and, if needed, its source sentences. "
        "To add a fact: add a row with the ID, the value and the source sentences; leave "
        "Statement (ID) empty (it mostly is: the ID then follows from the fact).",
        "Dates at the precision of the source: 2017, 2017-06 or 2017-06-05. A season is the "
        "year plus the column Season; you may also write summer 2017 in a date column (the "
        "season then rests on the same source sentences as the date).",
        "Drop-down lists offer the known places, organisations, themes, statuses, roles and "
        "seasons (sheet Lijsten).",
        "Then: enschede-kg sheet import facts.xlsx — nothing is written while the workbook has "
        "an error; each error names sheet, row and column.",
        "Leave the headers (rows 1 and 2), the sheets Bronzinnen, Lijsten and Bestanden and the "
        "column File alone unless you know what you are doing.",
    ],
}

#: Title of the drop-down of a validated cell, and its warning.
VALIDATION_TITLE: Final = ("Niet in de lijst / Not in the list",)
VALIDATION_TEXT: Final = (
    "Deze waarde staat niet in de keuzelijst (blad Lijsten). / This value is not in the drop-down "
    "list (sheet Lijsten)."
)


def summary(problems: list[Problem], lang: str) -> str:
    """All problems, one per line, with a closing line that nothing was written."""
    lines = [p.text(lang) for p in problems]
    closing = (
        f"{len(problems)} fout(en); er is niets geschreven."
        if lang == "nl"
        else f"{len(problems)} error(s); nothing was written."
    )
    return "\n".join([*lines, closing])
