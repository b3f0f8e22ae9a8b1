"""A build killed (SIGKILL) at any step leaves the previous build whole; the next one cleans up.

Each build runs in a real child process that kills itself at one step
(``ENSCHEDE_KG_BUILD_KILL_AT``, see ``enschede_kg.build.generations``). Two variants of the
output alternate (the default base IRI and another one) so that old and new builds differ in
every file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from enschede_kg import build, store
from enschede_kg.build import generations

BASES = ("https://w3id.org/enschede-kg/", "http://127.0.0.1:9/")
_CHILD = (
    "import sys; from pathlib import Path; from enschede_kg import build; "
    "build.build(Path(sys.argv[1]), base=sys.argv[2])"
)


def _child_build(out: Path, base: str, kill_at: str | None = None) -> int:
    env = dict(os.environ)
    env.pop(generations.KILL_AT_ENV, None)
    if kill_at:
        env[generations.KILL_AT_ENV] = kill_at
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(out), base], env=env, timeout=600, check=False
    )
    return done.returncode


def _snapshot(out: Path) -> dict[str, bytes]:
    """Every file of the build ``out`` points at, read through one resolution of the link."""
    here = generations.current(out)
    return {
        str(p.relative_to(here)): p.read_bytes() for p in sorted(here.rglob("*")) if p.is_file()
    }


def _readable(out: Path) -> None:
    st = store.from_dump(store.dump_path(out))
    assert len(st) > 40_000
    assert ox.NamedNode(BASES[0] + "id/city/dalian") in {q.subject for q in st} or ox.NamedNode(
        BASES[1] + "id/city/dalian"
    ) in {q.subject for q in st}


def test_a_build_killed_at_each_step_leaves_a_whole_build(tmp_path: Path) -> None:
    out = tmp_path / "build"
    build.build(out, base=BASES[0])
    state, variant = _snapshot(out), 0
    assert "enschede-kg.trig" in state and "build.json" in state
    switched = generations.STEPS.index("switched")
    for i, step in enumerate(generations.STEPS):
        other = 1 - variant
        rc = _child_build(out, BASES[other], kill_at=step)
        assert rc == -signal.SIGKILL, f"the build did not stop at {step!r}"
        now = _snapshot(out)
        assert set(now) == set(state), f"killed at {step!r}: files {set(now) ^ set(state)} differ"
        if i < switched:
            assert now == state, f"killed at {step!r}: the previous build changed"
        else:  # the link was switched: the new build, whole
            assert now != state
            assert all(b for b in now.values())
            state, variant = now, other
        _readable(out)
    # The next build (not killed) removes what the killed ones left.
    assert _child_build(out, BASES[1 - variant]) == 0
    gens = generations.generations_dir(out)
    left = sorted(p.name for p in gens.iterdir())
    current = os.readlink(out)
    previous = os.readlink(gens / ".previous")
    assert left == sorted({".lock", ".previous", Path(current).name, previous}), left
    assert not list(tmp_path.glob(".build.link-*"))
    _readable(out)


def test_a_plain_build_directory_becomes_the_previous_generation(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "old.txt").write_text("from before generations\n")
    build.build(out)
    assert out.is_symlink()
    assert not (out / "old.txt").exists()
    previous = generations.generations_dir(out) / ".previous"
    assert (previous / "old.txt").read_text() == "from before generations\n"
    assert (out / "enschede-kg.trig").stat().st_size > 0


def test_a_failed_build_leaves_no_generation_behind(project: Path, tmp_path: Path) -> None:
    from enschede_kg.config import Inputs
    from enschede_kg.errors import ValidationFailed

    out = tmp_path / "out"
    inputs = Inputs.from_root(project)
    build.build(out, inputs)
    before = sorted(p.name for p in generations.generations_dir(out).iterdir())
    (project / "data" / "curated" / "zz-nolabel.ttl").write_text(
        "@prefix ekg: <https://w3id.org/enschede-kg/def#> .\n"
        "<https://w3id.org/enschede-kg/id/city/nowhere> a ekg:City .\n"
    )
    with pytest.raises(ValidationFailed):
        build.build(out, inputs)
    assert sorted(p.name for p in generations.generations_dir(out).iterdir()) == before
