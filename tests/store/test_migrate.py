"""Older databases are brought forward in place: version 1 -> 2 packs the analyses and briefs the version 1 code
wrote; 2 -> 3 moves PostgreSQL's mention rows into one row of name ids per article."""

import collections
import dataclasses
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from sanctionwatch.brief import write_article_brief
from sanctionwatch.brief.render import render_text
from sanctionwatch.model import Analysis, to_dict
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.analyses import load_analysis, load_brief, pending_article_ids, save_analysis
from sanctionwatch.store.articles import get_article
from sanctionwatch.store.migrate import latest_version
from sanctionwatch.store.queries import (
    facts_for,
    get_entity_detail,
    get_overview,
    list_article_summaries,
    list_briefs,
    list_entity_counts,
)
from sanctionwatch.store.schema import articles, schema_info
from sanctionwatch.store.views import ArticleFilters

from .corpus import corpus_analyses

# The version 1 tables that version 2 replaced, as version 1 declared them.
OLD = sa.MetaData()
articles.to_metadata(OLD)
OLD_ANALYSES = sa.Table(
    "analyses", OLD, sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("analyzer_version", sa.String(32), nullable=False),
    sa.Column("analyzed_at", sa.String(32), nullable=False),
    sa.Column("sanctions_evasion", sa.Boolean), sa.Column("score", sa.Float), sa.Column("countries", sa.JSON),
    sa.Column("regimes", sa.JSON), sa.Column("result", sa.JSON, nullable=False))
OLD_DETAILS = {
    "entities": sa.Table(
        "entities", OLD, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id"), nullable=False),
        *(sa.Column(name, sa.Text) for name in ("label", "text", "country", "canonical")),
        sa.Column("start", sa.Integer), sa.Column("end", sa.Integer), sa.Index("ix_entities_text", "text")),
    "facts": sa.Table(
        "facts", OLD, sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("id", sa.String(32), primary_key=True), sa.Column("kind", sa.String(32)),
        sa.Column("text", sa.Text), sa.Column("start", sa.Integer), sa.Column("end", sa.Integer),
        sa.Column("sentence", sa.Integer), sa.Column("value", sa.JSON)),
    "attributions": sa.Table(
        "attributions", OLD, sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("id", sa.String(32), primary_key=True),
        *(sa.Column(name, sa.Text) for name in ("source", "source_canonical", "cue", "stance")),
        *(sa.Column(name, sa.Integer) for name in ("cue_start", "cue_end", "sentence", "source_start",
                                                    "source_end", "claim_start", "claim_end"))),
}
OLD_BRIEFS = sa.Table(
    "briefs", OLD, sa.Column("subject", sa.String(64), primary_key=True),
    sa.Column("written_at", sa.String(32), nullable=False), sa.Column("text", sa.Text, nullable=False),
    sa.Column("result", sa.JSON, nullable=False))


@pytest.fixture
def analysed(shared_dir: Path, settings: Settings, store: Store) -> list[Analysis]:
    """Real analyses of the first corpus records, their articles stored."""
    return corpus_analyses(shared_dir, settings, store, 6, save=False)


def write_version_1(store: Store, analyses: list[Analysis]) -> None:
    """Make the store what version 1 left: analyses as JSON, copied row by row into three tables, and briefs as
    JSON next to their text."""
    briefs = {a.article_id: write_article_brief(get_article(store, a.article_id), a)  # type: ignore[arg-type]
              for a in analyses}
    with store.transaction() as conn:
        for name in ("analyses", "entity_mentions", "article_names", "entity_names", "facet_counts", "briefs"):
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {name}"))
        for table in (OLD_ANALYSES, *OLD_DETAILS.values(), OLD_BRIEFS):
            table.create(conn)
        for analysis in analyses:
            assessment = analysis.assessment
            conn.execute(sa.insert(OLD_ANALYSES).values(
                article_id=analysis.article_id, analyzer_version=analysis.analyzer_version,
                analyzed_at="2026-11-01T00:00:00+00:00", sanctions_evasion=assessment.sanctions_evasion if
                assessment else None, score=assessment.score if assessment else None,
                countries=analysis.countries, regimes=assessment.regimes if assessment else [],
                result=to_dict(analysis)))
            brief = briefs[analysis.article_id]
            conn.execute(sa.insert(OLD_BRIEFS).values(subject=brief.subject, written_at="2026-11-01T00:00:01+00:00",
                                                      text=render_text(brief), result=to_dict(brief)))
            for name, table in OLD_DETAILS.items():
                rows = [{"article_id": analysis.article_id, **to_dict(item)} for item in getattr(analysis, name)]
                if rows:
                    conn.execute(sa.insert(table), rows)
        conn.execute(sa.update(schema_info).where(schema_info.c.key == "version").values(value="1"))


