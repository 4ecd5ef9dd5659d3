"""Commands for live news: ``feeds add|list|remove|import|export``, ``watch``, and the intake evals."""

from __future__ import annotations

import dataclasses
import json
import threading
from pathlib import Path
from urllib.parse import urlsplit

import click

from sanctionwatch.cli.context import AppContext
from sanctionwatch.errors import InputError
from sanctionwatch.evaluation.dedup import build_dedup_set, evaluate_dedup, read_dedup_set, write_dedup_set
from sanctionwatch.evaluation.extraction import evaluate_extraction
from sanctionwatch.ingest.feeds import FeedSource, default_feeds, read_opml, write_opml
from sanctionwatch.model import Feed
from sanctionwatch.store.feeds import add_feed, find_feed, item_counts, list_feeds, remove_feed
from sanctionwatch.watch import WatchOptions, stop_on_signals, watch

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


@click.group()
def feeds() -> None:
    """The feeds that 'sanctionwatch watch' follows (RSS, Atom, JSON Feed; lists as OPML)."""


@feeds.command(name="add")
@click.argument("urls", nargs=-1)
@click.option("--title", help="A name for the feed (default: the feed's own title).")
@click.option("--interval", type=click.IntRange(min=60), help="Seconds between fetches [setting feed_interval].")
@click.option("--defaults", is_flag=True, help="Add the public sanctions-news feeds shipped with sanctionwatch.")
@click.pass_obj
def feeds_add(app: AppContext, urls: tuple[str, ...], title: str | None, interval: int | None, defaults: bool) -> None:
    """Follow one or more feeds by URL."""
    sources = [FeedSource(url, title) for url in urls] + (default_feeds() if defaults else [])
    if not sources:
        raise InputError("give a feed URL, or --defaults")
    _add_all(app, sources, interval)


@feeds.command(name="list")
@JSON_OPTION
@click.pass_obj
def feeds_list(app: AppContext, as_json: bool) -> None:
    """Show the feeds followed, when they were fetched, and what became of their items."""
    followed = list_feeds(app.store)
    counts = item_counts(app.store)
    if as_json:
        rows = [{**dataclasses.asdict(feed), "items": counts.get(feed.id, {})} for feed in followed]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for feed in followed:
        click.echo(_feed_line(feed, counts.get(feed.id, {})))
    if not followed:
        click.echo("no feeds yet: 'sanctionwatch feeds add URL' or 'sanctionwatch feeds add --defaults'", err=True)


@feeds.command(name="remove")
@click.argument("feed")
@click.pass_obj
def feeds_remove(app: AppContext, feed: str) -> None:
    """Stop following FEED (its URL or number); its articles stay in the store."""
    found = find_feed(app.store, feed)
    if found is None:
        raise InputError(f"no feed {feed!r} is followed ('sanctionwatch feeds list' shows them)")
    dropped = remove_feed(app.store, found.id)
    click.echo(f"removed feed {found.id} {found.url} ({dropped} queued or finished items forgotten)")


@feeds.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--interval", type=click.IntRange(min=60), help="Seconds between fetches [setting feed_interval].")
@click.pass_obj
def feeds_import(app: AppContext, path: Path, interval: int | None) -> None:
    """Follow every feed listed in an OPML file."""
    sources = read_opml(path.read_bytes())
    if not sources:
        raise InputError(f"{path}: no feeds (outlines with an xmlUrl) in this OPML file")
    _add_all(app, sources, interval)


@feeds.command(name="export")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def feeds_export(app: AppContext, path: Path | None) -> None:
    """Write the feeds followed as OPML to PATH (default: standard output)."""
    document = write_opml(FeedSource(feed.url, feed.title) for feed in list_feeds(app.store))
    if path is None:
        click.echo(document.decode("utf-8"), nl=False)
    else:
        path.write_bytes(document)
        click.echo(f"wrote {path}", err=True)


