"""Context mode: the partners of Enschede's partners from the imported twin-city snapshots
(Wikidata 2016), marked as such, and their further twins on demand."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Final

import pyoxigraph as ox

from enschede_kg.explore.rows import Queries, local_id
from enschede_kg.explore.vocab import CONTEXT_KIND, TWINNED_WITH, ui
from enschede_kg.rdf.namespaces import CC0, WD, WDT
from enschede_kg.text import LANGS, format_date

#: Context mode: at most this many further twins of one partner of a partner are added when the
#: reader asks for them ("toon"); the panel states how many there are in all.
FURTHER_CAP: Final = 24


@dataclass
class _Pair:
    """The twin-city statements between two places (our nodes or snapshot items), as stated."""

    ends: tuple[str, str]
    stated: list[tuple[str, str, str, str]]  # (subject item, object item, graph, stating end)
    subjects: set[str]  # the ends whose item states the link


def _pairs(
    rows: list[dict[str, str | None]], near: str, near_item: str, far: str
) -> dict[tuple[str, str], _Pair]:
    """Statements grouped by unordered pair of places (in the order first met)."""
    pairs: dict[tuple[str, str], _Pair] = {}
    for r in rows:
        a, b = str(r[near]), str(r[far])
        if a == b:
            continue
        key = (a, b) if a < b else (b, a)
        pair = pairs.setdefault(key, _Pair((a, b), [], set()))
        subject = str(r["stated_subject"])
        by = a if subject == str(r[near_item]) else b
        stated = (subject, str(r["stated_object"]), str(r["graph"]), by)
        if stated not in pair.stated:
            pair.stated.append(stated)
        pair.subjects.add(by)
    return pairs


def _statement_text(subject: str, obj: str) -> str:
    """``wd:Q2742 wdt:P190 wd:Q37333``: the statement as the snapshot makes it."""
    return f"{local_id(subject)} wdt:{str(WDT.P190)[len(str(WDT)) :]} {local_id(obj)}"


def _context_edge(pair: _Pair, sources: dict[str, int], index: int) -> dict[str, Any]:
    """One twin-city edge: from the side that states it (either when both do)."""
    near, far = pair.ends
    mutual = len(pair.subjects) == 2
    src, dst = (near, far) if mutual or near in pair.subjects else (far, near)
    return {
        "id": f"c{index}",
        "from": local_id(src),
        "to": local_id(dst),
        "rel": TWINNED_WITH.key,
        "facts": [],
        "evidence": [],
        "when": None,
        "start": None,
        "end": None,
        "themes": [],
        "mutual": mutual,
        "source": sources[pair.stated[0][2]],
        "statements": [
            {"text": _statement_text(s, o), "by": local_id(by), "source": sources[g]}
            for s, o, g, by in pair.stated
        ],
    }


def _context_node(item: str, label: str | None, source: int) -> dict[str, Any]:
    """A place known only from a snapshot: its label there, its Wikidata item."""
    qid = item[len(str(WD)) :] if item.startswith(str(WD)) else ""
    name = label or qid or item
    return {
        "id": local_id(item),
        "kind": CONTEXT_KIND.key,
        "label": {"nl": name, "en": name},
        "type": {"nl": ui("type_context", "nl"), "en": ui("type_context", "en")},
        "alt": [],
        "comment": None,
        "when": None,
        "start": None,
        "end": None,
        "themes": [],
        "links": [{"name": "Wikidata", "id": qid, "href": item}] if qid else [],
        "mentions": [],
        "sources": [],
        "degree": 0,
        "source": source,
        "more": 0,
    }


def context_sources(q: Queries) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The imported graphs with twin-city links, each with its badge in both languages."""
    out: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for r in q.context_rows("context-sources"):
        created, licence = r["created"] or "", r["licence"] or ""
        name = "CC0" if licence == str(CC0) else licence.rstrip("/").rsplit("/", 1)[-1]
        index[str(r["graph"])] = len(out)
        out.append(
            {
                "badge": {
                    lang: ui("context_badge", lang, date=format_date(created, lang), licence=name)
                    for lang in LANGS
                },
                "note": {
                    lang: ui("context_note", lang, date=format_date(created, lang))
                    for lang in LANGS
                },
            }
        )
    return out, index


