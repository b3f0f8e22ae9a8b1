"""Decide, before anything runs, whether a request's SPARQL may run on a public endpoint.

Two layers, because a lexer is not the engine's parser:

1. A linear-time lexer (this module) reads the text the way the SPARQL grammar tokenises it
   (codepoint escapes expanded first, then IRIs, strings, comments, variables, prefixed names and
   keywords) and refuses SERVICE and LOAD keywords and FROM graphs that are not http(s)/urn. It
   builds no parse tree and has no nesting limit: any query Oxigraph can parse passes it unless it
   contains one of those keywords. It runs in the query worker, under the request's deadline.
2. The worker process that evaluates queries cannot open a file or a socket at all (see
   ``pool.sandbox``), so a query that slipped past the lexer still reaches nothing.

Updates (operator only, with the token) are checked more bluntly: the words LOAD and SERVICE may
not appear anywhere in them, not even in a string, because they run next to the master store.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin


class Refused(Exception):
    """The request is not allowed; the message is safe to show."""

    def __init__(self, message: str, status: int = 400) -> None:
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class Inspection:
    """What a request's SPARQL is."""

    kind: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    text: str
    has_dataset: bool = False  # the query names its graphs with FROM / FROM NAMED


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_GRAPH_IRI = re.compile(r"^(https?://|urn:)[^\s<>\"{}|^`\\]*$", re.IGNORECASE)
#: One token of the SPARQL grammar (https://www.w3.org/TR/sparql11-query/#sparqlGrammar).
#: Whitespace and punctuation are skipped by the regex engine itself (``finditer`` moves on
#: where nothing matches), which keeps the Python work per request to the tokens that matter.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\r\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             | '''(?:[^'\\]|\\.|'(?!''))*'''
             | "(?:[^"\\\r\n]|\\.)*"
             | '(?:[^'\\\r\n]|\\.)*')
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%\\-]|\.(?=[\w:%\\-]))*)
  | (?P<word>\w+)
  | (?P<punct>[{}])
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_WORDS = {"INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_UPDATE_DANGER = re.compile(r"(?<!\w)(LOAD|SERVICE)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    kind: str  # a group name of _TOKEN
    text: str
    start: int

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def expand_escapes(text: str) -> str:
    """Apply SPARQL's codepoint escapes, as the grammar does before tokenising."""

    def repl(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise Refused("invalid \\u escape in the query")
        return chr(code)

    return _ESCAPE.sub(repl, text)


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a SPARQL text: IRIs, strings, variables, prefixed names,
    keywords and braces (no whitespace, comments or other punctuation)."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind != "comment":
            yield Token(kind, m.group(), m.start())


#: A prefix's IRI token and the base in force where it was declared, resolved only when a FROM
#: names a graph through it (most queries have none: urljoin per PREFIX was a third of the lexing).
_Prefixes = dict[str, tuple[str, str | None]]


def _resolve(kind: str, text: str, prefixes: _Prefixes, base: str | None) -> str:
    if kind == "iri":
        return urljoin(base, text[1:-1]) if base else text[1:-1]
    prefix, _, local = text.partition(":")
    if prefix not in prefixes:
        return "urn:unknown-prefix:" + local
    iri, declared_base = prefixes[prefix]
    return _resolve("iri", iri, {}, declared_base) + local


#: The same tokens as ``_TOKEN``, only the words kept (every other token is matched, so that
#: nothing inside an IRI, a string or a comment reads as a word, and found as "").
_WORDS = re.compile(
    re.sub(r"\(\?P<(\w+)>", lambda m: "(" if m.group(1) == "word" else "(?:", _TOKEN.pattern),
    _TOKEN.flags,
)
#: Words that need the whole lexer: what they name (a base, a graph) or refuse.
_SLOW_WORDS = frozenset({"SERVICE", "LOAD", "BASE", "FROM"})


def _plain(text: str) -> Inspection | None:
    """The inspection of a query that names no graph, base, service or load (most queries),
    from its words alone: one C-level pass (``findall``) instead of a token object each."""
    words = [w.upper() for w in _WORDS.findall(text) if w]
    if _SLOW_WORDS.intersection(words):
        return None
    for word in words:
        if word in _FORMS:
            return Inspection(word, text)
        if word in _UPDATE_WORDS:
            return None  # the lexer words the refusal
    return None


def inspect(text: str, *, base_iri: str | None = None) -> Inspection:
    """Lex a query; Refused if it may not run here. Linear in the length of the text.

    The tokens are plain (kind, text) pairs, and only words are looked at: this runs for every
    query, so it does no more Python work per token than it must.
    """
    if "\\" not in text and (plain := _plain(text)) is not None:
        return plain
    return lexed(text, base_iri=base_iri)


def lexed(text: str, *, base_iri: str | None = None) -> Inspection:
    """``inspect`` by the whole lexer (every query the words alone cannot settle)."""
    expanded = expand_escapes(text) if "\\" in text else text
    toks: list[tuple[str, str]] = [
        (m.lastgroup or "punct", m.group()) for m in _TOKEN.finditer(expanded)
    ]
    toks = [t for t in toks if t[0] != "comment"]
    prefixes: _Prefixes = {}
    base = base_iri
    kind = None
    dataset: list[str] = []
    for i, (group, tok) in enumerate(toks):
        if group != "word":
            continue
        word = tok.upper()
        if word == "SERVICE":
            raise Refused("SERVICE (federated query) is not allowed on this endpoint", 403)
        if word == "LOAD":
            raise Refused("LOAD is not allowed on this endpoint", 403)
        if word == "BASE" and kind is None and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = _resolve(*toks[i + 1], prefixes, base)
        elif word == "PREFIX" and kind is None and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = (toks[i + 2][1], base)
        elif word in _FORMS and kind is None:
            kind = word
        elif word == "FROM" and i + 1 < len(toks):
            after = toks[i + 1 : i + 3]
            named = after[0][0] == "word" and after[0][1].upper() == "NAMED"
            target = after[1] if named and len(after) > 1 else after[0]
            if target[0] in ("iri", "pname"):
                dataset.append(_resolve(*target, prefixes, base))
        elif word in _UPDATE_WORDS and kind is None:
            raise Refused("this is an update: POST it as application/sparql-update or as update=…")
    if kind is None:
        raise Refused("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    check_graph_iris(dataset)
    return Inspection(kind, text, bool(dataset))


def inspect_update(text: str) -> Inspection:
    """An update may not LOAD or call SERVICE; the words may not appear in it at all."""
    found = _UPDATE_DANGER.search(expand_escapes(text))
    if found:
        word = found.group(1).upper()
        raise Refused(f"{word} is not allowed on this endpoint (not even as a word)", 403)
    return Inspection("UPDATE", text)


def with_using(text: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """The update with the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` applied.

    They act as USING / USING NAMED on every DELETE/INSERT … WHERE operation; an update that
    names its own USING or WITH as well is a conflict (400), as the protocol says.
    """
    if not using and not using_named:
        return text
    check_graph_iris([*using, *using_named])
    expanded = expand_escapes(text)
    toks = list(tokens(expanded))
    if any(t.keyword in ("USING", "WITH") for t in toks):
        raise Refused(
            "the update names its graphs with USING or WITH and the request with "
            "using-graph-uri / using-named-graph-uri; give one of the two"
        )
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named])
    out: list[str] = []
    last = 0
    depth = 0
    previous = ""
    for tok in toks:
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
        elif tok.keyword == "WHERE" and depth == 0 and previous != "DELETE":
            out.append(expanded[last : tok.start])
            out.append(f"{clause} ")
            last = tok.start
        previous = tok.keyword
    out.append(expanded[last:])
    return "".join(out)


def check_graph_iris(iris: list[str]) -> None:
    """Graphs may be named by http(s) or urn IRIs only: no file: or other schemes."""
    for iri in iris:
        if not _GRAPH_IRI.match(iri):
            msg = f"graph IRI {iri[:80]!r} is not allowed: name a graph of this dataset"
            raise Refused(msg, 403)
