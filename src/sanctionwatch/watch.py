"""The watch loop: follow feeds, fetch what is new, extract, drop copies, store, analyse.

    watch(store, settings, options) -> WatchReport, one pass after another:
      1. refresh_feeds: each due feed is fetched (conditional GET) and parsed; its new and revised
         entries are queued in ``feed_items`` in the transaction that saves the feed's validators
      2. process_queue: queued items are fetched by worker threads (``Fetcher``: polite, bounded);
         the main thread extracts each page, drops copies (same URL key, same text, or a
         near-duplicate of a stored article, which is kept but linked to its original) and stores
         the article in the transaction that finishes the item
      3. the new articles (and any a killed run left unanalysed) are analysed (``pipeline``)
    A set ``stop`` event (SIGINT or SIGTERM through ``stop_on_signals``) ends the loop once the
    items in flight are stored; whatever was queued and not fetched waits in the store for the
    next run. Every item is finished in one transaction with its article, so a run killed at any
    point, even with kill -9, resumes without loss and without ingesting anything twice.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import datetime as dt
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

from sanctionwatch import pipeline
from sanctionwatch.analyze import ANALYZER_VERSION
from sanctionwatch.errors import FetchError, InputError
from sanctionwatch.extract import extract_article
from sanctionwatch.ingest.dedup import SCHEME, DuplicateIndex, Signature, text_signature, url_key
from sanctionwatch.ingest.feeds import ParsedFeed, feed_text, parse_feed
from sanctionwatch.ingest.fetch import (
    FetchCancelledError,
    FetchDeferredError,
    Fetcher,
    FetchRefusedError,
    page_document,
)
from sanctionwatch.model import Article, Feed, FeedItem, FetchResult, Problem, RawDocument, utc_now
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import unbriefed_article_ids
from sanctionwatch.store.feeds import (
    StoredSignature,
    article_for_url_key,
    due_feeds,
    finish_item,
    load_signatures,
    queued_items,
    record_feed_failure,
    record_feed_fetch,
    store_item_article,
    unanalysed_feed_articles,
)

log = logging.getLogger(__name__)
Echo = Callable[[str], None]
MIN_FEED_TEXT = 300  # characters of text a feed entry must carry to stand in for its page
MAX_FEED_BACKOFF = 86_400
MAX_KEPT_PROBLEMS = 1000


@dataclasses.dataclass
class WatchOptions:
    once: bool = False
    interval: float = 300.0
    analyze: bool = True


@dataclasses.dataclass
class WatchReport:
    """What one or more passes did; ``stopped`` when a signal ended the loop."""

    passes: int = 0
    feeds_fetched: int = 0
    feeds_unchanged: int = 0
    feeds_failed: int = 0
    queued: int = 0
    ingested: list[str] = dataclasses.field(default_factory=list)
    copies: list[str] = dataclasses.field(default_factory=list)
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    waiting: int = 0
    analysed: int = 0
    problems: list[Problem] = dataclasses.field(default_factory=list)
    stopped: bool = False

    def merge(self, other: WatchReport) -> None:
        for field in dataclasses.fields(self):
            mine, theirs = getattr(self, field.name), getattr(other, field.name)
            if isinstance(mine, list):
                mine.extend(theirs)
            elif isinstance(mine, int) and not isinstance(mine, bool):
                setattr(self, field.name, mine + theirs)
        self.stopped = self.stopped or other.stopped


@dataclasses.dataclass
class Outcome:
    """What a worker made of a queued item: a document to ingest, or the state to leave it in."""

    item: FeedItem
    document: RawDocument | None = None
    state: str | None = None  # failed | skipped | None: leave it queued (deferred or cancelled)
    reason: str = ""


def watch(store: Store, settings: Settings, options: WatchOptions, stop: threading.Event | None = None,
          echo: Echo | None = None) -> WatchReport:
    """Run passes until ``stop`` is set (or once); returns what they did together."""
    stop = stop or threading.Event()
    say = echo or (lambda _line: None)
    index = load_index(store, settings)
    total = WatchReport()
    with Fetcher(settings, stop) as fetcher:
        while not stop.is_set():
            total.merge(run_pass(store, settings, fetcher, index, options, say))
            del total.problems[:-MAX_KEPT_PROBLEMS]  # a long watch keeps the latest only
            if options.once or stop.wait(options.interval):
                break
    total.stopped = stop.is_set()
    return total


def run_pass(store: Store, settings: Settings, fetcher: Fetcher, index: DuplicateIndex, options: WatchOptions,
             say: Echo) -> WatchReport:
    """One pass: refresh the due feeds, work through the queue, run the pipeline on what is new."""
    report = WatchReport(passes=1)
    refresh_feeds(store, fetcher, report, say)
    process_queue(store, settings, fetcher, index, report, say)
    if options.analyze and not fetcher.stop.is_set():
        ids = list(dict.fromkeys([*report.ingested, *unanalysed_feed_articles(store, ANALYZER_VERSION)]))
        analysed = pipeline.analyze_stored(store, settings, ids)
        report.analysed = len(analysed)
        pipeline.finish_articles(store, settings, list(dict.fromkeys([*analysed, *unbriefed_article_ids(store)])))
    say(_summary(report))
    return report


def refresh_feeds(store: Store, fetcher: Fetcher, report: WatchReport, say: Echo) -> None:
    """Fetch every due feed, one after another (the pages are what is fetched in parallel)."""
    for feed in due_feeds(store, utc_now()):
        if fetcher.stop.is_set():
            return
        outcome = refresh_feed(store, fetcher, feed, report)
        say(f"feed {feed.id} {feed.url}: {outcome}")


def refresh_feed(store: Store, fetcher: Fetcher, feed: Feed, report: WatchReport) -> str:
    """Fetch and parse one feed and queue its new entries; returns a line saying what happened."""
    now = utc_now()
    try:
        result = fetcher.fetch(feed.url, "feed", feed.etag, feed.last_modified)
        parsed = None if result.status == 304 else parse_feed(result.data, result.url, _content_type(result))
    except FetchCancelledError:
        return "left for the next run (stopping)"
    except (FetchError, InputError) as error:
        _feed_failed(store, feed, error, now, report)
        return f"failed: {error}"
    _feed_fetched(feed, now, result.etag or feed.etag, result.last_modified or feed.last_modified)
    if parsed is None:
        report.feeds_unchanged += 1
        record_feed_fetch(store, feed, [], now)
        return "not modified"
    return _queue_entries(store, feed, parsed, now, report)


def _queue_entries(store: Store, feed: Feed, parsed: ParsedFeed, now: str, report: WatchReport) -> str:
    feed.title = feed.title or parsed.title
    for problem in parsed.problems:
        log.warning("feed %s: skipped %s: %s", feed.url, problem.origin, problem.reason)
    report.problems.extend(parsed.problems)
    items = [FeedItem(feed_id=feed.id, entry=entry, url_key=url_key(entry.url)) for entry in parsed.entries]
    queued = record_feed_fetch(store, feed, items, now)
    report.feeds_fetched += 1
    report.queued += queued
    return f"{len(items)} entries, {queued} new or revised"


def process_queue(store: Store, settings: Settings, fetcher: Fetcher, index: DuplicateIndex,
                  report: WatchReport, say: Echo) -> None:
    """Fetch the queued items in worker threads and settle each in the main thread. An item whose
    URL key matches one already in this batch waits for the next batch, where it is known."""
    items = queued_items(store, settings.item_max_attempts)
    while items and not fetcher.stop.is_set():
        items = _work_through(store, settings, fetcher, index, items, report, say)
    report.waiting += len(items)


def _work_through(store: Store, settings: Settings, fetcher: Fetcher, index: DuplicateIndex,
                  items: list[FeedItem], report: WatchReport, say: Echo) -> list[FeedItem]:
    queue, held, keys = iter(items), [], set()
    workers = max(1, settings.fetch_concurrency)
    with cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
        in_flight: dict[cf.Future[Outcome], FeedItem] = {}
        while True:
            while len(in_flight) < 2 * workers and not fetcher.stop.is_set():
                item = next(queue, None)
                if item is None:
                    break
                if item.url_key is not None and item.url_key in keys:
                    held.append(item)
                elif not _known_page(store, item, report, say):
                    keys.add(item.url_key)
                    in_flight[pool.submit(fetch_item, fetcher, item, settings.item_max_attempts)] = item
            if not in_flight:
                break
            done, _ = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
            for future in done:
                del in_flight[future]
                settle(store, settings, index, future.result(), report, say)
    return held + list(queue)


def fetch_item(fetcher: Fetcher, item: FeedItem, max_attempts: int) -> Outcome:
    """The page of a queued item as a document, or why not (worker thread: no store access)."""
    entry = item.entry
    if not entry.url:
        return _from_feed_content(item, "the entry has no link") or Outcome(item, state="skipped",
                                                                             reason="no link and no text")
    try:
        result = fetcher.fetch(entry.url, "page")
    except FetchCancelledError:
        return Outcome(item, reason="stopping")
    except FetchDeferredError as error:
        return Outcome(item, reason=str(error))
    except FetchRefusedError as error:
        return _from_feed_content(item, str(error)) or Outcome(item, state="skipped", reason=str(error))
    except FetchError as error:
        last_try = item.attempts + 1 >= max_attempts
        fallback = _from_feed_content(item, str(error)) if last_try else None
        return fallback or Outcome(item, state="failed", reason=str(error))
    fields = {key: value for key, value in (("title", entry.title), ("date", entry.published)) if value}
    return Outcome(item, document=page_document(result, fields))


def settle(store: Store, settings: Settings, index: DuplicateIndex, outcome: Outcome, report: WatchReport,
           say: Echo) -> None:
    """Store what a worker brought back (main thread)."""
    item = outcome.item
    if outcome.document is not None:
        ingest_item(store, settings, index, item, outcome.document, report, say)
        return
    if outcome.state is None:
        report.waiting += 1
        return
    log.warning("feed item %s: %s: %s", item.entry.url or item.entry.guid, outcome.state, outcome.reason)
    report.problems.append(Problem(item.entry.url or item.entry.guid, outcome.reason))
    finish_item(store, item, outcome.state, outcome.reason)
    if outcome.state == "failed":
        report.failed += 1
    else:
        report.skipped += 1
    say(f"{outcome.state} {item.entry.url or item.entry.guid}: {outcome.reason}")


def ingest_item(store: Store, settings: Settings, index: DuplicateIndex, item: FeedItem, raw: RawDocument,
                report: WatchReport, say: Echo) -> None:
    """Extract, look for the original it copies, and store it with the item's state."""
    article = _extracted(store, settings, item, raw, report, say)
    if article is None:
        return
    signature = text_signature(article.text)
    match = index.find(signature, item.url_key) if signature is not None else None
    root = match.original_id if match else article.id
    stored_signature = _stored(signature, item.url_key, root) if signature is not None else None
    stored, is_new = store_item_article(store, item, article, match, stored_signature)
    if not is_new:
        report.duplicates += 1
        say(f"duplicate {raw.origin}: same text as article {stored.id}")
        return
    if signature is not None:
        index.add(stored.id, signature, item.url_key, root)
    (report.copies if match else report.ingested).append(stored.id)
    say(f"ingested {stored.id} {stored.title[:70]}" + (f" (copy of {match.original_id})" if match else ""))


