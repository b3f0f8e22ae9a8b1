"""ETag, Last-Modified and 304 Not Modified for pages and data, without computing the answer.

An answer of ``serve`` depends only on the loaded graph (the dump file), the code version, the
request target and the representation chosen; the ETag is a hash of those, so a revalidation is
answered 304 before any query runs. Last-Modified is the dump's modification time.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from enschede_kg import __version__
from enschede_kg.lod import links

_STARTED = time.time()


def validators(request: Request, representation: str) -> dict[str, str]:
    """ETag, Last-Modified and Cache-Control of this request's answer in ``representation``."""
    dump: Path | None = request.app.state.settings.dump
    try:
        stamp = dump.stat() if dump is not None else None
    except OSError:
        stamp = None
    modified = stamp.st_mtime if stamp else _STARTED
    version = stamp.st_mtime_ns if stamp else int(_STARTED * 1e9)
    basis = "\0".join(
        [__version__, str(version), request.url.path, request.url.query, representation]
    )
    return {
        "ETag": '"' + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32] + '"',
        "Last-Modified": formatdate(int(modified), usegmt=True),
        "Cache-Control": links.CACHE_CONTROL,
    }


def not_modified(request: Request, headers: Mapping[str, str]) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    etag = headers.get("ETag") or headers.get("etag")
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or (etag is not None and etag.removeprefix("W/") in tags)
    if_modified_since = request.headers.get("if-modified-since")
    last_modified = headers.get("Last-Modified") or headers.get("last-modified")
    if not if_modified_since or not last_modified:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
        modified = parsedate_to_datetime(last_modified)
    except (TypeError, ValueError):
        return False  # an unreadable date: answer in full
    if since.tzinfo is None:
        return False
    return modified <= since


def answer_304(headers: Mapping[str, str]) -> Response:
    """The 304 with the headers the full answer would have had (no body, no Content-Type)."""
    keep = {"etag", "last-modified", "cache-control", "vary", "link", "content-location"}
    kept = {k: v for k, v in headers.items() if k.lower() in keep}
    return Response(status_code=304, headers=kept)
