"""Dates at the precision of the source, in words: a year stays a year, a season a season.

>>> Dates(date=("2015-11", {})).describe("en")
'November 2015'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from enschede_kg.explore.vocab import ui
from enschede_kg.text import format_date, year_of

#: A gYear, gYearMonth or date lexical form.
DATE = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


#: The months a season spans (northern hemisphere, as the source means "deze zomer"), as (first,
#: last + 1); winter runs into the next year. Keyed by the season's id below ``…/id/``.
SEASON_MONTHS: Final = {
    "season/spring": (3, 6),
    "season/summer": (6, 9),
    "season/autumn": (9, 12),
    "season/winter": (12, 15),
}


def span(value: str, season: str | None = None) -> tuple[float, float, str] | None:
    """The stretch of time a date stands for, in fractional years, with its precision: a year is
    the whole year, a season its months, a month its month, a day its day.

    >>> span("2017", "season/summer")
    (2017.417, 2017.667, 'season')
    >>> span("2009")
    (2009.0, 2010.0, 'year')
    """
    m = DATE.match(value)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(2) is None:
        if season in SEASON_MONTHS:
            first, last = SEASON_MONTHS[season]
            return round(year + (first - 1) / 12, 3), round(year + (last - 1) / 12, 3), "season"
        return float(year), float(year + 1), "year"
    month = int(m.group(2))
    if m.group(3) is None:
        return round(year + (month - 1) / 12, 3), round(year + month / 12, 3), "month"
    start = year + (month - 1) / 12 + (int(m.group(3)) - 1) / 365
    return round(start, 3), round(start + 1 / 365, 3), "day"


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

    def spans(self) -> dict[str, list[float | str]]:
        """The spans (``span``) of its date, start and end, where the source gives them."""
        out: dict[str, list[float | str]] = {}
        for key, d in (("date", self.date), ("start", self.start), ("end", self.end)):
            if d is not None and (s := span(d[0], d[1].get("key"))) is not None:
                out[key] = list(s)
        return out

    def interval(self) -> tuple[int | None, int | None]:
        """The years in which the resource is part of the network: an event or agreement from
        its year on, a period from its start to its end; None where the source gives nothing."""
        if self.date:
            return year_of(self.date[0]), None
        start = year_of(self.start[0]) if self.start else None
        end = year_of(self.end[0]) if self.end else None
        return start, end


def intersect(spans: Iterable[tuple[int | None, int | None]]) -> tuple[int | None, int | None]:
    lo: int | None = None
    hi: int | None = None
    for a, b in spans:
        if a is not None:
            lo = a if lo is None else max(lo, a)
        if b is not None:
            hi = b if hi is None else min(hi, b)
    return lo, hi


def when_text(d: Dates) -> dict[str, str] | None:
    """A resource's dates in words, in both languages (None when the source gives none)."""
    nl, en = d.describe("nl"), d.describe("en")
    return {"nl": nl, "en": en} if nl and en else None
