"""``sanctionwatch demo``: the whole pipeline on the bundled sample reports, into a fresh database."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from sanctionwatch import pipeline
from sanctionwatch.brief.render import RENDERERS
from sanctionwatch.cli.context import AppContext
from sanctionwatch.cli.stories import timeline_table
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.model import Analysis, Article
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import load_analysis, load_brief
from sanctionwatch.store.articles import list_articles
from sanctionwatch.store.lists import load_list_file
from sanctionwatch.store.stories import list_stories

BRIEF_SUFFIXES = {"text": ".txt", "markdown": ".md", "json": ".json", "html": ".html"}


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out/demo"),
              show_default=True, help="Folder for the demo database and briefs (recreated).")
@click.pass_obj
def demo(app: AppContext, out_dir: Path) -> None:
    """Ingest and analyse the bundled sample reports into a fresh SQLite database and write their briefs."""
    database = out_dir / "sanctionwatch.db"
    _remove_database(database)
    app.use_db(f"sqlite:///{database}")
    folder = Path(str(resources.files("sanctionwatch") / "samples"))
    listed = load_list_file(app.store, folder / "sanctions_demo.ftm.json", name="demo")
    report = pipeline.process(app.store, read_paths(sorted(folder.glob("*.txt")), app.settings), app.settings)
    written = _write_briefs(app.store, out_dir / "briefs")
    click.echo(f"sanctionwatch demo: {len(report.ingest.new)} sample reports ingested into {database}; "
               f"list '{listed.name}' loaded ({listed.entry_count} entries), {report.stages.matches} list matches\n")
    for article in list_articles(app.store):
        click.echo(_describe(article, load_analysis(app.store, article.id)))
    _show_stories(app.store)
    click.echo(f"\n{written} briefs written to {out_dir / 'briefs'} (text, Markdown, JSON, HTML).")
    click.echo(f"Read one:          sanctionwatch --db {database} brief {report.ingest.new[0][:8]}")
    click.echo(f"Open the dashboard: sanctionwatch --db {database} serve   (then http://127.0.0.1:8765/)")


def _show_stories(store: Store) -> None:
    stories = list_stories(store, limit=None)
    several = [story for story in stories if len(story.article_ids) > 1]
    click.echo(f"\n{len(stories)} stories, {len(several)} told by more than one source:")
    for story in several:
        brief = load_brief(store, f"story:{story.id}")
        sources = ", ".join(brief.sources) if brief else ""
        click.echo(f"  {story.id[:8]}  {story.title}  [{sources}]")
    timelines = [t for t in pipeline.story_timelines(store, several) if len({p.article_id for p in t.points}) > 1]
    for timeline in timelines[:2]:
        click.echo("\nFigure timeline:\n" + timeline_table(timeline))
    if several:
        click.echo(f"\nRead a story brief: sanctionwatch --db {store.display_url} stories {several[0].id[:8]}")


def _remove_database(database: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def _write_briefs(store: Store, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for article in list_articles(store):
        brief = load_brief(store, f"article:{article.id}")
        if brief is None:
            continue
        for fmt, suffix in BRIEF_SUFFIXES.items():
            (folder / f"{article.id}{suffix}").write_text(RENDERERS[fmt](brief), encoding="utf-8")
        count += 1
    return count


def _describe(article: Article, analysis: Analysis | None) -> str:
    lines = [f"{article.id[:8]}  {article.source_domain or '-'}  {article.title}"]
    if analysis is None:
        return lines[0]
    assessment = analysis.assessment
    if assessment is not None:
        verdict = "sanctions evasion" if assessment.sanctions_evasion else "not sanctions evasion"
        regimes = f" ({', '.join(assessment.regimes)})" if assessment.regimes else ""
        lines.append(f"          about: {verdict}{regimes}, score {assessment.score:.2f}")
    names = sorted({e.text for e in analysis.entities if e.label in ("PERSON", "ORG")})[:6]
    lines.append(f"          countries: {', '.join(analysis.countries) or '-'}; "
                 f"{len(analysis.entities)} entities, {len(analysis.facts)} facts; names: {', '.join(names) or '-'}")
    return "\n".join(lines)


COMMANDS = (demo,)
