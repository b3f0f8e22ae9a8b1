"""Everything the page shows, as plain JSON-able data computed from the store by the explorer's
queries: nodes with positions, edges with their facts and sentences, passages, filters."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from enschede_kg.config import Inputs
from enschede_kg.explore.context import FURTHER_CAP, add_context, add_further, context_sources
from enschede_kg.explore.dates import Dates, intersect, when_text
from enschede_kg.explore.layout import label_box, layout
from enschede_kg.explore.partners import partners
from enschede_kg.explore.rows import Labels, Queries, local_id
from enschede_kg.explore.vocab import (
    _RELATIONS,
    CENTRE,
    CONTEXT_KIND,
    FAMILIES,
    KIND_BY_CLASS,
    KINDS,
    RELATIONS,
    TWINNED_WITH,
    Kind,
    Relation,
    ui,
)
from enschede_kg.rdf import iri
from enschede_kg.rdf.namespaces import EKG, GEONAMES, WD
from enschede_kg.text import LANGS, year_of


def _dates(rows: list[dict[str, str | None]], labels: Labels) -> dict[str, Dates]:
    out: dict[str, Dates] = defaultdict(Dates)
    slot = {str(EKG.date): "date", str(EKG.startDate): "start", str(EKG.endDate): "end"}
    for r in rows:
        thing, prop, value = str(r["thing"]), str(r["property"]), str(r["value"])
        if prop == str(EKG.duration):
            out[thing].duration = value
        elif prop in slot and getattr(out[thing], slot[prop]) is None:
            season = (
                {**labels.both(r["season"]), "key": local_id(r["season"])} if r["season"] else {}
            )
            setattr(out[thing], slot[prop], (value, season))
    return out


def _relation(term: str, labels: Labels) -> Relation:
    """The registered relation, or one named by the graph's own label of the term."""
    if term in RELATIONS:
        return RELATIONS[term]
    return Relation(
        term,
        iri.slugify(labels.label(term, "en")) or "relation",
        labels.label(term, "nl"),
        labels.label(term, "en"),
        "other",
        "#8C8C8C",
    )


#: What a fact may say of its own approval, by the key the page uses.
APPROVALS: dict[str, str] = {
    str(EKG.approvedBy): "approved_by",
    str(EKG.establishedBy): "established_by",
}


def _add_approvals(
    rows: list[dict[str, str | None]], facts: dict[str, dict[str, Any]], labels: Labels
) -> None:
    """Who approved each fact and the agreement that established it, on that fact alone: a status
    phase says who approved that status (Dalian's sister-city status: the ministry in Beijing),
    never the approver of another phase or of the partnership as a whole."""
    for fact in facts.values():
        for key in APPROVALS.values():
            fact[key] = []
    for r in rows:
        fact_id, key, by = local_id(str(r["fact"])), APPROVALS[str(r["property"])], str(r["by"])
        if fact_id in facts:
            facts[fact_id][key].append({"id": local_id(by), "label": labels.both(by)})


def _is_event(kind_of: dict[str, Kind], node: str) -> bool:
    return node in kind_of and kind_of[node].key == "event"


def fact_year(d: Dates | None) -> int | None:
    """The year a fact came about, at the precision the source gives (a season, month or day
    lies in its year): its date, else its start. A fact known only to end, or not dated at
    all, has none: it is never "new since" a year.

    >>> fact_year(Dates(start=("2017", {"key": "season/summer"})))
    2017
    >>> fact_year(Dates(end=("2017", {}))) is None
    True
    """
    if d is None:
        return None
    first = d.date or d.start
    return year_of(first[0]) if first else None


