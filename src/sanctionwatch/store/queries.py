"""Read queries for the dashboard, the JSON API and the exports: pages of rows, never whole tables.

Every function reads whatever the other stages have written so far (articles, analyses, facts,
matches, judgements, stories, briefs) and returns plain dataclasses; a table nobody has filled yet
reads as empty. JSON arrays (regimes, countries, typologies) are filtered with a portable LIKE on
their JSON text and counted with each dialect's JSON table function.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sanctionwatch.model import Analysis, JSONDict, from_dict
from sanctionwatch.store.engine import Store
from sanctionwatch.store.schema import (
    analyses,
    articles,
    briefs,
    entities,
    facts,
    judgements,
    list_entries,
    matches,
    stories,
    story_articles,
)

T = TypeVar("T")
FIGURE_KINDS = ("count", "money", "amount", "quantity")
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
TYPOLOGIES = analyses.c.result[("assessment", "typologies")]
SUMMARY_COLUMNS = (
    articles.c.id, articles.c.title, articles.c.source_domain, articles.c.url, articles.c.published,
    articles.c.ingested_at, analyses.c.sanctions_evasion, analyses.c.score, analyses.c.regimes,
    analyses.c.countries, TYPOLOGIES.label("typologies"), story_articles.c.story_id,
)


@dataclasses.dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


@dataclasses.dataclass
class ArticleFilters:
    evasion: bool | None = None
    regime: str | None = None
    typology: str | None = None
    country: str | None = None
    source: str | None = None
    story: str | None = None
    since: str | None = None
    until: str | None = None


@dataclasses.dataclass
class ArticleSummary:
    id: str
    title: str
    source_domain: str | None
    url: str | None
    published: str | None
    ingested_at: str
    sanctions_evasion: bool | None
    score: float | None
    regimes: list[str]
    countries: list[str]
    typologies: list[str]
    story_id: str | None


@dataclasses.dataclass
class StorySummary:
    id: str
    title: str
    first_seen: str | None
    last_seen: str | None
    article_count: int
    regimes: list[str] = dataclasses.field(default_factory=list)
    countries: list[str] = dataclasses.field(default_factory=list)
    typologies: list[str] = dataclasses.field(default_factory=list)
    sources: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class MatchView:
    """A list match with its reasons and the analyst's verdict, if any."""

    id: int
    article_id: str
    mention: str
    start: int
    end: int
    list_name: str
    entry_id: str
    caption: str
    schema: str
    score: float
    features: list[JSONDict]
    verdict: str | None = None
    note: str | None = None


@dataclasses.dataclass
class FactView:
    article_id: str
    id: str
    kind: str
    text: str
    start: int
    end: int
    value: JSONDict


@dataclasses.dataclass
class TimelinePoint:
    date: str
    value: float
    article_id: str
    fact_id: str
    text: str


@dataclasses.dataclass
class Timeline:
    """One figure (e.g. workers counted, dollars per month) across the articles of a story."""

    key: str
    label: str
    points: list[TimelinePoint]


@dataclasses.dataclass
class BriefView:
    subject: str
    written_at: str
    text: str
    brief: JSONDict


@dataclasses.dataclass
class StoryDetail:
    story: StorySummary
    articles: list[ArticleSummary]
    brief: BriefView | None
    facts: list[FactView]
    matches: list[MatchView]
    timelines: list[Timeline]


@dataclasses.dataclass
class ArticleDetail:
    article: ArticleSummary
    text: str
    language: str | None
    analysis: JSONDict | None
    matches: list[MatchView]
    brief: BriefView | None


@dataclasses.dataclass
class MentionView:
    article_id: str
    title: str
    published: str | None
    label: str
    start: int
    end: int
    context: str


@dataclasses.dataclass
class EntryView:
    """A listed entity that mentions of this name were matched to."""

    list_name: str
    entry_id: str
    caption: str
    schema: str
    match_count: int
    best_score: float
    verdicts: list[str]
    properties: JSONDict