def add_context(
    q: Queries,
    centre: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    sources: dict[str, int],
) -> None:
    """Add the partners of the centre's partners (``context-twins.rq``) as nodes, and every
    statement between a partner and another place as an edge. A snapshot item that is ours (by
    ekg:wikidata or a reviewed reconciliation) is our node, not a second one."""
    rows = q.context_rows("context-twins", {"centre": ox.NamedNode(centre)})
    known = {n["id"] for n in nodes}
    for r in rows:
        twin = str(r["twin"])
        if local_id(twin) not in known and twin == r["other"]:
            nodes.append(_context_node(twin, r["twin_label"], sources[str(r["graph"])]))
            known.add(local_id(twin))
    for pair in _pairs(rows, "partner", "item", "twin").values():
        if all(local_id(end) in known for end in pair.ends):
            edges.append(_context_edge(pair, sources, len(edges)))


def add_further(
    q: Queries,
    centre: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    sources: dict[str, int],
) -> dict[str, list[dict[str, Any]]]:
    """The further twins of each snapshot-only partner of a partner (``context-further.rq``),
    to be shown on demand: up to FURTHER_CAP per place, laid out on rings around it, facing away
    from the centre. Each context node gets ``more``, the number of its twins not yet on screen.
    A further twin that is already a node gets an edge only."""
    rows = q.context_rows("context-further", {"centre": ox.NamedNode(centre)})
    by_id = {n["id"]: n for n in nodes}
    linked = {(e["from"], e["to"]) for e in edges} | {(e["to"], e["from"]) for e in edges}
    labels = {str(r["far"]): r["far_label"] for r in rows}
    extra: dict[str, dict[str, Any]] = {}
    more_edges: list[dict[str, Any]] = []
    around: dict[str, list[str]] = defaultdict(list)
    for pair in _pairs(rows, "near", "near", "far").values():
        a, b = (local_id(end) for end in pair.ends)
        if (a, b) in linked:
            continue
        # Both ends are anchors when two partners of partners are twinned with each other.
        ends = [x for x in (a, b) if x in by_id and by_id[x]["kind"] == CONTEXT_KIND.key]
        for x in ends:
            by_id[x]["more"] += 1
        keep = [x for x in ends if len(around[x]) < FURTHER_CAP]
        if not keep:
            continue
        far, far_iri = (b, pair.ends[1]) if keep[0] == a else (a, pair.ends[0])
        if far not in by_id and far not in extra:
            if not far_iri.startswith(str(WD)):
                continue  # one of ours that is no node of the explorer
            node = _context_node(far_iri, labels.get(far_iri), sources[pair.stated[0][2]])
            node["anchors"] = []
            extra[far] = node
        if far in extra:
            extra[far]["anchors"].append(keep[0])
        for x in keep:
            around[x].append(b if x == a else a)
        edge = _context_edge(pair, sources, len(more_edges))
        edge["id"] = f"m{len(more_edges)}"
        edge["anchors"] = keep
        more_edges.append(edge)
    for e in more_edges:
        for end in (e["from"], e["to"]):
            if end in extra:
                extra[end]["degree"] += 1
    for near, fars in around.items():
        ax, ay = by_id[near]["x"], by_id[near]["y"]
        heading = math.atan2(ay, ax) if (ax or ay) else 0.0
        placed = [f for f in fars if f in extra and extra[f]["anchors"][0] == near]
        span = min(1.7 * math.pi, max(len(placed), 1) * 0.28)
        for i, far in enumerate(placed):
            angle = heading + span * ((i + 0.5) / len(placed) - 0.5)
            radius = 150.0 + 60.0 * (i % 2)
            extra[far]["x"] = round(ax + radius * math.cos(angle), 1)
            extra[far]["y"] = round(ay + radius * math.sin(angle), 1)
    return {"nodes": list(extra.values()), "edges": more_edges}
