"""Analyses and briefs: written whole in one transaction, so a killed run leaves none half-written."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sanctionwatch.model import Analysis, Brief, from_dict, to_dict, utc_now
from sanctionwatch.store.engine import Store
from sanctionwatch.store.schema import analyses, articles, attributions, briefs, entities, facts

DETAIL_TABLES = (entities, facts, attributions)


def save_analysis(store: Store, analysis: Analysis) -> None:
    """Replace whatever was stored for the article with this analysis (idempotent)."""
    with store.transaction() as conn:
        _lock_article(conn, analysis.article_id)
        _delete_analysis(conn, analysis.article_id)
        conn.execute(sa.insert(analyses).values(**_analysis_row(analysis)))
        _insert_details(conn, analysis)


def load_analysis(store: Store, article_id: str) -> Analysis | None:
    with store.transaction() as conn:
        row = conn.execute(sa.select(analyses.c.result).where(analyses.c.article_id == article_id)).first()
    return from_dict(Analysis, row[0]) if row else None


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
    row = {"subject": brief.subject, "written_at": utc_now(), "text": text, "result": to_dict(brief)}
    with store.transaction() as conn:
        conn.execute(sa.delete(briefs).where(briefs.c.subject == brief.subject))
        conn.execute(sa.insert(briefs).values(**row))


def load_brief(store: Store, subject: str) -> Brief | None:
    with store.transaction() as conn:
        row = conn.execute(sa.select(briefs.c.result).where(briefs.c.subject == subject)).first()
    return from_dict(Brief, row[0]) if row else None


def _lock_article(conn: Connection, article_id: str) -> None:
    """Two processes analysing one article take turns (PostgreSQL row lock; SQLite locks the whole file)."""
    conn.execute(sa.select(articles.c.id).where(articles.c.id == article_id).with_for_update())


def _delete_analysis(conn: Connection, article_id: str) -> None:
    for table in DETAIL_TABLES:
        conn.execute(sa.delete(table).where(table.c.article_id == article_id))
    conn.execute(sa.delete(analyses).where(analyses.c.article_id == article_id))


def _analysis_row(analysis: Analysis) -> dict[str, Any]:
    assessment = analysis.assessment
    return {
        "article_id": analysis.article_id,
        "analyzer_version": analysis.analyzer_version,
        "analyzed_at": utc_now(),
        "sanctions_evasion": assessment.sanctions_evasion if assessment else None,
        "score": assessment.score if assessment else None,
        "countries": analysis.countries,
        "regimes": assessment.regimes if assessment else [],
        "result": to_dict(analysis),
    }


def _insert_details(conn: Connection, analysis: Analysis) -> None:
    article_id = analysis.article_id
    rows = {
        entities: [{"article_id": article_id, **to_dict(e)} for e in analysis.entities],
        facts: [{"article_id": article_id, **to_dict(f)} for f in analysis.facts],
        attributions: [{"article_id": article_id, **to_dict(a)} for a in analysis.attributions],
    }
    for table, values in rows.items():
        if values:
            conn.execute(sa.insert(table), values)

