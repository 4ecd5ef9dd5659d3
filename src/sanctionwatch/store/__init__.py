"""The store: every stage reads and writes through here (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from sanctionwatch.errors import StoreError
from sanctionwatch.settings import Settings
from sanctionwatch.store.engine import Store, create_engine
from sanctionwatch.store.migrate import migrate

__all__ = ["Store", "open_store"]


def open_store(settings: Settings, url: str | None = None) -> Store:
    """Connect to the database named by ``url`` (or the settings) and bring its schema up to date."""
    url = url or settings.db
    store = Store(create_engine(url, settings.db_timeout), url)
    try:
        with store.transaction() as conn:
            migrate(conn)
    except StoreError:
        store.close()
        raise
    return store
