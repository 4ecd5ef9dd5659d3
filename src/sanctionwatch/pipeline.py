"""The pipeline: the one module that knows the stage order.

    ingest (RawDocument) -> extract (Article) -> store
    analyze (Analysis) -> link (Match) -> cluster (Story) -> brief (Brief) -> alerts

Every step is idempotent and writes each item in one transaction, so a killed run resumes where it
stopped: ingest skips text already stored, analysis picks up the articles without a current one.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Collection, Iterable

from sanctionwatch import alerts
from sanctionwatch.analyze import ANALYZER_VERSION, analyze_article, analyze_articles
from sanctionwatch.brief import write_article_brief
from sanctionwatch.brief.render import render_text
from sanctionwatch.brief.story import write_story_brief
from sanctionwatch.errors import InputError
from sanctionwatch.extract import extract_article
from sanctionwatch.figures import build_timelines, figure_points
from sanctionwatch.link import build_index, match_mentions
from sanctionwatch.model import (
    Analysis,
    Article,
    Assignment,
    Brief,
    FigurePoint,
    FigureTimeline,
    Problem,
    RawDocument,
    Story,
)
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import (
    load_analysis,
    pending_article_ids,
    save_analysis,
    save_brief,
    unbriefed_article_ids,
)
from sanctionwatch.store.articles import get_article, save_article
from sanctionwatch.store.lists import current_version_ids, load_current_entries, save_matches
from sanctionwatch.store.stories import assign_articles, get_story, story_members, unbriefed_story_ids

log = logging.getLogger(__name__)
Progress = Callable[[int], None]


@dataclasses.dataclass
class IngestReport:
    new: list[str] = dataclasses.field(default_factory=list)
    duplicates: list[str] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)


def ingest_documents(
    store: Store, items: Iterable[RawDocument | Problem], settings: Settings, progress: Progress | None = None
) -> IngestReport:
    """Extract and store each document; text already stored is counted as a duplicate, not stored again."""
    report = IngestReport()
    for item in items:
        outcome = item if isinstance(item, Problem) else _ingest_one(store, item, settings)
        if isinstance(outcome, Problem):
            log.warning("skipped %s: %s", outcome.origin, outcome.reason)
            report.problems.append(outcome)
        else:
            (report.new if outcome[1] else report.duplicates).append(outcome[0].id)
        if progress:
            progress(1)
    return report


def _ingest_one(store: Store, raw: RawDocument, settings: Settings) -> Problem | tuple[Article, bool]:
    try:
        article = extract_article(raw, settings)
    except InputError as error:
        return Problem(raw.origin, str(error))
    return save_article(store, article)


def analyze_stored(
    store: Store, settings: Settings, article_ids: Iterable[str] | None = None, progress: Progress | None = None
) -> list[str]:
    """Analyse the given articles (default: every article without a current analysis) and store the results."""
    ids = list(article_ids) if article_ids is not None else pending_article_ids(store, ANALYZER_VERSION)
    articles = (article for article_id in ids if (article := get_article(store, article_id)) is not None)
    done = []
    for analysis in analyze_articles(articles, settings):
        save_analysis(store, analysis)
        done.append(analysis.article_id)
        if progress:
            progress(1)
    return done


def brief_stored(store: Store, article_id: str, settings: Settings) -> tuple[Article, Analysis, Brief]:
    """Write (and store) the brief of a stored article, analysing it first if needed."""
    article = get_article(store, article_id)
    if article is None:
        raise InputError(f"no article with id {article_id}")
    analysis = load_analysis(store, article_id)
    if analysis is None or analysis.analyzer_version != ANALYZER_VERSION:
        analysis = analyze_article(article, settings)
        save_analysis(store, analysis)
    brief = write_article_brief(article, analysis)
    save_brief(store, brief, render_text(brief))
    return article, analysis, brief


def link_stored(store: Store, settings: Settings, article_ids: Iterable[str]) -> int:
    """Screen the named parties of the given analysed articles against the current lists; return matches stored."""
    ids = list(article_ids)
    version_ids = current_version_ids(store)
    if not ids or not version_ids:
        return 0
    index = build_index(load_current_entries(store), version_ids)
    stored = 0
    for article_id in ids:
        article, analysis = get_article(store, article_id), load_analysis(store, article_id)
        if article is not None and analysis is not None:
            stored += save_matches(store, article_id, match_mentions(article, analysis, index, settings))
    return stored


def story_timelines(store: Store, stories: list[Story]) -> list[FigureTimeline]:
    """The figure timelines of the given stories' articles, together."""
    points: list[FigurePoint] = []
    for story in stories:
        for article, analysis in story_members(store, story):
            if analysis is not None:
                points += figure_points(article, analysis, story.id)
    return build_timelines(points)


def brief_story(store: Store, story: Story) -> Brief:
    """Write (and store) the brief of a story from its articles and figure timelines."""
    brief = write_story_brief(story, story_members(store, story), story_timelines(store, [story]))
    save_brief(store, brief, render_text(brief))
    return brief


def cluster_stored(store: Store, settings: Settings, article_ids: Iterable[str]) -> list[Assignment]:
    """Put the given analysed articles into stories (joined or new) and brief every story touched."""
    assignments = assign_articles(store, article_ids, settings)
    for story_id in sorted({a.story_id for a in assignments} | set(unbriefed_story_ids(store))):  # a killed run's
        if (story := get_story(store, story_id)) is not None:
            brief_story(store, story)
    return assignments


@dataclasses.dataclass
class StageReport:
    matches: int = 0
    assignments: list[Assignment] = dataclasses.field(default_factory=list)
    alerts: int = 0
    briefs: dict[str, str] = dataclasses.field(default_factory=dict)  # article id -> brief text


def finish_articles(store: Store, settings: Settings, article_ids: Iterable[str],
                    linked: Collection[str] = ()) -> StageReport:
    """The stages after analysis, for freshly analysed articles: link, cluster, brief, alert.

    ``linked`` names articles whose matches are already stored (a batch run links in its workers).
    """
    ids = list(article_ids)
    report = StageReport(matches=link_stored(store, settings, [i for i in ids if i not in linked]))
    report.assignments = cluster_stored(store, settings, ids)
    report.briefs = {i: render_text(brief_stored(store, i, settings)[2]) for i in ids}
    report.alerts = len(alerts.queue_alerts(store, settings))
    if report.alerts and settings.webhook_secret:
        alerts.deliver_alerts(store, settings)
    return report


@dataclasses.dataclass
class ProcessReport:
    ingest: IngestReport
    analysed: list[str]
    stages: StageReport


def process(store: Store, items: Iterable[RawDocument | Problem], settings: Settings, analyze: bool = True,
            progress: Progress | None = None) -> ProcessReport:
    """Every stage in order over new input: ingest, analyse, link, cluster, brief."""
    report = ingest_documents(store, items, settings, progress)
    if not analyze:
        return ProcessReport(ingest=report, analysed=[], stages=StageReport())
    analysed = analyze_stored(store, settings)
    unfinished = list(dict.fromkeys([*analysed, *unbriefed_article_ids(store)]))  # a killed run's, too
    return ProcessReport(ingest=report, analysed=analysed, stages=finish_articles(store, settings, unfinished))
