"""Opening the store: one SQLAlchemy engine for a SQLite file or a PostgreSQL URL."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from sanctionwatch.errors import StoreError

SQLITE_PAGE_SIZE = 16_384


class Store:
    """A connected database. Every read and write goes through ``transaction()``."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except exc.OperationalError as error:
            raise StoreError(f"database {self.display_url}: {_reason(error)}") from error
        except exc.DatabaseError as error:
            raise StoreError(f"database {self.display_url}: {_reason(error)}") from error

    @property
    def display_url(self) -> str:
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def normalise_url(url: str) -> str:
    """Accept a bare file path as a SQLite database and PostgreSQL URLs for psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def create_engine(url: str, timeout: float) -> Engine:
    """An engine with the pragmas sanctionwatch relies on (WAL, foreign keys, busy timeout)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        _ensure_parent(url)
        engine = sa.create_engine(url, connect_args={"timeout": timeout})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args = _postgresql_timeouts(timeout) if url.startswith("postgresql") else {}
    try:
        return sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except (exc.ArgumentError, exc.NoSuchModuleError, ModuleNotFoundError) as error:
        raise StoreError(f"cannot use database URL {url!r}: {error}") from error


def _postgresql_timeouts(timeout: float) -> dict[str, Any]:
    """Give up connecting, or waiting for a lock, after ``timeout`` seconds (as SQLite's busy timeout does)."""
    return {"connect_timeout": max(1, round(timeout)), "options": f"-c lock_timeout={round(timeout * 1000)}"}


def _ensure_parent(url: str) -> None:
    path = sa.engine.make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    # A new file only (an existing one keeps its size): an article row of 2-3 kB leaves most of a 4 kB page
    # empty, and a 16 kB page holds several.
    cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _reason(error: exc.DBAPIError) -> str:
    text = str(error.orig) if error.orig is not None else str(error)
    return text.splitlines()[0] if text else type(error).__name__
