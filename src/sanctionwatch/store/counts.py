"""Counts kept up to date on write: analysed articles per facet value, mentions per entity name.

``move_counts`` moves an article's share of the counts from its old analysis to its new one, in
the writer's transaction, so the overview and the entity list read a few rows instead of every
analysis. Each change is an upsert that adds a difference (``INSERT .. ON CONFLICT DO UPDATE SET
n = n + excluded.n``): two writers at once never lose each other's counts, and as every writer
touches the rows in one sorted order, two PostgreSQL writers never wait on each other in a circle.
A value or name whose count falls to 0 keeps its row, counted 0; readers skip it.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from sanctionwatch.model import Analysis
from sanctionwatch.store.schema import analyses, article_names, entity_mentions, entity_names, facet_counts

CHUNK = 500  # names per statement (SQLite allows 32,766 parameters)
EVASION = "ev:"  # facet name prefix: counts of the articles reporting evasion, per value
MAX_SMALL = 32_767  # mentions of one name in one article, as PostgreSQL keeps them (smallint)
Name = tuple[str, str]  # (text, label)
Change = tuple[str, Analysis | None, Analysis | None]  # article id, old analysis, new analysis
Moved = tuple[dict[Name, int], dict[Name, int], set[Name]]  # an article's names before, after, and those changed


def facet_values(analysis: Analysis) -> set[tuple[str, str]]:
    """The (facet, value) pairs an analysis counts in: ("all", "") always, ("evasion", "") if so."""
    assessment = analysis.assessment
    return with_evasion({("countries", country) for country in analysis.countries}
                        | {("regimes", regime) for regime in (assessment.regimes if assessment else [])}
                        | {("typologies", typology) for typology in (assessment.typologies if assessment else [])},
                        bool(assessment and assessment.sanctions_evasion))


def with_evasion(values: set[tuple[str, str]], evasion: bool) -> set[tuple[str, str]]:
    """The facet values of an analysis plus ("all", ""), and if it reports evasion ("evasion", "") and each value
    again under ``EVASION + facet`` (so that the article list filtered by evasion and one value is counted too)."""
    found = values | {("all", "")}
    if evasion:
        found |= {("evasion", "")} | {(EVASION + facet, value) for facet, value in values}
    return found


def analysed_count(conn: Connection) -> int:
    """How many articles have an analysis, as kept."""
    query = sa.select(facet_counts.c.articles).where(facet_counts.c.facet == "all", facet_counts.c.value == "")
    return int(conn.execute(query).scalar() or 0)


def recount_evasion_facets(conn: Connection) -> None:
    """Count the ``EVASION + facet`` values again from the analyses' filter columns (schema version 3)."""
    conn.execute(sa.delete(facet_counts).where(facet_counts.c.facet.startswith(EVASION)))
    query = (sa.select(analyses.c.countries, analyses.c.regimes, analyses.c.typologies)
             .where(analyses.c.sanctions_evasion.is_(True)))
    found: collections.Counter[tuple[str, str]] = collections.Counter()
    for countries, regimes, typologies in conn.execute(query):
        values = {(facet, str(value)) for facet, column in (("countries", countries), ("regimes", regimes),
                                                             ("typologies", typologies)) for value in column or []}
        found.update(pair for pair in with_evasion(values, True) if pair[0].startswith(EVASION))
    rows = [{"facet": facet, "value": value, "articles": n} for (facet, value), n in sorted(found.items())]
    for start in range(0, len(rows), CHUNK):
        conn.execute(_upsert(conn, facet_counts, rows[start:start + CHUNK], ("facet", "value"), "articles"))


def name_counts(analysis: Analysis) -> dict[Name, int]:
    """How often each name (text, label) is mentioned in the analysed article."""
    return dict(collections.Counter((entity.text, entity.label) for entity in analysis.entities))


def move_counts(conn: Connection, changes: list[Change]) -> None:
    """For each (article id, old analysis, new analysis): take the old out of the counts and put the new in
    (either may be None). Many articles at once cost a few statements, not a few per article."""
    facets: collections.Counter[tuple[str, str]] = collections.Counter()
    for _article_id, old, new in changes:
        facets.update(facet_values(new) if new else set())
        facets.subtract(facet_values(old) if old else set())
    rows = [{"facet": facet, "value": value, "articles": delta} for (facet, value), delta in sorted(facets.items())
            if delta]
    if rows:
        conn.execute(_upsert(conn, facet_counts, rows, ("facet", "value"), "articles"))
    _move_names(conn, [(article_id, name_counts(old) if old else {}, new) for article_id, old, new in changes])