def test_version_1_analyses_are_packed_in_place(settings: Settings, store: Store,
                                                analysed: list[Analysis]) -> None:
    write_version_1(store, analysed)
    migrated = open_store(settings)
    with migrated.transaction() as conn:
        assert conn.execute(sa.select(schema_info.c.value)).scalar() == str(latest_version()) == "3"
        tables = set(sa.inspect(conn).get_table_names())
    assert not tables & {"entities", "facts", "attributions", "analyses_v2"}
    kept = {"sqlite": "entity_mentions", "postgresql": "article_names"}[store.dialect]
    assert kept in tables and not tables & ({"entity_mentions", "article_names"} - {kept})
    assert [load_analysis(migrated, a.article_id) for a in analysed] == analysed
    briefs = {b.subject: b for b in list_briefs(migrated)}
    for analysis in analysed:
        subject = f"article:{analysis.article_id}"
        assert briefs[subject].brief == json.loads(json.dumps(to_dict(load_brief(migrated, subject))))
        assert briefs[subject].text == render_text(load_brief(migrated, subject))  # type: ignore[arg-type]
    mentioned = collections.Counter((e.text, e.label) for a in analysed for e in a.entities)
    counted = list_entity_counts(migrated, limit=10_000).items
    assert {(c.name, c.label): c.count for c in counted} == mentioned
    ids = [a.article_id for a in analysed]
    assert len(facts_for(migrated, ids)) == sum(len(a.facts) for a in analysed) > 0
    overview = get_overview(migrated)
    assert overview.counts["analysed"] == len(analysed)
    countries = collections.Counter(c for a in analysed for c in set(a.countries))
    assert {f.value: f.count for f in overview.by_country} == dict(countries.most_common(12))
    for country in countries:  # the evasion facets are counted once (version 2 counts them, version 3 again)
        page = list_article_summaries(migrated, ArticleFilters(evasion=True, country=country), limit=1_000)
        assert page.total == len(page.items)
    migrated.close()


def test_a_migrated_analysis_is_replaced_cleanly(settings: Settings, store: Store,
                                                 analysed: list[Analysis]) -> None:
    write_version_1(store, analysed)
    migrated = open_store(settings)
    first = analysed[0]
    name = first.entities[0]
    save_analysis(migrated, dataclasses.replace(first, analyzer_version="next", entities=[name]))
    detail = get_entity_detail(migrated, name.text, name.text.lower(), limit=10_000)
    counted = [c for c in list_entity_counts(migrated, limit=10_000).items if c.name == name.text]
    assert detail.mention_total == len(detail.mentions) == sum(c.count for c in counted)
    assert sum(c.count for c in counted) == 1 + sum(e.text == name.text for a in analysed[1:] for e in a.entities)
    assert [m.start for m in detail.mentions if m.article_id == first.article_id] == [name.start]
    migrated.close()


def test_an_unreadable_version_1_analysis_is_left_to_be_redone(settings: Settings, store: Store,
                                                               analysed: list[Analysis]) -> None:
    write_version_1(store, analysed)
    damaged = analysed[1].article_id
    with store.transaction() as conn:
        conn.execute(sa.update(OLD_ANALYSES).where(OLD_ANALYSES.c.article_id == damaged).values(result={"x": 1}))
    migrated = open_store(settings)
    assert load_analysis(migrated, damaged) is None
    assert pending_article_ids(migrated, analysed[0].analyzer_version) == [damaged]
    assert load_analysis(migrated, analysed[0].article_id) == analysed[0]
    migrated.close()


def test_version_2_mention_rows_become_name_arrays(settings: Settings, store: Store,
                                                    analysed: list[Analysis]) -> None:
    """PostgreSQL at version 2 kept a row per name and article in ``entity_mentions``: version 3 folds them into
    ``article_names`` and drops the table; the entity pages read the same mentions."""
    if store.dialect != "postgresql":
        pytest.skip("version 3 changes only PostgreSQL")
    for analysis in analysed:
        save_analysis(store, analysis)
    name = collections.Counter(e.text for a in analysed for e in a.entities).most_common(1)[0][0]
    before = get_entity_detail(store, name, name.lower(), limit=10_000)
    with store.transaction() as conn:  # back to what version 2 wrote
        conn.execute(sa.text(
            "CREATE TABLE entity_mentions (name_id integer REFERENCES entity_names (id), article_id varchar(32) "
            "REFERENCES articles (id), mentions integer NOT NULL, PRIMARY KEY (name_id, article_id))"))
        conn.execute(sa.text(
            "INSERT INTO entity_mentions SELECT u.name_id, a.article_id, u.mentions FROM article_names a, "
            "unnest(a.name_ids, a.mentions) AS u(name_id, mentions)"))
        conn.execute(sa.text("DROP TABLE article_names"))
        conn.execute(sa.update(schema_info).where(schema_info.c.key == "version").values(value="2"))
    migrated = open_store(settings)
    with migrated.transaction() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        indexes = {index["name"] for index in sa.inspect(conn).get_indexes("article_names")}
    assert "article_names" in tables and "entity_mentions" not in tables and "ix_article_names_ids" in indexes
    with migrated.transaction() as conn:
        options = dict(conn.execute(sa.text("SELECT relname, reloptions FROM pg_class WHERE relname IN "
                                            "('ix_article_names_ids', 'ix_articles_search_vector')")).all())
    assert options == {name: ["fastupdate=off"] for name in ("ix_article_names_ids", "ix_articles_search_vector")}
    after = get_entity_detail(migrated, name, name.lower(), limit=10_000)
    assert after.mention_total == before.mention_total == len(after.mentions) > 1
    assert after.mentions == before.mentions
    migrated.close()
