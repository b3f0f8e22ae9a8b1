"""HTML pages for resources and for the ontology, shared by ``serve`` and ``publish site``.

The data of a page comes from ``queries/pages/*.rq`` run through a ``Runner`` (the embedded store
in a worker, or an in-process store for the static site); the HTML comes from Jinja2 templates
with autoescaping. Every page carries both languages; a switch shows one of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import pyoxigraph as ox

from enschede_kg import __version__, queries, templating
from enschede_kg.lod.urls import DATA_EXTENSIONS, Urls
from enschede_kg.queries import results
from enschede_kg.rdf.namespaces import (
    BASE_IRI,
    EKG,
    GEONAMES,
    ONTOLOGY_IRI,
    RDF,
    RDFS,
    SKOS,
    WD,
    WGS,
    XSD,
)
from enschede_kg.text import LANGS, compact, format_date

TEMPLATES = Path(__file__).resolve().parent / "templates" / "pages"
Bindings = Mapping[str, ox.NamedNode | ox.Literal]
Runner = Callable[[queries.SavedQuery, Bindings], queries.Result]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_HIDDEN = {
    str(RDFS.label),
    str(EKG.source),
    str(EKG.mentionedIn),
    str(SKOS.prefLabel),
    str(EKG.season),
    str(EKG.startSeason),
    str(EKG.endSeason),
}
_DATES = {str(EKG.date), str(EKG.startDate), str(EKG.endDate)}


def _query(name: str) -> queries.SavedQuery:
    return queries.named("pages", name)


def environment() -> jinja2.Environment:
    return templating.environment(TEMPLATES, compact=True)


def store_runner(store: ox.Store) -> Runner:
    """A runner over an in-process store."""
    return lambda q, b: queries.run(store, q, dict(b))


def _labels(row: dict[str, queries.Term | None], var: str) -> dict[str, str]:
    out = {}
    for lang in LANGS:
        term = row.get(f"{var}_{lang}")
        if term is not None:
            out[lang] = term.value
    return out


def _both(labels: dict[str, str], fallback: str) -> dict[str, str]:
    nl = labels.get("nl") or labels.get("en") or fallback
    en = labels.get("en") or labels.get("nl") or fallback
    return {"nl": nl, "en": en}


def _value(row: dict[str, queries.Term | None], urls: Urls) -> dict[str, Any]:
    o = row["o"]
    assert o is not None
    if isinstance(o, ox.Literal):
        dt = o.datatype.value
        season = _labels(row, "season")
        shown = (
            {
                lang: format_date(o.value, lang, season.get(lang) if dt == str(XSD.gYear) else None)
                for lang in LANGS
            }
            if dt in (str(XSD.gYear), str(XSD.gYearMonth), str(XSD.date))
            else None
        )
        return {
            "kind": "literal",
            "text": o.value,
            "lang": o.language,
            "datatype": compact(dt) if not o.language and dt != str(XSD.string) else None,
            "shown": shown,
        }
    iri = o.value
    return {
        "kind": "iri",
        "iri": iri,
        "link": urls.deref(iri) or iri,
        "external": not urls.deref(iri),
        "label": _both(_labels(row, "o"), compact(iri)),
    }


def resource_context(run: Runner, iri: str, urls: Urls | None = None) -> dict[str, Any] | None:
    """Everything a resource page shows; None when nothing is known about the IRI."""
    urls = urls or Urls()
    node: Bindings = {"r": ox.NamedNode(iri)}
    out_rows = run(_query("outgoing"), node).rows
    in_rows = run(_query("incoming"), node).rows
    if not out_rows and not in_rows:
        return None
    labels: dict[str, str] = {}
    alt: list[dict[str, str]] = []
    types: list[dict[str, Any]] = []
    props: dict[str, dict[str, Any]] = {}
    lat = lon = None
    external: list[dict[str, str]] = []
    for row in out_rows:
        p, o = row["p"], row["o"]
        if p is None or o is None:
            continue
        if p.value == str(RDFS.label) and isinstance(o, ox.Literal) and o.language:
            labels.setdefault(o.language, o.value)
            continue
        if p.value == str(SKOS.altLabel) and isinstance(o, ox.Literal):
            alt.append({"text": o.value, "lang": o.language or ""})
            continue
        if p.value == str(RDF.type):
            types.append(_value(row, urls))
            continue
        if p.value == str(WGS.lat):
            lat = float(o.value)
        if p.value == str(WGS.long):
            lon = float(o.value)
        if p.value == str(EKG.wikidata):
            external.append({"name": "Wikidata", "url": o.value})
        if p.value == str(EKG.geonames):
            external.append({"name": "GeoNames", "url": o.value})
        if p.value in _HIDDEN:
            continue
        entry = props.setdefault(
            p.value,
            {
                "iri": p.value,
                "link": urls.deref(p.value) or p.value,
                "label": _both(_labels(row, "p"), compact(p.value)),
                "values": [],
            },
        )
        value = _value(row, urls)
        if value not in entry["values"]:
            entry["values"].append(value)
    incoming: list[dict[str, Any]] = []
    for row in in_rows:
        s, p = row["s"], row["p"]
        if s is None or p is None or p.value in (str(EKG.partOfDocument),):
            continue
        incoming.append(
            {
                "iri": s.value,
                "link": urls.deref(s.value) or s.value,
                "label": _both(_labels(row, "s"), compact(s.value)),
                "property": _both(_labels(row, "p"), compact(p.value)),
            }
        )
    incoming.sort(key=lambda i: (i["property"]["en"], i["label"]["en"]))
    sources = []
    for row in run(_query("sources"), node).rows:
        passage, doc = row["passage"], row["document"]
        if passage is None or doc is None or row["text"] is None:
            continue
        title = row.get("title")
        sources.append(
            {
                "link": urls.deref(passage.value),
                "text": row["text"].value,
                "paragraph": row["paragraph"].value if row["paragraph"] else "",
                "sentence": row["sentence"].value if row["sentence"] else "",
                "document": title.value if title else compact(doc.value),
                "document_link": urls.deref(doc.value) or doc.value,
                "via": compact(row["via"].value) if row["via"] else "",
            }
        )
    described = run(_query("describe"), node).triples
    jsonld = json.loads(results.graph_bytes(described, ox.RdfFormat.JSON_LD) or b"[]")
    name = _both(labels, compact(iri))
    alternates = [
        {"href": urls.data(iri, ext), "type": f.media_type, "name": f.name}
        for ext, f in DATA_EXTENSIONS.items()
    ]
    return {
        "iri": iri,
        "name": name,
        "labels": labels,
        "alt": alt,
        "types": types,
        "properties": sorted(props.values(), key=lambda e: e["label"]["en"].lower()),
        "incoming": incoming,
        "sources": sources,
        "external": external,
        "place": _place(lat, lon),
        "alternates": alternates,
        "jsonld": jsonld,
        "version": __version__,
    }


def _place(lat: float | None, lon: float | None) -> dict[str, Any] | None:
    """Coordinates and their position on the equirectangular grid of the page's small map."""
    if lat is None or lon is None:
        return None
    return {"lat": lat, "lon": lon, "x": round(lon + 180, 3), "y": round(90 - lat, 3)}


