"""The pipeline's direction, written down once: a module imports only from its own stage or earlier.

Data flows one way (docs/architecture.md): names and RDF io → words → templates → configuration →
queries → sources →
graph → validate → build → store → imports → linked-data pages → analysis → maintenance → explorer →
publication → web → command line. A module that imports from a later stage would make an early
stage depend on a face of the project; this test names the file, the line and the import.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "enschede_kg"

#: The stages in pipeline order; the first part of a module's dotted name below ``enschede_kg``.
STAGES = [
    "errors",
    "rdf",
    "text",
    "templating",
    "config",
    "queries",
    "sources",
    "graph",
    "validate",
    "build",
    "store",
    "imports",
    "lod",
    "analyse",
    "maintain",
    "explore",
    "publish",
    "web",
    "cli",
    "__main__",
]


def _stage(module: str) -> str:
    parts = module.split(".")
    assert parts[0] == "enschede_kg", module
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    module = ".".join(path.relative_to(ROOT / "src").with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("enschede_kg")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name.startswith("enschede_kg"):
                if name == "enschede_kg":  # from enschede_kg import graph, queries
                    found += [(node.lineno, f"enschede_kg.{a.name}") for a in node.names]
                else:
                    found.append((node.lineno, name))
    return found


def test_every_module_belongs_to_a_stage() -> None:
    stray = [
        p.relative_to(PACKAGE)
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0].removesuffix(".py") not in {*STAGES, "__init__"}
    ]
    assert not stray, f"modules outside every stage (add the stage to STAGES and docs): {stray}"


def test_imports_point_down_the_pipeline() -> None:
    order = {stage: i for i, stage in enumerate(STAGES)}
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        for line, target in _imports(path):
            stage = _stage(target)
            if stage == "__version__" or stage == "__init__":
                continue
            if order[stage] > order[own]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({own}) imports {target} ({stage})")
    assert not wrong, "imports against the pipeline:\n" + "\n".join(wrong)


def test_the_architecture_page_lists_every_stage() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [s for s in STAGES if s != "__main__" and f"`{s}" not in page]
    assert not missing, f"docs/architecture.md does not describe: {missing}"