def _extracted(store: Store, settings: Settings, item: FeedItem, raw: RawDocument, report: WatchReport,
               say: Echo) -> Article | None:
    try:
        article = extract_article(raw, settings)
    except InputError as error:
        report.skipped += 1
        report.problems.append(Problem(raw.origin, str(error)))
        finish_item(store, item, "skipped", str(error))
        say(f"skipped {raw.origin}: {error}")
        return None
    article.meta.update({"feed_id": item.feed_id, "feed_guid": item.entry.guid})
    return article


def load_index(store: Store, settings: Settings) -> DuplicateIndex:
    """The near-duplicate index over the articles stored within ``dedup_window_days``."""
    index = DuplicateIndex(settings.dedup_threshold)
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=settings.dedup_window_days)).isoformat(timespec="seconds")
    for article_id, stored in load_signatures(store, SCHEME, since):
        index.add(article_id, Signature.from_bytes(stored.data, stored.shingles), stored.url_key, stored.root_id)
    return index


@contextlib.contextmanager
def stop_on_signals(stop: threading.Event, say: Echo) -> Iterator[None]:
    """While inside, SIGINT and SIGTERM set ``stop``; a second signal interrupts at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        say(f"{signal.Signals(signum).name}: stopping once the items in flight are stored (again to stop now)")

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _known_page(store: Store, item: FeedItem, report: WatchReport, say: Echo) -> bool:
    """Finish an item whose page was already ingested through another entry or feed."""
    existing = article_for_url_key(store, item.url_key, (item.feed_id, item.entry.guid))
    if existing is None:
        return False
    finish_item(store, item, "duplicate", f"same page as article {existing}", existing)
    report.duplicates += 1
    say(f"duplicate {item.entry.url}: same page as article {existing}")
    return True


def _from_feed_content(item: FeedItem, why: str) -> Outcome | None:
    """The text the feed carries for an entry, standing in for a page that cannot be had."""
    text = feed_text(item.entry.content)
    if len(text) < MIN_FEED_TEXT:
        return None
    fields = {"title": item.entry.title, "date": item.entry.published or "", "url": item.entry.url or ""}
    document = RawDocument(origin=item.entry.url or item.entry.guid, data=text.encode("utf-8"), kind="record",
                           url=item.entry.url, fields={k: v for k, v in fields.items() if v})
    log.info("%s: using the text the feed carries (%s)", document.origin, why)
    return Outcome(item, document=document)


def _feed_fetched(feed: Feed, now: str, etag: str | None, last_modified: str | None) -> None:
    feed.etag, feed.last_modified, feed.last_fetched = etag, last_modified, now
    feed.error_count, feed.last_error = 0, None
    feed.next_due = _later(now, feed.interval_s)


def _feed_failed(store: Store, feed: Feed, error: Exception, now: str, report: WatchReport) -> None:
    report.feeds_failed += 1
    report.problems.append(Problem(feed.url, str(error)))
    feed.error_count += 1
    feed.last_error, feed.last_fetched = str(error), now
    if isinstance(error, FetchDeferredError):
        feed.next_due = _later(now, error.retry_after)
    else:
        feed.next_due = _later(now, min(feed.interval_s * 2 ** min(feed.error_count - 1, 8), MAX_FEED_BACKOFF))
    log.warning("feed %s: %s (next try %s)", feed.url, error, feed.next_due)
    record_feed_failure(store, feed)


def _stored(signature: Signature, key: str | None, root: str) -> StoredSignature:
    return StoredSignature(SCHEME, signature.shingles, signature.to_bytes(), key, root)


def _content_type(result: FetchResult) -> str:
    charset = f"; charset={result.charset}" if result.charset else ""
    return result.content_type + charset if result.content_type else ""


def _summary(report: WatchReport) -> str:
    return (f"pass done: {report.feeds_fetched} feeds fetched, {report.feeds_unchanged} unchanged, "
            f"{report.feeds_failed} failed; {len(report.ingested)} articles new, {len(report.copies)} copies "
            f"linked, {report.duplicates} duplicates, {report.skipped} skipped, {report.failed} failed, "
            f"{report.waiting} waiting; {report.analysed} analysed")


def _later(now: str, seconds: float) -> str:
    return (dt.datetime.fromisoformat(now) + dt.timedelta(seconds=seconds)).isoformat(timespec="seconds")

