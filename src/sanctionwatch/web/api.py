"""The JSON API under /api/v1: the dashboard's data, paged and filtered, described by OpenAPI.

Every answer is ``{"ok": true, "data": ...}`` (lists add ``"page"``); every error is
``{"ok": false, "error": "..."}`` with its HTTP status. Writes need ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from sanctionwatch import __version__
from sanctionwatch import alerts as alerting
from sanctionwatch.link.screen import mention_key
from sanctionwatch.model import Alert, Watchlist, WatchlistCriteria
from sanctionwatch.store import Store, queries, views
from sanctionwatch.store import alerts as alert_store
from sanctionwatch.web.judgements import record_judgement
from sanctionwatch.web.state import get_store, guard_of, overview_of

T = TypeVar("T")
router = APIRouter(prefix="/api/v1", tags=["api"])
StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=100, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]


class PageInfo(BaseModel):
    total: int
    limit: int
    offset: int
    next_offset: int | None = None


class Envelope(BaseModel, Generic[T]):
    ok: bool = True
    data: T


class PagedEnvelope(BaseModel, Generic[T]):
    ok: bool = True
    data: list[T]
    page: PageInfo


class ErrorBody(BaseModel):
    ok: bool = False
    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in ((400, "Bad input"), (401, "Token missing or wrong"), (403, "Writes disabled or refused"),
                       (404, "Not found"), (422, "Invalid parameter"))
}


class WatchlistIn(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    names: list[str] = []
    typologies: list[str] = []
    regimes: list[str] = []
    countries: list[str] = []
    keywords: list[str] = []
    webhook_url: str | None = None


class JudgementIn(BaseModel):
    verdict: Literal["confirmed", "rejected"]
    note: str | None = Field(default=None, max_length=2000)


def filters(
    evasion: Annotated[bool | None, Query(description="Only articles assessed as evasion (or not).")] = None,
    regime: Annotated[str | None, Query(max_length=64, description="Regime id, e.g. UN_1718.")] = None,
    typology: Annotated[str | None, Query(max_length=64, description="Typology id, e.g. overseas_labour.")] = None,
    country: Annotated[str | None, Query(max_length=2, description="ISO 3166-1 alpha-2 code.")] = None,
    source: Annotated[str | None, Query(max_length=255, description="Source domain.")] = None,
    story: Annotated[str | None, Query(max_length=32, description="Story id.")] = None,
    since: Annotated[str | None, Query(max_length=10, description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(max_length=10, description="Published on or before (YYYY-MM-DD).")] = None,
) -> views.ArticleFilters:
    """The article filters shared by the article and story lists (and the pages)."""
    return views.ArticleFilters(evasion, regime, typology, country.upper() if country else None, source, story,
                                  since, until)


FiltersDep = Annotated[views.ArticleFilters, Depends(filters)]


def paged(page: views.Page[Any]) -> dict[str, Any]:
    following = page.offset + page.limit
    info = PageInfo(total=page.total, limit=page.limit, offset=page.offset,
                    next_offset=following if following < page.total else None)
    return {"ok": True, "data": page.items, "page": info}


@router.get("/health", response_model=Envelope[dict[str, str]])
def health() -> dict[str, Any]:
    """Liveness: answers without touching the database."""
    return {"ok": True, "data": {"status": "ok", "version": __version__}}


@router.get("/overview", response_model=Envelope[views.Overview])
def overview(request: Request) -> dict[str, Any]:
    """Counts, latest stories and evasion reports, and the spread over regimes, typologies and countries
    (recomputed at most every 30 seconds)."""
    return {"ok": True, "data": overview_of(request)}


@router.get("/articles", response_model=PagedEnvelope[views.ArticleSummary])
def articles(store: StoreDep, chosen: FiltersDep, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Articles, newest published first."""
    return paged(queries.list_article_summaries(store, chosen, limit, offset))


@router.get("/articles/{article_id}", response_model=Envelope[views.ArticleDetail], responses=ERRORS)
def article(store: StoreDep, article_id: str) -> dict[str, Any]:
    """One article: text, analysis (entities, facts, attributions, assessment), list matches, brief."""
    return {"ok": True, "data": _found(queries.get_article_detail(store, article_id), "article")}


