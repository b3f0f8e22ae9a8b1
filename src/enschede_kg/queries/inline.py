"""Parameters for a remote endpoint as a VALUES block at the start of the query's WHERE group.

A SPARQL endpoint takes query text only, so parameters have to be written into it (as serialised
RDF terms, never as user text). Where the VALUES block goes decides the speed: appended after the
query, Oxigraph joins it only after evaluating the whole pattern (query 16: 772 ms instead of
1.7 ms at 10x); as the first element of the WHERE group it is joined first and every pattern is
evaluated with the parameters bound, as with the embedded store's substitutions. It also gives the
same answers as those substitutions where a trailing block would not: FILTERs and OPTIONALs of the
group see the bound value.

The WHERE group is found by a small scanner that skips comments, strings and IRIs and tracks the
brace depth: the first ``WHERE`` at depth 0 (or, without the keyword, the first ``{`` at depth 0
of a SELECT/ASK/DESCRIBE). A query it cannot place the block in gets a trailing block, and so do
the parameters a query assigns itself with ``BIND (… AS ?x)``, which SPARQL does not allow to be
bound earlier in the group.

>>> print(inline_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": ox.Literal("1")}))
SELECT ?x WHERE { VALUES (?o) { ("1") }
 ?x ?p ?o }
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WHERE = re.compile(r"WHERE\b", re.IGNORECASE)
_FORM = re.compile(r"\b(SELECT|ASK|DESCRIBE|CONSTRUCT)\b", re.IGNORECASE)


def _skip_string(text: str, i: int) -> int:
    """Index just past the string literal that starts at ``i``."""
    for quote in ('"""', "'''"):
        if text.startswith(quote, i):
            end = text.find(quote, i + 3)
            while end != -1 and text[end - 1] == "\\":
                end = text.find(quote, end + 1)
            return len(text) if end == -1 else end + 3
    quote, j = text[i], i + 1
    while j < len(text) and text[j] != quote:
        j += 2 if text[j] == "\\" else 1
    return j + 1


def where_group_start(text: str) -> int | None:
    """Index just after the ``{`` that opens the outermost WHERE group, or None."""
    depth, i = 0, 0
    seen_where = False
    form = _FORM.search(text)
    while i < len(text):
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            i = len(text) if nl == -1 else nl + 1
            continue
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "<":
            m = _IRI.match(text, i)
            if m:
                i = m.end()
                continue
        if c == "{":
            opens_where = seen_where or (form and form.group(1).upper() != "CONSTRUCT")
            if depth == 0 and opens_where and (form is None or i > form.start()):
                return i + 1
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and (c in "wW") and _WHERE.match(text, i):
            before = text[i - 1] if i else " "
            if not (before.isalnum() or before in "_?$:"):
                seen_where = True
        i += 1
    return None


def values_block(bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(str(v) for v in bindings.values())
    return f"VALUES ({names}) {{ ({values}) }}"


def assigned(text: str, name: str) -> bool:
    """Whether the query gives ``?name`` a value itself (``BIND (… AS ?name)``, ``(… AS ?name)``):
    SPARQL forbids binding such a variable before the assignment, so it stays trailing."""
    return re.search(rf"\bAS\s+[?$]{re.escape(name)}\b", text, re.IGNORECASE) is not None


def inline_values(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """``text`` with ``bindings`` as a VALUES block opening its WHERE group (see the module).

    A parameter the query assigns itself goes into a trailing block instead (``assigned``).
    """
    if not bindings:
        return text
    lead = {k: v for k, v in bindings.items() if not assigned(text, k)}
    trail = {k: v for k, v in bindings.items() if k not in lead}
    at = where_group_start(text) if lead else None
    if at is None:
        lead, trail = {}, dict(bindings)
    else:
        text = f"{text[:at]} {values_block(lead)}\n{text[at:]}"
    if trail:
        text = f"{text.rstrip()}\n{values_block(trail)}\n"
    return text
