"""The work of one part, and what the client does with its result.

    client: read_lists     the current sanctions lists, read once per run (None when no list is loaded)
    worker: process_part   read the part -> extract_article per document -> analyze_articles (nlp.pipe batches)
                           -> match_mentions against the screening index (built once per process)
    client: store_part     save_article, then save_analysis and save_matches for what is new (or was
                           analysed by an older version)

The per-document steps are the pipeline's stage functions in the pipeline's order, so a batch run
stores what ``sanctionwatch ingest`` would. Workers never touch the store; only the client writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import threading
import time
from collections.abc import Mapping

from sanctionwatch.analyze import ANALYZER_VERSION, analyze_articles
from sanctionwatch.errors import InputError
from sanctionwatch.extract import extract_article
from sanctionwatch.ingest.archive import ArchivePart, read_part
from sanctionwatch.link import ScreeningIndex, build_index, match_mentions
from sanctionwatch.model import Analysis, Article, ListEntry, Match, Problem, RawDocument
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import save_analysis, stored_analyzer_version
from sanctionwatch.store.articles import save_article
from sanctionwatch.store.lists import current_versions, save_matches, version_entries

log = logging.getLogger(__name__)
RETRIES = 2  # a failed part is tried this many more times before it is reported as failed


@dataclasses.dataclass
class Processed:
    """One document through the stages: the article, its analysis and its matches (None: no list loaded)."""

    article: Article
    analysis: Analysis
    matches: list[Match] | None = None


@dataclasses.dataclass
class ListSnapshot:
    """The current sanctions lists as the client read them; ``key`` names their versions and contents."""

    key: str
    entries: list[ListEntry]
    version_ids: dict[str, int]


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
    analysed: list[str] = dataclasses.field(default_factory=list)
    matches: int = 0
    stories: int = 0  # stories joined or started by this run's articles (0 without the stories stage)
    alerts: int = 0
    problems: list[Problem] = dataclasses.field(default_factory=list)
    failed: list[Problem] = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, int | float]:
        return {"parts": self.parts, "new": len(self.new), "duplicates": len(self.duplicates),
                "analysed": len(self.analysed), "matches": self.matches, "stories": self.stories,
                "alerts": self.alerts, "skipped": len(self.problems), "failed_parts": len(self.failed),
                "seconds": round(self.seconds, 2)}


def read_lists(store: Store) -> ListSnapshot | None:
    """The entries of the current version of every list, read once per run; None when no list is loaded."""
    versions = current_versions(store)
    if not versions:
        return None
    key = hashlib.sha256(";".join(f"{v.name}:{v.id}:{v.content_hash}" for v in versions).encode()).hexdigest()
    entries = [entry for version in versions for entry in version_entries(store, version.id)]
    return ListSnapshot(key[:16], entries, {version.name: version.id for version in versions})


def process_part(part: ArchivePart, settings: Settings, mapping: Mapping[str, str] | None = None,
                 index: ScreeningIndex | None = None) -> PartResult:
    """Read one part, extract its articles, analyse them in batches and match their mentions (runs in a worker).

    Without an index (no list loaded) linking is skipped, as in the pipeline.
    """
    started = time.perf_counter()
    extracted = [extract_document(item, settings) if isinstance(item, RawDocument) else item
                 for item in read_part(part, settings, mapping)]
    analysed = analyze_articles([item for item in extracted if isinstance(item, Article)], settings)
    items = [_link(item, next(analysed), index, settings) if isinstance(item, Article) else item
             for item in extracted]
    return PartResult(part, items, time.perf_counter() - started)


def process_part_with_lists(part: ArchivePart, settings: Settings, mapping: Mapping[str, str] | None,
                            lists: ListSnapshot | None) -> PartResult:
    """``process_part`` with the index of these lists, built the first time this process sees them."""
    return process_part(part, settings, mapping, screening_index(lists) if lists is not None else None)


_indexes: dict[str, ScreeningIndex] = {}
_building = threading.Lock()


def screening_index(lists: ListSnapshot) -> ScreeningIndex:
    """The index of the lists, built once per process and kept until other lists arrive."""
    with _building:
        if lists.key not in _indexes:
            _indexes.clear()  # one index at a time: an older one is not needed again
            _indexes[lists.key] = build_index(lists.entries, lists.version_ids)
        return _indexes[lists.key]


def _link(article: Article, analysis: Analysis, index: ScreeningIndex | None, settings: Settings) -> Processed:
    matches = match_mentions(article, analysis, index, settings) if index is not None else None
    return Processed(article, analysis, matches)


def extract_document(raw: RawDocument, settings: Settings) -> Article | Problem:
    """The article in one document; a document without one is a Problem."""
    try:
        return extract_article(raw, settings)
    except InputError as error:
        return Problem(raw.origin, str(error))


def store_part(store: Store, result: PartResult, report: BatchReport) -> None:
    """Save a part's articles (the same text once), and the analyses the store lacks with their matches
    (analysts' judgements respected), in the client."""
    for item in result.items:
        if isinstance(item, Problem):
            log.warning("skipped %s: %s", item.origin, item.reason)
            report.problems.append(item)
            continue
        stored, new = save_article(store, item.article)
        (report.new if new else report.duplicates).append(stored.id)
        if new or _needs_analysis(store, stored.id):
            save_analysis(store, dataclasses.replace(item.analysis, article_id=stored.id))
            report.analysed.append(stored.id)
            if item.matches is not None:
                found = [dataclasses.replace(match, article_id=stored.id) for match in item.matches]
                report.matches += save_matches(store, stored.id, found)
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
    return stored_analyzer_version(store, article_id) != ANALYZER_VERSION
