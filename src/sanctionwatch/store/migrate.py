"""Versioned migrations driven by the schema's own ``since`` marks.

A fresh database gets every table at once. An older one is brought forward one version at a
time: the tables and columns marked ``since=N`` are created, then any statement listed for N in
``EXTRA_SQL`` (full-text indexes, data moves). A database newer than this code is refused rather
than touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateColumn

from sanctionwatch.errors import SchemaVersionError
from sanctionwatch.store.schema import metadata, schema_info

# Statements per schema version and dialect, run once when that version is applied.
EXTRA_SQL: dict[int, dict[str, list[str]]] = {
    1: {
        "sqlite": [
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
            "title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61')",
            "CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
            "CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); END",
            "CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
        ],
        "postgresql": [  # a stored, weighted vector: search ranks hits without re-parsing their texts
            "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(text, '')), 'D')) STORED",
            "CREATE INDEX IF NOT EXISTS ix_articles_search_vector ON articles USING GIN (search_vector)",
        ],
    },
}


def since(item: sa.Table | sa.Column[object]) -> int:
    """The schema version that brought a table or column (1 unless marked)."""
    return int(item.info.get("since", 1))


def latest_version() -> int:
    marks = [since(table) for table in metadata.tables.values()]
    marks += [since(col) for table in metadata.tables.values() for col in table.columns]
    return max([*marks, max(EXTRA_SQL)])


def current_version(conn: Connection) -> int | None:
    """The version recorded in the database, or None for a database sanctionwatch never wrote."""
    if not sa.inspect(conn).has_table(schema_info.name):
        return None
    row = conn.execute(sa.select(schema_info.c.value).where(schema_info.c.key == "version")).first()
    return int(row[0]) if row else None


def migrate(conn: Connection) -> int:
    """Bring the database to the latest version; return the version it is now at."""
    target = latest_version()
    found = current_version(conn)
    if found is not None and found > target:
        raise SchemaVersionError(
            f"database schema is version {found}, newer than this sanctionwatch understands "
            f"(version {target}); upgrade sanctionwatch to open it"
        )
    if found is None:
        metadata.create_all(conn)
        _run_extra_sql(conn, range(1, target + 1))
    else:
        for version in range(found + 1, target + 1):
            _apply_version(conn, version)
    if found != target:
        _record_version(conn, target)
    return target


def _apply_version(conn: Connection, version: int) -> None:
    existing = set(sa.inspect(conn).get_table_names())
    for table in metadata.sorted_tables:
        if table.name not in existing and since(table) <= version:
            table.create(conn)
        elif table.name in existing:
            for column in table.columns:
                if since(column) == version > since(table):
                    ddl = CreateColumn(column).compile(dialect=conn.dialect)
                    conn.execute(sa.text(f'ALTER TABLE {table.name} ADD COLUMN {ddl}'))
    _run_extra_sql(conn, [version])


def _run_extra_sql(conn: Connection, versions: range | list[int]) -> None:
    for version in versions:
        for statement in EXTRA_SQL.get(version, {}).get(conn.dialect.name, []):
            conn.execute(sa.text(statement))


def _record_version(conn: Connection, version: int) -> None:
    conn.execute(sa.delete(schema_info).where(schema_info.c.key == "version"))
    conn.execute(sa.insert(schema_info).values(key="version", value=str(version)))
