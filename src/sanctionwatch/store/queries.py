"""Read queries for the dashboard, the JSON API and the exports: pages of rows, never whole tables.

Every function reads whatever the other stages have written so far (articles, analyses, facts,
matches, judgements, stories, briefs) and returns plain dataclasses; a table nobody has filled yet
reads as empty. JSON arrays (regimes, countries, typologies) are filtered with a portable LIKE on
their JSON text. The overview's facets and the entity list read the counts kept on write
(``counts.py``); facts and mentions come from the packed analyses of the articles shown.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sanctionwatch.model import JSONDict
from sanctionwatch.store import search
from sanctionwatch.store.analyses import load_analysis, read_items
from sanctionwatch.store.articles import newest_first
from sanctionwatch.store.counts import EVASION, analysed_count
from sanctionwatch.store.engine import Store
from sanctionwatch.store.mentions import mention_page
from sanctionwatch.store.packing import unpack_brief
from sanctionwatch.store.schema import (
    analyses,
    articles,
    briefs,
    entity_names,
    facet_counts,
    judgements,
    list_entries,
    matches,
    stories,
    story_articles,
)
from sanctionwatch.store.search import MARK_CLOSE, MARK_OPEN
from sanctionwatch.store.views import (
    ArticleDetail,
    ArticleFilters,
    ArticleSummary,
    BriefView,
    EntityCount,
    EntityDetail,
    EntryView,
    Facet,
    FactView,
    JudgementView,
    MatchView,
    Overview,
    Page,
    SearchHit,
    StoryDetail,
    StorySummary,
    Timeline,
    TimelinePoint,
)

FIGURE_KINDS = ("count", "money", "amount", "quantity")
WALK_SLACK = 2  # a common filter value's page is looked for among twice the newest articles it should take
SUMMARY_COLUMNS = (
    articles.c.id, articles.c.title, articles.c.source_domain, articles.c.url, articles.c.published,
    articles.c.ingested_at, analyses.c.sanctions_evasion, analyses.c.score, analyses.c.regimes,
    analyses.c.countries, analyses.c.typologies, story_articles.c.story_id,
)

Verdicts = dict[tuple[str, str, str], tuple[str, str | None]]


# -- articles -----------------------------------------------------------------------------------


def list_article_summaries(
    store: Store, filters: ArticleFilters, limit: int = 20, offset: int = 0
) -> Page[ArticleSummary]:
    """Articles, newest published first, with their assessment and story.

    The page's ids are chosen first on the narrow columns; only those rows are then read whole (the
    JSON columns of every article would otherwise be decoded to sort them).
    """
    conditions = _article_conditions(filters)
    source = _summary_from() if conditions else articles
    query = sa.select(articles.c.id).select_from(source).where(*conditions)
    count = sa.select(sa.func.count()).select_from(source).where(*conditions)
    with store.transaction() as conn:
        kept = _kept_total(conn, filters)
        total = kept if kept is not None else int(conn.execute(count).scalar_one())
        ids = _among_newest(conn, conditions, kept, limit, offset) if kept and conn.dialect.name != "sqlite" else None
        if ids is None:
            ordered = query.order_by(*newest_first(conn.dialect.name)).limit(limit).offset(offset)
            ids = [row[0] for row in conn.execute(ordered)]
        return Page(_summaries_by_id(conn, ids), total, limit, offset)


def _among_newest(conn: Connection, conditions: list[Any], kept: int, limit: int, offset: int) -> list[str] | None:
    """A page of a filter whose matches the kept counts say are common, looked for among the newest articles only.

    The newest ``scan`` articles (read from the newest-first index) would hold the page ``WALK_SLACK`` times
    over if the ``kept`` matches were spread evenly over the analysed articles. None when the page would need
    most of the store, or when those articles did not hold it (the matches are older): then the caller sorts
    every match. For PostgreSQL, whose planner cannot know that a filter on JSON is common, so it sorts every match;
    SQLite walks the newest-first index on its own, stopping at the page's end.
    """
    analysed = analysed_count(conn)
    wanted = offset + limit
    scan = WALK_SLACK * wanted * analysed // max(kept, 1) + limit
    if wanted > kept or scan >= analysed:
        return None
    newest = sa.select(articles.c.id, articles.c.published, articles.c.ingested_at).order_by(
        *newest_first(conn.dialect.name)).limit(scan).subquery()
    source = newest.join(analyses, analyses.c.article_id == newest.c.id).outerjoin(
        story_articles, story_articles.c.article_id == newest.c.id)
    query = (sa.select(newest.c.id).select_from(source).where(*conditions)
             .order_by(*newest_first(conn.dialect.name, newest.c)).limit(wanted))
    found = [row[0] for row in conn.execute(query)]
    return found[offset:] if len(found) == wanted else None


def get_article_detail(store: Store, article_id: str) -> ArticleDetail | None:
    """An article with its text, its whole analysis, its list matches and its brief."""
    with store.transaction() as conn:
        row = conn.execute(_summary_select().where(articles.c.id == article_id)).mappings().first()
        if row is None:
            return None
        text, language = conn.execute(sa.select(articles.c.text, articles.c.language)
                                      .where(articles.c.id == article_id)).one()
        found = _matches(conn, [article_id])
        brief = _brief(conn, f"article:{article_id}")
    analysis = load_analysis(store, article_id)
    return ArticleDetail(_summary(row), text, language, dataclasses.asdict(analysis) if analysis else None, found,
                         brief)


def summaries_by_id(store: Store, article_ids: Sequence[str]) -> list[ArticleSummary]:
    with store.transaction() as conn:
        return _summaries_by_id(conn, article_ids)


def get_match(store: Store, match_id: int) -> MatchView | None:
    with store.transaction() as conn:
        row = conn.execute(sa.select(matches).where(matches.c.id == match_id)).mappings().first()
        return _match_view(row, _verdicts(conn, {row["mention_key"]})) if row else None


def article_ids(store: Store) -> list[str]:
    """Every article id, in id order (exports walk them in batches)."""
    with store.transaction() as conn:
        return [row[0] for row in conn.execute(sa.select(articles.c.id).order_by(articles.c.id))]


def article_texts(store: Store, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    """Text and language of each article."""
    query = sa.select(articles.c.id, articles.c.text, articles.c.language).where(articles.c.id.in_(list(ids)))
    with store.transaction() as conn:
        return {row[0]: (row[1], row[2]) for row in conn.execute(query)} if ids else {}


def facts_for(store: Store, ids: Sequence[str]) -> list[FactView]:
    with store.transaction() as conn:
        return _facts(conn, ids)


def matches_for(store: Store, ids: Sequence[str]) -> list[MatchView]:
    with store.transaction() as conn:
        return _matches(conn, ids)


def entities_for(store: Store, ids: Sequence[str]) -> list[JSONDict]:
    """The named entities of these articles, as rows (article_id, label, text, start, end, country)."""
    keys = ("label", "text", "start", "end", "country")
    with store.transaction() as conn:
        rows = [{"article_id": article_id, **{key: item.get(key) for key in keys}}
                for article_id, item in read_items(conn, ids, "entities")]
    return sorted(rows, key=lambda row: (row["article_id"], row["start"]))


def listed_entities(store: Store, pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], JSONDict]:
    """The FollowTheMoney entities of (list version id, entry id) pairs, as stored with the list."""
    with store.transaction() as conn:
        found = {pair: _listed_entity(conn, *pair) for pair in set(pairs)}
    return {pair: entity for pair, entity in found.items() if entity is not None}


def list_judgements(store: Store, mention_key: str | None = None, limit: int = 50,
                    offset: int = 0) -> Page[JudgementView]:
    """Analysts' verdicts on list matches, latest first (of one mention key, or all)."""
    with store.transaction() as conn:
        return _judgement_views(conn, mention_key, limit, offset)


