"""The page: the data, the views' scripts and the styles inlined into one self-contained HTML file
whose Content-Security-Policy forbids every request.

    >>> from enschede_kg import graph
    >>> html = render_explorer(graph.assemble())
    >>> html.startswith("<!DOCTYPE html>")
    True
"""

from __future__ import annotations

import json  # noqa: F401
from pathlib import Path
from typing import Any, Final

import pyoxigraph as ox
from markupsafe import Markup

from enschede_kg import config, templating
from enschede_kg.config import Inputs
from enschede_kg.explore.assets import (
    TEMPLATES,
    app_script,
    csp_hash,
    inline,
    read_asset,
    script_json,
)
from enschede_kg.explore.data import explorer_data
from enschede_kg.explore.views import map as map_view
from enschede_kg.explore.views.network import VIS_VERSION, vis_lists, vis_more, vis_script
from enschede_kg.explore.views.timeline import timeline
from enschede_kg.explore.vocab import FAMILIES, UI_TEXT, ui
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import ID
from enschede_kg.text import LANGS, check_lang

#: The views of the page, in the order of its view bar; the first is the start view.
VIEWS: Final = ("overview", "network", "map", "timeline", "table")
#: The columns of "Partners at a glance", each sortable.
OVERVIEW_COLUMNS: Final = (
    "partner",
    "kind",
    "tie",
    "since",
    "country",
    "latest",
    "themes",
    "sources",
)
#: Where ``enschede-kg viz`` writes the page unless told otherwise.
PAGE_NAME: Final = "explorer.html"


def since_years(data: dict[str, Any]) -> list[int]:
    """The years "Nieuw sinds" offers: from the first year in which a dated fact began to the
    last year the page knows of (none when nothing is dated)."""
    starts = data["new_years"]
    if not starts:
        return []
    last = max(starts[-1], data["years"][1] if data["years"] else starts[-1])
    return list(range(starts[0], last + 1))


def render_explorer(
    store: ox.Store, *, lang: str = "nl", inputs: Inputs | None = None, context: bool = False
) -> str:
    """The explorer as one self-contained HTML page, opening in Dutch (``lang='nl'``) or English.

    With ``context``, the page also shows the partners of Enschede's partners from the imported
    twin-city snapshots, marked as such, and their further twins on demand (explorer_data).

    Raises ValueError for another language, QueryError when a query of ``queries/viz/`` fails
    and ExplorerError when vis-network is not found in the pyvis package.
    """
    check_lang(lang)
    from pyvis import __version__ as pyvis_version

    data = explorer_data(store, inputs=inputs, context=context)
    vis_nodes, vis_edges, options = vis_lists(data, lang)
    payload = {
        "lang": lang,
        "ui": {key: dict(zip(LANGS, texts, strict=True)) for key, texts in UI_TEXT.items()},
        **{k: v for k, v in data.items() if k not in ("nodes", "edges", "more")},
        "nodes": [{k: v for k, v in n.items() if k not in ("x", "y")} for n in data["nodes"]],
        "edges": data["edges"],
        "more": {
            "nodes": [{k: v for k, v in n.items() if k not in ("x", "y")} for n in more["nodes"]],
            "edges": more["edges"],
        }
        if (more := data["more"])
        else None,
        "timeline": timeline(data),
        "pages": {"served": "/page/", "iri": str(ID)},
        "vis": {
            "nodes": vis_nodes,
            "edges": vis_edges,
            "options": options,
            "more": vis_more(data, lang),
        },
    }
    libs = [inline(js, "script") for js in (vis_script(), *map_view.scripts())]
    scripts = [*libs, inline(app_script(), "script")]
    style = inline(read_asset(TEMPLATES / "explorer.css"), "style")
    csp = "; ".join(
        (
            "default-src 'none'",
            "script-src " + " ".join(csp_hash(s) for s in scripts),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    env = templating.environment(TEMPLATES)
    families = [
        (f, [r for r in data["relations"] if r["family"] == f])
        for f in FAMILIES
        if any(r["family"] == f for r in data["relations"])
    ]
    return env.get_template("explorer.html").render(
        lang=lang,
        t=lambda key, **kw: ui(key, lang, **kw),
        csp=csp,
        libs=libs,
        app_js=scripts[-1],
        world=Markup(script_json(map_view.world())),
        licences=map_view.licences(),
        views=VIEWS,
        overview_columns=OVERVIEW_COLUMNS,
        app_css=style,
        data=Markup(script_json(payload)),
        kinds=data["kinds"],
        families=families,
        themes=data["themes"],
        years=data["years"],
        since_years=since_years(data),
        vis_version=VIS_VERSION,
        pyvis_version=pyvis_version,
    )


def write_explorer(
    store: ox.Store,
    path: Path | None = None,
    *,
    lang: str = "nl",
    inputs: Inputs | None = None,
    context: bool = False,
) -> Path:
    """Write the explorer page to ``path`` atomically (readers see the old or the new page).

    The default path is ``explorer.html`` in the active project's build directory.
    """
    path = path or config.default_build_dir() / PAGE_NAME
    html = render_explorer(store, lang=lang, inputs=inputs, context=context)
    rdfio.write_atomic(path, html.encode("utf-8"))
    return path
