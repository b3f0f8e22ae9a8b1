"""The files the page inlines, made safe to stand inside <script> and <style>, and their CSP
hashes."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Final

from markupsafe import Markup

from enschede_kg.errors import EnschedeKGError

TEMPLATES: Final = Path(__file__).resolve().parent / "templates"
#: The page's own scripts, in the order they are joined: the shared state first, then each view
#: and control, the start last. They share one scope (one inline script, one CSP hash).
SCRIPTS: Final = (
    "state",
    "network",
    "panel",
    "search",
    "filters",
    "since",
    "table",
    "overview",
    "map",
    "timeline",
    "export",
    "url",
    "main",
)
#: Said once at the top of the joined script.
_SCRIPT_HEAD: Final = (
    "/* The explorer's behaviour (enschede_kg.explore, templates/js/). Data from the graph is\n"
    "   text, never markup: every string of the data reaches the page through textContent,\n"
    "   Element.append or the label of a vis-network item (drawn on a canvas). */\n"
)


class ExplorerError(EnschedeKGError):
    """The explorer page could not be made (vis-network missing, an unsafe asset)."""


def read_asset(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise ExplorerError(
            f"{path}: cannot read a file of the explorer page ({e.strerror}); reinstall "
            "enschede-kg and pyvis"
        ) from None


def script_json(value: object) -> str:
    """JSON that can stand inside a <script> element: no '<', '>' or '&' (so no '</script>' or
    '<!--'), nor the line separators that older JavaScript parsers choke on."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def inline(text: str, tag: str) -> Markup:
    """Text of an inline <script> or <style>; refused if it could close its element early."""
    if f"</{tag}" in text.lower() or "<!--" in text:
        raise ExplorerError(f"an inline {tag} of the explorer contains '</{tag}' or '<!--'")
    return Markup(text)


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def app_script() -> str:
    """The page's scripts (``templates/js/``) joined into one function scope, in SCRIPTS order."""
    parts = [read_asset(TEMPLATES / "js" / f"{name}.js") for name in SCRIPTS]
    return _SCRIPT_HEAD + '(function () {\n  "use strict";\n\n' + "\n".join(parts) + "})();\n"
