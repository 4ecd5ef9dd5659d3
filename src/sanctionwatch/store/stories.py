"""Stories in the store: assigning analysed articles to stories, and reading stories back.

``assign_articles`` is what ``pipeline.py`` calls after analysis. It rebuilds the story index from
the stories still open (seen within the time window of the new articles), clusters the new articles
(``cluster.StoryIndex``), and writes in one transaction: the stories, each assignment with its score
and features, each article's profile (so the index can be rebuilt without re-reading articles), the
merges, and the document frequencies. Articles already assigned are skipped, so a rerun changes nothing.

The second look at a batch may also move the latest stored articles of the stories it joined (the
story index's ``revisit``): their rows get the new story, score, features and assignment time, and
both stories' counts and dates are saved, so the stories whose membership changed are rebriefed
(``unbriefed_story_ids``). Stories are restored with their articles in the order they were assigned,
which is what tells the index which stored articles are the latest.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sanctionwatch.cluster import ArticleProfile, StoryIndex, TermStats, options_from_settings, profile_article
from sanctionwatch.model import Analysis, Article, Assignment, Story, StoryMerge, from_dict, to_dict, utc_now
from sanctionwatch.settings import Settings
from sanctionwatch.store.analyses import load_analysis
from sanctionwatch.store.articles import get_article
from sanctionwatch.store.engine import Store
from sanctionwatch.store.schema import analyses, articles, briefs, stories, story_articles, story_merges, story_terms

CHUNK = 500  # rows per IN (...) query


def assign_articles(store: Store, article_ids: Iterable[str], settings: Settings) -> list[Assignment]:
    """Put each new analysed article into a story (joined or started); return the assignments made,
    those of stored articles the second look moved included."""
    profiles = _new_profiles(store, article_ids)
    if not profiles:
        return []
    index = StoryIndex(options_from_settings(settings), _load_stats(store))
    _restore_open_stories(store, index, profiles, settings.story_window_days)
    batch = sorted(index.prime(profiles), key=lambda p: (p.date or "", p.article_id))
    made = {a.article_id: a for a in (index.add(p, count_terms=False) for p in batch)}
    made.update({a.article_id: a for a in index.refine()})
    for assignment in made.values():
        assignment.story_id = index.resolve(assignment.story_id)
    _save(store, index, list(made.values()), {p.article_id: p for p in profiles})
    return list(made.values())


def unassigned_article_ids(store: Store) -> list[str]:
    """Analysed articles in no story yet, in the order they were stored."""
    query = (sa.select(articles.c.id)
             .select_from(articles.join(analyses, analyses.c.article_id == articles.c.id)
                          .outerjoin(story_articles, story_articles.c.article_id == articles.c.id))
             .where(story_articles.c.article_id.is_(None)).order_by(articles.c.ingested_at, articles.c.id))
    with store.transaction() as conn:
        return [row[0] for row in conn.execute(query)]


def _new_profiles(store: Store, article_ids: Iterable[str]) -> list[ArticleProfile]:
    ids = list(dict.fromkeys(article_ids))
    done = _assigned(store, ids)
    profiles = []
    for article_id in ids:
        article = get_article(store, article_id) if article_id not in done else None
        if article is not None:
            profiles.append(profile_article(article, load_analysis(store, article_id)))
    return profiles


def _assigned(store: Store, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    with store.transaction() as conn:
        for start in range(0, len(ids), CHUNK):
            query = sa.select(story_articles.c.article_id).where(
                story_articles.c.article_id.in_(ids[start:start + CHUNK]))
            found.update(row[0] for row in conn.execute(query))
    return found


def _load_stats(store: Store) -> TermStats:
    with store.transaction() as conn:
        documents = conn.execute(sa.select(sa.func.count()).select_from(story_articles)).scalar_one()
        df = Counter({row[0]: int(row[1]) for row in conn.execute(sa.select(story_terms.c.term, story_terms.c.df))})
    return TermStats(int(documents), df)


def _restore_open_stories(store: Store, index: StoryIndex, profiles: list[ArticleProfile], window: int) -> None:
    """Load the stories the new articles could join: seen within the window of their dates (or undated)."""
    dates = [p.date for p in profiles if p.date]
    since = _shift(min(dates), -window) if dates and all(p.date for p in profiles) else None
    query = sa.select(stories).where(stories.c.merged_into.is_(None))
    if since is not None:
        query = query.where(sa.or_(stories.c.last_seen >= since, stories.c.last_seen.is_(None)))
    with store.transaction() as conn:
        rows = list(conn.execute(query.order_by(stories.c.first_seen, stories.c.id)).mappings())
        for row in rows:
            members = conn.execute(sa.select(story_articles.c.profile).where(story_articles.c.story_id == row["id"])
                                   .order_by(story_articles.c.assigned_at, story_articles.c.article_id))
            story = Story(row["id"], row["title"], first_seen=row["first_seen"], last_seen=row["last_seen"])
            index.restore(story, [from_dict(ArticleProfile, m[0]) for m in members if (m[0] or {}).get("article_id")])


def _save(store: Store, index: StoryIndex, made: list[Assignment], profiles: dict[str, ArticleProfile]) -> None:
    """Write what a batch decided; ``profiles`` are the new articles' (terms are counted for them only)."""
    now = utc_now()
    left = {index.resolve(index.reopened[a.article_id]) for a in made if a.article_id in index.reopened}
    touched = {a.story_id for a in made} | {story_id for story_id in left if story_id in index.stories}
    with store.transaction() as conn:
        for story_id in sorted(touched):
            _save_story(conn, index.story(story_id), now)
        for assignment in made:
            profile = profiles.get(assignment.article_id) or index.settled[assignment.article_id].profile
            _save_assignment(conn, assignment, profile, now)
        for merge in index.merges:
            _save_merge(conn, merge, now)
        _add_terms(conn, [k for p in profiles.values() for k in set(_keys(p))])


