"""Debian's Chromium driven by Playwright, as every browser test launches it.

Never ``playwright install``: the tests use /usr/bin/chromium (``apt-get install chromium``). The
flags keep Chromium from reaching for Google's hosts on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Mark a module whose tests need the browser.
#: Skipped where Chromium is missing on a developer's machine; failed where it is missing in CI.
needs_chromium = pytest.mark.usefixtures("chromium_installed")


#: The two screens every advisor-facing page is checked on: a laptop and a phone.
VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}


@contextmanager
def viewport(name: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chromium context at the viewport ``name`` of VIEWPORTS, its ``name`` attribute set:
    what the per-viewport ``device`` fixtures of the browser tests yield."""
    with chromium(tmp_path_factory.mktemp(f"profile-{name}"), *VIEWPORTS[name]) as ctx:
        ctx.name = name
        yield ctx


@contextmanager
def chromium(profile: Path, width: int = 1400, height: int = 900) -> Iterator[Any]:
    """A persistent Chromium context with a fresh profile directory."""
    from playwright import sync_api  # a test dependency (pyproject.toml [test]): never skipped

    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": width, "height": height},
            device_scale_factor=1,
        )
        try:
            yield ctx
        finally:
            ctx.close()


@contextmanager
def local_tab(context: Any, base: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A tab that reaches only ``base``: any other request is aborted and listed in ``foreign``;
    console errors and uncaught exceptions are listed in ``errors``. The pages must work offline
    and say nothing to the console, so the tests assert both lists empty."""
    tab = context.new_page()
    foreign: list[str] = []
    errors: list[str] = []
    prefix = base.rstrip("/") + "/"

    def route(r: Any) -> None:
        if r.request.url.startswith(prefix):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    tab.route("**/*", route)
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield tab, foreign, errors
    finally:
        tab.close()


def serious_axe_findings(evaluate: Any, tags: list[str]) -> list[str]:
    """Run axe-core (already injected into the page) with the rules of ``tags`` and return its
    serious and critical findings, each as rule, impact and the first targets; ``evaluate`` is
    the page's ``evaluate`` (Playwright), so the page's CSP is never weakened for the run."""
    result = evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]},
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
