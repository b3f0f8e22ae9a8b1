"""CITATION.cff: present, valid YAML, in step with the package and the dataset description."""

from __future__ import annotations

import yaml

from enschede_kg import __version__
from enschede_kg.build import metadata
from tests.conftest import ROOT


def test_citation_file_matches_the_dataset() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "date-released", "license"):
        assert cff.get(key), key
    assert cff["version"] == __version__
    assert cff["date-released"] == metadata.RELEASES[__version__]
    assert cff["license"] == "CC-BY-4.0"
    assert str(metadata.DATASET) in {i["value"] for i in cff["identifiers"]}
