"""The timeline view: status phases, ties, events and agreements as spans at their real precision.

A year is a bar over the whole year and a season over its months; a phase with only a start runs
on to the right edge, one with only an end starts at "begin onbekend"; what the source does not
date is listed apart as "datum onbekend", never drawn as a point.
"""

from __future__ import annotations

from typing import Any


def _bounds(span: dict[str, Any]) -> tuple[float | None, float | None, str | None]:
    """(from, to, precision) of a fact's or node's spans; None where unknown."""
    if "date" in span:
        a, b, prec = span["date"]
        return float(a), float(b), str(prec)
    lo = float(span["start"][0]) if "start" in span else None
    hi = float(span["end"][1]) if "end" in span else None
    prec = span.get("start", span.get("end", [None, None, None]))[2]
    return lo, hi, prec


def timeline(data: dict[str, Any]) -> dict[str, Any]:
    """Lanes (one per partner, then one for activities: events and agreements) with their items
    and the range of years drawn. Each item names the node a click selects and the fact (or
    node) whose dates it shows; ``start``/``end`` are fractional years or None (unknown)."""
    lanes: list[dict[str, Any]] = []
    nodes = {n["id"]: n for n in data["nodes"]}
    for p in data.get("partners", []):
        items = []
        for h in p["history"]:
            fact = data["facts"][h["fact"]]
            lo, hi, prec = _bounds(fact.get("span", {}))
            items.append(
                {
                    "node": p["id"],
                    "fact": h["fact"],
                    "label": h["label"],
                    "when": h["when"],
                    "start": lo,
                    "end": hi,
                    "precision": prec,
                    "kind": "tie",
                }
            )
        lanes.append({"id": p["id"], "label": p["label"], "items": items})
    activity = []
    for n in data["nodes"]:
        if n["kind"] not in ("event", "agreement"):
            continue
        lo, hi, prec = _bounds(n.get("span") or data["facts"].get(n["id"], {}).get("span", {}))
        when = n["when"] or data["facts"].get(n["id"], {}).get("when")
        activity.append(
            {
                "node": n["id"],
                "fact": n["id"],
                "label": n["label"],
                "when": when,
                "start": lo,
                "end": hi,
                "precision": prec,
                "kind": n["kind"],
            }
        )
    activity.sort(key=lambda i: (i["start"] is None, i["start"] or 0.0, i["node"]))
    if activity:
        lanes.append(
            {"id": "", "label": {"nl": "Activiteiten", "en": "Activities"}, "items": activity}
        )
    known = [x for lane in lanes for i in lane["items"] for x in (i["start"], i["end"]) if x]
    first = int(min(known)) if known else None
    last = int(max(known)) + 1 if known else None
    del nodes
    return {"lanes": lanes, "range": [first, last] if known else None}