def list_briefs(store: Store, limit: int = 50, offset: int = 0) -> list[BriefView]:
    """Briefs, most recently written first."""
    query = sa.select(briefs).order_by(briefs.c.written_at.desc(), briefs.c.subject).limit(limit).offset(offset)
    with store.transaction() as conn:
        rows = conn.execute(query).mappings().all()
    return [_brief_view(r) for r in rows]


def analysed_since(store: Store, moment: str) -> list[tuple[str, str]]:
    """(article id, analysed at) of the analyses written at or after ``moment``, oldest first."""
    query = (sa.select(analyses.c.article_id, analyses.c.analyzed_at).where(analyses.c.analyzed_at >= moment)
             .order_by(analyses.c.analyzed_at, analyses.c.article_id))
    with store.transaction() as conn:
        return [(row[0], row[1]) for row in conn.execute(query)]


# -- stories ------------------------------------------------------------------------------------


def list_story_summaries(
    store: Store, filters: ArticleFilters, limit: int = 20, offset: int = 0
) -> Page[StorySummary]:
    """Stories (not merged into another), latest first; a filter keeps stories with a matching article."""
    conditions: list[Any] = [stories.c.merged_into.is_(None)]
    article_conditions = _article_conditions(dataclasses.replace(filters, story=None))
    if article_conditions:
        inner = sa.select(story_articles.c.story_id).select_from(_summary_from()).where(*article_conditions)
        conditions.append(stories.c.id.in_(inner))
    query = sa.select(stories).where(*conditions).order_by(
        stories.c.last_seen.desc().nulls_last(), stories.c.updated_at.desc(), stories.c.id)
    with store.transaction() as conn:
        total = int(conn.execute(sa.select(sa.func.count()).select_from(stories).where(*conditions)).scalar_one())
        rows = conn.execute(query.limit(limit).offset(offset)).mappings().all()
        items = _story_summaries(conn, rows)
    return Page(items, total, limit, offset)


