"""Partners at a glance: one record per partner city, network and country of the centre, for the
advisor's first question ("who are our partners, what kind of tie, since when, what happened
lately?") and for the summary at the top of a partner's panel.

Computed from the page's data alone (``data.explorer_data``), so the overview says nothing that
the network does not: every tie, date and theme here is one of its edges or facts, with the same
source sentences.
"""

from __future__ import annotations

from typing import Any, Final

#: The relation families that make a partner: partnerships and cooperation, and membership of a
#: network.
PARTNER_FAMILIES: Final = ("partnership", "membership")
#: The families whose edges put a partner at an event (its latest activity).
ACTIVITY_FAMILIES: Final = ("participation", "event")
#: Kinds in the order the overview lists them first.
KIND_ORDER: Final = ("city", "network", "organisation", "country", "region")


def _start(span: dict[str, Any], *keys: str) -> float | None:
    for key in keys:
        if key in span:
            return float(span[key][0])
    return None


def partners(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The partners of the centre (and of the bodies that govern it, such as the municipality,
    which is the member of networks), each with:

    ``ties`` (relation keys of its partnership or membership edges), ``current`` (those without an
    end), ``history`` (every fact behind the ties, oldest first, undated ones last, with its
    dates in words or None, and who approved that phase and in which agreement, where the source
    says so), ``since`` (the earliest dated fact, or None: the source gives no
    date), ``agreements`` (with their areas and who approved them), ``latest`` (the latest dated
    event it took part in), ``themes``, ``country`` and ``sources`` (how many distinct source
    sentences name it or its ties).
    """
    centre = data.get("centre")
    if centre is None:
        return []
    family = {r["key"]: r["family"] for r in data["relations"]}
    nodes = {n["id"]: n for n in data["nodes"]}
    facts = data["facts"]
    ours = {centre} | {
        e["from"] for e in data["edges"] if e["to"] == centre and e["rel"] == "governs"
    }
    by_partner: dict[str, list[dict[str, Any]]] = {}
    for e in data["edges"]:
        if family.get(e["rel"]) not in PARTNER_FAMILIES:
            continue
        if e["from"] in ours and e["to"] not in ours:
            by_partner.setdefault(e["to"], []).append(e)
        elif e["to"] in ours and e["from"] not in ours:
            by_partner.setdefault(e["from"], []).append(e)
    out = [_record(pid, ties, data, nodes, facts, family) for pid, ties in by_partner.items()]
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    out.sort(key=lambda p: (rank.get(p["kind"], len(rank)), p["label"]["nl"].casefold()))
    return out


def _record(
    pid: str,
    ties: list[dict[str, Any]],
    data: dict[str, Any],
    nodes: dict[str, dict[str, Any]],
    facts: dict[str, dict[str, Any]],
    family: dict[str, str],
) -> dict[str, Any]:
    node = nodes[pid]
    fact_ids = list(dict.fromkeys(f for e in ties for f in e["facts"]))

    def order(f: str) -> tuple[int, float, str]:
        start = _start(facts[f].get("span", {}), "start", "date", "end")
        return (1, 0.0, f) if start is None else (0, start, f)

    history = [
        {
            "fact": f,
            "label": facts[f]["label"],
            "when": facts[f]["when"],
            "approved_by": [a["id"] for a in facts[f].get("approved_by", [])],
            "established_by": [a["id"] for a in facts[f].get("established_by", [])],
        }
        for f in sorted(fact_ids, key=order)
    ]
    dated = [f for f in sorted(fact_ids, key=order) if order(f)[0] == 0]
    since = None
    if dated:
        first = facts[dated[0]]
        since = {"fact": dated[0], "when": first["when"], "year": int(order(dated[0])[1])}
    current = [e["rel"] for e in ties if e["end"] is None]
    current = list(
        dict.fromkeys(sorted(current, key=lambda r: [x["key"] for x in data["relations"]].index(r)))
    )
    passages = {i for f in fact_ids for i in facts[f]["sources"]} | set(node["mentions"])
    passages |= set(node["sources"])
    return {
        "id": pid,
        "kind": node["kind"],
        "label": node["label"],
        "ties": list(dict.fromkeys(e["rel"] for e in ties)),
        "current": current,
        "history": history,
        "since": since,
        "agreements": _agreements(pid, data, nodes, facts),
        "latest": _latest(pid, data, nodes, family),
        "themes": node["themes"],
        "country": _country(pid, data, nodes),
        "sources": len(passages),
    }


def _agreements(
    pid: str, data: dict[str, Any], nodes: dict[str, dict[str, Any]], facts: dict[str, Any]
) -> list[dict[str, Any]]:
    """The agreements the partner is a party to: their dates, areas (the agreement's themes,
    kept apart from the themes of events) and who approved them."""
    out = []
    for e in data["edges"]:
        if e["rel"] != "party-to" or e["from"] != pid:
            continue
        aid = e["to"]
        approved = [
            x["to"] for x in data["edges"] if x["from"] == aid and x["rel"] == "approved-by"
        ]
        areas = [x["to"] for x in data["edges"] if x["from"] == aid and x["rel"] == "about-theme"]
        fact = facts.get(aid, {})
        out.append(
            {
                "id": aid,
                "label": nodes[aid]["label"],
                "when": fact.get("when") or nodes[aid].get("when"),
                "areas": areas,
                "approved_by": approved,
                "sources": fact.get("sources", []),
            }
        )
    return out


def _latest(
    pid: str, data: dict[str, Any], nodes: dict[str, dict[str, Any]], family: dict[str, str]
) -> dict[str, Any] | None:
    """The latest dated event the partner took part in or that was held there."""
    best: tuple[float, str] | None = None
    for e in data["edges"]:
        if family.get(e["rel"]) not in ACTIVITY_FAMILIES or pid not in (e["from"], e["to"]):
            continue
        other = e["to"] if e["from"] == pid else e["from"]
        if nodes.get(other, {}).get("kind") != "event":
            continue
        start = _start(nodes[other].get("span", {}), "date", "start")
        if start is not None and (best is None or (start, other) > best):
            best = (start, other)
    if best is None:
        return None
    event = nodes[best[1]]
    return {"id": event["id"], "label": event["label"], "when": event["when"], "year": int(best[0])}


def _country(pid: str, data: dict[str, Any], nodes: dict[str, dict[str, Any]]) -> str | None:
    """The country the partner lies in (following 'located in' up through regions), or itself."""
    seen = set()
    here = pid
    while here not in seen:
        seen.add(here)
        if nodes[here]["kind"] == "country":
            return here
        up = [e["to"] for e in data["edges"] if e["from"] == here and e["rel"] == "located-in"]
        if not up:
            return None
        here = up[0]
    return None
