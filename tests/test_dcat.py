"""The dataset description conforms to the official DCAT-AP-NL 3.0 shapes; breaking it shows."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.term import Node

from enschede_kg import __version__
from enschede_kg.build import metadata
from enschede_kg.cli import main
from enschede_kg.config import Inputs
from enschede_kg.rdf.iri import mint
from enschede_kg.rdf.namespaces import (
    DCAT,
    DCAT_VERSION,
    DCTERMS,
    EU_ACCESS_RIGHT,
    EU_DATA_THEME,
    EU_FILE_TYPE,
    EU_FREQUENCY,
    EU_LANGUAGE,
    RDF,
    SKOS,
    VCARD,
)

D = metadata.DATASET
SERVICE = metadata.SPARQL_SERVICE
TTL_DIST = mint("dataset", "enschede-kg/distribution/ttl")


@pytest.fixture(scope="module")
def description(built_dir: Path) -> Graph:
    """The DCAT/VoID description exactly as the build writes it."""
    return metadata.read_description(built_dir / "void.ttl")


def _copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def test_built_description_has_no_violations(description: Graph) -> None:
    conforms, violations, _ = metadata.check_dcat(description)
    assert conforms, "\n".join(v.line() for v in violations)
    assert violations == []


def test_recommendations_are_reported(description: Graph) -> None:
    """What is still only recommended, listed as such (and not counted against conformance)."""
    _, violations, recommendations = metadata.check_dcat(description)
    missing = {(v.focus.rsplit("/", 1)[-1], v.path) for v in recommendations}
    assert missing == {
        ("enschede-kg", "page"),  # no documentation page besides the landing page yet
        *((d.slug, "accessService") for d in metadata.DUMPS),  # dumps
        ("sparql", "downloadURL"),  # the endpoint distribution is no download
    }
    assert all(v.severity == "Warning" for v in recommendations)
    report = metadata.dcat_report(violations, recommendations)
    n = 2 + len(metadata.DUMPS)
    assert report.startswith(f"conforms to DCAT-AP-NL 3.0: 0 violation(s), {n} recommendation(s)\n")
    assert report.count("[recommended]") == n


def test_description_uses_the_prescribed_code_lists(description: Graph) -> None:
    """Values from the EU authority tables that DCAT-AP-NL 3.0 names for each property."""
    g = description
    assert set(g.objects(D, DCAT.theme)) == {
        EU_DATA_THEME.INTR,
        EU_DATA_THEME.GOVE,
        EU_DATA_THEME.REGI,
    }
    assert set(g.objects(D, DCTERMS.language)) == {EU_LANGUAGE.NLD, EU_LANGUAGE.ENG}
    assert g.value(D, DCTERMS.accessRights) == EU_ACCESS_RIGHT.PUBLIC
    assert g.value(D, DCTERMS.accrualPeriodicity) == EU_FREQUENCY.IRREG
    assert g.value(D, DCTERMS.license) == metadata.DATA_LICENSE
    assert g.value(metadata.DATA_LICENSE, SKOS.exactMatch) == metadata.DATA_LICENSE_DEED
    assert g.value(TTL_DIST, DCTERMS.format) == EU_FILE_TYPE.RDF_TURTLE
    formats = {g.value(dist, DCTERMS.format) for dist in g.objects(D, DCAT.distribution)}
    assert {EU_FILE_TYPE.RDF_N_TRIPLES, EU_FILE_TYPE.RDF_TRIG, EU_FILE_TYPE.JSON_LD} <= formats
    contact = g.value(D, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in g
    assert g.value(contact, VCARD.hasURL) is not None
    assert g.value(D, DCTERMS.identifier) == Literal(str(D))


def test_description_keeps_provenance_version_and_fixed_dates(description: Graph) -> None:
    g = description
    assert g.value(D, DCTERMS.source) == metadata.SOURCE_DOCUMENT
    assert str(g.value(D, DCAT_VERSION)) == __version__
    assert str(g.value(D, DCTERMS.modified)) == metadata.RELEASES[__version__]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", str(g.value(D, DCTERMS.issued)))


def test_every_version_has_a_release_date() -> None:
    """Bumping the version without a release date would break the build (KeyError)."""
    assert __version__ in metadata.RELEASES


def _drop(s: Node, p: Node) -> Callable[[Graph], object]:
    return lambda g: g.remove((s, p, None))


def _second_contact(g: Graph) -> object:
    return g.add((D, DCAT.contactPoint, mint("dataset", "enschede-kg/other-contact")))


BREAKAGES = {
    "dataset without identifier": (_drop(D, DCTERMS.identifier), D, "identifier"),
    "dataset without access rights": (_drop(D, DCTERMS.accessRights), D, "accessRights"),
    "dataset without theme": (_drop(D, DCAT.theme), D, "theme"),
    "dataset with two contact points": (_second_contact, D, "contactPoint"),
    "distribution without licence": (_drop(TTL_DIST, DCTERMS.license), TTL_DIST, "license"),
    "service without endpoint description": (
        _drop(SERVICE, DCAT.endpointDescription),
        SERVICE,
        "endpointDescription",
    ),
    "service theme not a skos:Concept": (
        _drop(EU_DATA_THEME.INTR, RDF.type),
        SERVICE,
        "theme",
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_a_broken_description_is_caught(description: Graph, case: str) -> None:
    """Each mandatory rule bites: the test of conformance can fail."""
    breaker, focus, path = BREAKAGES[case]
    broken = _copy(description)
    breaker(broken)
    conforms, violations, _ = metadata.check_dcat(broken)
    assert not conforms
    assert (str(focus), path) in {(v.focus, v.path) for v in violations}, [
        v.line() for v in violations
    ]


def test_shape_snapshot_is_unedited() -> None:
    """The copied shapes match the checksums recorded in their README (do not edit them)."""
    readme = (Inputs().external / metadata.DCAT_AP_NL / "README.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"`(dcat-ap-nl-[\w-]+\.ttl)` \|[^|]*\| `([0-9a-f]{64})`", readme))
    files = sorted((Inputs().external / metadata.DCAT_AP_NL).glob("*.ttl"))
    assert len(files) == 4
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files} == recorded


def test_cli_publish_dcat_conforms(built_dir: Path) -> None:
    result = CliRunner().invoke(main, ["publish", "dcat", "--build-dir", str(built_dir)])
    assert result.exit_code == 0, result.output
    assert "conforms to DCAT-AP-NL 3.0: 0 violation(s)" in result.output
    assert "[recommended]" in result.output


def test_cli_publish_dcat_exit_1_on_a_broken_description(built_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "build"
    shutil.copytree(built_dir, broken)
    g = metadata.read_description(broken / "void.ttl")
    g.remove((D, DCTERMS.identifier, None))
    g.serialize(broken / "void.ttl", format="turtle")
    result = CliRunner().invoke(main, ["publish", "dcat", "--build-dir", str(broken)])
    assert result.exit_code == 1, result.output
    assert "does not conform to DCAT-AP-NL 3.0: 1 violation(s)" in result.output
    assert "identifier" in result.output
