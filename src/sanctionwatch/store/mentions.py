"""Where names are mentioned, for an entity's page: the newest articles that mention them, each mention with its
context.

Which articles mention a name is kept as each back-end stores it cheaply (``store/counts.py``): SQLite has a row
per name and article in ``entity_mentions``, PostgreSQL a row per article in ``article_names`` (name ids in an
array under a GIN index). Where in an article comes from its packed analysis. On SQLite a name mentioned in many
articles is found by walking the articles newest first and looking each up in ``entity_mentions``' key (a few
rows read before the page is full); a rarer name by sorting its own rows.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Integer
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection

from sanctionwatch.store.articles import newest_first
from sanctionwatch.store.counts import analysed_count
from sanctionwatch.store.packing import unpack_items
from sanctionwatch.store.schema import analyses, article_names, articles, entity_mentions
from sanctionwatch.store.search import MARK_CLOSE, MARK_OPEN
from sanctionwatch.store.views import MentionView

WIDE_NAME = 50  # a name mentioned at least once per 50 analysed articles is looked up newest article first


def mention_page(conn: Connection, names: dict[int, tuple[str, str]], mentioned: int, limit: int,
                 offset: int) -> list[MentionView]:
    """Mentions ``offset`` to ``offset + limit`` of these names (``mentioned`` in all), newest article first,
    each with some 80 characters of context either side. Which articles: ``entity_mentions`` (SQLite) or
    ``article_names`` (PostgreSQL); where in them: their analyses."""
    counts = _mention_counts(conn, list(names), mentioned, offset + limit)
    page: list[str] = []
    skipped = 0
    for article_id, count in counts:
        if not page and skipped + count <= offset:
            skipped += count
        elif len(page) < limit:
            page.append(article_id)
    query = (sa.select(articles.c.id, articles.c.title, articles.c.published, articles.c.text, analyses.c.packed)
             .join(analyses, analyses.c.article_id == articles.c.id).where(articles.c.id.in_(page)))
    rows = {row[0]: row for row in conn.execute(query)} if page else {}
    wanted = set(names.values())
    found = [_mention(rows[article_id], item) for article_id in page if article_id in rows
             for item in sorted(unpack_items(rows[article_id][4], article_id, rows[article_id][3], "entities"),
                                key=lambda item: (item["start"], item["end"]))
             if (item["text"], item["label"]) in wanted]
    return found[offset - skipped:offset - skipped + limit]


def _mention_counts(conn: Connection, name_ids: list[int], mentioned: int, wanted: int) -> list[tuple[str, int]]:
    """(article id, mentions) of the newest articles mentioning these names, enough of them to hold
    ``wanted`` mentions (or all there are)."""
    if not name_ids:
        return []
    if conn.dialect.name == "sqlite" and mentioned * WIDE_NAME >= analysed_count(conn):
        return _walk_newest(conn, name_ids, wanted)
    if conn.dialect.name == "postgresql":  # one row per article, found through the GIN index on its name ids
        ids = sa.literal(sorted(name_ids), ARRAY(Integer))
        pairs = (sa.func.unnest(article_names.c.name_ids, article_names.c.mentions)
                 .table_valued("name_id", "mentions").render_derived())
        mentions = sa.select(sa.func.sum(pairs.c.mentions)).where(pairs.c.name_id == sa.any_(ids)).scalar_subquery()
        query = (sa.select(article_names.c.article_id, mentions)
                 .join(articles, articles.c.id == article_names.c.article_id)
                 .where(article_names.c.name_ids.overlap(ids))
                 .order_by(*newest_first(conn.dialect.name)).limit(wanted))
        return [(str(article_id), int(count)) for article_id, count in conn.execute(query)]
    query = (sa.select(entity_mentions.c.article_id, entity_mentions.c.mentions)
             .join(articles, articles.c.id == entity_mentions.c.article_id)
             .where(entity_mentions.c.name_id.in_(name_ids))
             .order_by(*newest_first(conn.dialect.name)).limit(wanted + len(name_ids)))
    rows = conn.execute(query).all()
    counts: dict[str, int] = {}
    for article_id, count in rows:
        counts[article_id] = counts.get(article_id, 0) + int(count)
    if rows and len(rows) == wanted + len(name_ids):  # the last article's rows may go on past the limit
        counts.pop(rows[-1][0])
    return list(counts.items())


def _walk_newest(conn: Connection, name_ids: list[int], wanted: int) -> list[tuple[str, int]]:
    """SQLite, a name in many articles: walk the articles newest first, looking each up in ``entity_mentions``'
    key, and stop once ``wanted`` mentions are found (sorting all the name's articles would take longer)."""
    here = sa.and_(entity_mentions.c.article_id == articles.c.id, entity_mentions.c.name_id.in_(name_ids))
    mentions = sa.select(sa.func.sum(entity_mentions.c.mentions)).where(here).scalar_subquery()
    query = (sa.select(articles.c.id, mentions).where(sa.exists().where(here))
             .order_by(*newest_first(conn.dialect.name)))
    found: list[tuple[str, int]] = []
    held = 0
    for article_id, count in conn.execute(query):
        if held >= wanted:
            break
        found.append((str(article_id), int(count)))
        held += int(count)
    return found


def _mention(row: Any, item: dict[str, Any]) -> MentionView:
    article_id, title, published, text = row[0], row[1], row[2], row[3]
    start, end = int(item["start"]), int(item["end"])
    begin = max(start - 80, 0)
    context = _trim_context(text[begin:end + 80], start - begin, end - begin)
    return MentionView(article_id, title, published, str(item["label"]), start, end, context)


def _trim_context(context: str, start: int, end: int) -> str:
    """The context around a mention, cut at word boundaries, with the mention marked."""
    before, name, after = context[:start], context[start:end], context[end:]
    before = before.split(" ", 1)[-1] if " " in before and start >= 80 else before
    after = after.rsplit(" ", 1)[0] if " " in after else after
    return " ".join(f"{before}{MARK_OPEN}{name}{MARK_CLOSE}{after}".split())
