import dataclasses
import sqlite3

import pytest
import sqlalchemy as sa

from sanctionwatch.errors import SchemaVersionError, StoreError
from sanctionwatch.extract import content_hash
from sanctionwatch.model import Article
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.articles import count_articles, get_article, save_article
from sanctionwatch.store.engine import SQLITE_PAGE_SIZE
from sanctionwatch.store.migrate import latest_version
from sanctionwatch.store.schema import articles, schema_info


def make_article(text: str, url: str | None = "https://example.org/a?utm_source=x") -> Article:
    digest = content_hash(text)
    return Article(id=digest[:16], title="T", text=text, url=url, canonical_url=url, content_hash=digest,
                   source_domain="example.org", ingested_at="2026-11-29T00:00:00+00:00")


def test_same_text_is_stored_once(store: Store) -> None:
    first, new = save_article(store, make_article("Pyongyang sent workers."))
    again, new_again = save_article(store, make_article("Pyongyang sent workers."))
    assert new and not new_again and again.id == first.id
    assert count_articles(store) == 1


def test_new_text_at_same_url_is_next_version(store: Store) -> None:
    first, _ = save_article(store, make_article("First text of the report."))
    second, new = save_article(store, make_article("Revised text of the report."))
    stored = get_article(store, second.id)
    assert new and stored is not None and stored.version == 2
    with store.transaction() as conn:
        previous = conn.execute(sa.select(articles.c.previous_id).where(articles.c.id == second.id)).scalar()
    assert previous == first.id


@pytest.mark.backends("sqlite")
def test_sqlite_uses_wal_and_full_text_index(store: Store) -> None:
    save_article(store, make_article("Ship-to-ship transfers of refined petroleum."))
    with store.transaction() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA page_size")).scalar() == SQLITE_PAGE_SIZE
        hits = conn.execute(sa.text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'petroleum'")).all()
    assert len(hits) == 1


def test_newer_schema_is_refused_and_left_alone(settings: Settings, store: Store) -> None:
    with store.transaction() as conn:
        conn.execute(sa.update(schema_info).where(schema_info.c.key == "version").values(value="999"))
    with pytest.raises(SchemaVersionError, match="newer"):
        open_store(settings)
    with store.transaction() as conn:
        assert conn.execute(sa.select(schema_info.c.value)).scalar() == "999"


@pytest.mark.backends("sqlite")
def test_locked_database_is_a_store_error(settings: Settings, store: Store) -> None:
    save_article(store, make_article("Kept safe while locked."))
    quick = open_store(dataclasses.replace(settings, db_timeout=0.2))
    locker = sqlite3.connect(str(sa.engine.make_url(settings.db).database))
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            save_article(quick, make_article("Written while locked."))
    finally:
        locker.rollback()
        locker.close()
        quick.close()
    assert count_articles(store) == 1


def test_old_database_is_migrated_in_place(settings: Settings, store: Store) -> None:
    assert latest_version() >= 1
    with store.transaction() as conn:
        conn.execute(sa.update(schema_info).values(value="0"))
    reopened = open_store(settings)
    with reopened.transaction() as conn:
        assert conn.execute(sa.select(schema_info.c.value)).scalar() == str(latest_version())
    reopened.close()
