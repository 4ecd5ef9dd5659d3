"""Feeds, their queue of items, and the signatures deduplication compares new articles with.

``feed_items`` is the watch loop's durable queue: a feed fetch queues its new entries (and the
revised ones again) in the same transaction that records the feed's ETag and Last-Modified, and
each item is finished in the same transaction as the article it produced. A run killed at any
point therefore resumes with nothing lost and nothing ingested twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sanctionwatch.model import Article, DuplicateMatch, Feed, FeedEntry, FeedItem, from_dict, to_dict, utc_now
from sanctionwatch.store.articles import save_article
from sanctionwatch.store.engine import Store
from sanctionwatch.store.schema import analyses, article_signatures, articles, feed_items, feeds

FEED_COLUMNS = ("id", "url", "title", "etag", "last_modified", "last_fetched", "next_due", "interval_s",
                "error_count", "last_error")
DONE_STATES = ("ingested", "duplicate")


@dataclasses.dataclass
class StoredSignature:
    """A deduplication signature as stored: how it was made, its size, its bytes, and its original."""

    scheme: str
    shingles: int
    data: bytes
    url_key: str | None
    root_id: str


class JoinedStore(Store):
    """A Store whose ``transaction()`` is a transaction already open, so store functions join it."""

    def __init__(self, store: Store, conn: Connection) -> None:
        super().__init__(store.engine, store.url)
        self._conn = conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        yield self._conn


def add_feed(store: Store, url: str, title: str | None = None, interval_s: int = 1800) -> tuple[Feed, bool]:
    """Follow a feed; a feed already followed is returned as it is, with False."""
    with store.transaction() as conn:
        existing = conn.execute(sa.select(feeds).where(feeds.c.url == url)).mappings().first()
        if existing is not None:
            return _feed(existing), False
        values = {"url": url, "title": title, "interval_s": interval_s, "error_count": 0}
        new_id = conn.execute(sa.insert(feeds).values(**values)).inserted_primary_key
    return Feed(id=int(new_id[0]), url=url, title=title, interval_s=interval_s), True


def list_feeds(store: Store) -> list[Feed]:
    with store.transaction() as conn:
        return [_feed(row) for row in conn.execute(sa.select(feeds).order_by(feeds.c.id)).mappings()]


def find_feed(store: Store, ref: str) -> Feed | None:
    """A followed feed by its URL or its number."""
    condition = feeds.c.url == ref if not ref.isdigit() else sa.or_(feeds.c.id == int(ref), feeds.c.url == ref)
    with store.transaction() as conn:
        row = conn.execute(sa.select(feeds).where(condition)).mappings().first()
    return _feed(row) if row else None


def remove_feed(store: Store, feed_id: int) -> int:
    """Stop following a feed and forget its queue (its articles stay); returns the items dropped."""
    with store.transaction() as conn:
        dropped = conn.execute(sa.delete(feed_items).where(feed_items.c.feed_id == feed_id)).rowcount
        conn.execute(sa.delete(feeds).where(feeds.c.id == feed_id))
    return int(dropped or 0)


def due_feeds(store: Store, now: str) -> list[Feed]:
    """Feeds never fetched or whose next fetch is due at ``now``, the longest waiting first."""
    query = (sa.select(feeds).where(sa.or_(feeds.c.next_due.is_(None), feeds.c.next_due <= now))
             .order_by(feeds.c.next_due.is_not(None), feeds.c.next_due, feeds.c.id))
    with store.transaction() as conn:
        return [_feed(row) for row in conn.execute(query).mappings()]


def record_feed_fetch(store: Store, feed: Feed, items: list[FeedItem], now: str) -> int:
    """Queue the items not seen before (and those whose entry was updated since), and save the
    feed's new state (validators, title, next due time) in the same transaction. Returns the
    number of items queued."""
    with store.transaction() as conn:
        known = _known_items(conn, feed.id, [item.entry.guid for item in items])
        queued = 0
        for item in items:
            queued += _queue(conn, item, known.get(item.entry.guid), now)
        conn.execute(sa.update(feeds).where(feeds.c.id == feed.id).values(**_feed_values(feed)))
    return queued


def record_feed_failure(store: Store, feed: Feed) -> None:
    """Save a feed's error state (the caller has set last_error, error_count and next_due)."""
    with store.transaction() as conn:
        conn.execute(sa.update(feeds).where(feeds.c.id == feed.id).values(**_feed_values(feed)))


