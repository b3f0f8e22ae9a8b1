"""The static site's web server rules: nginx configuration and Apache type maps, from one table.

Both follow :mod:`enschede_kg.lod.negotiation` as far as the server can (nginx through regular
expressions, Apache through its own q-value arithmetic over type maps), so that ``/id/city/dalian``
answers on nginx and Apache as on ``serve``. Apache needs one type map per IRI path and per data
key, and one "as is" redirect per variant; they are small files beside the pages and data.

Everything the rules answer for ``/page/…``, ``/data/…``, ``/id/…``, ``/graph/…`` and ``/def`` lives
under :data:`FILES`, never at the path of its URL: a key can be both a resource and the parent of
others (``dataset/enschede-kg`` and ``dataset/enschede-kg/class/…``), and a folder at the path of a
URL is a directory to Apache, whose mod_dir answers ``301`` to ``…/`` after any rewrite a
``.htaccess`` under ``AllowOverride FileInfo`` can make (``DirectorySlash`` needs ``Indexes``).
With the files elsewhere, no URL of ours names a folder, on any server.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from enschede_kg import templating
from enschede_kg.lod import links, negotiation
from enschede_kg.lod.negotiation import Variant
from enschede_kg.rdf.namespaces import BASE_IRI, ONTOLOGY_VERSION_IRI

SITE_TEMPLATES = Path(__file__).resolve().parent / "templates" / "site"

#: The folder of the site that holds what the rules map URLs to (``files/page/city/dalian.html``
#: answers ``/page/city/dalian``); a URL under it answers 404.
FILES = "files"

_ENV = templating.environment(SITE_TEMPLATES, html=False, compact=True)  # server rules, not HTML
#: The ontology's owl:versionIRI as a path (``def/0.2.0``): it answers as ``/def`` does.
VERSION_PATH = ONTOLOGY_VERSION_IRI.removeprefix(BASE_IRI)
#: The name of the version IRI's type map and redirects for Apache: beside ``def.var``, not in a
#: ``def/`` folder (``def/0.2.0.var`` would do as well now that they live under :data:`FILES`).
VERSION_FILE = VERSION_PATH.replace("/", "-")
_VERSION_RULES = {
    "version_path": VERSION_PATH,
    "version_regex": re.escape(VERSION_PATH),
    "version_file": VERSION_FILE,
    "version_file_regex": re.escape(VERSION_FILE),
    "files": FILES,
}


@dataclass(frozen=True)
class Negotiated:
    """One IRI path of ours (``id/city/dalian``, ``def``, ``graph/data``) and its data key."""

    path: str
    key: str


def _greater_than() -> str:
    """A regular expression true for ``A:B`` when the digit string A > B (same length)."""
    alternatives = "|".join(
        f"{d}[0-9]*:\\k<ekg_pre>[0-{d - 1}]" if d > 1 else "1[0-9]*:\\k<ekg_pre>0"
        for d in range(1, 10)
    )
    return f"^(?<ekg_pre>[0-9]*)(?:{alternatives})"


def _nginx_variant(v: Variant) -> dict[str, object]:
    mains = sorted({m.partition("/")[0] for m in v.media_types})
    return {
        "name": v.name,
        "extension": v.extension,
        "media_types": v.media_types,
        "types": "|".join(re.escape(m) for m in v.media_types),
        "mains": "|".join(re.escape(m) for m in mains),
    }


def nginx_conf(*, csp: str, dataset_key: str, license: str) -> bytes:
    """The ``nginx.conf`` to include in the site's ``server`` block."""
    variants = negotiation.PAGE_VARIANTS
    return (
        _ENV.get_template("nginx.conf")
        .render(
            variants=[_nginx_variant(v) for v in variants],
            data_variants=negotiation.DATA_VARIANTS,
            greater=_greater_than(),
            offered=", ".join(v.media_type for v in variants),
            data_offered=", ".join(v.media_type for v in negotiation.DATA_VARIANTS),
            csp=csp,
            dataset_key=dataset_key,
            license=license,
            cache_control=links.CACHE_CONTROL,
            exposed=links.EXPOSED,
            **_VERSION_RULES,
        )
        .encode("utf-8")
    )


def apache_files(
    negotiated: list[Negotiated], *, csp: str, dataset_key: str, license: str
) -> dict[str, bytes]:
    """``.htaccess`` files, type maps and redirects, by path relative to the site root.

    The type maps and redirects are under :data:`FILES`; their relative Locations are resolved by
    the client against the URL it asked for (``/id/city/dalian``), not against where they lie.
    """
    files: dict[str, bytes] = {
        ".htaccess": _render(
            "htaccess",
            csp=csp,
            dataset_key=dataset_key,
            license=license,
            cache_control=links.CACHE_CONTROL,
            exposed=links.EXPOSED,
            data_variants=negotiation.DATA_VARIANTS,
            **_VERSION_RULES,
        )
    }
    for item in negotiated:
        folder, _, name = item.path.rpartition("/")
        files[f"{FILES}/{item.path}.var"] = _render(
            "typemap.var", name=name, variants=negotiation.PAGE_VARIANTS
        )
        for v in negotiation.PAGE_VARIANTS:
            target = f"/page/{item.key}" if not v.is_rdf else f"/data/{item.key}.{v.extension}"
            # Relative: mod_asis would follow a Location that starts with "/" internally.
            location = posixpath.relpath(target, "/" + (folder or "."))
            files[f"{FILES}/{item.path}.{v.extension}"] = _render(
                "redirect.asis", location=location
            )
        files[f"{FILES}/data/{item.key}.var"] = _render(
            "typemap.var", name=item.key.rpartition("/")[2], variants=negotiation.DATA_VARIANTS
        )
    # The version IRI answers as /def: a type map and redirects of its own, whose relative
    # Locations are resolved against /def/… by the client.
    files[f"{FILES}/{VERSION_FILE}.var"] = _render(
        "typemap.var", name=VERSION_FILE, variants=negotiation.PAGE_VARIANTS
    )
    for v in negotiation.PAGE_VARIANTS:
        target = "/page/def" if not v.is_rdf else f"/data/def.{v.extension}"
        location = posixpath.relpath(target, "/" + VERSION_PATH.rpartition("/")[0])
        files[f"{FILES}/{VERSION_FILE}.{v.extension}"] = _render("redirect.asis", location=location)
    return files


def _render(template: str, **values: object) -> bytes:
    return _ENV.get_template(template).render(**values).encode("utf-8")
