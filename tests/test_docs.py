"""Everything a user can set or call is documented in the README."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from eventwire.cli import _parser
from eventwire.config import Settings

README = (Path(__file__).parents[1] / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(Settings.documentation()))
def test_docs_every_setting_is_in_the_readme(name: str) -> None:
    assert f"| `{name}` |" in README


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(
        a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    return dict(action.choices)


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_docs_every_command_and_option_is_in_the_readme(command: str) -> None:
    assert f"`eventwire {command}" in README
    row = next(line for line in README.splitlines() if line.startswith(f"| `eventwire {command}"))
    for action in _subcommands()[command]._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert flag in row, f"{command} {flag} missing from the README table"
