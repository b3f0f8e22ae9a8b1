"""The command line through click's CliRunner: commands, exit codes, formats, parameters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from enschede_kg import queries
from enschede_kg.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_build_writes_every_file_and_says_so(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for ext in ("ttl", "nt", "jsonld", "rdf", "trig"):
        assert (tmp_path / f"enschede-kg.{ext}").is_file()
        assert f"enschede-kg.{ext}" in result.output
    assert "conforms" in result.output


def test_validate_exit_0_on_real_data(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_exit_1_lists_label_property_message(runner: CliRunner, project: Path) -> None:
    (project / "data" / "curated" / "zz-bad.ttl").write_text(
        "@prefix ekg: <https://w3id.org/enschede-kg/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/enschede-kg/id/city/atlantis> a ekg:City ;\n"
        '  rdfs:label "Atlantis"@en ;\n'
        "  ekg:wikidata <https://www.wikidata.org/wiki/Q1> .\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["--project", str(project), "validate"])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "Atlantis" in line]
    assert any("wikidata" in line for line in lines), result.output
    assert any("label" in line for line in lines), result.output


def test_validate_exit_2_on_malformed_file(runner: CliRunner, project: Path) -> None:
    bad = project / "data" / "curated" / "zz-bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b\n", encoding="utf-8")
    result = runner.invoke(main, ["--project", str(project), "validate"])
    assert result.exit_code == 2
    assert f"{bad}:" in result.output
    assert "Traceback" not in result.output


def test_queries_lists_every_saved_query(runner: CliRunner) -> None:
    result = runner.invoke(main, ["queries"])
    assert result.exit_code == 0
    saved = queries.saved_queries()
    assert len(saved) >= 13
    for q in saved:
        assert q.name in result.output


def test_query_formats_agree(runner: CliRunner) -> None:
    name = queries.saved_queries()[0].name
    as_json = runner.invoke(main, ["query", name, "--format", "json"])
    as_csv = runner.invoke(main, ["query", name, "--format", "csv"])
    as_table = runner.invoke(main, ["query", name])
    assert as_json.exit_code == as_csv.exit_code == as_table.exit_code == 0
    data = json.loads(as_json.stdout)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == len(data["results"]["bindings"]) > 0
    assert f"({len(rows)} row" in as_table.stdout
    first_var = data["head"]["vars"][0]
    assert {r[first_var] for r in rows} == {
        b[first_var]["value"] for b in data["results"]["bindings"] if first_var in b
    } | ({""} if any(first_var not in b for b in data["results"]["bindings"]) else set())


def test_query_with_param_and_from_stdin(runner: CliRunner) -> None:
    text = (
        "PREFIX ekg: <https://w3id.org/enschede-kg/def#>\n"
        'SELECT ?e WHERE { ?e ekg:date ?d FILTER(STRSTARTS(STR(?d), "2015")) }'
    )
    result = runner.invoke(main, ["query", "-", "--format", "csv"], input=text)
    assert result.exit_code == 0, result.output
    assert "work-mission" in result.stdout or "werkmissie" in result.stdout


def test_query_param_errors_are_clear(runner: CliRunner) -> None:
    q = next(q for q in queries.saved_queries() if any(p.type == "xsd:gYear" for p in q.params))
    p = next(p for p in q.params if p.type == "xsd:gYear")
    bad = runner.invoke(main, ["query", q.name, "--param", f"{p.name}=last year"])
    assert bad.exit_code == 2 and "not a year" in bad.output
    unknown = runner.invoke(main, ["query", q.name, "--param", "nope=1"])
    assert unknown.exit_code == 2 and "no parameter 'nope'" in unknown.output
    missing = runner.invoke(main, ["query", "no-such-query"])
    assert missing.exit_code == 2 and "no saved query" in missing.output


def test_construct_query_gives_turtle(runner: CliRunner) -> None:
    text = (
        "PREFIX ekg: <https://w3id.org/enschede-kg/def#>\n"
        "CONSTRUCT { ?a ekg:hasSisterCity ?b } WHERE { ?a ekg:hasSisterCity ?b }"
    )
    result = runner.invoke(main, ["query", "-", "--format", "turtle"], input=text)
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.stdout, format="turtle")
    assert len(g) >= 4  # two sister cities, both directions


def test_query_against_a_real_endpoint_gives_the_same_answers(
    runner: CliRunner, oxigraph_endpoint: str
) -> None:
    for q in queries.saved_queries():
        local = runner.invoke(main, ["query", q.name, "--format", "json"])
        remote = runner.invoke(
            main, ["query", q.name, "--format", "json", "--endpoint", oxigraph_endpoint]
        )
        assert local.exit_code == remote.exit_code == 0, (q.name, remote.output)
        a, b = json.loads(local.stdout), json.loads(remote.stdout)
        if "boolean" in a:
            assert a == b
            continue
        key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
        assert sorted(map(key, a["results"]["bindings"])) == sorted(
            map(key, b["results"]["bindings"])
        ), q.name


def test_remote_param_binding(runner: CliRunner, oxigraph_endpoint: str) -> None:
    q = next(q for q in queries.saved_queries() if any(p.type == "xsd:gYear" for p in q.params))
    p = next(p for p in q.params if p.type == "xsd:gYear")
    args = ["query", q.name, "--format", "json", "--param", f"{p.name}=2015"]
    local = json.loads(runner.invoke(main, args).stdout)
    remote = json.loads(runner.invoke(main, [*args, "--endpoint", oxigraph_endpoint]).stdout)
    assert len(local["results"]["bindings"]) == len(remote["results"]["bindings"])


def test_unreachable_endpoint_is_a_clear_error(runner: CliRunner) -> None:
    from tests.conftest import free_port

    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = runner.invoke(main, ["query", queries.saved_queries()[0].name, "--endpoint", url])
    assert result.exit_code == 2
    assert url in result.output and "Traceback" not in result.output


def test_summary(runner: CliRunner) -> None:
    result = runner.invoke(main, ["summary"])
    assert result.exit_code == 0, result.output
    assert "Dalian" in result.output and "Palo Alto" in result.output
    nl = runner.invoke(main, ["summary", "--lang", "nl"])
    assert "Partnersteden" in nl.output


def test_summary_says_ties_as_the_source_does_in_each_language(runner: CliRunner) -> None:
    """Friendly cities are not partner cities; a past status is shown as past, before the
    current one, whether the summary reads the build or the sources; nl is Dutch."""
    en = runner.invoke(main, ["summary"]).output
    nl = runner.invoke(main, ["summary", "--lang", "nl"]).output
    rows = {
        lang: {
            line.split(maxsplit=1)[0]: line.split(maxsplit=1)[1].strip()
            for line in out.split(":\n")[-1].splitlines()
            if line.startswith("  ")
        }
        for lang, out in (("en", en), ("nl", nl))
    }
    assert rows["en"]["Dalian"] == "friendly cooperative city (until summer 2017), sister city"
    assert rows["nl"]["Dalian"] == "Friendly Cooperative City (tot zomer 2017), zusterstad"
    assert rows["en"]["Münster"] == "friendly city (not a partnership)"
    assert rows["nl"]["Münster"] == "bevriende stad (geen stedenband)"
    assert rows["nl"]["Palo"].split() == ["Alto", "zusterstad"]
    for english in ("sister city", "friendly city", "until", "triples", "Partner cities"):
        assert english not in nl