def get_story_detail(store: Store, story_id: str) -> StoryDetail | None:
    """A story with its articles, brief, facts, list matches and figure timelines."""
    with store.transaction() as conn:
        row = conn.execute(sa.select(stories).where(stories.c.id == story_id)).mappings().first()
        if row is None:
            return None
        ids = [r[0] for r in conn.execute(sa.select(story_articles.c.article_id)
                                          .where(story_articles.c.story_id == story_id))]
        members = _summaries_by_id(conn, ids)
        story = _story_summaries(conn, [row])[0]
        found_facts = _facts(conn, ids)
        return StoryDetail(story, members, _brief(conn, f"story:{story_id}"), found_facts,
                           _matches(conn, ids), figure_timelines(found_facts, members))


def stories_updated_since(store: Store, moment: str) -> list[tuple[str, str]]:
    """(story id, updated at) of the stories (not merged away) updated at or after ``moment``."""
    query = (sa.select(stories.c.id, stories.c.updated_at)
             .where(stories.c.updated_at >= moment, stories.c.merged_into.is_(None)).order_by(stories.c.updated_at))
    with store.transaction() as conn:
        return [(row[0], row[1]) for row in conn.execute(query)]


def figure_timelines(found: Iterable[FactView], members: Iterable[ArticleSummary]) -> list[Timeline]:
    """Each figure (kind and unit) as dated points, one per fact with a number and a dated article."""
    dates = {a.id: (a.published or a.ingested_at or "")[:10] for a in members}
    series: dict[str, Timeline] = {}
    seen: set[tuple[str, str, str, float]] = set()
    for fact in found:
        number = _number(fact.value)
        if fact.kind not in FIGURE_KINDS or number is None or not dates.get(fact.article_id):
            continue
        if (fact.article_id, fact.text, fact.kind, number) in seen:
            continue
        seen.add((fact.article_id, fact.text, fact.kind, number))
        key, label = _figure_key(fact)
        line = series.setdefault(key, Timeline(key, label, []))
        line.points.append(TimelinePoint(dates[fact.article_id], number, fact.article_id, fact.id, fact.text))
    for line in series.values():
        line.points.sort(key=lambda p: (p.date, p.value))
    return sorted(series.values(), key=lambda t: (-len(t.points), t.key))


