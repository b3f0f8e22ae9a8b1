"""`enschede-kg query` imports only what a query needs: not rdflib, pySHACL, networkx, pyvis,
matplotlib or the web stack (a quarter of a second of start-up before; the time itself is in
benchmarks/startup.py).

Run in a fresh interpreter, so that nothing another test imported counts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "rdflib",
    "pyshacl",
    "networkx",
    "pyvis",
    "matplotlib",
    "starlette",
    "uvicorn",
    "jinja2",
    "SPARQLWrapper",
)
_CHILD = """
import json, sys
from enschede_kg.cli import main
try:
    main(["query", "01", "--build-dir", sys.argv[1], "--format", "json"])
except SystemExit as e:
    code = e.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}),
      file=sys.stderr)
"""


def test_query_imports_no_heavy_module(built_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(built_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    assert json.loads(done.stdout)  # the query answered
    loaded = set(report["modules"])
    assert "pyoxigraph" in loaded
    assert not loaded & set(HEAVY), f"query imported {sorted(loaded & set(HEAVY))}"
