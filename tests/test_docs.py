"""The README documents every command and every setting (a newcomer's reference stays true)."""

from pathlib import Path

import click

from sanctionwatch.cli import cli, register_commands
from sanctionwatch.settings import ENV_PREFIX, setting_names

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "sanctionwatch") -> list[str]:
    paths = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        paths.append(path)
        if isinstance(command, click.Group):
            paths += command_paths(command, path)
    return paths


def test_every_command_is_in_the_readme() -> None:
    register_commands()
    missing = [path for path in command_paths(cli) if f"`{path}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_setting_is_in_the_configuration_table() -> None:
    missing = [name for name in setting_names() if f"`{ENV_PREFIX}{name.upper()}`" not in README]
    assert not missing, f"settings missing from README.md: {missing}"


def test_readme_quick_start_names_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README
