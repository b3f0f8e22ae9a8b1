"""``enschede-kg path``: the shortest chains of relations between two entities, with sources.

Run on the real graph (the conference chain from Linköping to Enschede and the sentences it rests
on), on a copy of the project broken on purpose (ambiguous names, no path) and through the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from enschede_kg.analyse import paths
from enschede_kg.cli import main
from enschede_kg.rdf import iri
from enschede_kg.rdf import namespaces as ns

CONFERENCE = (
    "Zo waren in juli vijf bevriende steden te gast in Enschede op de internationale Smart City "
    "Conferentie."
)
LEARNED = (
    "Dalian, Palo Alto, Münster, Heidelberg en Linköping leerden dat Enschede frontrunner is op "
    "het gebied van drone-testing."
)
CHAIN = "Linköping —guest at→ Smart City Conference 2017 ←host of— Enschede"
LINKOPING = str(iri.mint("city", "linkoping"))
ENSCHEDE = str(iri.mint("city", "enschede"))


@pytest.fixture(scope="module")
def relations(store: ox.Store) -> paths.RelationGraph:
    return paths.RelationGraph(store)


def test_linkoping_reaches_enschede_through_the_conference(
    relations: paths.RelationGraph,
) -> None:
    found = relations.paths("Linköping", "Enschede")
    texts = [found.text(chain) for chain in found.chains]
    # Two steps: as guest and host of the conference (also: the conference's location), or as
    # the two partners of the Enschede–Linköping partnership.
    assert CHAIN in texts
    assert "Linköping ←partner— Enschede–Linköping friendly cities —partner→ Enschede" in texts
    assert all(len(chain) == 2 for chain in found.chains)
    chain = found.chains[texts.index(CHAIN)]
    guest, host = chain
    assert guest.forward and not host.forward
    assert guest.link.fact == str(iri.mint("participation", "smart-city-conference-2017-linkoping"))
    assert [s.text for s in guest.sources] == [CONFERENCE, LEARNED]
    assert [s.text for s in host.sources] == [CONFERENCE]
    assert {s.title["nl"] for s in guest.sources} == {"2017: Wat Enschede internationaal deed"}
    assert (guest.sources[1].paragraph, guest.sources[1].sentence) == (8, 2)


def test_names_are_found_by_label_iri_or_prefixed_name(relations: paths.RelationGraph) -> None:
    for name in ("Linköping", "LINKOPING", "  linköping ", "id:city/linkoping", LINKOPING):
        assert relations.resolve(name) == LINKOPING
    assert relations.resolve("Verenigde Staten") == str(iri.mint("country", "united-states"))
    # a known variant (skos:altLabel)
    assert relations.resolve("Xiao Shengfeng") == str(iri.mint("person", "xiao-shenfeng"))


def test_unknown_name_suggests(relations: paths.RelationGraph) -> None:
    with pytest.raises(
        paths.EntityError, match="no entity named 'Enschde'; did you mean: Enschede"
    ):
        relations.resolve("Enschde")
    with pytest.raises(paths.EntityError, match="geen entiteit met de naam 'Atlantis'"):
        relations.resolve("Atlantis", "nl")


def test_every_step_has_a_source(relations: paths.RelationGraph) -> None:
    found = relations.paths("Chloe Conghui", "Palo Alto", "nl")
    for chain in found.chains:
        for step in chain:
            assert step.sources, step
    # a link between two entities (located in) is backed by the passages that mention both
    google = relations.paths("Google", "Silicon Valley")
    (step,) = google.chains[0]
    assert [s.text[:40] for s in step.sources] == ["De samenwerking met deze stad, gelegen i"]


def _twin_project(project: Path) -> Path:
    (project / "data" / "curated" / "zz-analytics-test.ttl").write_text(
        "@prefix ekg: <https://w3id.org/enschede-kg/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix id: <https://w3id.org/enschede-kg/id/> .\n"
        'id:city\\/linkoping-2 a ekg:City ; rdfs:label "Linköping"@nl , "Linköping"@en ;\n'
        "  ekg:locatedIn id:country\\/sweden .\n"
        'id:organisation\\/lone a ekg:Company ; rdfs:label "Lone Company"@en ;\n'
        "  ekg:locatedIn id:region\\/far .\n"
        'id:region\\/far a ekg:Region ; rdfs:label "Far Region"@nl , "Far Region"@en .\n',
        encoding="utf-8",
    )
    return project


def _path(*args: str, project: Path | None = None, build_dir: Path) -> tuple[int, str, str]:
    pre = ["--project", str(project)] if project else []
    result = CliRunner().invoke(main, [*pre, "path", *args, "--build-dir", str(build_dir)])
    return result.exit_code, result.stdout, result.stderr


def test_cli_table_and_json(built_dir: Path) -> None:
    code, out, _ = _path("linkoping", "id:city/enschede", "--no-context", build_dir=built_dir)
    assert code == 0
    assert out.startswith("Linköping → Enschede: 3 shortest chain(s) of 2 step(s)")
    assert CHAIN in out and f"“{LEARNED}” (2017: What Enschede did internationally" in out
    code, out, _ = _path("Linköping", "Enschede", "--format", "json", "--lang", "nl",
                         build_dir=built_dir)  # fmt: skip
    data = json.loads(out)
    assert (data["from"]["iri"], data["to"]["iri"], data["length"]) == (LINKOPING, ENSCHEDE, 2)
    chain = next(p for p in data["paths"] if "te gast bij" in p["text"] and "gastheer" in p["text"])
    assert chain["text"] == (
        "Linköping —te gast bij→ Smart City Conferentie 2017 ←gastheer van— Enschede"
    )
    step = chain["steps"][0]
    assert (step["direction"], step["relation_label"]) == ("forward", "te gast bij")
    assert [s["text"] for s in step["sources"]] == [CONFERENCE, LEARNED]
    assert step["sources"][0]["title"] == "2017: Wat Enschede internationaal deed"
    assert chain["steps"][1]["direction"] == "backward"


def test_cli_unknown_and_ambiguous_exit_2(project: Path, tmp_path: Path) -> None:
    _twin_project(project)
    code, _, err = _path("Atlantis", "Enschede", project=project, build_dir=tmp_path)
    assert code == 2 and "no entity named 'Atlantis'" in err
    code, _, err = _path("Linköping", "Enschede", project=project, build_dir=tmp_path)
    assert code == 2 and "'Linköping' names 2 entities" in err
    assert "id:city/linkoping-2" in err and "id:city/linkoping)" in err


def test_cli_no_path_exits_1(project: Path, tmp_path: Path) -> None:
    _twin_project(project)
    code, out, err = _path("Lone Company", "Enschede", project=project, build_dir=tmp_path)
    assert (code, out) == (1, "")
    assert "no chain of relations links Lone Company and Enschede" in err
    code, _, err = _path("Enschede", "Enschede", project=project, build_dir=tmp_path)
    assert code == 2 and "both ends" in err


# --- the combined graph: twin-city links of the imported Wikidata snapshot ------------------------

TWINNED = "Linköping ←twinned with→ Palo Alto ←twinned with→ Enschede"
SNAPSHOT_TITLE = "Wikidata twin-city links (P190), snapshot of September 2016"


def test_linkoping_reaches_enschede_through_palo_alto_in_the_snapshot(
    relations: paths.RelationGraph,
) -> None:
    found = relations.paths("Linköping", "Enschede")
    texts = [found.text(chain) for chain in found.chains]
    # the three curated chains, and one through the snapshot: each tie is stated on both pages
    assert len(texts) == 4 and CHAIN in texts and TWINNED in texts
    first, second = found.chains[texts.index(TWINNED)]
    assert first.direction == second.direction == "both"
    assert first.link.relation == str(ns.WDT.P190)
    assert first.link.fact == str(iri.mint("dataset", "wikidata-p190-2016"))
    # backed by the two statements of the snapshot, not by a sentence that names both cities
    assert [(s.kind, s.text, s.stated_by) for s in first.sources] == [
        ("statement", "wd:Q499410 wdt:P190 wd:Q47265", "wd:Q499410"),
        ("statement", "wd:Q47265 wdt:P190 wd:Q499410", "wd:Q47265"),
    ]
    assert {s.title["en"] for s in second.sources} == {SNAPSHOT_TITLE}
    assert {s.date for s in second.sources} == {"2016-09"}


def test_a_link_stated_on_one_page_keeps_its_direction(relations: paths.RelationGraph) -> None:
    """Rimini lists Linköping Municipality as a twin; the municipality's page does not list it."""
    found = relations.paths("Rimini", "Linköping", "nl")
    assert [found.text(chain) for chain in found.chains] == ["Rimini —verzusterd met→ Linköping"]
    (step,) = found.chains[0]
    assert step.direction == "forward"
    assert [s.text for s in step.sources] == ["wd:Q13369 wdt:P190 wd:Q499410"]
    back = relations.paths("Linköping", "Rimini")
    assert back.text(back.chains[0]) == "Linköping ←twinned with— Rimini"