def _add_years(
    facts: dict[str, dict[str, Any]], dates: dict[str, Dates], event_of: dict[str, str]
) -> None:
    """Each fact's ``year`` (``fact_year``; None: not dated), which "new since" compares. A
    taking part that the source does not date itself happened at its event, so it takes the
    event's year and names the event in ``dated_by`` (its date in words is the event's)."""
    by_local = {local_id(f): f for f in (*dates, *event_of)}
    for fid, fact in facts.items():
        iri_ = by_local.get(fid, "")
        year = fact_year(dates.get(iri_))
        event = event_of.get(iri_)
        if year is None and event is not None and (year := fact_year(dates.get(event))):
            fact["dated_by"] = local_id(event)
        fact["year"] = year


def explorer_data(
    store: ox.Store, *, inputs: Inputs | None = None, centre: str = CENTRE, context: bool = False
) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-able data: nodes and edges for vis-network
    (with positions), and what the side panel, filters, search and table need.

    Node and edge ids are the IRIs below ``…/id/`` ('city/dalian'), Wikidata items as
    'wd:Q37333'; passages and documents are numbered. Only the explorer's queries decide what is
    in it. With ``context``, the partners of the centre's partners in the imported twin-city
    snapshots are nodes too (kind 'context', with the statements of the snapshot as their
    evidence), and ``more`` holds their further twins, shown on demand.
    """
    q = Queries(store, inputs or Inputs())
    labels = Labels(q.rows("labels"))
    dates = _dates(q.rows("dates"), labels)

    # Nodes: the first kind in KINDS wins.
    rank = {k.cls: i for i, k in enumerate(KINDS)}
    kind_of: dict[str, Kind] = {}
    links: dict[str, list[dict[str, str]]] = defaultdict(list)
    classes: dict[str, set[str]] = defaultdict(set)
    for r in q.rows("nodes"):
        node, cls = str(r["node"]), str(r["kind"])
        if node not in kind_of or rank[cls] < rank[kind_of[node].cls]:
            kind_of[node] = KIND_BY_CLASS[cls]
        classes[node].add(str(r["class"]))
        for key, name, ns in (
            ("wikidata", "Wikidata", str(WD)),
            ("geonames", "GeoNames", str(GEONAMES)),
        ):
            href = r[key]
            if href and href.startswith(ns) and all(lk["href"] != href for lk in links[node]):
                ident = href[len(ns) :].strip("/")
                links[node].append({"name": name, "id": ident, "href": href})
    node_ids = sorted(kind_of)
    is_node = set(node_ids)

    supers: dict[str, set[str]] = defaultdict(set)
    for r in q.rows("classes"):
        supers[str(r["class"])].add(str(r["super"]))
    alt: dict[str, list[str]] = defaultdict(list)
    for r in q.rows("alt-labels"):
        if r["alt"] not in alt[str(r["thing"])]:
            alt[str(r["thing"])].append(str(r["alt"]))
    themes_of: dict[str, list[str]] = defaultdict(list)
    aims_of: dict[str, list[str]] = defaultdict(list)
    for r in q.rows("concepts"):
        target = themes_of if r["property"] == str(EKG.hasTheme) else aims_of
        target[str(r["thing"])].append(str(r["concept"]))

    # Passages and documents, numbered in document order.
    source_rows = q.fact_sources()
    passage_key = {
        str(r["passage"]): (str(r["document"]), int(str(r["paragraph"])), int(str(r["sentence"])))
        for r in source_rows
    }
    passage_ids = sorted(passage_key, key=lambda p: passage_key[p])
    passage_index = {p: i for i, p in enumerate(passage_ids)}
    document_ids = sorted({d for d, _, _ in passage_key.values()})
    document_index = {d: i for i, d in enumerate(document_ids)}
    documents = [{"title": {"nl": d, "en": d}} for d in document_ids]
    passage_rows: dict[str, dict[str, str | None]] = {}
    sources: dict[str, list[int]] = defaultdict(list)
    mentions: dict[str, list[int]] = defaultdict(list)
    for r in source_rows:
        p = str(r["passage"])
        passage_rows.setdefault(p, r)
        doc = documents[document_index[str(r["document"])]]
        doc["title"] = {
            "nl": str(r["title_nl"] or r["title_en"] or doc["title"]["nl"]),
            "en": str(r["title_en"] or r["title_nl"] or doc["title"]["en"]),
        }
        bucket = sources if r["via"] == str(EKG.source) else mentions
        idx = passage_index[p]
        if idx not in bucket[str(r["fact"])]:
            bucket[str(r["fact"])].append(idx)
    passages = [
        {
            "text": str(passage_rows[p]["text"]),
            "lang": passage_rows[p]["lang"] or "",
            "doc": document_index[passage_key[p][0]],
            "par": passage_key[p][1],
            "sen": passage_key[p][2],
        }
        for p in passage_ids
    ]

    # Edges: every tie between two nodes.
    centre_term: dict[str, ox.NamedNode | ox.Literal] = {"centre": ox.NamedNode(centre)}
    edges: list[dict[str, Any]] = []
    facts: dict[str, dict[str, Any]] = {}
    relations_used: dict[str, Relation] = {}
    event_of: dict[str, str] = {}
    for r in q.rows("edges", centre_term):
        src, dst = str(r["from"]), str(r["to"])
        if src not in is_node or dst not in is_node or src == dst:
            continue
        rel = _relation(str(r["relation"]), labels)
        relations_used[rel.key] = rel
        fact_iris = [f for f in (r["fact"], r["context"]) if f]
        fact_iris = list(dict.fromkeys(fact_iris))
        if r["fact"] and r["context"] and _is_event(kind_of, r["context"]):
            event_of.setdefault(str(r["fact"]), str(r["context"]))
        for f in fact_iris:
            if local_id(f) not in facts:
                fd = dates.get(f, Dates())
                facts[local_id(f)] = {
                    "label": labels.both(f),
                    "when": when_text(fd),
                    "span": fd.spans(),
                    "sources": sources.get(f, []),
                    "themes": [local_id(t) for t in themes_of.get(f, [])],
                    "aims": [labels.both(a) for a in aims_of.get(f, [])],
                }
        if rel.term == str(EKG.hasTheme):
            edge_themes = [local_id(dst)]
        else:
            edge_themes = sorted({local_id(t) for f in fact_iris for t in themes_of.get(f, [])})
        start, end = intersect(dates.get(f, Dates()).interval() for f in fact_iris)
        evidence = (
            [] if fact_iris else sorted(set(mentions.get(src, [])) & set(mentions.get(dst, [])))
        )
        primary = next((dates[f] for f in fact_iris if f in dates), None)
        edges.append(
            {
                "id": f"e{len(edges)}",
                "from": local_id(src),
                "to": local_id(dst),
                "rel": rel.key,
                "facts": [local_id(f) for f in fact_iris],
                "evidence": evidence,
                "when": when_text(primary) if primary else None,
                "start": start,
                "end": end,
                "themes": edge_themes,
            }
        )

    _add_approvals(q.rows("approvals"), facts, labels)
    _add_years(facts, dates, event_of)

    # Nodes, with their own themes and those of their ties (a city is "about" the themes of
    # the agreements and events it takes part in).
    theme_edge = RELATIONS[str(EKG.hasTheme)].key
    node_themes: dict[str, set[str]] = {
        local_id(n): {local_id(t) for t in themes_of.get(n, [])} for n in node_ids
    }
    degree: dict[str, int] = defaultdict(int)
    for e in edges:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
        if e["rel"] != theme_edge:
            node_themes[e["from"]].update(e["themes"])
            node_themes[e["to"]].update(e["themes"])

    nodes: list[dict[str, Any]] = []
    for n in node_ids:
        kind, local = kind_of[n], local_id(n)
        own = dates.get(n)
        start, end = own.interval() if own else (None, None)
        # Named by its most specific class: one that is no superclass of another of its classes.
        broader = {b for c in classes[n] for b in supers[c]}
        narrower = sorted(classes[n] - broader)
        nodes.append(
            {
                "id": local,
                "kind": kind.key,
                "label": labels.both(n),
                "type": labels.both(narrower[0] if narrower else kind.cls),
                "alt": alt.get(n, []),
                "comment": labels.comment(n),
                "when": when_text(own) if own else None,
                "span": own.spans() if own else {},
                "start": start,
                "end": end,
                "themes": sorted(node_themes[local]),
                "links": links.get(n, []),
                "mentions": mentions.get(n, []),
                "sources": sources.get(n, []),
                "degree": degree[local],
            }
        )

    snapshots, source_index = context_sources(q) if context else ([], {})
    if context:
        before = len(edges)
        add_context(q, centre, nodes, edges, source_index)
        by_id = {n["id"]: n for n in nodes}
        for e in edges[before:]:
            by_id[e["from"]]["degree"] += 1
            by_id[e["to"]]["degree"] += 1
            relations_used[TWINNED_WITH.key] = TWINNED_WITH

    theme_iris = {local_id(t): t for ts in themes_of.values() for t in ts}
    theme_iris.update({local_id(n): n for n in node_ids if kind_of[n].key == "theme"})
    used_themes = {t for e in edges for t in e["themes"]} | {
        n["id"] for n in nodes if n["kind"] == "theme"
    }
    themes = sorted(
        ({"id": t, "label": labels.both(theme_iris[t])} for t in used_themes),
        key=lambda t: (t["label"]["nl"].casefold(), t["id"]),
    )
    years = [y for item in (*nodes, *edges) for y in (item["start"], item["end"]) if y is not None]
    centre_id = local_id(centre) if centre in is_node else None
    kind_rank = {k.key: i for i, k in enumerate((*KINDS, CONTEXT_KIND))}
    positions = layout(
        [n["id"] for n in nodes],
        [(e["from"], e["to"]) for e in edges],
        centre_id,
        key={n["id"]: (kind_rank[n["kind"]], n["label"]["nl"].casefold(), n["id"]) for n in nodes},
        boxes={n["id"]: label_box(n) for n in nodes},
    )
    for item in nodes:
        item["x"], item["y"] = positions[item["id"]]
    more = add_further(q, centre, nodes, edges, source_index) if context else None
    coordinates = {
        local_id(str(r["place"])): [float(str(r["lat"])), float(str(r["long"]))]
        for r in q.rows("coordinates")
    }
    for item in nodes:
        if item["id"] in coordinates:
            item["geo"] = coordinates[item["id"]]
    kinds_used = {n["kind"] for n in nodes}
    kind_labels = {k.cls: labels.both(k.cls) for k in KINDS}
    context_label = {lang: ui("kind_context", lang) for lang in LANGS}
    order = {r.key: i for i, r in enumerate(_RELATIONS)}
    result: dict[str, Any] = {
        "centre": centre_id,
        "kinds": [
            {
                "key": k.key,
                "label": context_label if k is CONTEXT_KIND else kind_labels[k.cls],
                "shape": k.shape,
                "colour": k.colour,
                "border": k.border,
            }
            for k in (*KINDS, CONTEXT_KIND)
            if k.key in kinds_used
        ],
        "relations": [
            {
                "key": r.key,
                "label": {"nl": r.nl, "en": r.en},
                "family": r.family,
                "colour": r.colour,
                "width": r.width,
                "dashes": list(r.dashes),
                "directed": r.directed,
            }
            for r in sorted(
                relations_used.values(),
                key=lambda r: (FAMILIES.index(r.family), order.get(r.key, len(order)), r.key),
            )
        ],
        "themes": themes,
        "years": [min(years), max(years)] if years else None,
        "new_years": sorted({f["year"] for f in facts.values() if f["year"] is not None}),
        "documents": documents,
        "passages": passages,
        "facts": dict(sorted(facts.items())),
        "nodes": nodes,
        "edges": edges,
        "context": {"sources": snapshots, "cap": FURTHER_CAP} if context else None,
        "more": more,
    }
    result["partners"] = partners(result)
    return result
