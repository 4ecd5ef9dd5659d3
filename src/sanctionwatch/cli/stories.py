"""Commands over stories: cluster, stories, figures; and ``eval clustering`` / ``eval summary``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from sanctionwatch import pipeline
from sanctionwatch.brief.render import RENDERERS, render
from sanctionwatch.cli.context import AppContext
from sanctionwatch.errors import InputError
from sanctionwatch.evaluation import clustering as cluster_eval
from sanctionwatch.evaluation import summary as summary_eval
from sanctionwatch.model import FigureTimeline, Story, to_dict, utc_now
from sanctionwatch.store import Store
from sanctionwatch.store.queries import stories_updated_since
from sanctionwatch.store.stories import (
    get_story,
    list_stories,
    story_assignments,
    unassigned_article_ids,
)


@click.command(name="cluster")
@click.option("--json", "as_json", is_flag=True, help="Print the assignments as JSON.")
@click.pass_obj
def cluster_cmd(app: AppContext, as_json: bool) -> None:
    """Put every stored article not yet in a story into one (joined or new), and brief the stories touched."""
    waiting = unassigned_article_ids(app.store)
    started = utc_now()
    made = pipeline.cluster_stored(app.store, app.settings, waiting)
    asked = set(waiting)
    # every story saved by this run: those joined or started, and those that lost stored reports to a second look
    touched = {story_id for story_id, _ in stories_updated_since(app.store, started)}
    if as_json:
        click.echo(json.dumps(to_dict(made), ensure_ascii=False, indent=2))
        return
    new = [a for a in made if a.article_id in asked]  # the rest: stored articles moved
    joined = sum(1 for a in new if not a.new_story)
    moved = f", {len(made) - len(new)} stored ones moved on a second look" if len(made) > len(new) else ""
    click.echo(f"{len(new)} articles assigned: {joined} joined a story, {len(new) - joined} started one{moved}; "
               f"{len(touched)} stories briefed")


@click.command(name="stories")
@click.argument("story_id", required=False)
@click.option("--limit", default=20, show_default=True, help="Stories listed.")
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="text", show_default=True,
              help="Brief format when showing one story.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def stories_cmd(app: AppContext, story_id: str | None, limit: int, fmt: str, as_json: bool) -> None:
    """List stories (latest first), or show STORY_ID: its articles, why each joined, and its brief."""
    if story_id is None:
        found = list_stories(app.store, limit=limit)
        if as_json:
            click.echo(json.dumps(to_dict(found), ensure_ascii=False, indent=2))
        for story in [] if as_json else found:
            click.echo(f"{story.id}  {story.last_seen or '----------'}  {len(story.article_ids):>3} article(s)  "
                       f"{story.title[:70]}")
        return
    story = _story(app.store, story_id)
    brief = pipeline.brief_story(app.store, story)
    if as_json:
        data = {"story": to_dict(story), "assignments": to_dict(story_assignments(app.store, story.id)),
                "brief": to_dict(brief)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(_story_header(app.store, story))
    click.echo(render(brief, fmt), nl=False)


def _story(store: Store, story_id: str) -> Story:
    story = get_story(store, story_id)
    if story is None:
        raise InputError(f"{story_id}: no story with that id (or the prefix is ambiguous)")
    return story


def _story_header(store: Store, story: Story) -> str:
    lines = [f"story {story.id}: {len(story.article_ids)} article(s), {story.first_seen} .. {story.last_seen}"]
    for assignment in story_assignments(store, story.id):
        reasons = "; ".join(f"{f.name} {f.weight:+.2f}" for f in assignment.features)
        lines.append(f"  {assignment.article_id}  score {assignment.score:.2f}  {reasons}")
    return "\n".join(lines) + "\n"


@click.command(name="figures")
@click.option("--story", "story_id", help="Only this story's figures.")
@click.option("--limit", default=200, show_default=True, help="Stories read (latest first).")
@click.option("--json", "as_json", is_flag=True, help="Print the timelines as JSON.")
@click.pass_obj
def figures_cmd(app: AppContext, story_id: str | None, limit: int, as_json: bool) -> None:
    """Figure timelines: each count or amount by what it measures, across articles and stories."""
    chosen = [_story(app.store, story_id)] if story_id is not None else list_stories(app.store, limit=limit)
    timelines = pipeline.story_timelines(app.store, chosen)
    if as_json:
        click.echo(json.dumps(to_dict(timelines), ensure_ascii=False, indent=2))
        return
    for timeline in timelines:
        click.echo(timeline_table(timeline))


def timeline_table(timeline: FigureTimeline) -> str:
    lines = [f"{timeline.label}  [{timeline.key}]"]
    for p in timeline.points:
        value = f"{p.value:,.0f}" if p.value is not None else "?"
        mark = "+" if p.vague else "~" if p.approximate else " "
        lines.append(f"  {p.as_of or '-':<10} {p.reported or '-':<10} {value:>12}{mark} "
                     f"{p.stance:<8} {(p.claimant or p.source_domain or '-')[:28]:<28} {p.text[:50]}")
    lines += [f"  ! {c['message']}" for c in timeline.contradictions]
    return "\n".join(lines)


@click.command(name="clustering")
@click.option("--jsonl", "path", required=True, type=click.Path(path_type=Path), help="Labelled JSON Lines file.")
@click.option("--label", required=True, help="The field naming each record's story (e.g. subtopic, event).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N records.")
@click.option("--orders", type=click.IntRange(min=0), default=5, show_default=True,
              help="Random input orders run besides the file's.")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the first random order.")
@click.option("--half", type=click.Choice(cluster_eval.HALVES), help="Only records whose --half-by field is odd/even.")
@click.option("--half-by", default="topic", show_default=True, help="Integer field that --half splits on.")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a clustering option (cluster.ClusterOptions), e.g. threshold=0.28; repeatable.")
@click.option("--batch-size", type=click.IntRange(min=1),
              help="Feed the records N at a time, as a watch loop's passes do (default: all in one batch).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def eval_clustering(app: AppContext, path: Path, label: str, limit: int | None, orders: int, seed: int,
                    half: str | None, half_by: str, overrides: tuple[str, ...], batch_size: int | None,
                    as_json: bool) -> None:
    """Story clustering: B-cubed and pairwise P/R/F1 next to a single-pass TF-IDF baseline, in several orders."""
    options = cluster_eval.cluster_options(overrides)
    records = cluster_eval.read_labelled(path, label, limit, half, half_by)
    report = cluster_eval.evaluate_clustering(records, app.settings, options, orders=orders, seed=seed,
                                              batch_size=batch_size)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    subset = f", {half} {half_by}s" if half else ""
    batches = f", fed {batch_size} at a time" if batch_size else ", fed as one batch"
    click.echo(f"{report['records']} records{subset}, {report['gold_clusters']} gold clusters ({label}){batches}")
    click.echo(f"{'order':<9} {'system':<38} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair F1':>7} {'clusters':>8}")
    for run in report["runs"]:
        click.echo(_clustering_rows(run))
    spread = report["spread"]
    for name, key in (("sanctionwatch", "sanctionwatch"), ("baseline (fixed t)", "baseline_fixed"),
                      ("baseline (oracle t)", "baseline")):
        click.echo(f"B-cubed F1 over {len(report['runs'])} order(s), {name}: median {spread[key]['median']:.3f}, "
                   f"min {spread[key]['min']:.3f}")
    click.echo(f"B-cubed F1 ratio sanctionwatch / oracle baseline: file order {report['ratio_bcubed_f1']:.3f}, "
               f"medians {spread['ratio_median_bcubed_f1']:.3f}")


def _clustering_rows(run: dict[str, Any]) -> str:
    baseline, fixed = run["baseline"], run["baseline_fixed"]
    rows = []
    for name, row in (("sanctionwatch", run["sanctionwatch"]),
                      (f"single-pass TF-IDF (t={fixed['threshold']})", fixed),
                      (f"single-pass TF-IDF (oracle t={baseline['threshold']})", baseline)):
        rows.append(f"{run['order']:<9} {name:<38} {row['bcubed_precision']:>6.3f} {row['bcubed_recall']:>6.3f} "
                    f"{row['bcubed_f1']:>6.3f} {row['pairwise_f1']:>7.3f} {row['clusters']:>8}")
    return "\n".join(rows)


@click.command(name="summary")
@click.option("--bbc", type=click.Path(path_type=Path), help="BBC News Summary folder.")
@click.option("--frank", type=click.Path(path_type=Path), help="FRANK frank_flat.jsonl.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N articles.")
@click.option("--half", type=click.Choice(summary_eval.HALVES),
              help="Only the even (tuning) or odd (held-out) cases in sorted id order.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def eval_summary(app: AppContext, bbc: Path | None, frank: Path | None, limit: int | None, half: str | None,
                 as_json: bool) -> None:
    """ROUGE-1/2/L of the brief's summary paragraph next to Lead-3, LexRank and TextRank."""
    if (bbc is None) == (frank is None):
        raise InputError("give exactly one of --bbc DIR or --frank JSONL")
    cases = summary_eval.read_bbc(bbc, limit) if bbc else summary_eval.read_frank(frank, limit)  # type: ignore[arg-type]
    cases = summary_eval.split_half(cases, half) if half else cases
    report = summary_eval.evaluate_summaries(cases, app.settings)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(f"{report['documents']} articles, {report['sentences']} sentences per summary (ROUGE F1 x100)")
    click.echo(f"{'system':<14} {'R-1':>6} {'R-2':>6} {'R-L':>6}")
    for name, row in report["systems"].items():
        click.echo(f"{name:<14} {100 * row['rouge1']:>6.2f} {100 * row['rouge2']:>6.2f} {100 * row['rougeL']:>6.2f}")
    ratios = report["ratio_to_best_baseline"]
    click.echo("sanctionwatch / best baseline: " + ", ".join(
        f"{m} {ratios[m]['ratio']:.3f} ({ratios[m]['baseline']})" for m in summary_eval.METRICS))


COMMANDS = (cluster_cmd, stories_cmd, figures_cmd)
EVAL_COMMANDS = (eval_clustering, eval_summary)
