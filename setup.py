"""Ship the project's inputs inside the wheel, so that an installed package works from any folder.

The inputs (``ontology/``, ``data/``, ``queries/``) live at the top of the repository, where their
editors and the tests expect them; a wheel built from the repository copies them to
``enschede_kg/project/``, which ``enschede_kg.config`` finds when no checkout is beside the package.
An editable install reads the checkout itself and copies nothing. Everything else is in
pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: The project folders shipped with the package (see enschede_kg/config.py).
PROJECT_PARTS = ("ontology", "data", "queries")


class BuildPyWithProject(build_py):
    """build_py that also copies the project's inputs into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "enschede_kg" / "project"
        shutil.rmtree(target, ignore_errors=True)
        for part in PROJECT_PARTS:
            shutil.copytree(
                HERE / part,
                target / part,
                ignore=shutil.ignore_patterns("__pycache__", ".*"),
            )


setup(
    cmdclass={"build_py": BuildPyWithProject},
    # Not build/: that is where enschede-kg writes the graph, and the two must not mix.
    options={"build": {"build_base": ".setuptools-build"}},
)