def _save_story(conn: Connection, story: Story, now: str) -> None:
    row = {"title": story.title, "first_seen": story.first_seen, "last_seen": story.last_seen,
           "article_count": len(story.article_ids), "merged_into": None, "updated_at": now}
    updated = conn.execute(sa.update(stories).where(stories.c.id == story.id).values(**row))
    if updated.rowcount == 0:
        conn.execute(sa.insert(stories).values(id=story.id, **row))


def _save_assignment(conn: Connection, assignment: Assignment, profile: ArticleProfile, now: str) -> None:
    row = {"story_id": assignment.story_id, "score": assignment.score, "features": to_dict(assignment.features),
           "assigned_at": now, "dated": profile.date, "profile": to_dict(profile)}
    conn.execute(sa.delete(story_articles).where(story_articles.c.article_id == assignment.article_id))
    conn.execute(sa.insert(story_articles).values(article_id=assignment.article_id, **row))


def _save_merge(conn: Connection, merge: StoryMerge, now: str) -> None:
    """Record a merge; the merged story's articles follow it, and it stays as a pointer to the survivor."""
    exists = conn.execute(sa.select(stories.c.id).where(stories.c.id == merge.merged)).first()
    if exists is None:  # a story started and merged within this batch
        conn.execute(sa.insert(stories).values(id=merge.merged, title="(merged)", article_count=0, updated_at=now))
    conn.execute(sa.update(stories).where(stories.c.id == merge.merged)
                 .values(merged_into=merge.into, article_count=0, updated_at=now))
    conn.execute(sa.update(story_articles).where(story_articles.c.story_id == merge.merged)
                 .values(story_id=merge.into))
    conn.execute(sa.delete(story_merges).where(story_merges.c.merged == merge.merged))
    conn.execute(sa.insert(story_merges).values(merged=merge.merged, into=merge.into, article_id=merge.article_id,
                                                score=merge.score, features=to_dict(merge.features), merged_at=now))