def render_resource(run: Runner, iri: str, urls: Urls | None = None) -> str | None:
    """The HTML page of a resource, or None when the IRI is unknown."""
    context = resource_context(run, iri, urls)
    if context is None:
        return None
    return environment().get_template("resource.html").render(page=context, csp=CSP)


def ontology_context(run: Runner, urls: Urls | None = None) -> dict[str, Any]:
    """Classes, properties and concept schemes of the ontology with their alignments."""
    urls = urls or Urls()
    ns: Bindings = {"ns": ox.Literal(str(EKG))}
    terms: dict[str, dict[str, Any]] = {}
    for row in run(_query("ontology-terms"), ns).rows:
        term, kind = row["term"], row["kind"]
        if term is None or kind is None:
            continue
        entry = terms.setdefault(
            term.value,
            {
                "iri": term.value,
                "anchor": term.value.rsplit("#", 1)[-1],
                "name": compact(term.value),
                "kind": compact(kind.value),
                "label": _both(_labels(row, "label"), compact(term.value)),
                "definition": _labels(row, "def"),
                "domain": [],
                "range": [],
                "relations": [],
            },
        )
        for key in ("domain", "range"):
            value = row.get(key)
            if value is not None and value.value not in entry[key]:
                entry[key].append(value.value)
    for row in run(_query("ontology-alignments"), ns).rows:
        term, rel, target = row["term"], row["relation"], row["target"]
        if term is None or rel is None or target is None or term.value not in terms:
            continue
        terms[term.value]["relations"].append(
            {
                "relation": compact(rel.value),
                "target": compact(target.value),
                "link": ("#" + target.value.rsplit("#", 1)[-1])
                if target.value.startswith(str(EKG))
                else target.value,
            }
        )
    groups = []
    group_title: dict[str, str]
    for kind_name, group_title in (
        ("owl:Class", {"nl": "Klassen", "en": "Classes"}),
        ("owl:ObjectProperty", {"nl": "Objecteigenschappen", "en": "Object properties"}),
        ("owl:DatatypeProperty", {"nl": "Datatype-eigenschappen", "en": "Datatype properties"}),
        ("skos:ConceptScheme", {"nl": "Begrippenlijsten", "en": "Concept schemes"}),
    ):
        members = sorted(
            (t for t in terms.values() if t["kind"] == kind_name), key=lambda t: t["name"]
        )
        groups.append({"title": group_title, "terms": members})
    individuals = sorted(
        (t for t in terms.values() if t["kind"].startswith("ekg:")), key=lambda t: t["name"]
    )
    groups.append({"title": {"nl": "Vaste waarden", "en": "Fixed values"}, "terms": individuals})
    for t in terms.values():
        t["domain"] = [{"name": compact(d), "link": urls.deref(d) or d} for d in t["domain"]]
        t["range"] = [{"name": compact(r), "link": urls.deref(r) or r} for r in t["range"]]
    return {
        "iri": ONTOLOGY_IRI,
        "groups": groups,
        "version": __version__,
        "base": BASE_IRI,
        "alternates": [
            {"href": urls.data(ONTOLOGY_IRI, ext), "type": f.media_type, "name": f.name}
            for ext, f in DATA_EXTENSIONS.items()
        ],
        "wikidata": str(WD),
        "geonames": str(GEONAMES),
    }


def render_ontology(run: Runner, urls: Urls | None = None) -> str:
    context = ontology_context(run, urls)
    return environment().get_template("ontology.html").render(page=context, csp=CSP)
