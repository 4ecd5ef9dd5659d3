"""The plain dataclasses every stage reads and writes.

Offsets are character offsets into ``Article.text`` (start inclusive, end exclusive). Stages
exchange these objects only; the store turns them into rows and back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any, TypeVar

JSONDict = dict[str, Any]
T = TypeVar("T")


@dataclasses.dataclass
class RawDocument:
    """Bytes as they arrived, before extraction: a file, a JSON Lines record or a fetched page."""

    origin: str
    data: bytes
    kind: str  # "text" | "html" | "record"
    url: str | None = None
    fields: JSONDict = dataclasses.field(default_factory=dict)
    fetched_at: str | None = None


@dataclasses.dataclass
class Article:
    """One news report, as text with its metadata."""

    id: str
    title: str
    text: str
    source_domain: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    published: str | None = None
    language: str | None = None
    content_hash: str = ""
    raw_hash: str = ""
    origin: str = ""
    fetched_at: str | None = None
    ingested_at: str | None = None
    version: int = 1
    meta: JSONDict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Sentence:
    start: int
    end: int


@dataclasses.dataclass
class Entity:
    """A named entity found in an article (a followthemoney Mention, before any list lookup)."""

    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, LOC, FAC, ...
    start: int
    end: int
    country: str | None = None  # ISO 3166-1 alpha-2 when the entity names or implies a country
    canonical: str | None = None  # the knowledge base's name for it, when known


@dataclasses.dataclass
class Fact:
    """A checked piece of a report: a count, an amount, a date, a legal reference, a method, an actor."""

    id: str
    kind: str
    text: str
    start: int
    end: int
    sentence: int
    value: JSONDict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Attribution:
    """Who claims what, and how firmly."""

    id: str
    source: str
    source_start: int
    source_end: int
    cue: str
    cue_start: int
    cue_end: int
    claim_start: int
    claim_end: int
    stance: str  # asserted | reported | hedged | denied
    sentence: int
    source_canonical: str | None = None


@dataclasses.dataclass
class Feature:
    """One reason behind a score: its name, its contribution, and a sentence a person can read."""

    name: str
    weight: float
    explanation: str


@dataclasses.dataclass
class Assessment:
    """Whether a report is about sanctions evasion, under which regime and provisions, and why."""

    sanctions_evasion: bool
    score: float
    features: list[Feature] = dataclasses.field(default_factory=list)
    regimes: list[str] = dataclasses.field(default_factory=list)
    provisions: list[JSONDict] = dataclasses.field(default_factory=list)
    typologies: list[str] = dataclasses.field(default_factory=list)
    discrepancies: list[JSONDict] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Analysis:
    """Everything the analysis stage found in one article."""

    article_id: str
    analyzer_version: str
    sentences: list[Sentence] = dataclasses.field(default_factory=list)
    entities: list[Entity] = dataclasses.field(default_factory=list)
    countries: list[str] = dataclasses.field(default_factory=list)
    facts: list[Fact] = dataclasses.field(default_factory=list)
    attributions: list[Attribution] = dataclasses.field(default_factory=list)
    assessment: Assessment | None = None


@dataclasses.dataclass
class BriefSentence:
    """One sentence of a brief, with where it came from."""

    text: str
    article_id: str | None = None
    spans: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    fact_ids: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class BriefParagraph:
    role: str  # summary | details | conclusion
    sentences: list[BriefSentence] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Brief:
    """A brief in the house format: headline, summary, details, conclusion, sources."""

    subject: str  # "article:<id>" or "story:<id>"
    headline: BriefSentence
    paragraphs: list[BriefParagraph]
    sources: list[str]


@dataclasses.dataclass
class Problem:
    """An item that was skipped, and why: one line a person can act on."""

    origin: str
    reason: str


def utc_now() -> str:
    """The current time in UTC as ISO 8601 to the second: how every timestamp is stored."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def to_dict(obj: Any) -> Any:
    """A dataclass (or list of them) as plain JSON-ready data."""
    if isinstance(obj, list):
        return [to_dict(item) for item in obj]
    return dataclasses.asdict(obj)


def from_dict(cls: type[T], data: JSONDict) -> T:
    """Rebuild a dataclass (with nested dataclasses and lists of them) from ``to_dict`` output."""
    hints = typing.get_type_hints(cls)
    values = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name in data:
            values[field.name] = _rebuild(hints[field.name], data[field.name])
    return cls(**values)


