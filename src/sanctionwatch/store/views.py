"""The shapes the read queries return: pages of rows, summaries and details, ready for JSON.

The dashboard, the JSON API (as response models) and the exports all use these, so a page and its
API twin always carry the same data.
"""

from __future__ import annotations

import dataclasses
from typing import Generic, TypeVar

from sanctionwatch.model import JSONDict

T = TypeVar("T")


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
    list_version_id: int
    entry_id: str
    caption: str
    schema: str
    score: float
    features: list[JSONDict]
    verdict: str | None = None
    note: str | None = None
    mention_key: str = ""


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
class JudgementView:
    """An analyst's verdict on a (mention, listed entry) pair; list "" means the entry in any list."""

    mention_key: str
    entry_id: str
    list_name: str
    caption: str | None
    verdict: str
    note: str | None
    judged_at: str


@dataclasses.dataclass
class EntityDetail:
    name: str
    labels: list[str]
    mention_total: int
    mentions: list[MentionView]
    entries: list[EntryView]
    judgements: list[JudgementView] = dataclasses.field(default_factory=list)


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