@click.command(name="watch")
@click.option("--once", is_flag=True, help="One pass over the due feeds and the queue, then exit.")
@click.option("--interval", type=click.FloatRange(min=1), help="Seconds between passes [setting watch_interval].")
@click.option("--analyze/--no-analyze", default=True, show_default=True, help="Analyse the new articles.")
@JSON_OPTION
@click.pass_obj
def watch_cmd(app: AppContext, once: bool, interval: float | None, analyze: bool, as_json: bool) -> None:
    """Follow the feeds: fetch what is new, drop copies, store and analyse it; Ctrl-C stops cleanly."""
    settings = app.settings
    if not list_feeds(app.store):
        raise InputError("no feeds to watch: add some with 'sanctionwatch feeds add URL' (or --defaults)")
    options = WatchOptions(once=once, interval=interval or settings.watch_interval, analyze=analyze)
    stop = threading.Event()
    with stop_on_signals(stop, _say):
        report = watch(app.store, settings, options, stop, _say)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2))
    else:
        click.echo(f"{report.passes} pass(es): {len(report.ingested)} new articles, {len(report.copies)} copies "
                   f"linked, {report.duplicates} duplicates, {report.skipped} skipped, {report.failed} failed, "
                   f"{report.waiting} waiting; {report.analysed} analysed" + (" (stopped)" if report.stopped else ""))


@click.command(name="extraction")
@click.option("--benchmark", "directory", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The article-extraction benchmark folder (ground-truth.json, html/*.html.gz).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N pages (by id).")
@JSON_OPTION
@click.pass_obj
def eval_extraction(app: AppContext, directory: Path, limit: int | None, as_json: bool) -> None:
    """Article-body precision, recall and F1 on the benchmark, next to trafilatura's defaults."""
    report = evaluate_extraction(directory, app.settings, limit)
    if as_json:
        click.echo(json.dumps({**dataclasses.asdict(report), "f1_ratio": round(report.f1_ratio, 4)}, indent=2))
        return
    click.echo(f"{report.pages} pages")
    for name, scores in (("sanctionwatch", report.ours), (report.baseline_name, report.baseline)):
        click.echo(f"{name:<30} precision={scores.precision:.3f} recall={scores.recall:.3f} F1={scores.f1:.3f}")
    click.echo(f"F1 ratio sanctionwatch / baseline: {report.f1_ratio:.3f}")


@click.command(name="dedup")
@click.option("--jsonl", "path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Labelled records: id, url, text, duplicate_of (the original's id or null).")
@click.option("--build", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="First build the labelled set from this shared data folder and write it to --jsonl.")
@JSON_OPTION
@click.pass_obj
def eval_dedup(app: AppContext, path: Path, data_dir: Path | None, as_json: bool) -> None:
    """Precision and recall of copy -> original links, next to exact hashing and plain MinHash."""
    if data_dir is not None:
        count = write_dedup_set(path, build_dedup_set(data_dir))
        click.echo(f"wrote {count} records to {path}", err=True)
    report = evaluate_dedup(read_dedup_set(path), app.settings.dedup_threshold)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(report), indent=2))
        return
    click.echo(f"{report.records} records, {report.copies} copies")
    for method in report.methods:
        kinds = ", ".join(f"{kind} {value:.2f}" for kind, value in method.recall_by_kind.items())
        click.echo(f"{method.name:<30} precision={method.precision:.3f} recall={method.recall:.3f} "
                   f"F1={method.f1:.3f}  recall by kind: {kinds}")


def _say(line: str) -> None:
    click.echo(line, err=True)


def _add_all(app: AppContext, sources: list[FeedSource], interval: int | None) -> None:
    for source in sources:
        if urlsplit(source.url).scheme not in ("http", "https") or not urlsplit(source.url).hostname:
            raise InputError(f"{source.url!r} is not an http(s) feed URL")
    added = 0
    for source in sources:
        feed, is_new = add_feed(app.store, source.url, source.title, interval or app.settings.feed_interval)
        added += is_new
        click.echo(f"{'added' if is_new else 'already followed'}: {feed.id} {feed.url}")
    click.echo(f"{added} feed(s) added, {len(sources) - added} already followed", err=True)


def _feed_line(feed: Feed, counts: dict[str, int]) -> str:
    states = ", ".join(f"{count} {state}" for state, count in sorted(counts.items())) or "no items yet"
    error = f"  last error ({feed.error_count}x): {feed.last_error}" if feed.last_error else ""
    return (f"{feed.id:>4}  {feed.url}\n      {feed.title or '-'}  fetched {feed.last_fetched or 'never'}, "
            f"next {feed.next_due or 'now'}; {states}{error}")


COMMANDS = (feeds, watch_cmd)
EVAL_COMMANDS = (eval_extraction, eval_dedup)
