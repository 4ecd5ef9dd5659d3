"""The README documents every command and every setting (a newcomer's reference stays true)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def test_the_worked_example_is_what_the_brief_command_prints(run_cli: Callable[..., Any], shared_dir: Path) -> None:
    """The seed's brief in the README is the command's real output (it changes when the summary scorer does)."""
    seed = shared_dir / "seed" / "000_db3d2fddf79d3866.txt"
    assert run_cli("ingest", str(seed.parent)).code == 0
    brief = run_cli("brief", str(seed))
    assert brief.code == 0, brief.err
    shown = README.split("$ sanctionwatch brief ../shared/seed/000_db3d2fddf79d3866.txt\n", 1)[1].split("```", 1)[0]
    assert brief.out == shown
