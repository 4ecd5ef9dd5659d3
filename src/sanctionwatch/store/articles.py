"""Articles and their sources: saving (idempotent, versioned), reading and listing."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from sanctionwatch.errors import StoreError
from sanctionwatch.model import Article
from sanctionwatch.store.engine import Store
from sanctionwatch.store.schema import articles, sources

ARTICLE_COLUMNS = (
    "id", "url", "canonical_url", "source_domain", "title", "text", "published", "language",
    "content_hash", "raw_hash", "origin", "fetched_at", "ingested_at", "version", "meta",
)


def save_article(store: Store, article: Article) -> tuple[Article, bool]:
    """Store an article unless its text is already stored; return the stored one and whether it is new.

    The same text twice is stored once. New text at a canonical URL already stored becomes the
    next version of that article, linked to the one before. Two writers saving the same text at
    once (two processes, SQLite or PostgreSQL) store it once: the insert that loses the race is
    skipped and the winner's row is returned.
    """
    with store.transaction() as conn:
        existing = _find_by_hash(conn, article.content_hash)
        if existing is not None:
            return existing, False
        previous = _latest_at_url(conn, article.canonical_url)
        row = _article_row(article)
        if previous is not None:
            row["version"] = previous.version + 1
            row["previous_id"] = previous.id
        _ensure_source(conn, article)
        if not _insert_new(conn, articles, row):
            return _race_winner(conn, article), False
    article.version = row["version"]
    return article, True


def get_article(store: Store, article_id: str) -> Article | None:
    with store.transaction() as conn:
        row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).mappings().first()
    return _article_from_row(row) if row else None


def find_articles(store: Store, prefix: str) -> list[str]:
    """Ids of the articles whose id starts with ``prefix`` (for short ids typed by people)."""
    with store.transaction() as conn:
        rows = conn.execute(sa.select(articles.c.id).where(articles.c.id.startswith(prefix, autoescape=True)))
        return [row[0] for row in rows]


def list_articles(store: Store, limit: int | None = None, offset: int = 0) -> list[Article]:
    query = sa.select(articles).order_by(articles.c.ingested_at, articles.c.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with store.transaction() as conn:
        return [_article_from_row(row) for row in conn.execute(query).mappings()]


def count_articles(store: Store) -> int:
    with store.transaction() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one())


def _find_by_hash(conn: Connection, content_hash: str) -> Article | None:
    row = conn.execute(sa.select(articles).where(articles.c.content_hash == content_hash)).mappings().first()
    return _article_from_row(row) if row else None


def _latest_at_url(conn: Connection, canonical_url: str | None) -> Article | None:
    if not canonical_url:
        return None
    query = (
        sa.select(articles)
        .where(articles.c.canonical_url == canonical_url)
        .order_by(articles.c.version.desc())
        .limit(1)
    )
    row = conn.execute(query).mappings().first()
    return _article_from_row(row) if row else None


def _race_winner(conn: Connection, article: Article) -> Article:
    """The article another writer stored with this text between our look-up and our insert."""
    winner = _find_by_hash(conn, article.content_hash)
    if winner is None:
        raise StoreError(f"article id {article.id} is taken by another text (a hash prefix collision)")
    return winner


def _ensure_source(conn: Connection, article: Article) -> None:
    if not article.source_domain:
        return
    known = conn.execute(sa.select(sources.c.domain).where(sources.c.domain == article.source_domain)).first()
    if known is None:
        _insert_new(conn, sources, {"domain": article.source_domain, "first_seen": article.ingested_at})


def _insert_new(conn: Connection, table: sa.Table, row: dict[str, Any]) -> bool:
    """Insert the row unless one with the same key exists (perhaps written a moment ago by another process)."""
    keys = table.primary_key.columns
    if conn.dialect.name == "postgresql":
        done = conn.execute(postgresql.insert(table).values(**row).on_conflict_do_nothing().returning(*keys))
    elif conn.dialect.name == "sqlite":
        done = conn.execute(sqlite.insert(table).values(**row).on_conflict_do_nothing().returning(*keys))
    else:
        conn.execute(sa.insert(table).values(**row))
        return True
    return done.first() is not None


def _article_row(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in ARTICLE_COLUMNS}


def _article_from_row(row: Any) -> Article:
    values = {name: row[name] for name in ARTICLE_COLUMNS}
    values["meta"] = values["meta"] or {}
    return Article(**values)


def newest_first(dialect: str, columns: Any = articles.c) -> tuple[Any, ...]:
    """How article pages sort: newest published first, undated last, then newest stored, then id. ``columns``:
    the articles table's, or those of a subquery over it. SQLite sorts NULL lowest, so a plain DESC says it
    and can walk ``ix_articles_published``; PostgreSQL's matches ``ix_articles_newest``."""
    published = columns.published.desc()
    return (published if dialect == "sqlite" else published.nulls_last(), columns.ingested_at.desc(), columns.id)
