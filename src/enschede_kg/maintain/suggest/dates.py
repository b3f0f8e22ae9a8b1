"""Dates as Dutch reports write them, kept at their precision.

"zomer 2017" is the year 2017 in the summer season, "november 2015" the month 2015-11, "sinds
2009" a start in the year 2009. "deze zomer" and "in juli" take the year of the document, and say
so. Nothing is made more precise than the words are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from enschede_kg import text

#: Dutch month name -> number, from the one list of month names (text.MONTHS).
MONTHS = {m: i for i, m in enumerate(text.MONTHS["nl"], start=1)}
SEASONS = {
    "voorjaar": "spring",
    "lente": "spring",
    "zomer": "summer",
    "najaar": "autumn",
    "herfst": "autumn",
    "winter": "winter",
}
_YEAR = r"(?:19|20)\d\d"
_MONTH = "|".join(MONTHS)
_SEASON = "|".join(SEASONS)
_RULES = re.compile(
    rf"(?P<since>\b[Ss]inds\s+)?"
    rf"(?:(?P<month>\b(?:{_MONTH}))\s+(?P<myear>{_YEAR})\b"
    rf"|(?P<season>\b(?:{_SEASON}))(?:\s+van)?\s+(?P<syear>{_YEAR})\b"
    rf"|(?P<year>\b{_YEAR})\b"
    rf"|(?P<rel>\b(?:[Dd]eze|[Ii]n\s+het|[Ii]n\s+de|[Dd]it)\s+(?P<rseason>{_SEASON}))\b"
    rf"(?!(?:\s+van)?\s+{_YEAR})"
    rf"|(?P<inmonth>\b[Ii]n\s+(?P<rmonth>{_MONTH}))\b(?!\s+{_YEAR}))"
)


@dataclass(frozen=True)
class DateFound:
    """A date in a sentence: value (gYear or gYearMonth), season, whether it starts something."""

    value: str
    season: str
    since: bool
    trigger: str
    begin: int
    end: int
    #: True when the year is the document's, not written beside the words.
    year_from_document: bool = False

    @property
    def precision(self) -> str:
        if self.season:
            return "season"
        return "month" if len(self.value) == 7 else "year"

    @property
    def key(self) -> str:
        """``2017``, ``2017-07`` or ``2017+summer``: how the benchmark compares dates."""
        return f"{self.value}+{self.season}" if self.season else self.value


def find_dates(text: str, document_year: int | None) -> Iterator[DateFound]:
    """Every date the rules recognise in ``text``, left to right."""
    for m in _RULES.finditer(text):
        since = bool(m.group("since"))
        trigger = m.group(0).strip()
        begin, end = m.start(), m.end()
        if m.group("month"):
            yield DateFound(
                f"{m.group('myear')}-{MONTHS[m.group('month')]:02d}", "", since, trigger, begin, end
            )
        elif m.group("season"):
            yield DateFound(
                m.group("syear"), SEASONS[m.group("season")], since, trigger, begin, end
            )
        elif m.group("year"):
            yield DateFound(m.group("year"), "", since, trigger, begin, end)
        elif document_year is not None and m.group("rseason"):
            season = SEASONS[m.group("rseason")]
            yield DateFound(str(document_year), season, since, trigger, begin, end, True)
        elif document_year is not None and m.group("rmonth"):
            month = MONTHS[m.group("rmonth")]
            yield DateFound(f"{document_year}-{month:02d}", "", since, trigger, begin, end, True)
