"""Partners at a glance and the timeline, computed from the page's data on their own."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest

from enschede_kg.explore.data import explorer_data
from enschede_kg.explore.partners import partners
from enschede_kg.explore.rows import local_id
from enschede_kg.explore.views.timeline import timeline
from enschede_kg.rdf.namespaces import EKG, ID


@pytest.fixture(scope="module")
def data(store: ox.Store) -> dict[str, Any]:
    return explorer_data(store)


def test_partners_are_the_other_ends_of_partnership_and_membership_ties(
    data: dict[str, Any],
) -> None:
    family = {r["key"]: r["family"] for r in data["relations"]}
    ours = {data["centre"], "organisation/gemeente-enschede"}
    expected = {
        end
        for e in data["edges"]
        if family[e["rel"]] in ("partnership", "membership") and ({e["from"], e["to"]} & ours)
        for end in (e["from"], e["to"])
    } - ours
    found = partners(data)
    assert {p["id"] for p in found} == expected
    assert [p["kind"] for p in found][:5] == ["city"] * 5, "cities first"
    assert data["partners"] == found


def test_dalian_history_since_and_agreement(data: dict[str, Any]) -> None:
    dalian = next(p for p in partners(data) if p["id"] == "city/dalian")
    assert dalian["current"] == ["sister-city"]
    assert dalian["since"]["when"] == {"nl": "sinds 2009", "en": "since 2009"}
    assert [h["fact"] for h in dalian["history"]] == [
        "partnership/enschede-dalian",
        "status-period/enschede-dalian-friendly-cooperative-city",
        "status-period/enschede-dalian-sister-city",
    ]
    (mou,) = dalian["agreements"]
    assert mou["approved_by"] == ["organisation/chinese-ministry-of-foreign-affairs"]
    assert len(mou["areas"]) == 6 and set(mou["areas"]) <= set(dalian["themes"])
    assert dalian["country"] == "country/china" and dalian["latest"]["year"] == 2017
    heidelberg = next(p for p in partners(data) if p["id"] == "city/heidelberg")
    assert heidelberg["since"] is None and all(h["when"] is None for h in heidelberg["history"])


def test_each_phase_says_who_approved_that_phase(data: dict[str, Any], store: ox.Store) -> None:
    """The approver belongs to the status phase (or agreement) the graph says it approved: never
    the agreement's approver copied onto a phase, nor one phase's onto another."""

    def stated(fact: str, prop: ox.NamedNode) -> list[str]:
        subject = ox.NamedNode(str(ID) + fact)
        objects = [q.object for q in store.quads_for_pattern(subject, prop, None)]
        return sorted(local_id(o.value) for o in objects if isinstance(o, ox.NamedNode))

    approved, established = ox.NamedNode(str(EKG.approvedBy)), ox.NamedNode(str(EKG.establishedBy))
    checked = 0
    for p in partners(data):
        for h in p["history"]:
            assert sorted(h["approved_by"]) == stated(h["fact"], approved), h["fact"]
            assert sorted(h["established_by"]) == stated(h["fact"], established), h["fact"]
            checked += 1
    assert checked > 10
    dalian = next(p for p in partners(data) if p["id"] == "city/dalian")
    assert [h["approved_by"] for h in dalian["history"]] == [
        [],
        [],
        ["organisation/chinese-ministry-of-foreign-affairs"],
    ]
    assert dalian["history"][2]["established_by"] == ["agreement/enschede-dalian-mou-2017"]
    ministry = data["facts"]["status-period/enschede-dalian-sister-city"]["approved_by"][0]
    node = next(n for n in data["nodes"] if n["id"] == ministry["id"])
    assert ministry["label"] == node["label"], "named as its node is"
    assert all(f["approved_by"] == [] for k, f in data["facts"].items() if k.startswith("event/"))


def test_partners_without_a_centre_are_none() -> None:
    assert partners({"centre": None, "relations": [], "nodes": [], "edges": [], "facts": {}}) == []


def test_timeline_lanes_keep_unknown_dates_unknown(data: dict[str, Any]) -> None:
    tl = timeline(data)
    lanes = {lane["id"]: lane for lane in tl["lanes"]}
    assert list(lanes)[: len(data["partners"])] == [p["id"] for p in data["partners"]]
    dalian = {i["fact"]: i for i in lanes["city/dalian"]["items"]}
    fcc = dalian["status-period/enschede-dalian-friendly-cooperative-city"]
    sister = dalian["status-period/enschede-dalian-sister-city"]
    # "until summer 2017" may run to the end of that summer; "since summer 2017" from its start.
    assert (fcc["end"], sister["start"], sister["end"]) == (2017.667, 2017.417, None)
    assert all(i["start"] is None and i["end"] is None for i in lanes["city/munster"]["items"])
    activities = lanes[""]["items"]
    assert {i["kind"] for i in activities} == {"event", "agreement"}
    assert tl["range"][0] <= 2009 and tl["range"][1] >= 2018
