"""The build directory as a symlink to its current generation, switched in one step.

Renaming output files one by one leaves a mix of old and new files when a build is killed between
two renames. Instead every build writes a complete new *generation* directory beside the build
directory (``build`` -> ``.build.generations/g…``) and then replaces the symlink ``build`` with
one ``rename(2)``, which POSIX makes atomic: a reader that opens ``build/…`` sees the old build or
the new one, whatever moment the build is killed at. Readers that open several files and must
not straddle a switch resolve the link once (``current``).

The previous generation is kept (a reader may have resolved the link just before the switch);
anything older, and whatever a killed build left (its unfinished generation, its temporary link,
its working store), is removed by the next build, under the same lock that keeps two builds from
interleaving.

``ENSCHEDE_KG_BUILD_KILL_AT=<step>`` makes the build SIGKILL itself when it reaches ``step`` (see
``STEPS``): the tests use it to show that a build killed at each step leaves a whole build.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

from enschede_kg.errors import BuildLocked

KILL_AT_ENV = "ENSCHEDE_KG_BUILD_KILL_AT"
#: The points of a build at which ``ENSCHEDE_KG_BUILD_KILL_AT`` can stop it, in order.
STEPS = (
    "locked",
    "cleaned",
    "generation",
    "store",
    "written",
    "synced",
    "linked",
    "switched",
    "pruned",
)
_PREFIX = "g"
_RENAME_EXCHANGE = 2


def checkpoint(step: str) -> None:
    """Die here (SIGKILL, no clean-up of any kind) when the environment asks for it."""
    if os.environ.get(KILL_AT_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def generations_dir(out: Path) -> Path:
    """Where the generations of ``out`` live: beside it, on the same file system."""
    return out.parent / f".{out.name}.generations"


def current(out: Path) -> Path:
    """The generation directory ``out`` points at now: open several files of one build here."""
    return out.resolve()


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the build lock of ``out``, so that two builds cannot interleave."""
    gens = generations_dir(out)
    gens.mkdir(parents=True, exist_ok=True)
    with open(gens / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(
                f"{out} is being written by another build; wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _live(out: Path) -> set[str]:
    """Names of the generations a reader may be using: the current one and the one before."""
    gens = generations_dir(out)
    live: set[str] = set()
    if out.is_symlink():
        live.add(Path(os.readlink(out)).name)
    marker = gens / ".previous"
    if marker.is_symlink():
        live.add(Path(os.readlink(marker)).name)
    return live


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def clean(out: Path) -> list[Path]:
    """Remove what killed builds left and generations no reader can still be using."""
    gens = generations_dir(out)
    live = _live(out)
    removed = []
    for entry in sorted(gens.iterdir()) if gens.is_dir() else []:
        if entry.name in (".lock", ".previous") or entry.name in live:
            continue
        _remove(entry)
        removed.append(entry)
    for stray in out.parent.glob(f".{out.name}.link-*"):
        _remove(stray)
        removed.append(stray)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(rc == 0)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_tree(root: Path) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            with open(path, "rb") as f:
                os.fsync(f.fileno())
    _fsync_dir(root)


def switch(out: Path, generation: Path) -> None:
    """Point ``out`` at ``generation`` in one rename, keeping the generation before as previous.

    A build directory from before generations (a plain directory) is swapped with the link in one
    step where the kernel can (renameat2), and becomes the previous generation.
    """
    gens = generations_dir(out)
    link = out.parent / f".{out.name}.link-{os.getpid()}"
    _remove(link)
    link.symlink_to(Path(gens.name) / generation.name)
    checkpoint("linked")
    old = Path(os.readlink(out)).name if out.is_symlink() else None
    if out.is_dir() and not out.is_symlink():
        old = f"{_PREFIX}0-legacy"
        if _exchange(link, out):
            os.rename(link, gens / old)
        else:  # no atomic swap on this system: a moment without a build directory, once
            os.rename(out, gens / old)
            os.rename(link, out)
    else:
        os.replace(link, out)
    _fsync_dir(out.parent)
    checkpoint("switched")
    if old is not None:
        tmp = gens / f".previous-{os.getpid()}"
        _remove(tmp)
        tmp.symlink_to(old)
        os.replace(tmp, gens / ".previous")


@contextlib.contextmanager
def new_generation(out: Path) -> Iterator[Path]:
    """A fresh, empty generation directory; ``out`` points at it once the block ends normally.

    Must be used under ``locked(out)``. On an exception the unfinished generation is removed and
    ``out`` is untouched.
    """
    gens = generations_dir(out)
    clean(out)
    checkpoint("cleaned")
    generation = gens / f"{_PREFIX}{time.time_ns():020d}-{os.getpid()}"
    generation.mkdir()
    checkpoint("generation")
    try:
        yield generation
        _sync_tree(generation)
        checkpoint("synced")
        switch(out, generation)
    except BaseException:
        _remove(generation)
        raise
    clean(out)
    checkpoint("pruned")