def _rebuild(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin is list and isinstance(value, list):
        (item,) = typing.get_args(hint) or (Any,)
        return [_rebuild(item, v) for v in value]
    if origin is tuple and isinstance(value, list):
        return tuple(value)
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return from_dict(hint, value)  # type: ignore[arg-type]
    for arg in typing.get_args(hint) if origin in (typing.Union, types.UnionType) else ():
        if arg is not type(None):
            return _rebuild(arg, value)
    return value


# -- sanctions lists and name matching (issue 4) -------------------------------------------------


@dataclasses.dataclass
class ListAlias:
    """Another name of a listed entity; a weak alias (a low-quality a.k.a.) is evidence, not proof."""

    name: str
    weak: bool = False
    kind: str = "aka"  # aka | fka | nka


@dataclasses.dataclass
class ListEntry:
    """One entry of a sanctions list, with its FollowTheMoney entity as published."""

    entry_id: str
    list_name: str
    schema: str  # Person | Organization | Company | LegalEntity | Vessel | Airplane
    caption: str
    names: list[str] = dataclasses.field(default_factory=list)
    aliases: list[ListAlias] = dataclasses.field(default_factory=list)
    countries: list[str] = dataclasses.field(default_factory=list)  # ISO 3166-1 alpha-2, upper case
    programs: list[str] = dataclasses.field(default_factory=list)
    references: list[str] = dataclasses.field(default_factory=list)  # e.g. KPi.033, EU.36.64
    listed_on: str | None = None
    identifiers: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # imo, passport, mmsi ...
    entity: JSONDict = dataclasses.field(default_factory=dict)  # followthemoney entity dict


@dataclasses.dataclass
class SanctionsList:
    """A parsed list file: its entries and where and when it was published."""

    name: str
    format: str  # un_sc_xml | ofac_csv | ofac_xml | eu_fsf_xml | ftm_json
    origin: str
    content_hash: str
    published: str | None = None
    entries: list[ListEntry] = dataclasses.field(default_factory=list)
    skipped: list[Problem] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ListVersionInfo:
    """A stored version of a list; ``is_new`` is False when the same content was stored before."""

    id: int
    name: str
    format: str
    origin: str
    content_hash: str
    published: str | None
    loaded_at: str
    entry_count: int
    is_current: bool = True
    is_new: bool = True


@dataclasses.dataclass
class Match:
    """A mention in an article matched to a listed entity, with the features behind the score."""

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
    features: list[Feature] = dataclasses.field(default_factory=list)
    matched_name: str = ""
    mention_key: str = ""


# -- web, exports and alerts (issue 7) -----------------------------------------------------------


@dataclasses.dataclass
class WatchlistCriteria:
    """What a watchlist follows. A report matches when every non-empty field has at least one hit."""

    names: list[str] = dataclasses.field(default_factory=list)
    typologies: list[str] = dataclasses.field(default_factory=list)
    regimes: list[str] = dataclasses.field(default_factory=list)
    countries: list[str] = dataclasses.field(default_factory=list)
    keywords: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Watchlist:
    """An analyst's standing question; new matching articles and stories raise alerts."""

    id: int
    name: str
    criteria: WatchlistCriteria
    webhook_url: str | None = None
    created_at: str = ""
    scanned_until: str | None = None


@dataclasses.dataclass
class Alert:
    """One row of the alerts outbox: a subject that matched a watchlist, and its delivery state."""

    id: int
    watchlist_id: int
    subject: str  # "article:<id>" or "story:<id>"
    payload: JSONDict
    state: str  # pending | sent | failed | logged (no webhook to deliver to)
    attempts: int = 0
    next_attempt: str | None = None
    last_error: str | None = None
    created_at: str = ""


# -- live news intake: feeds, fetching, deduplication (issue 5) ---------------------------------


@dataclasses.dataclass
class Feed:
    """A feed followed by the watch loop, with what the last fetch left for the next one."""

    id: int
    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_fetched: str | None = None
    next_due: str | None = None
    interval_s: int = 1800
    error_count: int = 0
    last_error: str | None = None


@dataclasses.dataclass
class FeedEntry:
    """One item as a feed describes it; the page it links to is fetched later."""

    guid: str
    url: str | None
    title: str = ""
    published: str | None = None
    updated: str | None = None
    content: str = ""  # the HTML (or text) the feed itself carries: a summary or the whole article


@dataclasses.dataclass
class FeedItem:
    """A feed entry waiting in the store's queue (``feed_items``) to be fetched and ingested."""

    feed_id: int
    entry: FeedEntry
    state: str = "new"  # new | ingested | duplicate | skipped | failed
    attempts: int = 0
    url_key: str | None = None
    article_id: str | None = None
    reason: str | None = None


@dataclasses.dataclass
class FetchResult:
    """A response as fetched: final URL after redirects, decoded body (at most the size limit)."""

    url: str
    status: int
    data: bytes
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str = ""
    redirects: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class DuplicateMatch:
    """A stored article that a new one republishes, and why it counts as a copy."""

    original_id: str
    score: float
    features: list[Feature] = dataclasses.field(default_factory=list)


# -- stories, story briefs and figure timelines (issue 6) ---------------------------------------


@dataclasses.dataclass
class Assignment:
    """Where one article went: the story it joined (or started), with the score and features that decided."""

    article_id: str
    story_id: str
    score: float
    new_story: bool
    features: list[Feature] = dataclasses.field(default_factory=list)
    merged: list[str] = dataclasses.field(default_factory=list)  # story ids folded into story_id just now


@dataclasses.dataclass
class StoryMerge:
    """Two stories found to tell one event: ``merged`` now lives on as ``into``."""

    merged: str
    into: str
    article_id: str  # the article whose arrival showed the two were one
    score: float
    features: list[Feature] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Story:
    """Reports of one event, across sources."""

    id: str
    title: str
    article_ids: list[str] = dataclasses.field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    merged_into: str | None = None


@dataclasses.dataclass
class FigurePoint:
    """One report of a figure: the number, when it holds, who says so and how firmly."""

    article_id: str
    fact_id: str
    kind: str  # count | money
    text: str
    start: int
    end: int
    value: float | None
    min_value: float | None = None
    max_value: float | None = None
    approximate: bool = False
    vague: bool = False
    reported: str | None = None  # the article's date
    as_of: str | None = None  # a date stated next to the figure ("in 2024"), when there is one
    claimant: str | None = None
    stance: str = "asserted"
    source_domain: str | None = None
    story_id: str | None = None
    key: str = ""  # measure|place|subject: the figure this point reports


@dataclasses.dataclass
class FigureTimeline:
    """One measured thing (subject, measure, place) across reports, oldest first, with contradictions."""

    key: str
    label: str
    subject: str
    measure: str
    place: str | None
    points: list[FigurePoint] = dataclasses.field(default_factory=list)
    contradictions: list[JSONDict] = dataclasses.field(default_factory=list)
