"""Dates in the explorer keep the precision of their source."""

from __future__ import annotations

import pytest

from enschede_kg import text
from enschede_kg.explore import dates


@pytest.mark.parametrize(
    ("value", "season", "nl", "en"),
    [
        ("2009", None, "2009", "2009"),
        ("2015-11", None, "november 2015", "November 2015"),
        ("2017-07-05", None, "5 juli 2017", "5 July 2017"),
        ("2017", {"nl": "zomer", "en": "summer"}, "zomer 2017", "summer 2017"),
    ],
)
def test_dates_keep_their_precision(
    value: str, season: dict[str, str] | None, nl: str, en: str
) -> None:
    assert text.format_date(value, "nl", (season or {}).get("nl")) == nl
    assert text.format_date(value, "en", (season or {}).get("en")) == en


def test_periods_and_durations_read_naturally() -> None:
    summer = {"nl": "zomer", "en": "summer"}
    assert (
        dates.Dates(start=("2009", {}), end=("2017", summer)).describe("nl") == "2009 – zomer 2017"
    )
    assert dates.Dates(start=("2017", summer)).describe("en") == "since summer 2017"
    assert dates.Dates(end=("2017", summer)).describe("nl") == "tot zomer 2017"
    assert dates.Dates(duration="P1Y2M").describe("en") == "1 year 2 months"
    assert dates.Dates(duration="PT5H").describe("nl") == "PT5H"
    assert dates.Dates().describe("nl") is None
    assert dates.Dates(date=("2015-11", {})).interval() == (2015, None)
    assert dates.Dates(start=("2009", {}), end=("2017", {})).interval() == (2009, 2017)


def test_spans_keep_the_precision_of_the_source() -> None:
    assert dates.span("2009") == (2009.0, 2010.0, "year")
    assert dates.span("2017", "season/summer") == (2017.417, 2017.667, "season")
    assert dates.span("2015-11") == (2015.833, 2015.917, "month")
    start, end, precision = dates.span("2017-07-05") or (0.0, 0.0, "")
    assert precision == "day" and 2017.5 < start < end < 2017.52
    assert dates.span("someday") is None
    summer = {"nl": "zomer", "en": "summer", "key": "season/summer"}
    phase = dates.Dates(start=("2009", {}), end=("2017", summer))
    assert phase.spans() == {
        "start": [2009.0, 2010.0, "year"],
        "end": [2017.417, 2017.667, "season"],
    }
    assert phase.describe("nl") == "2009 – zomer 2017", "the season's key is not shown"
