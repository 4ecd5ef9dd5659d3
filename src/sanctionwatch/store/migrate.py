"""Versioned migrations driven by the schema's own ``since`` marks.

A fresh database gets every table at once. An older one is brought forward one version at a
time: first the version's own step in ``STEPS``, if it has one (data moves), then the tables and
columns marked ``since=N`` that are still missing are created, then any statement listed for N in
``EXTRA_SQL`` (full-text indexes). A database newer than this code is refused rather than touched.

Version 2 stores each analysis once: the JSON ``analyses.result`` (and its copies, row by row, in
``entities``, ``facts`` and ``attributions``) becomes ``analyses.packed``, and the counts the
overview and the entity pages read are built from it; a brief's JSON and text become
``briefs.packed``. SQLite keeps the freed pages in the file until ``VACUUM``.

Version 3 counts the articles reporting evasion per regime, country and typology too (``ev:`` facets).
On PostgreSQL, which articles mention a name moves from ``entity_mentions`` (a row per
name and article) to ``article_names`` (a row per article, the name ids in an array under a GIN index),
and the GIN indexes stop collecting new entries in a pending list (``fastupdate = off``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateColumn

from sanctionwatch.errors import SchemaVersionError
from sanctionwatch.model import Analysis, from_dict
from sanctionwatch.store.analyses import analysis_row
from sanctionwatch.store.counts import MAX_SMALL, move_counts, recount_evasion_facets
from sanctionwatch.store.packing import pack_brief_dict
from sanctionwatch.store.schema import (
    analyses,
    article_names,
    articles,
    briefs,
    entity_mentions,
    entity_names,
    facet_counts,
    metadata,
    schema_info,
)

BATCH = 500  # analyses converted per query
log = logging.getLogger(__name__)

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
    2: {  # newest first as the pages sort (undated last), so a page reads its rows from the index, not a sort of all
        "postgresql": ["CREATE INDEX IF NOT EXISTS ix_articles_newest ON articles "
                       "(published DESC NULLS LAST, ingested_at DESC, id)"],
    },
    3: {  # GIN indexes updated in place, not through a pending list: smaller, and no pending list to scan
        "postgresql": ["CREATE INDEX IF NOT EXISTS ix_article_names_ids ON article_names USING GIN (name_ids) "
                       "WITH (fastupdate = off)",
                       "ALTER INDEX ix_articles_search_vector SET (fastupdate = off)",
                       "SELECT gin_clean_pending_list('ix_articles_search_vector'::regclass)"],
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
        metadata.create_all(conn, tables=kept_tables(conn))
        _run_extra_sql(conn, range(1, target + 1))
    else:
        for version in range(found + 1, target + 1):
            _apply_version(conn, version)
    if found != target:
        _record_version(conn, target)
    return target


def _apply_version(conn: Connection, version: int) -> None:
    if version in STEPS:
        STEPS[version](conn)
    inspector = sa.inspect(conn)
    existing = set(inspector.get_table_names())
    for table in kept_tables(conn):
        if table.name not in existing and since(table) <= version:
            table.create(conn)
        elif table.name in existing:
            present = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if since(column) == version > since(table) and column.name not in present:
                    ddl = CreateColumn(column).compile(dialect=conn.dialect)
                    conn.execute(sa.text(f'ALTER TABLE {table.name} ADD COLUMN {ddl}'))
    _run_extra_sql(conn, [version])


def kept_tables(conn: Connection) -> list[sa.Table]:
    """The tables this back-end keeps: all but those marked ``only`` for another one."""
    return [table for table in metadata.sorted_tables if table.info.get("only", conn.dialect.name) == conn.dialect.name]


def _pack_analyses(conn: Connection) -> None:
    """Version 2: rewrite ``analyses`` with each analysis packed, count them, drop the row-by-row copies."""
    for table in kept_tables(conn):  # the counts' tables, as ``move_counts`` writes them now
        if table in (entity_names, entity_mentions, article_names, facet_counts):
            table.create(conn, checkfirst=True)
    if "result" not in {column["name"] for column in sa.inspect(conn).get_columns("analyses")}:
        return  # packed already (a database whose version mark was lost)
    scratch = sa.MetaData()
    articles.to_metadata(scratch)
    packed = analyses.to_metadata(scratch, name="analyses_v2")
    packed.create(conn)
    for rows in _old_analyses(conn):
        found = [(analysis, text or "", analyzed_at) for article_id, analyzed_at, result, text in rows
                 if (analysis := _old_analysis(article_id, result)) is not None]
        if found:
            conn.execute(sa.insert(packed), [analysis_row(*item) for item in found])
            move_counts(conn, [(analysis.article_id, None, analysis) for analysis, _text, _at in found])
    for name in ("entities", "facts", "attributions"):
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {name}"))
    _swap(conn, "analyses")


def _pack_briefs(conn: Connection) -> None:
    """Version 2: rewrite ``briefs`` with each brief and its text packed together."""
    if "result" not in {column["name"] for column in sa.inspect(conn).get_columns("briefs")}:
        return
    packed = briefs.to_metadata(sa.MetaData(), name="briefs_v2")
    packed.create(conn)
    old = sa.table("briefs", sa.column("subject"), sa.column("written_at"), sa.column("text"),
                   sa.column("result", sa.JSON))
    after = ""
    while rows := list(conn.execute(sa.select(old).where(old.c.subject > after).order_by(old.c.subject)
                                    .limit(BATCH))):
        conn.execute(sa.insert(packed), [{"subject": subject, "written_at": written_at,
                                          "packed": pack_brief_dict(result, text)}
                                         for subject, written_at, text, result in rows])
        after = rows[-1][0]
    _swap(conn, "briefs")


def _swap(conn: Connection, name: str) -> None:
    """Put the table NAME_v2 in the place of NAME."""
    conn.execute(sa.text(f"DROP TABLE {name}"))
    conn.execute(sa.text(f"ALTER TABLE {name}_v2 RENAME TO {name}"))
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text(f"ALTER INDEX {name}_v2_pkey RENAME TO {name}_pkey"))


def _old_analysis(article_id: str, result: object) -> Analysis | None:
    """A version 1 analysis; one that cannot be read is left out (its article is analysed again)."""
    if isinstance(result, dict) and isinstance(result.get("analyzer_version"), str):
        return from_dict(Analysis, {**result, "article_id": article_id})
    log.warning("analysis of article %s cannot be read; the article will be analysed again", article_id)
    return None


def _old_analyses(conn: Connection) -> Iterator[list[sa.Row[Any]]]:
    """The version 1 analyses (id, analysed at, JSON result, article text), in batches by article id."""
    old = sa.table("analyses", sa.column("article_id"), sa.column("analyzed_at"), sa.column("result", sa.JSON))
    after = ""
    while True:
        query = (sa.select(old.c.article_id, old.c.analyzed_at, old.c.result, articles.c.text)
                 .select_from(old.outerjoin(articles, articles.c.id == old.c.article_id))
                 .where(old.c.article_id > after).order_by(old.c.article_id).limit(BATCH))
        rows = list(conn.execute(query))
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _version_2(conn: Connection) -> None:
    _pack_analyses(conn)
    _pack_briefs(conn)


def _version_3(conn: Connection) -> None:
    """Count the evasion facets; PostgreSQL: each article's mention rows become one ``article_names`` row, and
    ``entity_mentions`` goes."""
    recount_evasion_facets(conn)
    if conn.dialect.name != "postgresql":
        return
    article_names.create(conn, checkfirst=True)
    if sa.inspect(conn).has_table(entity_mentions.name):
        conn.execute(sa.text(
            "INSERT INTO article_names (article_id, name_ids, mentions) "
            f"SELECT article_id, array_agg(name_id ORDER BY name_id), array_agg(least(mentions, {MAX_SMALL})::smallint "
            "ORDER BY name_id) FROM entity_mentions GROUP BY article_id ON CONFLICT (article_id) DO NOTHING"))
        entity_mentions.drop(conn)


STEPS: dict[int, Callable[[Connection], None]] = {2: _version_2, 3: _version_3}


def _run_extra_sql(conn: Connection, versions: range | list[int]) -> None:
    for version in versions:
        for statement in EXTRA_SQL.get(version, {}).get(conn.dialect.name, []):
            conn.execute(sa.text(statement))


def _record_version(conn: Connection, version: int) -> None:
    conn.execute(sa.delete(schema_info).where(schema_info.c.key == "version"))
    conn.execute(sa.insert(schema_info).values(key="version", value=str(version)))
