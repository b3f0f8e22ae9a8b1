"""The static site's web server rules: nginx configuration and Apache type maps, from one table.

Both follow :mod:`enschede_kg.lod.negotiation` as far as the server can (nginx through regular
expressions, Apache through its own q-value arithmetic over type maps), so that ``/id/city/dalian``
answers on nginx and Apache as on ``serve``. Apache needs one type map per IRI path and per data
key, and one "as is" redirect per variant; they are small files beside the pages and data.
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

_ENV = templating.environment(SITE_TEMPLATES, html=False, compact=True)  # server rules, not HTML
#: The ontology's owl:versionIRI as a path (``def/0.2.0``): it answers as ``/def`` does.
VERSION_PATH = ONTOLOGY_VERSION_IRI.removeprefix(BASE_IRI)
#: Where Apache's type map and redirects of the version IRI live: beside ``def.var``, not in a
#: ``def/`` folder, which would turn ``/def`` into a directory (mod_dir's 301 to ``/def/``).
VERSION_FILE = VERSION_PATH.replace("/", "-")
_VERSION_RULES = {
    "version_path": VERSION_PATH,
    "version_regex": re.escape(VERSION_PATH),
    "version_file": VERSION_FILE,
    "version_file_regex": re.escape(VERSION_FILE),
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
    """``.htaccess`` files, type maps and redirects, by path relative to the site root."""
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
        files[f"{item.path}.var"] = _render(
            "typemap.var", name=name, variants=negotiation.PAGE_VARIANTS
        )
        for v in negotiation.PAGE_VARIANTS:
            target = f"/page/{item.key}" if not v.is_rdf else f"/data/{item.key}.{v.extension}"
            # Relative: mod_asis would follow a Location that starts with "/" internally.
            location = posixpath.relpath(target, "/" + (folder or "."))
            files[f"{item.path}.{v.extension}"] = _render("redirect.asis", location=location)
        files[f"data/{item.key}.var"] = _render(
            "typemap.var", name=item.key.rpartition("/")[2], variants=negotiation.DATA_VARIANTS
        )
    # The version IRI answers as /def: a type map and redirects of its own, whose relative
    # Locations are resolved against /def/… by the client.
    files[f"{VERSION_FILE}.var"] = _render(
        "typemap.var", name=VERSION_FILE, variants=negotiation.PAGE_VARIANTS
    )
    for v in negotiation.PAGE_VARIANTS:
        target = "/page/def" if not v.is_rdf else f"/data/def.{v.extension}"
        location = posixpath.relpath(target, "/" + VERSION_PATH.rpartition("/")[0])
        files[f"{VERSION_FILE}.{v.extension}"] = _render("redirect.asis", location=location)
    return files


def _render(template: str, **values: object) -> bytes:
    return _ENV.get_template(template).render(**values).encode("utf-8")
