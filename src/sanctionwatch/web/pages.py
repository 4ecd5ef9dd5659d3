"""The dashboard's pages: server-rendered HTML over the same queries as the JSON API."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from sanctionwatch.export import atom_feed
from sanctionwatch.link.screen import mention_key
from sanctionwatch.store import Store, queries, views
from sanctionwatch.store import alerts as alert_store
from sanctionwatch.web.api import FiltersDep
from sanctionwatch.web.highlight import analysis_spans, highlight_html
from sanctionwatch.web.render import kb_names, render_page
from sanctionwatch.web.state import get_store, overview_of

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(get_store)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
PAGE_SIZE = 20


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request) -> HTMLResponse:
    return render_page(request, "overview.html", {"overview": overview_of(request)})


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, store: StoreDep, chosen: FiltersDep, offset: Offset = 0) -> HTMLResponse:
    page = queries.list_story_summaries(store, chosen, PAGE_SIZE, offset)
    return render_page(request, "stories.html", {"page": page, "filters": _active(chosen)})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, store: StoreDep, story_id: str) -> HTMLResponse:
    detail = queries.get_story_detail(store, story_id)
    if detail is None:
        raise HTTPException(404, "no such story")
    charts = [t for t in detail.timelines if len({p.date for p in t.points}) > 1]
    single = [t for t in detail.timelines if t not in charts]
    titles = {a.id: a.title for a in detail.articles}
    return render_page(request, "story.html", {"detail": detail, "titles": titles, "charts": charts, "single": single})


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, store: StoreDep, chosen: FiltersDep, offset: Offset = 0) -> HTMLResponse:
    page = queries.list_article_summaries(store, chosen, PAGE_SIZE, offset)
    return render_page(request, "articles.html", {"page": page, "filters": _active(chosen)})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, store: StoreDep, article_id: str) -> HTMLResponse:
    detail = queries.get_article_detail(store, article_id)
    if detail is None:
        raise HTTPException(404, "no such article")
    found = [dataclasses.asdict(m) for m in detail.matches]
    body = highlight_html(detail.text, analysis_spans(detail.analysis, found, "/entity?name="))
    assessment = (detail.analysis or {}).get("assessment")
    return render_page(request, "article.html", {"detail": detail, "body": body, "assessment": assessment})


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request, store: StoreDep, label: Annotated[str | None, Query(max_length=16)] = None,
    prefix: Annotated[str | None, Query(max_length=100)] = None, offset: Offset = 0,
) -> HTMLResponse:
    page = queries.list_entity_counts(store, label or None, prefix or None, 50, offset)
    return render_page(request, "entities.html", {"page": page, "label": label or "", "prefix": prefix or ""})


@router.get("/entity", response_class=HTMLResponse)
def entity_page(request: Request, store: StoreDep, name: Annotated[str, Query(min_length=1, max_length=300)],
                offset: Offset = 0) -> HTMLResponse:
    detail = queries.get_entity_detail(store, name, mention_key(name), PAGE_SIZE, offset)
    page = views.Page(detail.mentions, detail.mention_total, PAGE_SIZE, offset)
    return render_page(request, "entity.html", {"detail": detail, "page": page})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: Annotated[str, Query(max_length=300)] = "",
                offset: Offset = 0) -> HTMLResponse:
    page = queries.search_page(store, q, PAGE_SIZE, offset) if q.strip() else None
    return render_page(request, "search.html", {"q": q, "page": page})


@router.get("/watchlists", response_class=HTMLResponse)
def watchlists_page(request: Request, store: StoreDep, added: Annotated[str | None, Query(max_length=128)] = None,
                    ) -> HTMLResponse:
    return render_page(request, "watchlists.html", watchlists_context(store, added=added))


def watchlists_context(store: Store, **extra: object) -> dict[str, object]:
    """What the watchlists page shows: each watchlist with its latest alerts, and the form's choices."""
    lists = alert_store.list_watchlists(store)
    latest = {w.id: alert_store.list_alerts(store, w.id, limit=5)[0] for w in lists}
    choices = {"regimes": kb_names("regimes"), "typologies": kb_names("typologies")}
    return {"watchlists": lists, "alerts": latest, "choices": choices, "error": None, "form": {}, **extra}


@router.get("/feed.atom")
def feed(request: Request, store: StoreDep) -> Response:
    """An Atom feed of the latest briefs, for any feed reader."""
    base = str(request.base_url).rstrip("/")
    return Response(atom_feed(store, base), media_type="application/atom+xml; charset=utf-8")


def _active(chosen: views.ArticleFilters) -> dict[str, str]:
    """The filters in use, as display pairs."""
    return {k: str(v) for k, v in dataclasses.asdict(chosen).items() if v not in (None, "")}
