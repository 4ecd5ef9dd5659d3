"""The ``sanctionwatch`` command: thin commands over library functions.

Each command group lives in its own module and is registered in ``COMMAND_MODULES``. Errors raised
on purpose (``SanctionwatchError``) become one line on stderr and exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import click

from sanctionwatch import __version__
from sanctionwatch.cli.context import AppContext
from sanctionwatch.errors import SanctionwatchError

COMMAND_MODULES = (
    "sanctionwatch.cli.articles",
    "sanctionwatch.cli.demo",
    "sanctionwatch.cli.web",
    "sanctionwatch.cli.feeds",
    "sanctionwatch.cli.batch",
    "sanctionwatch.cli.evaluate_analysis",
    "sanctionwatch.cli.lists",
    "sanctionwatch.cli.stories",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="URL", help="Database URL or SQLite file path [env SANCTIONWATCH_DB].")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="Settings file (TOML).")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
@click.version_option(__version__, prog_name="sanctionwatch")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config: Path | None, verbose: int) -> None:
    """sanctionwatch: reads the news for people who follow sanctions."""
    ctx.obj = AppContext(overrides={"db": db}, config_path=config, verbosity=verbose)
    ctx.call_on_close(ctx.obj.close)


@cli.group(name="eval")
def eval_group() -> None:
    """Measure quality on real data, next to a baseline, in the same run."""


def register_commands() -> None:
    """Add each module's COMMANDS to the CLI and its EVAL_COMMANDS to ``sanctionwatch eval``."""
    if cli.commands.keys() - {"eval"}:
        return
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        for command in module.COMMANDS:
            cli.add_command(command)
        for command in getattr(module, "EVAL_COMMANDS", ()):
            eval_group.add_command(command)


def run(args: list[str] | None = None) -> int:
    """Run the CLI with ``args``; deliberate errors become one line on stderr. Returns the exit status."""
    register_commands()
    try:
        cli.main(args=args, prog_name="sanctionwatch", standalone_mode=False)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except SanctionwatchError as error:
        click.echo(f"error: {error}", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        return 130
    return 0


def main() -> None:
    """Console entry point."""
    try:
        sys.exit(run())
    except BrokenPipeError:
        sys.exit(0)


logging.getLogger("trafilatura").setLevel(logging.ERROR)
