"""What a build writes is what was checked: the dumps against the shapes, one triple count.

The checks run on the files on disk, with tools that are not ours where there is one (pySHACL
directly, Oxigraph, rapper from Debian's raptor2-utils), not on the build's in-memory graph.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pyshacl import validate as pyshacl_validate
from rdflib import Dataset, Graph, URIRef

from enschede_kg.build import metadata
from enschede_kg.cli import main
from enschede_kg.rdf import rdfio
from enschede_kg.rdf.namespaces import GRAPHS, RDF, VOID
from enschede_kg.validate import validate_file
from tests.conftest import ROOT

DUMPS = [f"{metadata.DUMP_NAME}.{rdfio.FORMATS[f].extension}" for f in metadata.DUMP_FORMATS]


def _distinct_triples(path: Path) -> int:
    store = ox.Store()
    if path.suffix == ".jsonld":  # compact, naming our context: Oxigraph gets it inline
        store.extend(rdfio.parse_file(path))
    else:
        store.bulk_load(path=str(path), format=rdfio.format_for(path).ox_format)
    return len({q.triple for q in store})


def test_pyshacl_over_the_written_dump_conforms(built_dir: Path) -> None:
    """pySHACL itself, with ontology/shapes.ttl, over the TriG file: metadata and entailments too.

    The imported context graphs are left out, as ``validate`` leaves them to the violation
    queries (pySHACL on 40k Wikidata links would take minutes and no shape targets them).
    """
    ds = Dataset()
    ds.parse(built_dir / f"{metadata.DUMP_NAME}.trig", format="trig")
    ours = {URIRef(str(g)) for g in GRAPHS.values()}
    data = Graph()
    for g in ds.graphs():
        if g.identifier in ours:
            data += g
    assert (metadata.DATASET, RDF.type, VOID.Dataset) in data  # the metadata graph is checked too
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _report, text = pyshacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    assert conforms, text


@pytest.mark.parametrize("name", [f"{metadata.DUMP_NAME}.trig", f"{metadata.DUMP_NAME}.nt"])
def test_validate_file_on_the_dumps(built_dir: Path, name: str) -> None:
    report = validate_file(built_dir / name)
    assert report.conforms, report.text()


def test_one_triple_count_everywhere(built_dir: Path) -> None:
    info = json.loads((built_dir / "build.json").read_text(encoding="utf-8"))
    total = info["total"]
    # Every dump, whatever its format, holds that many distinct triples; TriG holds no triple
    # twice (in two graphs), so its quads agree too, and so do the per-graph counts.
    for name in DUMPS:
        assert _distinct_triples(built_dir / name) == total, name
    trig = ox.Store()
    trig.bulk_load(path=str(built_dir / f"{metadata.DUMP_NAME}.trig"), format=ox.RdfFormat.TRIG)
    assert len(trig) == total == sum(info["triples"].values())
    void = Graph().parse(built_dir / "void.ttl")
    assert int(str(void.value(metadata.DATASET, VOID.triples))) == total
    # The README's example summary shows the number the build gives.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"^enschede-kg: (\d+) triples$", readme, re.MULTILINE)
    assert shown and int(shown.group(1)) == total, "README: update the summary example"
    out = CliRunner().invoke(main, ["summary", "--build-dir", str(built_dir)])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0] == f"enschede-kg: {total} triples"


def test_validate_refuses_a_dump_with_what_no_fact_needs(built_dir: Path, tmp_path: Path) -> None:
    dump = tmp_path / f"{metadata.DUMP_NAME}.trig"
    text = (built_dir / dump.name).read_text(encoding="utf-8")
    bad = (
        "\nGRAPH <https://w3id.org/enschede-kg/graph/data> {\n"
        "  <https://w3id.org/enschede-kg/id/city/dalian>\n"
        "    a <https://w3id.org/enschede-kg/def#Citty> ;\n"
        "    <http://www.w3.org/2000/01/rdf-schema#seeAlso> <file:///etc/passwd> .\n}\n"
    )
    dump.write_text(text + bad, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--dump", str(dump)])
    assert result.exit_code == 1, result.output
    assert "undeclared-class-violation" in result.output
    assert "non-http-iri-violation" in result.output
    assert "dalian" in result.output


def test_validate_names_the_line_of_an_unparsable_dump(tmp_path: Path) -> None:
    dump = tmp_path / "broken.ttl"
    dump.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--dump", str(dump)])
    assert result.exit_code == 2
    assert "broken.ttl" in result.output and "2" in result.output


def test_validate_checks_the_metadata_too(tmp_path: Path) -> None:
    """`validate` without --dump checks what the build would write: metadata included."""
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output


def _rapper() -> str:
    found = shutil.which("rapper")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("rapper is missing: .ci/run installs raptor2-utils")
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    return found


RAPPER_SYNTAX = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "rdf": "rdfxml", "trig": "trig"}


@pytest.mark.parametrize("name", DUMPS)
def test_rapper_and_oxigraph_parse_every_dump(built_dir: Path, name: str) -> None:
    path = built_dir / name
    info = json.loads((built_dir / "build.json").read_text(encoding="utf-8"))
    assert _distinct_triples(path) == info["total"]
    ext = path.suffix.lstrip(".")
    if ext not in RAPPER_SYNTAX:
        return  # raptor2 has no JSON-LD parser; Oxigraph's (and PyLD's, test_jsonld) read it
    run = subprocess.run(
        [_rapper(), "-i", RAPPER_SYNTAX[ext], "-o", "ntriples", "-q", str(path)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    lines = {line for line in run.stdout.decode().splitlines() if line.strip()}
    assert len(lines) == info["total"]