def test_snapshot_items_stand_for_our_places(relations: paths.RelationGraph) -> None:
    # the reconciled municipality and Enschede's own item are our cities, not second nodes
    assert relations.resolve("wd:Q499410") == LINKOPING
    assert relations.resolve(str(ns.WD.Q10002)) == ENSCHEDE
    assert str(ns.WD.Q499410) not in relations.graph
    # a place known only from the snapshot is found by its label (as the snapshot gives it)
    assert relations.resolve("Lublin") == str(ns.WD.Q37333)
    # the snapshot names several places alike: the candidates are listed
    with pytest.raises(paths.EntityError, match=r"'Amsterdam' names \d+ entities"):
        relations.resolve("Amsterdam")


def test_curated_only_graph_has_no_snapshot(store: ox.Store) -> None:
    curated = paths.RelationGraph(store, context=False)
    found = curated.paths("Linköping", "Enschede")
    assert TWINNED not in [found.text(chain) for chain in found.chains]
    with pytest.raises(paths.EntityError, match="no entity named 'Lublin'"):
        curated.resolve("Lublin")


def test_cli_context_and_no_context(built_dir: Path) -> None:
    code, out, _ = _path("Lublin", "Enschede", build_dir=built_dir)
    assert code == 0
    assert out.startswith("Lublin → Enschede: 3 shortest chain(s) of 3 step(s)")
    assert "Lublin ←twinned with→ Münster ←partner— Enschede–Münster friendly cities" in out
    assert f"“wd:Q37333 wdt:P190 wd:Q2742” ({SNAPSHOT_TITLE}, stated by wd:Q37333)" in out
    code, out, _ = _path("Linköping", "Palo Alto", "--format", "json", build_dir=built_dir)
    data = json.loads(out)
    step = next(p for p in data["paths"] if "twinned" in p["text"])["steps"][0]
    assert (step["direction"], step["relation_label"]) == ("both", "twinned with")
    assert step["sources"][0] | {"text": None} == {
        "kind": "statement",
        "passage": None,
        "text": None,
        "paragraph": None,
        "sentence": None,
        "document": str(iri.mint("dataset", "wikidata-p190-2016")),
        "title": SNAPSHOT_TITLE,
        "date": "2016-09",
        "stated_by": "wd:Q499410",
    }
    code, _, err = _path("Lublin", "Enschede", "--no-context", build_dir=built_dir)
    assert code == 2 and "no entity named 'Lublin'" in err
