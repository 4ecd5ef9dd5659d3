"""``sanctionwatch batch``: archives (JSON Lines, WARC) in parts, in this process or on Dask workers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from sanctionwatch.cli.context import AppContext, progress
from sanctionwatch.engines import ENGINES, run_batch
from sanctionwatch.engines.work import BatchReport
from sanctionwatch.errors import SanctionwatchError
from sanctionwatch.ingest.archive import plan_parts
from sanctionwatch.ingest.files import parse_mapping
from sanctionwatch.store.articles import count_articles

PARTS_PER_WORKER = 4
SHOWN_PROBLEMS = 20


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="local: this process; dask: Dask distributed workers.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Dask scheduler to use (default: start a LocalCluster on this machine).")
@click.option("--workers", type=click.IntRange(min=1), help="LocalCluster worker processes [default: CPU count].")
@click.option("--partitions", type=click.IntRange(min=1),
              help=f"Parts to split the archives into [default: {PARTS_PER_WORKER} per worker].")
@click.option("--map", "mapping", multiple=True, metavar="OURS=THEIRS", help="JSON Lines field mapping (repeatable).")
@click.option("--stories/--no-stories", default=True, show_default=True,
              help="Then cluster the new articles into stories, brief them and queue alerts, as ingest does "
                   "(in this process); without, the next ingest or watch does it.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def batch(app: AppContext, inputs: tuple[Path, ...], engine: str, scheduler: str | None, workers: int | None,
          partitions: int | None, mapping: tuple[str, ...], stories: bool, as_json: bool) -> None:
    """Extract, analyse and link the articles in archives (.jsonl[.gz], .warc[.gz], or folders of them), store
    them, then put them into stories.

    Parts run in workers, each linking against the lists current when the run starts; results are
    stored by this process. A part that fails is retried, then reported (exit status 1); what
    finished is kept, and a rerun stores only what is missing.
    """
    fields = parse_mapping(mapping)
    plan = plan_parts(inputs, partitions or PARTS_PER_WORKER * (workers or os.cpu_count() or 1))
    with progress(len(plan.parts), f"batch ({engine})") as update:
        report = run_batch(engine, app.store, plan.parts, app.settings, scheduler, workers, fields, update, stories)
    report.problems[:0] = plan.problems
    _print_problems(report)
    summary = {**report.summary(), "records": plan.records, "stored": count_articles(app.store)}
    click.echo(json.dumps(summary) if as_json else _sentence(summary))
    if report.failed:
        raise SanctionwatchError(f"{len(report.failed)} part(s) failed after retries (listed above); "
                                 "what finished is stored: run the same command again to retry them")


def _print_problems(report: BatchReport) -> None:
    for problem in report.problems[:SHOWN_PROBLEMS]:
        click.echo(f"skipped {problem.origin}: {problem.reason}", err=True)
    if len(report.problems) > SHOWN_PROBLEMS:
        click.echo(f"... and {len(report.problems) - SHOWN_PROBLEMS} more skipped", err=True)
    for problem in report.failed:
        click.echo(f"failed {problem.origin}: {problem.reason}", err=True)


def _sentence(summary: dict[str, int | float]) -> str:
    return (f"{summary['records']} records in {summary['parts']} parts: {summary['new']} new, "
            f"{summary['duplicates']} already stored, {summary['skipped']} skipped, "
            f"{summary['failed_parts']} parts failed; {summary['analysed']} analysed, {summary['matches']} list "
            f"matches, {summary['stories']} stories touched, {summary['alerts']} alerts in {summary['seconds']} s; "
            f"{summary['stored']} articles in the store")


COMMANDS = (batch,)
