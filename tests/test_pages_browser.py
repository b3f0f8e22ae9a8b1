"""Resource pages as an advisor meets them: served by a real ``enschede-kg serve`` on 127.0.0.1,
opened at their IRIs (``/id/…``) in a real headless Chromium on a 1440×900 laptop and a 390×844
phone, in Dutch and English. axe-core (vendored in tests/vendor/axe-core from its npm package)
checks WCAG 2.2 AA with the tags the explorer's tests use; nothing serious or critical may be
found. Only requests to the server itself are let through.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import VIEWPORTS, local_tab, needs_chromium, serious_axe_findings, viewport
from tests.test_explorer_views import AXE, WCAG
from tests.webserver import serve

pytestmark = needs_chromium

#: One resource of each kind an advisor opens from the explorer, and the ontology's page.
PAGES = (
    "/id/city/dalian",
    "/id/city/enschede",
    "/id/agreement/enschede-dalian-mou-2017",
    "/id/event/smart-city-conference-2017",
    "/id/person/onno-van-veldhuizen",
    "/id/organisation/chinese-ministry-of-foreign-affairs",
    "/id/status-period/enschede-dalian-sister-city",
    "/page/def",
)
#: A prefixed name of a vocabulary term on screen ("ekg:mentionedIn", "void:exampleResource"):
#: a resource page speaks in words, not in the data's spelling (the ontology's page names its
#: terms, and is left out of this check).
PREFIXED = re.compile(r"\b(?:ekg|rdf|rdfs|xsd|owl|skos|void|dcterms|dcat|prov|wgs|geo):[A-Za-z]")


@pytest.fixture(scope="module")
def base(built_dir: Path) -> Iterator[str]:
    with serve(build_dir=built_dir) as url:
        yield url


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def device(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    with viewport(request.param, tmp_path_factory) as ctx:
        yield ctx


@pytest.fixture
def page(device: Any, base: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    with local_tab(device, base) as watched:
        yield watched


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_axe_finds_nothing_serious_on_resource_pages(
    page: tuple[Any, list[str], list[str]], base: str, device: Any, lang: str
) -> None:
    tab, foreign, errors = page
    source = AXE.read_text(encoding="utf-8")
    width = VIEWPORTS[device.name][0]
    found: dict[str, list[str]] = {}
    for path in PAGES:
        # The IRI answers with its page (303 to /page/…), the language going along.
        response = tab.goto(f"{base}{path}?lang={lang}")
        assert response is not None and response.ok, path
        assert tab.url.startswith(f"{base}/page/"), (path, tab.url)
        assert tab.url.endswith(f"?lang={lang}"), (path, tab.url)
        assert tab.evaluate("document.documentElement.lang") == lang, path
        tab.evaluate(source)  # by the DevTools protocol: the page's CSP is not weakened
        bad = serious_axe_findings(tab.evaluate, WCAG)
        if bad:
            found[path] = bad
        # Reflow (WCAG 1.4.10): nothing wider than the screen, so no sideways scrolling.
        assert tab.evaluate("document.documentElement.scrollWidth") <= width, path
        if path.startswith("/id/"):
            shown = tab.inner_text("main")
            assert not PREFIXED.findall(shown), (path, PREFIXED.findall(shown))
    assert found == {}, json.dumps(found, indent=1)
    assert foreign == [] and errors == []


def test_language_switch_is_named_by_what_it_says(
    page: tuple[Any, list[str], list[str]], base: str
) -> None:
    """The switch is read out as the language it offers, in that language (no hidden label that
    differs from what is on screen), and the choice is kept on the next page."""
    tab, foreign, errors = page
    tab.goto(f"{base}/id/city/dalian")
    button = tab.locator("#lang-switch")
    assert button.inner_text() == "English"
    assert button.get_attribute("aria-label") is None
    assert tab.evaluate("document.querySelector('#lang-switch [lang=en]').textContent") == "English"
    button.click()
    assert tab.evaluate("document.documentElement.lang") == "en"
    assert button.inner_text() == "Nederlands"
    tab.goto(f"{base}/id/city/enschede")
    assert tab.evaluate("document.documentElement.lang") == "en"
    tab.locator("#lang-switch").click()
    assert tab.evaluate("document.documentElement.lang") == "nl"
    assert foreign == [] and errors == []