def _add_terms(conn: Connection, keys: list[str]) -> None:
    counts = Counter(k[:128] for k in keys)
    names = sorted(counts)
    known: dict[str, int] = {}
    for start in range(0, len(names), CHUNK):
        chunk = names[start:start + CHUNK]
        query = sa.select(story_terms.c.term, story_terms.c.df).where(story_terms.c.term.in_(chunk))
        known.update({row[0]: int(row[1]) for row in conn.execute(query)})
    updates = [{"key": t, "new_df": known[t] + counts[t]} for t in names if t in known]
    inserts = [{"term": t, "df": counts[t]} for t in names if t not in known]
    if updates:
        statement = sa.update(story_terms).where(story_terms.c.term == sa.bindparam("key"))
        conn.execute(statement.values(df=sa.bindparam("new_df")), updates)
    if inserts:
        conn.execute(sa.insert(story_terms), inserts)


def _keys(profile: ArticleProfile) -> list[str]:
    return [*profile.terms, *profile.names, *profile.facts]


# -- reading ------------------------------------------------------------------------------------


def list_stories(store: Store, limit: int | None = 20, offset: int = 0) -> list[Story]:
    """Stories not merged into another, most recently seen first, with their article ids."""
    query = (sa.select(stories).where(stories.c.merged_into.is_(None))
             .order_by(stories.c.last_seen.desc().nulls_last(), stories.c.id).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    with store.transaction() as conn:
        return [_story(conn, row) for row in conn.execute(query).mappings()]


def get_story(store: Store, story_id: str) -> Story | None:
    """A story by id or unambiguous id prefix; a merged story answers as the story it went into."""
    with store.transaction() as conn:
        rows = list(conn.execute(sa.select(stories).where(stories.c.id.startswith(story_id, autoescape=True))
                                 .limit(2)).mappings())
        if len(rows) != 1:
            return None
        row = rows[0]
        while row["merged_into"]:
            row = conn.execute(sa.select(stories).where(stories.c.id == row["merged_into"])).mappings().one()
        return _story(conn, row)


def unbriefed_story_ids(store: Store) -> list[str]:
    """Stories with no brief, or one not newer than their last change: what a killed run left to brief."""
    brief = sa.select(briefs.c.written_at).where(briefs.c.subject == sa.literal("story:") + stories.c.id)
    written = brief.scalar_subquery()
    query = (sa.select(stories.c.id).where(stories.c.merged_into.is_(None))
             .where(sa.or_(~brief.exists(), written <= stories.c.updated_at)).order_by(stories.c.id))
    with store.transaction() as conn:
        return [row[0] for row in conn.execute(query)]


def story_members(store: Store, story: Story) -> list[tuple[Article, Analysis | None]]:
    """The articles of a story with their analyses, oldest first."""
    found = [(a, load_analysis(store, a.id)) for i in story.article_ids if (a := get_article(store, i)) is not None]
    return sorted(found, key=lambda pair: (pair[0].published or pair[0].ingested_at or "", pair[0].id))


def story_assignments(store: Store, story_id: str) -> list[Assignment]:
    """How each article came to be in the story: score and features of its assignment."""
    query = sa.select(story_articles).where(story_articles.c.story_id == story_id).order_by(
        story_articles.c.assigned_at, story_articles.c.article_id)
    with store.transaction() as conn:
        rows = list(conn.execute(query).mappings())
    return [from_dict(Assignment, {"article_id": r["article_id"], "story_id": r["story_id"], "score": r["score"],
                                   "new_story": not r["features"] or r["features"][0].get("name") == "new",
                                   "features": r["features"]}) for r in rows]


def list_merges(store: Store) -> list[StoryMerge]:
    with store.transaction() as conn:
        rows = conn.execute(sa.select(story_merges).order_by(story_merges.c.merged_at, story_merges.c.merged))
        return [from_dict(StoryMerge, dict(row)) for row in rows.mappings()]


def _story(conn: Connection, row: Any) -> Story:
    ids = [r[0] for r in conn.execute(sa.select(story_articles.c.article_id)
                                      .where(story_articles.c.story_id == row["id"])
                                      .order_by(story_articles.c.dated, story_articles.c.article_id))]
    return Story(row["id"], row["title"], ids, row["first_seen"], row["last_seen"], row["merged_into"])


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=days)).isoformat()