@dataclasses.dataclass
class EntityDetail:
    name: str
    labels: list[str]
    mention_total: int
    mentions: list[MentionView]
    entries: list[EntryView]


@dataclasses.dataclass
class EntityCount:
    name: str
    label: str
    count: int


@dataclasses.dataclass
class Facet:
    value: str
    count: int


@dataclasses.dataclass
class SearchHit:
    """An article found by full-text search; ``highlights`` are spans of ``snippet`` that matched."""

    article: ArticleSummary
    snippet: str
    highlights: list[tuple[int, int]]


@dataclasses.dataclass
class Overview:
    counts: dict[str, int]
    latest_stories: list[StorySummary]
    latest_articles: list[ArticleSummary]
    by_regime: list[Facet]
    by_typology: list[Facet]
    by_country: list[Facet]


# -- articles -----------------------------------------------------------------------------------


def list_article_summaries(store: Store, filters: ArticleFilters, limit: int = 20, offset: int = 0) -> Page[ArticleSummary]:
    """Articles, newest published first, with their assessment and story."""
    conditions = _article_conditions(filters)
    query = _summary_select().where(*conditions)
    query = query.order_by(articles.c.published.desc().nulls_last(), articles.c.ingested_at.desc(), articles.c.id)
    count = sa.select(sa.func.count()).select_from(_summary_from()).where(*conditions)
    with store.transaction() as conn:
        total = int(conn.execute(count).scalar_one())
        rows = conn.execute(query.limit(limit).offset(offset)).mappings().all()
    return Page([_summary(row) for row in rows], total, limit, offset)


def get_article_detail(store: Store, article_id: str) -> ArticleDetail | None:
    """An article with its text, its whole analysis, its list matches and its brief."""
    with store.transaction() as conn:
        row = conn.execute(_summary_select().where(articles.c.id == article_id)).mappings().first()
        if row is None:
            return None
        text, language = conn.execute(sa.select(articles.c.text, articles.c.language)
                                      .where(articles.c.id == article_id)).one()
        result = conn.execute(sa.select(analyses.c.result).where(analyses.c.article_id == article_id)).scalar()
        found = _matches(conn, [article_id])
        brief = _brief(conn, f"article:{article_id}")
    return ArticleDetail(_summary(row), text, language, _analysis_dict(result), found, brief)


def summaries_by_id(store: Store, article_ids: Sequence[str]) -> list[ArticleSummary]:
    with store.transaction() as conn:
        return _summaries_by_id(conn, article_ids)


# -- stories ------------------------------------------------------------------------------------


def list_story_summaries(store: Store, filters: ArticleFilters, limit: int = 20, offset: int = 0) -> Page[StorySummary]:
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
        detail = StoryDetail(story, members, _brief(conn, f"story:{story_id}"), found_facts,
                             _matches(conn, ids), figure_timelines(found_facts, members))
    return detail


def figure_timelines(found: Iterable[FactView], members: Iterable[ArticleSummary]) -> list[Timeline]:
    """Each figure (kind and unit) as dated points, one per fact with a number and a dated article."""
    dates = {a.id: (a.published or a.ingested_at or "")[:10] for a in members}
    series: dict[str, Timeline] = {}
    for fact in found:
        number = _number(fact.value)
        if fact.kind not in FIGURE_KINDS or number is None or not dates.get(fact.article_id):
            continue
        key, label = _figure_key(fact)
        line = series.setdefault(key, Timeline(key, label, []))
        line.points.append(TimelinePoint(dates[fact.article_id], number, fact.article_id, fact.id, fact.text))
    for line in series.values():
        line.points.sort(key=lambda p: (p.date, p.value))
    return sorted(series.values(), key=lambda t: (-len(t.points), t.key))


# -- entities -----------------------------------------------------------------------------------