def queued_items(store: Store, max_attempts: int, limit: int | None = None) -> list[FeedItem]:
    """Items waiting to be fetched: new ones, and failed ones with attempts left, oldest first."""
    waiting = sa.or_(feed_items.c.state == "new",
                     sa.and_(feed_items.c.state == "failed", feed_items.c.attempts < max_attempts))
    query = sa.select(feed_items).where(waiting).order_by(feed_items.c.seen_at, feed_items.c.feed_id,
                                                          feed_items.c.guid)
    with store.transaction() as conn:
        return [_item(row) for row in conn.execute(query.limit(limit)).mappings()]


def article_for_url_key(store: Store, key: str | None, besides: tuple[int, str] | None = None) -> str | None:
    """The article already ingested from a page with this URL key (through any feed), if any;
    ``besides`` (feed id, guid) leaves out an item's own earlier ingestion (a revision)."""
    if not key:
        return None
    query = (sa.select(feed_items.c.article_id)
             .where(feed_items.c.url_key == key, feed_items.c.state.in_(DONE_STATES),
                    feed_items.c.article_id.is_not(None)).limit(1))
    if besides is not None:
        query = query.where(sa.not_(sa.and_(feed_items.c.feed_id == besides[0], feed_items.c.guid == besides[1])))
    with store.transaction() as conn:
        row = conn.execute(query).first()
    return str(row[0]) if row else None


def finish_item(store: Store, item: FeedItem, state: str, reason: str | None = None,
                article_id: str | None = None) -> None:
    """Record what became of an item; a failure counts as one attempt."""
    with store.transaction() as conn:
        _set_item(conn, item, state, reason, article_id)


def store_item_article(
    store: Store, item: FeedItem, article: Article, match: DuplicateMatch | None,
    signature: StoredSignature | None,
) -> tuple[Article, bool]:
    """Save the article of an item and finish the item, in one transaction: either both happen or
    neither does. A republished copy is linked to its original; returns (stored article, is new)."""
    with store.transaction() as conn:
        stored, is_new = save_article(JoinedStore(store, conn), article)
        if is_new and match is not None:
            conn.execute(sa.update(articles).where(articles.c.id == stored.id)
                         .values(duplicate_of=match.original_id))
        if is_new and signature is not None:
            conn.execute(sa.insert(article_signatures).values(**_signature_row(stored, signature)))
        reason = f"copy of {match.original_id}" if is_new and match else (None if is_new else "text already stored")
        _set_item(conn, item, "ingested" if is_new else "duplicate", reason, stored.id)
    return stored, is_new


def load_signatures(store: Store, scheme: str, since: str) -> list[tuple[str, StoredSignature]]:
    """Signatures made with ``scheme`` of the articles ingested since ``since``, oldest first."""
    table = article_signatures
    query = (sa.select(table).where(table.c.scheme == scheme, table.c.ingested_at >= since)
             .order_by(table.c.ingested_at, table.c.article_id))
    with store.transaction() as conn:
        return [(row["article_id"], StoredSignature(row["scheme"], row["shingles"], bytes(row["minhash"]),
                                                    row["url_key"], row["root_id"]))
                for row in conn.execute(query).mappings()]


