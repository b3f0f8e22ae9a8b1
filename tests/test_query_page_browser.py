"""The SPARQL query page in a real headless Chromium, served by a real ``enschede-kg serve``.

Only requests to the server itself are let through; the page must work with assets it serves.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import chromium, local_tab, needs_chromium
from tests.webserver import serve

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def base(built_dir: Path) -> Iterator[str]:
    with serve(build_dir=built_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with chromium(profile, 1280, 900) as ctx:
        yield ctx


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    with local_tab(browser, base) as watched:
        yield watched


def _wait(tab: Any, expression: str) -> Any:
    deadline = time.monotonic() + 20
    while True:
        value = tab.evaluate(expression)
        if value:
            return value
        assert time.monotonic() < deadline, expression
        time.sleep(0.05)


def test_run_a_saved_query_and_read_the_table(
    page: tuple[Any, list[str], list[str]], base: str
) -> None:
    tab, foreign, errors = page
    tab.goto(base + "/")
    assert tab.evaluate("document.querySelectorAll('#highlight span.kw').length") > 0
    tab.select_option("#examples", "01-sister-cities")
    assert "ekg:SisterCity" in tab.input_value("#query")
    tab.click("#run")
    rows = _wait(tab, "document.querySelectorAll('#results tbody tr').length")
    assert rows == 2
    text = tab.inner_text("#results")
    assert "Dalian" in text and "Palo Alto" in text
    hrefs = tab.evaluate(
        "[...document.querySelectorAll('#results a')].map(a => a.getAttribute('href'))"
    )
    assert "/id/city/dalian" in hrefs  # our IRIs link to this server
    csv_link = tab.get_attribute("#dl-csv", "href")
    assert csv_link.startswith("/sparql?") and "format=csv" in csv_link
    share = tab.get_attribute("#share", "href")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(share).query)["query"][0] == (
        tab.input_value("#query")
    )
    assert foreign == [] and errors == []


def test_shared_link_runs_and_keyboard_and_language(
    page: tuple[Any, list[str], list[str]], base: str
) -> None:
    tab, foreign, errors = page
    query = (
        "SELECT ?label WHERE { <https://w3id.org/enschede-kg/id/city/dalian> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    )
    tab.goto(base + "/?" + urllib.parse.urlencode({"query": query}))
    assert _wait(tab, "document.querySelectorAll('#results tbody tr').length") == 2
    tab.fill("#query", "ASK { ?s ?p ?o }")
    tab.focus("#query")
    tab.keyboard.press("Control+Enter")
    _wait(tab, "['ja', 'yes'].includes(document.getElementById('status').textContent)")
    assert tab.inner_text("#run").startswith("Uitvoeren")
    tab.click("#lang")
    assert tab.inner_text("#run").startswith("Run")
    assert foreign == [] and errors == []


def test_results_are_text_not_markup(page: tuple[Any, list[str], list[str]], base: str) -> None:
    tab, _, errors = page
    tab.goto(base + "/")
    tab.fill("#query", 'SELECT ?x WHERE { BIND("<img src=x onerror=window.__pwned=1>" AS ?x) }')
    tab.click("#run")
    _wait(tab, "document.querySelectorAll('#results tbody tr').length")
    assert tab.evaluate("typeof window.__pwned") == "undefined"
    assert "<img src=x" in tab.inner_text("#results tbody")
    assert errors == []
