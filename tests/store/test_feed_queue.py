"""The intake tables: followed feeds, the queue of items, and items finished with their article."""

import dataclasses

import pytest
import sqlalchemy as sa

from sanctionwatch.errors import StoreError
from sanctionwatch.extract import content_hash
from sanctionwatch.model import Article, DuplicateMatch, FeedEntry, FeedItem
from sanctionwatch.store import Store
from sanctionwatch.store.articles import count_articles, get_article
from sanctionwatch.store.feeds import (
    StoredSignature,
    add_feed,
    article_for_url_key,
    due_feeds,
    find_feed,
    finish_item,
    item_counts,
    list_feeds,
    load_signatures,
    queued_items,
    record_feed_fetch,
    remove_feed,
    store_item_article,
)
from sanctionwatch.store.schema import articles

NOW = "2026-11-29T12:00:00+00:00"


def item(feed_id: int, guid: str, updated: str | None = None) -> FeedItem:
    entry = FeedEntry(guid=guid, url=f"https://news.example/{guid}", title=guid.title(), updated=updated)
    return FeedItem(feed_id=feed_id, entry=entry, url_key=f"news.example/{guid}")


def article(text: str, url: str) -> Article:
    digest = content_hash(text)
    return Article(id=digest[:16], title="T", text=text, url=url, canonical_url=url, content_hash=digest,
                   ingested_at=NOW)


def test_feeds_are_added_once_found_by_url_or_number_and_removed(store: Store) -> None:
    feed, new = add_feed(store, "https://a.example/rss", "A", 600)
    again, new_again = add_feed(store, "https://a.example/rss")
    assert (new, new_again, again.id, again.interval_s) == (True, False, feed.id, 600)
    assert find_feed(store, str(feed.id)) == find_feed(store, "https://a.example/rss") == again
    record_feed_fetch(store, feed, [item(feed.id, "one")], NOW)
    assert remove_feed(store, feed.id) == 1
    assert list_feeds(store) == [] and find_feed(store, "https://a.example/rss") is None


def test_a_fetch_queues_new_and_revised_entries_only_and_moves_the_feed_on(store: Store) -> None:
    feed, _ = add_feed(store, "https://a.example/rss")
    assert due_feeds(store, NOW) == [feed]
    feed = dataclasses.replace(feed, etag='"v1"', next_due="2026-11-29T12:30:00+00:00")
    assert record_feed_fetch(store, feed, [item(feed.id, "one", "u1"), item(feed.id, "two", "u1")], NOW) == 2
    assert due_feeds(store, NOW) == [] and list_feeds(store)[0].etag == '"v1"'
    first, second = queued_items(store, max_attempts=3)
    finish_item(store, first, "ingested", article_id="a1")
    finish_item(store, second, "failed", "HTTP 503")
    assert record_feed_fetch(store, feed, [item(feed.id, "one", "u1"), item(feed.id, "two", "u1")], NOW) == 0
    assert [i.entry.guid for i in queued_items(store, max_attempts=3)] == ["two"]  # a retry
    assert queued_items(store, max_attempts=1) == []  # out of attempts
    assert record_feed_fetch(store, feed, [item(feed.id, "one", "u2")], NOW) == 1  # revised: fetched again
    assert item_counts(store) == {feed.id: {"new": 1, "failed": 1}}


def test_an_item_is_finished_in_the_same_transaction_as_its_article(store: Store) -> None:
    feed, _ = add_feed(store, "https://a.example/rss")
    record_feed_fetch(store, feed, [item(feed.id, "one"), item(feed.id, "two"), item(feed.id, "three")], NOW)
    one, two, three = queued_items(store, max_attempts=3)
    first = article("North Korean workers were sent to Russia on student visas.", "https://news.example/one")
    signature = StoredSignature("minhash-w5-p128", 30, b"\x00" * 512, one.url_key, first.id)
    stored, new = store_item_article(store, one, first, None, signature)
    assert new and get_article(store, stored.id) is not None
    copy = article("North Korean workers were sent to Russia on student visas, a mirror says.", "https://m.example/2")
    match = DuplicateMatch(original_id=stored.id, score=0.9)
    copied, copy_new = store_item_article(store, two, copy, match, None)
    with store.transaction() as conn:
        linked = conn.execute(sa.select(articles.c.duplicate_of).where(articles.c.id == copied.id)).scalar_one()
    assert copy_new and linked == stored.id
    again, again_new = store_item_article(store, three, dataclasses.replace(first), None, None)
    assert (again_new, again.id) == (False, stored.id)
    assert item_counts(store) == {feed.id: {"ingested": 2, "duplicate": 1}}
    assert article_for_url_key(store, one.url_key) == stored.id
    assert article_for_url_key(store, one.url_key, (feed.id, "one")) is None
    assert [article_id for article_id, _ in load_signatures(store, "minhash-w5-p128", "2000")] == [stored.id]


def test_a_failed_save_leaves_the_item_queued(store: Store) -> None:
    feed, _ = add_feed(store, "https://a.example/rss")
    record_feed_fetch(store, feed, [item(feed.id, "one")], NOW)
    (queued,) = queued_items(store, max_attempts=3)
    broken = article("A text whose signature row cannot be written.", "https://news.example/one")
    bad_signature = StoredSignature("minhash-w5-p128", 1, None, None, broken.id)  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        store_item_article(store, queued, broken, None, bad_signature)
    assert count_articles(store) == 0
    assert [i.entry.guid for i in queued_items(store, max_attempts=3)] == ["one"]