# -- entities -----------------------------------------------------------------------------------


def list_entity_counts(store: Store, label: str | None = None, prefix: str | None = None,
                       limit: int = 50, offset: int = 0) -> Page[EntityCount]:
    """Names mentioned in articles, most mentioned first (the counts kept on write)."""
    conditions = [entity_names.c.mentions > 0]
    if label:
        conditions.append(entity_names.c.label == label)
    if prefix:
        conditions.append(sa.func.lower(entity_names.c.text).startswith(prefix.lower(), autoescape=True))
    query = (sa.select(entity_names.c.text, entity_names.c.label, entity_names.c.mentions).where(*conditions)
             .order_by(entity_names.c.mentions.desc(), entity_names.c.text, entity_names.c.label))
    with store.transaction() as conn:
        total = int(conn.execute(sa.select(sa.func.count()).select_from(entity_names).where(*conditions))
                    .scalar_one())
        rows = conn.execute(query.limit(limit).offset(offset)).all()
    return Page([EntityCount(r[0], r[1], int(r[2])) for r in rows], total, limit, offset)


def get_entity_detail(store: Store, name: str, mention_key: str, limit: int = 50, offset: int = 0) -> EntityDetail:
    """Where a name is mentioned (with context), the listed entities its mentions were matched to, and
    the analysts' verdicts on its ``mention_key`` (as the linking stage normalises names)."""
    with store.transaction() as conn:
        named = _named(conn, name.strip())
        by_label: dict[str, int] = {}
        for _name_id, _text, label, count in named:
            by_label[label] = by_label.get(label, 0) + count
        mentions = mention_page(conn, {row[0]: (row[1], row[2]) for row in named}, sum(by_label.values()), limit,
                                offset)
        entries = _entries_for(conn, name.strip().lower(), mention_key)
        verdicts = _judgement_views(conn, mention_key, 100, 0).items
    return EntityDetail(name.strip(), sorted(by_label), sum(by_label.values()), mentions, entries, verdicts)


