"""The tables, in SQLAlchemy Core: one source of truth for SQLite and PostgreSQL.

Each table and each column added after the first release carries ``info={"since": N}``: the
schema version that brought it (and a table kept on one back-end only, ``info={"only": DIALECT}``).
``migrate.py`` creates and alters tables from those marks, so a
database written by any earlier version is brought up to date in place (with a version's own
step where data moves: version 2 packed each analysis and brief). JSON columns hold the stage
dataclasses as written by ``model.to_dict``; an analysis is kept once, packed (``packing.py``).

Sections: core (sources, articles, analyses and their counts, briefs), lists (sanctions lists and matches),
intake (feeds), stories, and the analyst's side (watchlists, alerts, judgements).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY

metadata = MetaData()

# -- core ---------------------------------------------------------------------------------------

schema_info = Table(
    "schema_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("domain", String(255), primary_key=True),
    Column("name", Text),
    Column("first_seen", String(32)),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("url", Text),
    Column("canonical_url", Text),
    Column("source_domain", String(255), ForeignKey("sources.domain")),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("published", String(32)),
    Column("language", String(16)),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("raw_hash", String(64)),
    Column("origin", Text),
    Column("fetched_at", String(32)),
    Column("ingested_at", String(32), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    Column("previous_id", String(32)),
    Column("duplicate_of", String(32)),
    Column("meta", JSON),
    Index("ix_articles_canonical_url", "canonical_url"),
    Index("ix_articles_published", "published"),
)

analyses = Table(
    "analyses",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("analyzer_version", String(32), nullable=False),
    Column("analyzed_at", String(32), nullable=False),
    Column("sanctions_evasion", Boolean),
    Column("score", Float),
    Column("countries", JSON),
    Column("regimes", JSON),
    Column("typologies", JSON, info={"since": 2}),
    Column("packed", LargeBinary, nullable=False, info={"since": 2}),  # the whole Analysis: packing.py
)

# What the entity pages read, kept up to date by every analysis written (store/counts.py): each name
# (text and label) once with its mentions counted, and which articles mention it how often. Where
# in an article is read from the packed analysis. Which articles mention a name is kept in the form
# each back-end stores cheaply (a table marked ``only`` exists on that back-end alone): SQLite, one
# row per name and article in a table without row ids (a few bytes a row); PostgreSQL, one row per
# article with its name ids in an array under a GIN index (a row per name would cost a 24-byte
# header each, four times the bytes of the array and its index entries).
entity_names = Table(
    "entity_names",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("text", Text, nullable=False),
    Column("label", String(16), nullable=False),
    Column("canonical", Text),
    Column("mentions", Integer, nullable=False),
    UniqueConstraint("text", "label", name="uq_entity_names_text_label"),
    Index("ix_entity_names_canonical", "canonical"),
    Index("ix_entity_names_mentions", "mentions"),
    info={"since": 2},
)

entity_mentions = Table(
    "entity_mentions",
    metadata,
    Column("name_id", Integer, ForeignKey("entity_names.id"), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("mentions", Integer, nullable=False),
    info={"since": 2, "only": "sqlite"},
    sqlite_with_rowid=False,
)

article_names = Table(  # the GIN index on name_ids is made by migrate.py
    "article_names",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("name_ids", ARRAY(Integer), nullable=False),  # sorted
    Column("mentions", ARRAY(SmallInteger), nullable=False),  # of each name, in the same order
    info={"since": 3, "only": "postgresql"},
)

# Analysed articles per facet value (regimes, countries, typologies; "all" and "evasion" with value
# ""), kept up to date on write so that the overview reads a few rows, not every analysis.
facet_counts = Table(
    "facet_counts",
    metadata,
    Column("facet", String(16), primary_key=True),
    Column("value", String(64), primary_key=True),
    Column("articles", Integer, nullable=False),
    info={"since": 2},
)

briefs = Table(
    "briefs",
    metadata,
    Column("subject", String(64), primary_key=True),  # article:<id> or story:<id>
    Column("written_at", String(32), nullable=False),
    Column("packed", LargeBinary, nullable=False, info={"since": 2}),  # the Brief and its text: packing.py
)

# -- sanctions lists ----------------------------------------------------------------------------

list_versions = Table(
    "list_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False),
    Column("format", String(32), nullable=False),
    Column("origin", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("published", String(32)),
    Column("loaded_at", String(32), nullable=False),
    Column("entry_count", Integer, nullable=False),
    Column("skipped_count", Integer, nullable=False, default=0),
    Column("is_current", Boolean, nullable=False, default=False),
    UniqueConstraint("name", "content_hash", name="uq_list_versions_name_hash"),
)

list_entries = Table(
    "list_entries",
    metadata,
    Column("list_version_id", Integer, ForeignKey("list_versions.id"), primary_key=True),
    Column("entry_id", String(128), primary_key=True),
    Column("schema", String(32), nullable=False),
    Column("caption", Text, nullable=False),
    Column("entry", JSON, nullable=False),  # model.ListEntry, with its followthemoney entity dict
)

matches = Table(
    "matches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id"), nullable=False),
    Column("mention", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("list_name", String(64), nullable=False),
    Column("list_version_id", Integer, nullable=False),
    Column("entry_id", String(128), nullable=False),
    Column("caption", Text, nullable=False),
    Column("schema", String(32), nullable=False),
    Column("score", Float, nullable=False),
    Column("features", JSON, nullable=False),
    Column("matched_name", Text, nullable=False, default=""),
    Column("mention_key", String(255), nullable=False, default=""),
    UniqueConstraint("article_id", "start", "list_name", "entry_id", name="uq_matches_mention_entry"),
    Index("ix_matches_entry", "entry_id"),
    Index("ix_matches_article", "article_id"),
)

judgements = Table(
    "judgements",
    metadata,
    Column("mention_key", String(255), primary_key=True),  # normalised mention text
    Column("entry_id", String(128), primary_key=True),
    Column("list_name", String(64), primary_key=True, default=""),  # "": the entry id in any list
    Column("verdict", String(16), nullable=False),  # confirmed | rejected
    Column("note", Text),
    Column("judged_at", String(32), nullable=False),
)

# -- intake -------------------------------------------------------------------------------------

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),
    Column("title", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_fetched", String(32)),
    Column("next_due", String(32)),
    Column("interval_s", Integer, nullable=False, default=1800),
    Column("error_count", Integer, nullable=False, default=0),
    Column("last_error", Text),
)

feed_items = Table(
    "feed_items",
    metadata,
    Column("feed_id", Integer, ForeignKey("feeds.id"), primary_key=True),
    Column("guid", String(512), primary_key=True),
    Column("url", Text),
    Column("url_key", Text),  # the URL as dedup compares it (ingest/dedup.py url_key)
    Column("state", String(16), nullable=False),  # new | ingested | duplicate | skipped | failed
    Column("article_id", String(32)),
    Column("reason", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("entry_updated", String(32)),  # the entry's own updated stamp: a change means a revision
    Column("entry", JSON, nullable=False),  # the FeedEntry, so a queued item survives a restart
    Column("seen_at", String(32), nullable=False),
    Column("done_at", String(32)),
    Index("ix_feed_items_state", "state"),
    Index("ix_feed_items_url_key", "url_key"),
)

article_signatures = Table(
    "article_signatures",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("scheme", String(32), nullable=False),  # how the signature was made (shingle size, hash count)
    Column("shingles", Integer, nullable=False),
    Column("minhash", LargeBinary, nullable=False),
    Column("url_key", Text),
    Column("root_id", String(32), nullable=False),  # the original this article copies, or itself
    Column("ingested_at", String(32), nullable=False),
    Index("ix_article_signatures_ingested", "ingested_at"),
)

# -- stories ------------------------------------------------------------------------------------

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text, nullable=False),
    Column("first_seen", String(32)),
    Column("last_seen", String(32)),
    Column("article_count", Integer, nullable=False, default=0),
    Column("merged_into", String(32)),
    Column("updated_at", String(32), nullable=False),
    Index("ix_stories_last_seen", "last_seen"),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("story_id", String(32), ForeignKey("stories.id"), nullable=False),
    Column("score", Float, nullable=False),
    Column("features", JSON, nullable=False),
    Column("assigned_at", String(32), nullable=False),
    Column("dated", String(32)),  # the date clustering used: published, else fetched or ingested
    Column("profile", JSON, nullable=False),  # cluster.ArticleProfile: what the story index needs again
    Index("ix_story_articles_story", "story_id"),
    Index("ix_story_articles_dated", "dated"),
)

story_merges = Table(
    "story_merges",
    metadata,
    Column("merged", String(32), ForeignKey("stories.id"), primary_key=True),
    Column("into", String(32), ForeignKey("stories.id"), nullable=False),
    Column("article_id", String(32), nullable=False),
    Column("score", Float, nullable=False),
    Column("features", JSON, nullable=False),
    Column("merged_at", String(32), nullable=False),
)

story_terms = Table(
    "story_terms",
    metadata,
    Column("term", String(128), primary_key=True),
    Column("df", Integer, nullable=False),  # articles clustered whose text holds the term
)

# -- the analyst's side -------------------------------------------------------------------------

watchlists = Table(
    "watchlists",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("criteria", JSON, nullable=False),  # names, typologies, regimes, countries, keywords
    Column("webhook_url", Text),
    Column("created_at", String(32), nullable=False),
    Column("scanned_until", String(32)),  # alerts looked at everything analysed or updated before this
)

alerts_outbox = Table(
    "alerts_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("watchlist_id", Integer, ForeignKey("watchlists.id"), nullable=False),
    Column("subject", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("state", String(16), nullable=False),  # pending | sent | failed | logged (no webhook)
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt", String(32)),
    Column("last_error", Text),
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("watchlist_id", "subject", name="uq_alerts_watchlist_subject"),
)