def unanalysed_feed_articles(store: Store, analyzer_version: str) -> list[str]:
    """Articles ingested from feeds (copies aside) without an analysis by this analyzer version."""
    query = (
        sa.select(articles.c.id)
        .select_from(feed_items.join(articles, articles.c.id == feed_items.c.article_id)
                     .outerjoin(analyses, analyses.c.article_id == articles.c.id))
        .where(feed_items.c.state == "ingested", articles.c.duplicate_of.is_(None),
               sa.or_(analyses.c.article_id.is_(None), analyses.c.analyzer_version != analyzer_version))
        .distinct().order_by(articles.c.id)
    )
    with store.transaction() as conn:
        return [row[0] for row in conn.execute(query)]


def item_counts(store: Store) -> dict[int, dict[str, int]]:
    """Per feed, how many items are in each state."""
    query = sa.select(feed_items.c.feed_id, feed_items.c.state, sa.func.count()).group_by(
        feed_items.c.feed_id, feed_items.c.state)
    counts: dict[int, dict[str, int]] = {}
    with store.transaction() as conn:
        for feed_id, state, count in conn.execute(query):
            counts.setdefault(int(feed_id), {})[str(state)] = int(count)
    return counts


def _known_items(conn: Connection, feed_id: int, guids: list[str]) -> dict[str, tuple[str, str | None]]:
    known: dict[str, tuple[str, str | None]] = {}
    for start in range(0, len(guids), 500):
        query = sa.select(feed_items.c.guid, feed_items.c.state, feed_items.c.entry_updated).where(
            feed_items.c.feed_id == feed_id, feed_items.c.guid.in_(guids[start:start + 500]))
        known.update({row[0]: (row[1], row[2]) for row in conn.execute(query)})
    return known


def _queue(conn: Connection, item: FeedItem, known: tuple[str, str | None] | None, now: str) -> int:
    entry = item.entry
    row = {"url": entry.url, "url_key": item.url_key, "entry_updated": entry.updated, "entry": to_dict(entry),
           "state": "new", "attempts": 0, "reason": None, "seen_at": now, "done_at": None}
    if known is None:
        conn.execute(sa.insert(feed_items).values(feed_id=item.feed_id, guid=entry.guid, article_id=None, **row))
        return 1
    state, updated = known
    if state == "new" or not entry.updated or entry.updated == updated:
        return 0
    conn.execute(sa.update(feed_items).where(*_item_key(item)).values(**row))  # revised entry: fetch again
    return 1


def _set_item(conn: Connection, item: FeedItem, state: str, reason: str | None, article_id: str | None) -> None:
    values: dict[str, Any] = {"state": state, "reason": reason, "done_at": utc_now()}
    if article_id is not None:
        values["article_id"] = article_id
    if state == "failed":
        values["attempts"] = feed_items.c.attempts + 1
    conn.execute(sa.update(feed_items).where(*_item_key(item)).values(**values))


def _item_key(item: FeedItem) -> tuple[sa.ColumnElement[bool], ...]:
    return feed_items.c.feed_id == item.feed_id, feed_items.c.guid == item.entry.guid


def _signature_row(article: Article, signature: StoredSignature) -> dict[str, Any]:
    return {"article_id": article.id, "scheme": signature.scheme, "shingles": signature.shingles,
            "minhash": signature.data, "url_key": signature.url_key, "root_id": signature.root_id,
            "ingested_at": article.ingested_at or utc_now()}


def _feed(row: Any) -> Feed:
    return Feed(**{name: row[name] for name in FEED_COLUMNS})


def _feed_values(feed: Feed) -> dict[str, Any]:
    return {name: getattr(feed, name) for name in FEED_COLUMNS if name not in ("id", "url")}


def _item(row: Any) -> FeedItem:
    return FeedItem(feed_id=int(row["feed_id"]), entry=from_dict(FeedEntry, row["entry"]), state=row["state"],
                    attempts=int(row["attempts"] or 0), url_key=row["url_key"], article_id=row["article_id"],
                    reason=row["reason"])