def _named(conn: Connection, name: str) -> list[tuple[int, str, str, int]]:
    """(id, text, label, mentions) of the names with this text or canonical name: as written (indexed)
    if any, else ignoring case."""
    columns = (entity_names.c.id, entity_names.c.text, entity_names.c.label, entity_names.c.mentions)
    folded = name.lower()
    for where in (sa.or_(entity_names.c.text == name, entity_names.c.canonical == name),
                  sa.or_(sa.func.lower(entity_names.c.text) == folded,
                         sa.func.lower(entity_names.c.canonical) == folded)):
        rows = conn.execute(sa.select(*columns).where(where, entity_names.c.mentions > 0)
                            .order_by(entity_names.c.id)).all()
        if rows:
            return [(int(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]
    return []


# -- search -------------------------------------------------------------------------------------


def search_page(store: Store, text: str, limit: int = 20, offset: int = 0) -> Page[SearchHit]:
    """Full-text search (``store.search``: SQLite FTS5 or PostgreSQL), each hit with its article's summary."""
    found = search.search_articles(store, text, limit, offset)
    total = search.count_search_hits(store, text) if found or offset else 0
    with store.transaction() as conn:
        by_id = {s.id: s for s in _summaries_by_id(conn, [hit.article_id for hit in found])}
    hits = [SearchHit(by_id[h.article_id], *split_marks(h.snippet)) for h in found if h.article_id in by_id]
    return Page(hits, total, limit, offset)


def split_marks(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """A snippet with MARK_OPEN/MARK_CLOSE around hits -> plain text and the spans of the hits."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    size, opened = 0, None
    for part in re.split(f"([{MARK_OPEN}{MARK_CLOSE}])", snippet or ""):
        if part == MARK_OPEN:
            opened = size
        elif part == MARK_CLOSE:
            if opened is not None and size > opened:
                spans.append((opened, size))
            opened = None
        else:
            plain.append(part)
            size += len(part)
    return "".join(plain), spans


# -- overview -----------------------------------------------------------------------------------


def get_overview(store: Store, stories_limit: int = 10, articles_limit: int = 10) -> Overview:
    """Counts, latest stories and evasion reports, and how analysed articles spread over facets."""
    latest_stories = list_story_summaries(store, ArticleFilters(), stories_limit).items
    with store.transaction() as conn:
        latest = _latest(conn, ArticleFilters(evasion=True), articles_limit) or _latest(
            conn, ArticleFilters(), articles_limit)
        counts = _counts(conn)
        facets = [_facet(conn, name) for name in ("regimes", "typologies", "countries")]
    return Overview(counts, latest_stories, latest, *facets)


def _latest(conn: Connection, filters: ArticleFilters, limit: int) -> list[ArticleSummary]:
    """The newest articles that pass the filters (without counting them all, as a page would)."""
    query = (sa.select(articles.c.id).select_from(_summary_from()).where(*_article_conditions(filters))
             .order_by(*newest_first(conn.dialect.name)).limit(limit))
    return _summaries_by_id(conn, [row[0] for row in conn.execute(query)])


def _counts(conn: Connection) -> dict[str, int]:
    def count(table: sa.Table, *where: Any) -> int:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())

    kept: dict[str, int] = {str(facet): int(n) for facet, n in conn.execute(
        sa.select(facet_counts.c.facet, facet_counts.c.articles).where(facet_counts.c.facet.in_(("all", "evasion"))))}
    return {
        "articles": count(articles),
        "analysed": kept.get("all", 0),
        "evasion": kept.get("evasion", 0),
        "stories": count(stories, stories.c.merged_into.is_(None)),
        "matches": count(matches),
        "judged": count(judgements),
    }


def _kept_total(conn: Connection, filters: ArticleFilters) -> int | None:
    """How many articles the filters find, as ``facet_counts`` keeps it: for one regime, country or typology,
    with or without evasion, or evasion alone. None for other filters, or a value not counted as written
    (SQLite's LIKE ignores case), which are counted row by row."""
    chosen = [(facet, value) for facet, value in (("regimes", filters.regime), ("countries", filters.country),
                                                  ("typologies", filters.typology)) if value]
    if (len(chosen) > 1 or filters.evasion is False or (not chosen and not filters.evasion)
            or any((filters.source, filters.story, filters.since, filters.until))):
        return None
    facet, value = chosen[0] if chosen else ("evasion", "")
    facet = EVASION + facet if chosen and filters.evasion else facet
    query = sa.select(facet_counts.c.articles).where(facet_counts.c.facet == facet, facet_counts.c.value == value)
    found = conn.execute(query).scalar()
    return int(found) if found is not None else None


def _facet(conn: Connection, name: str, limit: int = 12) -> list[Facet]:
    query = (sa.select(facet_counts.c.value, facet_counts.c.articles)
             .where(facet_counts.c.facet == name, facet_counts.c.articles > 0)
             .order_by(facet_counts.c.articles.desc(), facet_counts.c.value).limit(limit))
    return [Facet(str(value), int(n)) for value, n in conn.execute(query)]


# -- shared pieces ------------------------------------------------------------------------------


def _summary_from() -> sa.FromClause:
    return articles.outerjoin(analyses, analyses.c.article_id == articles.c.id).outerjoin(
        story_articles, story_articles.c.article_id == articles.c.id)


def _summary_select() -> sa.Select[Any]:
    return sa.select(*SUMMARY_COLUMNS).select_from(_summary_from())


def _article_conditions(filters: ArticleFilters) -> list[Any]:
    conditions: list[Any] = []
    if filters.evasion is not None:
        conditions.append(analyses.c.sanctions_evasion.is_(filters.evasion))
    for column, value in ((analyses.c.regimes, filters.regime), (analyses.c.countries, filters.country),
                          (analyses.c.typologies, filters.typology)):
        if value:
            conditions.append(json_array_contains(column, value))
    if filters.source:
        conditions.append(articles.c.source_domain == filters.source.lower())
    if filters.story:
        conditions.append(story_articles.c.story_id == filters.story)
    if filters.since:
        conditions.append(articles.c.published >= filters.since)
    if filters.until:
        conditions.append(articles.c.published <= filters.until + "\uffff")
    return conditions


def json_array_contains(column: Any, value: str) -> sa.ColumnElement[bool]:
    """True where a JSON array column holds the string ``value`` (portable: LIKE on the JSON text)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('"', "")
    return sa.cast(column, sa.Text).like(f'%"{escaped}"%', escape="\\")


def _summary(row: Any) -> ArticleSummary:
    evasion = row["sanctions_evasion"]
    return ArticleSummary(
        id=row["id"], title=row["title"], source_domain=row["source_domain"], url=row["url"],
        published=row["published"], ingested_at=row["ingested_at"],
        sanctions_evasion=None if evasion is None else bool(evasion), score=row["score"],
        regimes=_strings(row["regimes"]), countries=_strings(row["countries"]),
        typologies=_strings(row["typologies"]), story_id=row["story_id"],
    )


def _summaries_by_id(conn: Connection, article_ids: Sequence[str]) -> list[ArticleSummary]:
    if not article_ids:
        return []
    query = _summary_select().where(articles.c.id.in_(list(article_ids)))
    rows = conn.execute(query.order_by(*newest_first(conn.dialect.name))).mappings()
    return [_summary(row) for row in rows]


def _story_summaries(conn: Connection, rows: Sequence[Any]) -> list[StorySummary]:
    ids = [row["id"] for row in rows]
    query = (sa.select(story_articles.c.story_id, articles.c.source_domain, analyses.c.regimes,
                       analyses.c.countries, analyses.c.typologies)
             .select_from(story_articles.join(articles, articles.c.id == story_articles.c.article_id)
                          .outerjoin(analyses, analyses.c.article_id == articles.c.id))
             .where(story_articles.c.story_id.in_(ids)))
    found: dict[str, dict[str, dict[str, None]]] = {i: {"r": {}, "c": {}, "t": {}, "s": {}} for i in ids}
    for story_id, domain, regimes, countries, typologies in conn.execute(query) if ids else []:
        seen = found[story_id]
        for key, values in (("r", _strings(regimes)), ("c", _strings(countries)), ("t", _strings(typologies)),
                            ("s", [domain] if domain else [])):
            seen[key].update(dict.fromkeys(values))
    return [StorySummary(row["id"], row["title"], row["first_seen"], row["last_seen"], int(row["article_count"]),
                         *(sorted(found[row["id"]][k]) for k in "rcts")) for row in rows]


def _matches(conn: Connection, article_ids: Sequence[str]) -> list[MatchView]:
    if not article_ids:
        return []
    rows = conn.execute(sa.select(matches).where(matches.c.article_id.in_(list(article_ids)))
                        .order_by(matches.c.score.desc(), matches.c.id)).mappings().all()
    verdicts = _verdicts(conn, {row["mention_key"] for row in rows})
    return [_match_view(row, verdicts) for row in rows]


def _match_view(row: Any, verdicts: Verdicts) -> MatchView:
    key, entry_id = row["mention_key"] or "", row["entry_id"]
    found = verdicts.get((key, entry_id, row["list_name"])) or verdicts.get((key, entry_id, ""))
    verdict, note = found or (None, None)
    features = [f for f in (row["features"] or []) if isinstance(f, dict)]
    return MatchView(int(row["id"]), row["article_id"], row["mention"], int(row["start"]), int(row["end"]),
                     row["list_name"], int(row["list_version_id"]), entry_id, row["caption"],
                     row["schema"], float(row["score"]), features, verdict, note, key)


def _verdicts(conn: Connection, keys: set[str]) -> Verdicts:
    """Analysts' verdicts on these mention keys: (key, entry id, list name or "") -> (verdict, note)."""
    if not keys:
        return {}
    rows = conn.execute(sa.select(judgements).where(judgements.c.mention_key.in_(sorted(keys)))).mappings()
    return {(r["mention_key"], r["entry_id"], r["list_name"] or ""): (r["verdict"], r["note"]) for r in rows}


def _entries_for(conn: Connection, name: str, key: str) -> list[EntryView]:
    named = sa.or_(sa.func.lower(matches.c.mention) == name, sa.func.lower(matches.c.caption) == name,
                   matches.c.mention_key == key)
    query = (sa.select(matches.c.list_name, matches.c.entry_id, matches.c.caption, matches.c.schema,
                       sa.func.count(), sa.func.max(matches.c.score), sa.func.max(matches.c.list_version_id))
             .where(named).group_by(matches.c.list_name, matches.c.entry_id, matches.c.caption, matches.c.schema))
    rows = conn.execute(query.order_by(sa.func.max(matches.c.score).desc())).all()
    verdicts = _verdicts(conn, {key})
    return [EntryView(r[0], r[1], r[2], r[3], int(r[4]), float(r[5]),
                      sorted({v for (_k, e, _l), (v, _n) in verdicts.items() if e == r[1]}),
                      _entry_properties(conn, int(r[6]), r[1])) for r in rows]


def _listed_entity(conn: Connection, version_id: int, entry_id: str) -> JSONDict | None:
    """The FollowTheMoney entity of a list entry (stored inside the entry's JSON)."""
    query = sa.select(list_entries.c.entry).where(list_entries.c.list_version_id == version_id,
                                                  list_entries.c.entry_id == entry_id)
    entry = conn.execute(query).scalar()
    entity = entry.get("entity") if isinstance(entry, dict) else None
    return entity if isinstance(entity, dict) and entity else None


def _entry_properties(conn: Connection, version_id: int, entry_id: str) -> JSONDict:
    props = (_listed_entity(conn, version_id, entry_id) or {}).get("properties", {})
    return {str(k): [str(v) for v in values][:8] for k, values in props.items() if isinstance(values, list)}


def _judgement_views(conn: Connection, key: str | None, limit: int, offset: int) -> Page[JudgementView]:
    caption = (sa.select(list_entries.c.caption).where(list_entries.c.entry_id == judgements.c.entry_id)
               .order_by(list_entries.c.list_version_id.desc()).limit(1).scalar_subquery())
    where = [judgements.c.mention_key == key] if key is not None else []
    total = int(conn.execute(sa.select(sa.func.count()).select_from(judgements).where(*where)).scalar_one())
    query = (sa.select(judgements, caption.label("caption")).where(*where)
             .order_by(judgements.c.judged_at.desc(), judgements.c.mention_key).limit(limit).offset(offset))
    items = [JudgementView(r["mention_key"], r["entry_id"], r["list_name"] or "", r["caption"], r["verdict"],
                           r["note"], r["judged_at"]) for r in conn.execute(query).mappings()]
    return Page(items, total, limit, offset)


def _facts(conn: Connection, article_ids: Sequence[str]) -> list[FactView]:
    found = [FactView(article_id, f["id"], f["kind"], f["text"], int(f["start"]), int(f["end"]), dict(f["value"] or {}))
             for article_id, f in read_items(conn, article_ids, "facts")]
    return sorted(found, key=lambda fact: (fact.article_id, fact.start))


def _brief(conn: Connection, subject: str) -> BriefView | None:
    row = conn.execute(sa.select(briefs).where(briefs.c.subject == subject)).mappings().first()
    return _brief_view(row) if row else None


def _brief_view(row: Any) -> BriefView:
    brief, text = unpack_brief(row["packed"], row["subject"])
    return BriefView(row["subject"], row["written_at"], text, brief)


def _number(value: JSONDict) -> float | None:
    for key in ("value", "amount", "min_value", "max_value"):
        number = value.get(key)
        if isinstance(number, int | float) and not isinstance(number, bool):
            return float(number)
    return None


def _figure_key(fact: FactView) -> tuple[str, str]:
    value = fact.value
    unit = str(value.get("unit") or value.get("currency") or "")
    period = f" per {value['period']}" if value.get("period") else ""
    label = f"{fact.kind}: {unit}{period}".strip().rstrip(":")
    return f"{fact.kind}|{unit}|{value.get('period') or ''}", label


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []
