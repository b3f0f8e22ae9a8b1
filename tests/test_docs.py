"""The README documents every command and option, and its quick start is exactly two commands."""

from __future__ import annotations

import re

import click

from enschede_kg.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    """Every command, with subcommands of groups (``publish site``)."""
    out: list[tuple[str, click.Command]] = []
    for name, cmd in group.commands.items():
        out.append((f"{prefix} {name}", cmd))
        if isinstance(cmd, click.Group):
            out += _commands(cmd, f"{prefix} {name}")
    return out


def test_every_command_and_option_is_documented() -> None:
    assert isinstance(main, click.Group)
    ctx = click.Context(main)
    for name, cmd in _commands(main, "enschede-kg"):
        assert name in README, f"command {name} is not in the README"
        for param in cmd.get_params(ctx):
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--help",):
                    assert opt in README, f"option {opt} of {name} is not in the README"
    for param in main.get_params(ctx):
        for opt in param.opts:
            if opt.startswith("--") and opt not in ("--help", "--version"):
                assert opt in README, f"global option {opt} is not in the README"


def test_quick_start_is_two_make_targets_that_exist() -> None:
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)