@router.get("/stories", response_model=PagedEnvelope[views.StorySummary])
def stories(store: StoreDep, chosen: FiltersDep, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Stories, latest first; filters keep the stories with at least one matching article."""
    return paged(queries.list_story_summaries(store, chosen, limit, offset))


@router.get("/stories/{story_id}", response_model=Envelope[views.StoryDetail], responses=ERRORS)
def story(store: StoreDep, story_id: str) -> dict[str, Any]:
    """One story: articles, brief, facts, list matches and figure timelines."""
    return {"ok": True, "data": _found(queries.get_story_detail(store, story_id), "story")}


@router.get("/entities", response_model=PagedEnvelope[views.EntityCount])
def entities(
    store: StoreDep, label: Annotated[str | None, Query(max_length=16)] = None,
    prefix: Annotated[str | None, Query(max_length=100)] = None, limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:
    """Names mentioned in articles, most mentioned first."""
    return paged(queries.list_entity_counts(store, label, prefix, limit, offset))


@router.get("/entity", response_model=Envelope[views.EntityDetail], responses=ERRORS)
def entity(store: StoreDep, name: Annotated[str, Query(min_length=1, max_length=300)],
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Where a name is mentioned, and the listed entities its mentions were matched to."""
    found = queries.get_entity_detail(store, name, mention_key(name), limit, offset)
    if not found.mentions and not found.entries and offset == 0:
        raise HTTPException(404, f"no mention of {name!r}")
    return {"ok": True, "data": found}


@router.get("/search", response_model=PagedEnvelope[views.SearchHit])
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=300)],
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Full-text search over titles and texts (words ANDed, "quoted phrases", prefix*)."""
    return paged(queries.search_page(store, q, limit, offset))


@router.post("/matches/{match_id}/judgement", response_model=Envelope[views.MatchView], responses=ERRORS)
def judge(request: Request, store: StoreDep, match_id: int, body: JudgementIn) -> dict[str, Any]:
    """Confirm or reject a list match; later linking runs respect the verdict. Needs the token."""
    guard_of(request).require_token(request)
    return {"ok": True, "data": record_judgement(store, match_id, body.verdict, body.note)}


@router.get("/judgements", response_model=PagedEnvelope[views.JudgementView])
def judgements(store: StoreDep, name: Annotated[str | None, Query(max_length=300)] = None,
               limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Analysts' verdicts on list matches, latest first; ``name`` keeps those on one mentioned name."""
    return paged(queries.list_judgements(store, mention_key(name) if name else None, limit, offset))


@router.get("/watchlists", response_model=Envelope[list[Watchlist]])
def watchlists(store: StoreDep) -> dict[str, Any]:
    return {"ok": True, "data": alert_store.list_watchlists(store)}


@router.post("/watchlists", response_model=Envelope[Watchlist], status_code=201, responses=ERRORS)
def add_watchlist(request: Request, store: StoreDep, body: WatchlistIn) -> dict[str, Any]:
    """Follow names, typologies, regimes, countries or keywords. Needs the token."""
    guard_of(request).require_token(request)
    criteria = WatchlistCriteria(body.names, body.typologies, body.regimes, [c.upper() for c in body.countries],
                                 body.keywords)
    return {"ok": True, "data": alerting.add_watchlist(store, body.name, criteria, body.webhook_url)}


@router.delete("/watchlists/{watchlist_id}", response_model=Envelope[dict[str, int]], responses=ERRORS)
def remove_watchlist(request: Request, store: StoreDep, watchlist_id: int) -> dict[str, Any]:
    guard_of(request).require_token(request)
    if not alert_store.delete_watchlist(store, watchlist_id):
        raise HTTPException(404, f"no watchlist {watchlist_id}")
    return {"ok": True, "data": {"deleted": watchlist_id}}


@router.get("/alerts", response_model=PagedEnvelope[Alert])
def alerts(
    store: StoreDep, watchlist: int | None = None,
    state: Annotated[str | None, Query(pattern="^(pending|sent|failed|logged)$")] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:
    """The alerts outbox, newest first."""
    items, total = alert_store.list_alerts(store, watchlist, state, limit, offset)
    return paged(views.Page(items, total, limit, offset))


def _found(value: T | None, what: str) -> T:
    if value is None:
        raise HTTPException(404, f"no such {what}")
    return value