def list_entity_counts(store: Store, label: str | None = None, prefix: str | None = None,
                       limit: int = 50, offset: int = 0) -> Page[EntityCount]:
    """Names mentioned in articles, most mentioned first."""
    conditions = [entities.c.label == label] if label else []
    if prefix:
        conditions.append(sa.func.lower(entities.c.text).startswith(prefix.lower(), autoescape=True))
    grouped = sa.select(entities.c.text, entities.c.label, sa.func.count().label("n")).where(*conditions)
    grouped = grouped.group_by(entities.c.text, entities.c.label)
    with store.transaction() as conn:
        total = int(conn.execute(sa.select(sa.func.count()).select_from(grouped.subquery())).scalar_one())
        rows = conn.execute(grouped.order_by(sa.desc("n"), entities.c.text).limit(limit).offset(offset)).all()
    return Page([EntityCount(r[0], r[1], int(r[2])) for r in rows], total, limit, offset)


def get_entity_detail(store: Store, name: str, limit: int = 50, offset: int = 0) -> EntityDetail:
    """Where a name is mentioned (with context) and the listed entities its mentions were matched to."""
    key = name.strip().lower()
    named = sa.or_(sa.func.lower(entities.c.text) == key, sa.func.lower(entities.c.canonical) == key)
    context_start = sa.func.max(entities.c.start - 80, 0)
    context = sa.func.substr(articles.c.text, context_start + 1, entities.c.end - context_start + 80)
    query = (sa.select(entities.c.article_id, articles.c.title, articles.c.published, entities.c.label,
                       entities.c.start, entities.c.end, context, context_start)
             .join(articles, articles.c.id == entities.c.article_id).where(named))
    with store.transaction() as conn:
        total = int(conn.execute(sa.select(sa.func.count()).select_from(entities).where(named)).scalar_one())
        rows = conn.execute(query.order_by(articles.c.published.desc().nulls_last(), entities.c.start)
                            .limit(limit).offset(offset)).all()
        labels = sorted({r[0] for r in conn.execute(sa.select(entities.c.label).where(named).distinct())})
        entries = _entries_for(conn, key)
    mentions = [MentionView(r[0], r[1], r[2], r[3], r[4], r[5], _trim_context(r[6], r[4] - r[7], r[5] - r[7]))
                for r in rows]
    return EntityDetail(name.strip(), labels, total, mentions, entries)


# -- search -------------------------------------------------------------------------------------


def search_articles(store: Store, text: str, limit: int = 20, offset: int = 0) -> Page[SearchHit]:
    """Full-text search over titles and texts: SQLite FTS5, or PostgreSQL full text."""
    if store.dialect == "postgresql":
        return _search_postgresql(store, text, limit, offset)
    query = fts_query(text)
    if not query:
        return Page([], 0, limit, offset)
    hits_sql = sa.text(
        "SELECT a.id, snippet(articles_fts, 1, char(2), char(3), '…', 24) AS snip FROM articles_fts "
        "JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH :q "
        "ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT :limit OFFSET :offset")
    count_sql = sa.text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q")
    with store.transaction() as conn:
        total = int(conn.execute(count_sql, {"q": query}).scalar_one())
        rows = conn.execute(hits_sql, {"q": query, "limit": limit, "offset": offset}).all()
        return Page(_hits(conn, rows), total, limit, offset)


def fts_query(text: str) -> str:
    """User text as a safe FTS5 query: quoted phrases and words (a trailing * keeps a prefix), ANDed."""
    terms = []
    for phrase, word, star in re.findall(r'"([^"]*)"|([\w\-\']+)(\*?)', text)[:16]:
        words = re.findall(r"\w+", phrase or word)
        if words:
            terms.append('"' + " ".join(words) + '"' + ("*" if star and not phrase else ""))
    return " ".join(terms)


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


