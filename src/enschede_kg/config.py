"""Where the project's inputs are, and where a build goes.

A *project* is a folder holding ``ontology/``, ``data/`` and ``queries/``. There are three, and
one rule picks among them so that every command and every page reads the same one:

1. ``ENSCHEDE_KG_PROJECT`` (set by ``enschede-kg --project DIR``, and inherited by the server's
   worker processes, so pages, dereferencing and queries all switch together);
2. the checkout the package runs from (an editable install, the developers' case);
3. the copy shipped inside the installed package (``enschede_kg/project/``), so that
   ``pip install enschede-kg`` works from any folder.

The rule is evaluated when a path is needed, never at import time: a library user who sets the
variable (or passes an :class:`Inputs`) after importing still gets what they asked for.

>>> Inputs.from_root(Path("/p")).queries
PosixPath('/p/queries')
>>> imported_graph_name(Path("data/imported/twinnings-wikidata-p190-2016.nt"))
'twinnings/wikidata-p190-2016'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from enschede_kg.errors import EnschedeKGError, LoadError
from enschede_kg.rdf.names import IMPORT_KINDS, graph_name, imported_graph_iri

#: The environment variable that names the active project (``--project`` sets it).
PROJECT_ENV = "ENSCHEDE_KG_PROJECT"
PACKAGE_DIR = Path(__file__).resolve().parent
#: The inputs copied into the wheel by ``setup.py`` (absent in a checkout).
SHIPPED = PACKAGE_DIR / "project"
#: The repository root when the package runs from a checkout.
CHECKOUT = PACKAGE_DIR.parents[1]
#: The file name (without extension) of the build's dumps: ``build/enschede-kg.trig`` …
DUMP_NAME = "enschede-kg"


class ProjectNotFound(EnschedeKGError):
    """No folder with ``ontology/``, ``data/`` and ``queries/`` could be found."""


def is_project(root: Path) -> bool:
    """A folder is a project when it has the ontology and the saved queries."""
    return (root / "ontology" / "enschede-kg.ttl").is_file() and (root / "queries").is_dir()


def project_root() -> Path:
    """The active project folder, by the rule in the module docstring.

    Raises ProjectNotFound when ``ENSCHEDE_KG_PROJECT`` names a folder that is not a project, or
    when neither a checkout nor a shipped copy exists (a broken installation).
    """
    named = os.environ.get(PROJECT_ENV)
    if named:
        root = Path(named).resolve()
        if not is_project(root):
            raise ProjectNotFound(
                f"{PROJECT_ENV}={named}: not a project folder (it needs ontology/enschede-kg.ttl "
                "and queries/); point --project at a checkout of enschede-kg or a copy of one"
            )
        return root
    for root in (CHECKOUT, SHIPPED):
        if is_project(root):
            return root
    raise ProjectNotFound(
        f"no project inputs beside the package ({CHECKOUT}) nor shipped in it ({SHIPPED}); "
        "reinstall enschede-kg or pass --project DIR"
    )


def use_project(root: Path) -> None:
    """Make ``root`` the active project for this process and the processes it starts."""
    if not is_project(root.resolve()):
        raise ProjectNotFound(
            f"{root}: not a project folder (it needs ontology/enschede-kg.ttl and queries/)"
        )
    os.environ[PROJECT_ENV] = str(root.resolve())


def restore_project(previous: str | None) -> Callable[[], None]:
    """A callable that puts the active-project setting back to ``previous`` (None: unset)."""

    def restore() -> None:
        if previous is None:
            os.environ.pop(PROJECT_ENV, None)
        else:
            os.environ[PROJECT_ENV] = previous

    return restore


def queries_dir() -> Path:
    """The active project's ``queries/``: saved queries and the SPARQL behind every page."""
    return project_root() / "queries"


def default_build_dir() -> Path:
    """``build/`` inside the active project, or in the current folder for the shipped copy.

    The shipped copy lies in site-packages, which a user should not write into.
    """
    root = project_root()
    return Path.cwd() / "build" if root == SHIPPED else root / "build"


def imported_graph_name(path: Path) -> str:
    """``data/imported/twinnings-wikidata-p190-2016.nt`` -> ``twinnings/wikidata-p190-2016``.

    Raises LoadError for a file that does not follow ``{kind}-{source}.nt``.
    """
    kind, _, source = path.name.removesuffix(".nt").partition("-")
    try:
        return graph_name(imported_graph_iri(kind, source)) or ""
    except ValueError as e:
        raise LoadError(
            path,
            f"not an imported graph file ({e}); name it {{kind}}-{{source}}.nt with kind one of "
            f"{', '.join(IMPORT_KINDS)}, as 'enschede-kg import' does",
        ) from None


def _in_project(*parts: str) -> Path:
    return project_root().joinpath(*parts)


@dataclass(frozen=True)
class Inputs:
    """Where the inputs of a build are: the active project's by default; tests use copies."""

    ontology: Path = field(default_factory=lambda: _in_project("ontology", "enschede-kg.ttl"))
    themes: Path = field(default_factory=lambda: _in_project("ontology", "themes.ttl"))
    shapes: Path = field(default_factory=lambda: _in_project("ontology", "shapes.ttl"))
    curated: Path = field(default_factory=lambda: _in_project("data", "curated"))
    sources: Path = field(default_factory=lambda: _in_project("data", "sources"))
    queries: Path = field(default_factory=queries_dir)
    extra: tuple[Path, ...] = field(default_factory=tuple)
    #: Generated context graphs (``enschede-kg import``); None leaves them out.
    imported: Path | None = field(default_factory=lambda: _in_project("data", "imported"))
    #: Outside data the checks need (the official DCAT-AP-NL shapes).
    external: Path = field(default_factory=lambda: _in_project("data", "external"))

    @classmethod
    def from_root(cls, root: Path) -> Inputs:
        """The inputs of a project checkout (or a copy of one) at ``root``."""
        return cls(
            ontology=root / "ontology" / "enschede-kg.ttl",
            themes=root / "ontology" / "themes.ttl",
            shapes=root / "ontology" / "shapes.ttl",
            curated=root / "data" / "curated",
            sources=root / "data" / "sources",
            queries=root / "queries",
            imported=root / "data" / "imported",
            external=root / "data" / "external",
        )

    def files(self) -> list[tuple[Path, str]]:
        """Every RDF input with the named graph it goes into."""
        out = [(self.ontology, "ontology"), (self.themes, "ontology")]
        curated = sorted(
            p
            for p in self.curated.rglob("*")
            if p.is_file() and not p.name.startswith(".") and p.suffix != ".md"
        )
        for p in curated:
            # sources.ttl and one file per added document in sources/ describe the documents.
            described = p.stem == "sources" or p.parent.name == "sources"
            out.append((p, "provenance" if described else "data"))
        out += [(p, "data") for p in self.extra]
        if self.imported is not None:
            out += [(p, imported_graph_name(p)) for p in sorted(self.imported.glob("*.nt"))]
        return out

    def all_paths(self) -> list[Path]:
        """Every file the build reads, for staleness checks."""
        paths = [p for p, _ in self.files()] + [self.shapes]
        paths += sorted(self.sources.glob("*.txt"))
        paths += sorted(self.queries.rglob("*.rq"))
        return paths
