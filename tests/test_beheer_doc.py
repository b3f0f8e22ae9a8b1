"""The advisors' guide (docs/beheer.md) names only commands and options that exist."""

from __future__ import annotations

import re
import shlex

import click

from enschede_kg.cli import main
from tests.conftest import ROOT

GUIDE = (ROOT / "docs" / "beheer.md").read_text(encoding="utf-8")


def _command_lines() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE, flags=re.S)
    return [
        line.split("#", 1)[0].strip()
        for block in blocks
        for line in block.splitlines()
        if line.startswith("enschede-kg ")
    ]


def test_every_command_in_the_guide_exists_with_its_options() -> None:
    lines = _command_lines()
    assert len(lines) >= 8
    for line in lines:
        words = shlex.split(line)[1:]
        cmd: click.Command = main
        ctx = click.Context(main)
        while isinstance(cmd, click.Group) and words and words[0] in cmd.commands:
            cmd = cmd.commands[words.pop(0)]
        assert not isinstance(cmd, click.Group), line
        known = {o for p in cmd.get_params(ctx) for o in p.opts}
        for word in words:
            if word.startswith("--"):
                assert word in known, f"{line}: {cmd.name} has no option {word}"