def _search_postgresql(store: Store, text: str, limit: int, offset: int) -> Page[SearchHit]:
    document = "to_tsvector('english', coalesce(a.title, '') || ' ' || coalesce(a.text, ''))"
    where = f"FROM articles a, plainto_tsquery('english', :q) query WHERE {document} @@ query"
    hits_sql = sa.text(
        "SELECT a.id, ts_headline('english', a.text, query, 'StartSel=\"\x02\", StopSel=\"\x03\", "
        f"MaxWords=40, MinWords=15') AS snip {where} ORDER BY ts_rank({document}, query) DESC, a.id "
        "LIMIT :limit OFFSET :offset")
    with store.transaction() as conn:
        total = int(conn.execute(sa.text(f"SELECT count(*) {where}"), {"q": text}).scalar_one())
        rows = conn.execute(hits_sql, {"q": text, "limit": limit, "offset": offset}).all()
        return Page(_hits(conn, rows), total, limit, offset)


def _hits(conn: Connection, rows: Sequence[Any]) -> list[SearchHit]:
    by_id = {s.id: s for s in _summaries_by_id(conn, [r[0] for r in rows])}
    return [SearchHit(by_id[r[0]], *split_marks(r[1])) for r in rows if r[0] in by_id]


# -- overview -----------------------------------------------------------------------------------


def get_overview(store: Store, stories_limit: int = 10, articles_limit: int = 10) -> Overview:
    """Counts, latest stories and evasion reports, and how analysed articles spread over facets."""
    latest_stories = list_story_summaries(store, ArticleFilters(), stories_limit).items
    latest = list_article_summaries(store, ArticleFilters(evasion=True), articles_limit).items
    if not latest:
        latest = list_article_summaries(store, ArticleFilters(), articles_limit).items
    with store.transaction() as conn:
        counts = _counts(conn)
        facets = [_facet(conn, name) for name in ("regimes", "typologies", "countries")]
    return Overview(counts, latest_stories, latest, *facets)


def _counts(conn: Connection) -> dict[str, int]:
    def count(table: sa.Table, *where: Any) -> int:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())

    return {
        "articles": count(articles),
        "analysed": count(analyses),
        "evasion": count(analyses, analyses.c.sanctions_evasion.is_(True)),
        "stories": count(stories, stories.c.merged_into.is_(None)),
        "matches": count(matches),
        "judged": count(judgements),
    }


def _facet(conn: Connection, name: str, limit: int = 12) -> list[Facet]:
    sql = _FACET_SQL[conn.dialect.name if conn.dialect.name in _FACET_SQL else "sqlite"][name]
    rows = conn.execute(sa.text(sql + " GROUP BY value ORDER BY n DESC, value LIMIT :limit"), {"limit": limit})
    return [Facet(str(value), int(n)) for value, n in rows if value]


_PG_ARRAY = "json_array_elements_text(CASE WHEN json_typeof({0}) = 'array' THEN {0} ELSE '[]'::json END)"
_FACET_SQL = {
    "sqlite": {
        "regimes": "SELECT j.value AS value, count(*) AS n FROM analyses, json_each(analyses.regimes) AS j",
        "countries": "SELECT j.value AS value, count(*) AS n FROM analyses, json_each(analyses.countries) AS j",
        "typologies": "SELECT j.value AS value, count(*) AS n FROM analyses, "
        "json_each(analyses.result, '$.assessment.typologies') AS j",
    },
    "postgresql": {
        name: f"SELECT v AS value, count(*) AS n FROM analyses, {_PG_ARRAY.format(expr)} AS v"
        for name, expr in (("regimes", "analyses.regimes"), ("countries", "analyses.countries"),
                           ("typologies", "(analyses.result #> '{assessment,typologies}')"))
    },
}


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
                          (TYPOLOGIES, filters.typology)):
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
    rows = conn.execute(query.order_by(articles.c.published.desc().nulls_last(), articles.c.id)).mappings()
    return [_summary(row) for row in rows]


def _story_summaries(conn: Connection, rows: Sequence[Any]) -> list[StorySummary]:
    ids = [row["id"] for row in rows]
    query = (sa.select(story_articles.c.story_id, articles.c.source_domain, analyses.c.regimes,
                       analyses.c.countries, TYPOLOGIES)
             .select_from(_summary_from()).where(story_articles.c.story_id.in_(ids)))
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
    verdicts = _verdicts(conn, {row["entry_id"] for row in rows})
    return [_match_view(row, verdicts) for row in rows]


