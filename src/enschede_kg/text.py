"""Words for people: the two languages, dates at the precision of their source, labels, short names.

Every face of the project (pages, explorer, analytics, summary, validation messages) says dates
and names the same way because they all come from here.

>>> format_date("2015-11", "nl"), format_date("2015-11", "en")
('november 2015', 'November 2015')
>>> format_date("2017", "en", season="summer"), format_date("2017-07-05", "nl")
('summer 2017', '5 juli 2017')
>>> year_of("2015-11"), year_of(None)
(2015, None)
>>> compact(PREFIXES["id"] + "city/dalian")
'id:city/dalian'
>>> pick_label({"en": "Munster", "nl": "Münster"}, "nl"), pick_label({"en": "Dalian"}, "nl")
('Münster', 'Dalian')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from enschede_kg.rdf.names import PREFIXES

#: The languages of everything a user sees, the first being the default of the advisors' pages.
LANGS: Final = ("nl", "en")

MONTHS: Final = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def check_lang(lang: str) -> str:
    """``lang`` when it is one of LANGS; ValueError naming the choices otherwise."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def year_of(value: str | None) -> int | None:
    """The year of a gYear, gYearMonth, date or dateTime lexical form; None when undated."""
    m = _DATE.match(value or "")
    return int(m.group(1)) if m else None


def format_date(value: str, lang: str, season: str | None = None) -> str:
    """A date as precise as it is stored: '2009', 'november 2015', '5 juli 2017', 'zomer 2017'.

    A season only qualifies a year (the source says "zomer 2017", never "zomer juli 2017"); a
    value that is no date is returned as it is.
    """
    m = _DATE.match(value)
    if not m:
        return value
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return f"{season} {year}" if season else year
    name = MONTHS[lang][int(month) - 1]
    if day is None:
        return f"{name} {year}"
    return f"{int(day)} {name} {year}"


def compact(iri: str, prefixes: Iterable[str] | None = None) -> str:
    """A prefixed name for an IRI (``id:city/dalian``) when a prefix fits, else the IRI.

    ``prefixes`` limits the choice (in that order); by default every prefix of the project is
    tried, the longest namespace first, so that ``id:`` wins over a shorter ``w3id:``.
    """
    names = (
        list(prefixes)
        if prefixes is not None
        else sorted(PREFIXES, key=lambda p: -len(PREFIXES[p]))
    )
    for prefix in names:
        ns = PREFIXES[prefix]
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def pick_label(labels: Mapping[str, str], lang: str, default: str = "") -> str:
    """The label in ``lang``, else in the other language, else one without a language tag."""
    for choice in (lang, *LANGS, ""):
        if labels.get(choice):
            return labels[choice]
    return default
