"""Analyses and briefs: written whole in one transaction, so a killed run leaves none half-written.

An analysis is stored once, packed (``packing.py``), next to the few columns that filters read
(evasion, score, regimes, countries, typologies); the same transaction moves the counts the
overview and the entity pages read (``counts.py``). A brief is stored packed with its rendered text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sanctionwatch.errors import StoreError
from sanctionwatch.model import Analysis, Brief, from_dict, utc_now
from sanctionwatch.store.counts import move_counts
from sanctionwatch.store.engine import Store
from sanctionwatch.store.packing import pack_analysis, pack_brief, unpack_analysis, unpack_brief, unpack_items
from sanctionwatch.store.schema import analyses, articles, briefs

CHUNK = 500  # articles per query when reading many


def save_analysis(store: Store, analysis: Analysis) -> None:
    """Replace whatever was stored for the article with this analysis (idempotent)."""
    with store.transaction() as conn:
        write_analyses(conn, [analysis])


def write_analyses(conn: Connection, batch: Sequence[Analysis]) -> None:
    """``save_analysis`` for many articles, inside the caller's transaction (one analysis per article)."""
    ids = [analysis.article_id for analysis in batch]
    texts = _lock_articles(conn, ids)
    # Deleting first takes SQLite's write lock, so the old analyses read back are the ones replaced.
    old = {row[0]: row[1] for row in conn.execute(
        sa.delete(analyses).where(analyses.c.article_id.in_(ids)).returning(analyses.c.article_id, analyses.c.packed))}
    conn.execute(sa.insert(analyses), [analysis_row(analysis, texts[analysis.article_id]) for analysis in batch])
    move_counts(conn, [(a.article_id, unpack_analysis(old[a.article_id], a.article_id, texts[a.article_id])
                        if a.article_id in old else None, a) for a in batch])


def load_analysis(store: Store, article_id: str) -> Analysis | None:
    query = (sa.select(analyses.c.packed, articles.c.text).join(articles, articles.c.id == analyses.c.article_id)
             .where(analyses.c.article_id == article_id))
    with store.transaction() as conn:
        row = conn.execute(query).first()
    return unpack_analysis(row[0], article_id, row[1]) if row else None


def stored_analyzer_version(store: Store, article_id: str) -> str | None:
    """The analyzer version of the article's stored analysis (None: not analysed), without unpacking it."""
    query = sa.select(analyses.c.analyzer_version).where(analyses.c.article_id == article_id)
    with store.transaction() as conn:
        return conn.execute(query).scalar()


def read_items(conn: Connection, article_ids: Sequence[str], name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(article id, item) for one list of the analyses of these articles ("entities", "facts", ...)."""
    ids = list(dict.fromkeys(article_ids))
    for start in range(0, len(ids), CHUNK):
        query = (sa.select(analyses.c.article_id, analyses.c.packed, articles.c.text)
                 .join(articles, articles.c.id == analyses.c.article_id)
                 .where(analyses.c.article_id.in_(ids[start:start + CHUNK])))
        for article_id, packed, text in conn.execute(query):
            for item in unpack_items(packed, article_id, text, name):
                yield article_id, item


def pending_article_ids(store: Store, analyzer_version: str) -> list[str]:
    """Articles with no analysis, or one written by another analyzer version."""
    query = (
        sa.select(articles.c.id)
        .select_from(articles.outerjoin(analyses, analyses.c.article_id == articles.c.id))
        .where(sa.or_(analyses.c.article_id.is_(None), analyses.c.analyzer_version != analyzer_version))
        .order_by(articles.c.ingested_at, articles.c.id)
    )
    with store.transaction() as conn:
        return [row[0] for row in conn.execute(query)]


def unbriefed_article_ids(store: Store) -> list[str]:
    """Analysed articles without a brief: what a run killed after their analysis left unfinished."""
    subject = sa.literal("article:") + analyses.c.article_id
    query = (
        sa.select(analyses.c.article_id)
        .select_from(analyses.outerjoin(briefs, briefs.c.subject == subject))
        .where(briefs.c.subject.is_(None))
        .order_by(analyses.c.article_id)
    )
    with store.transaction() as conn:
        return [row[0] for row in conn.execute(query)]


def save_brief(store: Store, brief: Brief, text: str) -> None:
    row = brief_row(brief, text)
    with store.transaction() as conn:
        conn.execute(sa.delete(briefs).where(briefs.c.subject == brief.subject))
        conn.execute(sa.insert(briefs).values(**row))


def brief_row(brief: Brief, text: str) -> dict[str, Any]:
    """The ``briefs`` row of a brief rendered as ``text``."""
    return {"subject": brief.subject, "written_at": utc_now(), "packed": pack_brief(brief, text)}


def load_brief(store: Store, subject: str) -> Brief | None:
    with store.transaction() as conn:
        row = conn.execute(sa.select(briefs.c.packed).where(briefs.c.subject == subject)).first()
    return from_dict(Brief, unpack_brief(row[0], subject)[0]) if row else None


def analysis_row(analysis: Analysis, text: str, analyzed_at: str | None = None) -> dict[str, Any]:
    """The ``analyses`` row of an analysis of an article with this text."""
    assessment = analysis.assessment
    return {
        "article_id": analysis.article_id,
        "analyzer_version": analysis.analyzer_version,
        "analyzed_at": analyzed_at or utc_now(),
        "sanctions_evasion": assessment.sanctions_evasion if assessment else None,
        "score": assessment.score if assessment else None,
        "countries": analysis.countries,
        "regimes": assessment.regimes if assessment else [],
        "typologies": assessment.typologies if assessment else [],
        "packed": pack_analysis(analysis, text),
    }


def _lock_articles(conn: Connection, article_ids: list[str]) -> dict[str, str]:
    """The articles' texts; two processes analysing one article take turns (PostgreSQL row locks, taken in
    id order; SQLite locks the whole file at the first write)."""
    query = (sa.select(articles.c.id, articles.c.text).where(articles.c.id.in_(article_ids))
             .order_by(articles.c.id).with_for_update())
    texts = {row[0]: str(row[1]) for row in conn.execute(query)}
    missing = sorted(set(article_ids) - texts.keys())
    if missing:
        raise StoreError(f"no article {missing[0]} to store an analysis for")
    return texts
