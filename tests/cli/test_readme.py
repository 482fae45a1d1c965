"""The README documents every command and every option that ``--help`` lists."""

from __future__ import annotations

import re

import click
import pytest

from articlediff.cli import cli
from articlediff.cli.status import ExitStatus
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_section(name: str) -> str:
    match = re.search(rf"^### `articlediff {name}\b.*?(?=^##)", README, re.M | re.S)
    assert match, f"README has no '### `articlediff {name} ...`' section"
    return match.group(0)


def test_readme_starts_with_the_two_commands() -> None:
    assert README.split("```")[1].strip().splitlines() == ["sh", "make demo", "make test"]


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_option_is_documented(name: str) -> None:
    section = readme_section(name)
    command = cli.commands[name]
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            documented = [flag for flag in param.opts + param.secondary_opts if flag in section]
            assert documented, f"README section of {name} does not mention {param.opts[0]}"


def test_global_options_and_exit_codes_are_documented() -> None:
    assert "--store PATH" in README and "ARTICLEDIFF_STORE" in README
    for status in ExitStatus:
        assert f"| {status.value} |" in README, status
