"""Commands over articles: ingest, analyze, brief, articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click

from sanctionwatch import pipeline
from sanctionwatch.analyze import analyze_article
from sanctionwatch.brief import write_article_brief
from sanctionwatch.brief.render import RENDERERS, render
from sanctionwatch.cli.context import AppContext, progress
from sanctionwatch.errors import InputError
from sanctionwatch.extract import extract_article
from sanctionwatch.ingest.files import parse_mapping, read_paths
from sanctionwatch.model import Analysis, Article, Problem, RawDocument, to_dict
from sanctionwatch.store.articles import count_articles, find_articles, list_articles

PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))


@click.command()
@PATHS
@click.option("--map", "mapping", multiple=True, metavar="OURS=THEIRS",
              help="JSON Lines field mapping, e.g. --map text=body --map url=link (repeatable).")
@click.option("--analyze/--no-analyze", default=True, show_default=True, help="Analyse what is new.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def ingest(app: AppContext, paths: tuple[Path, ...], mapping: tuple[str, ...], analyze: bool, as_json: bool) -> None:
    """Store articles from text, HTML and JSON Lines files or folders (the same text is stored once)."""
    items = list(read_paths(paths, app.settings, parse_mapping(mapping)))
    with progress(len(items), "ingest") as update:
        processed = pipeline.process(app.store, items, app.settings, analyze=analyze, progress=update)
    report = processed.ingest
    summary = {"new": len(report.new), "duplicates": len(report.duplicates), "skipped": len(report.problems),
               "analysed": len(processed.analysed), "matches": processed.stages.matches,
               "stored": count_articles(app.store)}
    _print_problems(report.problems)
    click.echo(json.dumps({**summary, "ids": report.new}) if as_json else _sentence(summary))
    if report.problems and not report.new and not report.duplicates:
        raise InputError(f"nothing ingested: {len(report.problems)} item(s) skipped")


@click.command()
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print the whole analysis as JSON (docs/ANALYSIS_JSON.md).")
@click.pass_obj
def analyze(app: AppContext, target: str, as_json: bool) -> None:
    """Analyse a FILE (not stored) or a stored article ID (result stored)."""
    article, analysis = _analysed(app, target)
    if as_json:
        data = {"article": _article_summary(article), **to_dict(analysis)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{article.id}  {article.title}")
    click.echo(f"countries: {', '.join(analysis.countries) or '-'}")
    for entity in analysis.entities:
        click.echo(f"  {entity.start:>6}-{entity.end:<6} {entity.label:<8} {entity.text}"
                   + (f" [{entity.country}]" if entity.country else ""))


@click.command()
@click.argument("target")
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="text", show_default=True)
@click.pass_obj
def brief(app: AppContext, target: str, fmt: str) -> None:
    """Write the brief of a FILE or a stored article ID in the house format."""
    article, analysis = _analysed(app, target)
    click.echo(render(write_article_brief(article, analysis), fmt), nl=False)


@click.command(name="articles")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def articles_cmd(app: AppContext, limit: int, as_json: bool) -> None:
    """List stored articles (newest ingested last)."""
    found = list_articles(app.store, limit=limit)
    if as_json:
        click.echo(json.dumps([_article_summary(a) for a in found], ensure_ascii=False, indent=2))
        return
    for article in found:
        click.echo(f"{article.id}  {article.published or '----------'}  {article.source_domain or '-':<24} "
                   f"{article.title[:70]}")


def _analysed(app: AppContext, target: str) -> tuple[Article, Analysis]:
    path = Path(target)
    if path.exists():
        article = _article_from_file(path, app)
        return article, analyze_article(article, app.settings)
    ids = find_articles(app.store, target) if len(target) >= 4 else []
    if len(ids) != 1:
        reason = "no such file, and no stored article with that id" if not ids else "that id prefix is ambiguous"
        raise InputError(f"{target}: {reason}")
    article, analysis, _ = pipeline.brief_stored(app.store, ids[0], app.settings)
    return article, analysis


def _article_from_file(path: Path, app: AppContext) -> Article:
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give one file, or use 'sanctionwatch ingest'")
    items = list(read_paths([path], app.settings))
    documents: Iterator[RawDocument] = (i for i in items if isinstance(i, RawDocument))
    first = next(documents, None)
    if first is None:
        problem = items[0] if items and isinstance(items[0], Problem) else Problem(str(path), "no document")
        raise InputError(f"{problem.origin}: {problem.reason}")
    return extract_article(first, app.settings)


def _article_summary(article: Article) -> dict[str, object]:
    keys = ("id", "title", "source_domain", "url", "published", "language", "version", "content_hash")
    return {key: getattr(article, key) for key in keys}


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(f"skipped {problem.origin}: {problem.reason}", err=True)


def _sentence(summary: dict[str, int]) -> str:
    return (f"{summary['new']} new, {summary['duplicates']} already stored, {summary['skipped']} skipped; "
            f"{summary['analysed']} analysed, {summary['matches']} list matches; "
            f"{summary['stored']} articles in the store")


COMMANDS = (ingest, analyze, brief, articles_cmd)
