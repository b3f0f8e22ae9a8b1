"""The one way templates are made: Jinja2, strict, and escaping HTML unless told it is no HTML.

Pages (resource pages, the query page, the explorer) and the static site's server rules all load
their templates here, so that no template can forget autoescaping or silently render a missing
value as an empty string.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2


@cache
def environment(folder: Path, *, html: bool = True, compact: bool = False) -> jinja2.Environment:
    """Templates in ``folder``: autoescaped when they are HTML (``html=False`` for server rules,
    which must come out byte for byte); ``compact`` drops the blank lines block tags leave."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=compact,
        lstrip_blocks=compact,
    )
