"""The pipeline: the one module that knows the stage order.

    ingest (RawDocument) -> extract (Article) -> store
    analyze (Analysis) -> link (Match) -> cluster (Story) -> brief (Brief)

Every step is idempotent and writes each item in one transaction, so a killed run resumes where it
stopped: ingest skips text already stored, analysis picks up the articles without a current one.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable

from sanctionwatch.analyze import ANALYZER_VERSION, analyze_article, analyze_articles
from sanctionwatch.brief import write_article_brief
from sanctionwatch.brief.render import render_text
from sanctionwatch.errors import InputError
from sanctionwatch.extract import extract_article
from sanctionwatch.link import build_index, match_mentions
from sanctionwatch.model import Analysis, Article, Brief, Problem, RawDocument
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


@dataclasses.dataclass
class ProcessReport:
    ingest: IngestReport
    analysed: list[str]
    matches: int
    briefs: dict[str, str]  # article id -> brief text


def process(store: Store, items: Iterable[RawDocument | Problem], settings: Settings, analyze: bool = True,
            progress: Progress | None = None) -> ProcessReport:
    """Every stage in order over new input: ingest, analyse, link, cluster, brief."""
    report = ingest_documents(store, items, settings, progress)
    if not analyze:
        return ProcessReport(ingest=report, analysed=[], matches=0, briefs={})
    analysed = analyze_stored(store, settings)
    unfinished = list(dict.fromkeys([*analysed, *unbriefed_article_ids(store)]))  # a killed run's, too
    matches = link_stored(store, settings, unfinished)
    briefs = {article_id: render_text(brief_stored(store, article_id, settings)[2]) for article_id in unfinished}
    return ProcessReport(ingest=report, analysed=analysed, matches=matches, briefs=briefs)
