"""The work of one part, and what the client does with its result.

    worker: process_part   read the part -> extract_article per document -> analyze_articles (nlp.pipe batches)
    client: store_part     save_article, then save_analysis for what is new (or analysed by an older version)

The per-document steps are the pipeline's stage functions in the pipeline's order, so a batch run
stores what ``sanctionwatch ingest`` would. Workers never touch the store; only the client writes.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Mapping

from sanctionwatch.analyze import ANALYZER_VERSION, analyze_articles
from sanctionwatch.errors import InputError
from sanctionwatch.extract import extract_article
from sanctionwatch.ingest.archive import ArchivePart, read_part
from sanctionwatch.model import Analysis, Article, Problem, RawDocument
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import load_analysis, save_analysis
from sanctionwatch.store.articles import save_article

log = logging.getLogger(__name__)
RETRIES = 2  # a failed part is tried this many more times before it is reported as failed


@dataclasses.dataclass
class Processed:
    """One document through the stages: the article and its analysis."""

    article: Article
    analysis: Analysis


@dataclasses.dataclass
class PartResult:
    part: ArchivePart
    items: list[Processed | Problem]
    seconds: float


@dataclasses.dataclass
class BatchReport:
    """What a batch run did; ``failed`` names every part that failed after its retries."""

    parts: int = 0
    new: list[str] = dataclasses.field(default_factory=list)
    duplicates: list[str] = dataclasses.field(default_factory=list)
    analysed: int = 0
    problems: list[Problem] = dataclasses.field(default_factory=list)
    failed: list[Problem] = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, int | float]:
        return {"parts": self.parts, "new": len(self.new), "duplicates": len(self.duplicates),
                "analysed": self.analysed, "skipped": len(self.problems), "failed_parts": len(self.failed),
                "seconds": round(self.seconds, 2)}


def process_part(part: ArchivePart, settings: Settings, mapping: Mapping[str, str] | None = None) -> PartResult:
    """Read one part, extract its articles and analyse them in batches (runs in a worker)."""
    started = time.perf_counter()
    extracted = [extract_document(item, settings) if isinstance(item, RawDocument) else item
                 for item in read_part(part, settings, mapping)]
    analysed = analyze_articles([item for item in extracted if isinstance(item, Article)], settings)
    items = [Processed(item, next(analysed)) if isinstance(item, Article) else item for item in extracted]
    return PartResult(part, items, time.perf_counter() - started)


def extract_document(raw: RawDocument, settings: Settings) -> Article | Problem:
    """The article in one document; a document without one is a Problem."""
    try:
        return extract_article(raw, settings)
    except InputError as error:
        return Problem(raw.origin, str(error))


def store_part(store: Store, result: PartResult, report: BatchReport) -> None:
    """Save a part's articles (the same text once) and the analyses the store lacks (runs in the client)."""
    for item in result.items:
        if isinstance(item, Problem):
            log.warning("skipped %s: %s", item.origin, item.reason)
            report.problems.append(item)
            continue
        stored, new = save_article(store, item.article)
        (report.new if new else report.duplicates).append(stored.id)
        if new or _needs_analysis(store, stored.id):
            save_analysis(store, dataclasses.replace(item.analysis, article_id=stored.id))
            report.analysed += 1
    report.parts += 1


def record_failure(report: BatchReport, part: ArchivePart, error: BaseException) -> None:
    """Report a part that failed after its retries: never dropped in silence."""
    log.error("part %s failed after %d retries: %r", part.label, RETRIES, error)
    report.failed.append(Problem(part.label, f"{type(error).__name__}: {error}"))
    report.parts += 1


def worker_settings(settings: Settings) -> Settings:
    """The settings shipped to workers, without the database URL and secrets they have no use for."""
    return dataclasses.replace(settings, db="", web_token="", webhook_secret="")


def _needs_analysis(store: Store, article_id: str) -> bool:
    stored = load_analysis(store, article_id)
    return stored is None or stored.analyzer_version != ANALYZER_VERSION