def _move_names(conn: Connection, changes: list[tuple[str, dict[Name, int], Analysis | None]]) -> None:
    delta: dict[Name, int] = {}
    canonical: dict[Name, str] = {}
    moved: dict[str, Moved] = {}  # the articles whose names changed
    for article_id, before, new in changes:
        after = name_counts(new) if new else {}
        changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
        for name in changed:
            delta[name] = delta.get(name, 0) + after.get(name, 0) - before.get(name, 0)
        canonical.update({(e.text, e.label): e.canonical for e in (new.entities if new else []) if e.canonical})
        if changed:
            moved[article_id] = (before, after, changed)
    if conn.dialect.name == "postgresql":  # one row per article: every name of a rewritten one needs its id
        rewritten = {article_id: after for article_id, (_, after, _) in moved.items()}
        named = delta.keys() | {name for names in rewritten.values() for name in names}
        _write_article_names(conn, rewritten, _name_ids(conn, sorted(named), delta, canonical))
    else:
        _write_mention_rows(conn, moved, _name_ids(conn, sorted(delta), delta, canonical))


def _write_mention_rows(conn: Connection, moved: dict[str, Moved], ids: dict[Name, int]) -> None:
    """SQLite: replace each article's ``entity_mentions`` rows of the names whose mentions changed."""
    rows = []
    for article_id, (before, after, changed) in moved.items():
        gone = sorted(ids[name] for name in changed & before.keys())
        if gone:
            conn.execute(sa.delete(entity_mentions).where(entity_mentions.c.article_id == article_id,
                                                          entity_mentions.c.name_id.in_(gone)))
        rows += [{"name_id": ids[name], "article_id": article_id, "mentions": after[name]}
                 for name in changed if name in after]
    if rows:
        conn.execute(sa.insert(entity_mentions), rows)


def _write_article_names(conn: Connection, rewritten: dict[str, dict[Name, int]], ids: dict[Name, int]) -> None:
    """PostgreSQL: replace the ``article_names`` row of each article (none for an article without names)."""
    gone = sorted(article_id for article_id, names in rewritten.items() if not names)
    if gone:
        conn.execute(sa.delete(article_names).where(article_names.c.article_id.in_(gone)))
    rows = []
    for article_id, names in sorted(rewritten.items()):
        if names:
            pairs = sorted((ids[name], min(count, MAX_SMALL)) for name, count in names.items())
            rows.append({"article_id": article_id, "name_ids": [name_id for name_id, _ in pairs],
                         "mentions": [count for _, count in pairs]})
    if rows:
        insert = postgresql.insert(article_names).values(rows)
        conn.execute(insert.on_conflict_do_update(index_elements=["article_id"], set_={
            "name_ids": insert.excluded.name_ids, "mentions": insert.excluded.mentions}))


def article_mentions(conn: Connection, article_id: str) -> dict[int, int]:
    """Name id -> mentions in one article, as the store keeps them (``entity_mentions`` or ``article_names``)."""
    if conn.dialect.name == "postgresql":
        row = conn.execute(sa.select(article_names.c.name_ids, article_names.c.mentions)
                           .where(article_names.c.article_id == article_id)).first()
        return dict(zip(row[0], row[1], strict=True)) if row else {}
    query = sa.select(entity_mentions.c.name_id, entity_mentions.c.mentions).where(
        entity_mentions.c.article_id == article_id)
    return {int(name_id): int(count) for name_id, count in conn.execute(query)}


def _name_ids(conn: Connection, names: list[Name], delta: dict[Name, int],
              canonical: dict[Name, str]) -> dict[Name, int]:
    """Add each name's change to its count (a new name starts at it; a name not in ``delta`` adds 0); the
    names' ids."""
    ids: dict[Name, int] = {}
    for start in range(0, len(names), CHUNK):
        rows = [{"text": text, "label": label, "canonical": canonical.get((text, label)),
                 "mentions": delta.get((text, label), 0)} for text, label in names[start:start + CHUNK]]
        upsert = _upsert(conn, entity_names, rows, ("text", "label"), "mentions")
        upsert = upsert.returning(entity_names.c.id, entity_names.c.text, entity_names.c.label)
        ids.update({(text, label): int(name_id) for name_id, text, label in conn.execute(upsert)})
    return ids


def _upsert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]], keys: Iterable[str],
            counted: str) -> Any:
    """Insert the rows; where a key exists, add their ``counted`` to it (and fill a missing canonical)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(table).values(rows)
    changes: dict[str, Any] = {counted: table.c[counted] + insert.excluded[counted]}
    if "canonical" in table.c:
        changes["canonical"] = sa.func.coalesce(insert.excluded.canonical, table.c.canonical)
    return insert.on_conflict_do_update(index_elements=list(keys), set_=changes)