def _match_view(row: Any, verdicts: dict[tuple[str, str], tuple[str, str | None]]) -> MatchView:
    verdict, note = verdicts.get((mention_key(row["mention"]), row["entry_id"]), (None, None))
    features = [f for f in (row["features"] or []) if isinstance(f, dict)]
    return MatchView(int(row["id"]), row["article_id"], row["mention"], int(row["start"]), int(row["end"]),
                     row["list_name"], row["entry_id"], row["caption"], row["schema"], float(row["score"]),
                     features, verdict, note)


def mention_key(text: str) -> str:
    """The judgement key of a mention: its text, case- and space-folded."""
    return " ".join(text.split()).casefold()


def _verdicts(conn: Connection, entry_ids: set[str]) -> dict[tuple[str, str], tuple[str, str | None]]:
    if not entry_ids:
        return {}
    rows = conn.execute(sa.select(judgements).where(judgements.c.entry_id.in_(sorted(entry_ids)))).mappings()
    return {(row["mention_key"], row["entry_id"]): (row["verdict"], row["note"]) for row in rows}


def _entries_for(conn: Connection, key: str) -> list[EntryView]:
    named = sa.or_(sa.func.lower(matches.c.mention) == key, sa.func.lower(matches.c.caption) == key)
    query = (sa.select(matches.c.list_name, matches.c.entry_id, matches.c.caption, matches.c.schema,
                       sa.func.count(), sa.func.max(matches.c.score), sa.func.max(matches.c.list_version_id))
             .where(named).group_by(matches.c.list_name, matches.c.entry_id, matches.c.caption, matches.c.schema))
    rows = conn.execute(query.order_by(sa.func.max(matches.c.score).desc())).all()
    verdicts = _verdicts(conn, {r[1] for r in rows})
    return [EntryView(r[0], r[1], r[2], r[3], int(r[4]), float(r[5]),
                      sorted({v for (k, e), (v, _) in verdicts.items() if e == r[1] and k == key}),
                      _entry_properties(conn, int(r[6]), r[1])) for r in rows]


def _entry_properties(conn: Connection, version_id: int, entry_id: str) -> JSONDict:
    query = sa.select(list_entries.c.entity).where(list_entries.c.list_version_id == version_id,
                                                   list_entries.c.entry_id == entry_id)
    entity = conn.execute(query).scalar()
    props = entity.get("properties", {}) if isinstance(entity, dict) else {}
    return {str(k): [str(v) for v in values][:8] for k, values in props.items() if isinstance(values, list)}


def _facts(conn: Connection, article_ids: Sequence[str]) -> list[FactView]:
    if not article_ids:
        return []
    query = sa.select(facts).where(facts.c.article_id.in_(list(article_ids))).order_by(facts.c.article_id,
                                                                                       facts.c.start)
    return [FactView(r["article_id"], r["id"], r["kind"], r["text"], int(r["start"]), int(r["end"]),
                     dict(r["value"] or {})) for r in conn.execute(query).mappings()]


def _brief(conn: Connection, subject: str) -> BriefView | None:
    row = conn.execute(sa.select(briefs).where(briefs.c.subject == subject)).mappings().first()
    return BriefView(row["subject"], row["written_at"], row["text"], dict(row["result"])) if row else None


def _analysis_dict(result: Any) -> JSONDict | None:
    """The stored analysis, rebuilt through the dataclass so old and new shapes read the same."""
    if not isinstance(result, dict):
        return None
    return dataclasses.asdict(from_dict(Analysis, result))


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


def _trim_context(context: str, start: int, end: int) -> str:
    """The context around a mention, cut at word boundaries, with the mention marked."""
    before, name, after = context[:start], context[start:end], context[end:]
    before = before.split(" ", 1)[-1] if " " in before and start >= 80 else before
    after = after.rsplit(" ", 1)[0] if " " in after else after
    return " ".join(f"{before}{MARK_OPEN}{name}{MARK_CLOSE}{after}".split())


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []
