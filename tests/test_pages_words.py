"""Resource pages in the advisors' words: every property named in words (never a prefixed name),
and the offline map of a place drawn from Natural Earth's shapes."""

from __future__ import annotations

import pyoxigraph as ox

from enschede_kg import text
from enschede_kg.lod import geo, pages
from enschede_kg.rdf.namespaces import ID


def test_every_property_on_every_page_has_words(store: ox.Store) -> None:
    run = pages.store_runner(store)
    subjects = {
        q.subject.value
        for q in store.quads_for_pattern(None, None, None, None)
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(str(ID))
    }
    assert len(subjects) > 50
    unnamed = set()
    for iri in sorted(subjects):
        context = pages.resource_context(run, iri)
        assert context is not None, iri
        for prop in context["properties"]:
            for lang in ("nl", "en"):
                if prop["label"][lang] == text.compact(prop["iri"]):
                    unnamed.add(prop["iri"])
        for item in context["incoming"]:
            if ":" in item["property"]["en"] and " " not in item["property"]["en"]:
                unnamed.add(item["property"]["en"])
        for source in context["sources"]:  # how the sentence backs it: "bron", "genoemd in"
            for lang in ("nl", "en"):
                if not source["via"][lang] or ":" in source["via"][lang]:
                    unnamed.add(f"{iri} via {source['via'][lang]!r}")
    assert unnamed == set()


def test_place_map_centres_the_place_among_its_countries() -> None:
    m = geo.place_map(38.91222, 121.60222)  # Dalian
    names = {c["name"] for c in m["countries"]}
    assert {"China", "South Korea", "Japan"} <= names and "Germany" not in names
    assert (m["x"], m["y"]) == (m["width"] / 2, m["height"] / 2)
    assert all(c["d"].startswith("M") and c["d"].endswith("Z") for c in m["countries"])
    assert len(geo.countries()) == len(geo.world()["objects"]["countries"]["geometries"])
