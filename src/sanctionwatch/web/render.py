"""Rendering pages: one Jinja2 environment (autoescaped, strict), the helpers templates use, and
``render_page``, which also hands each browser its CSRF cookie and token."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from sanctionwatch.errors import ConfigError
from sanctionwatch.kb import load_kb_file
from sanctionwatch.store.queries import split_marks
from sanctionwatch.store.views import Page
from sanctionwatch.web.chart import format_number, timeline_svg
from sanctionwatch.web.highlight import marked_html
from sanctionwatch.web.security import CSRF_COOKIE, browser_id
from sanctionwatch.web.state import guard_of

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def safe_url(url: str | None) -> str | None:
    """An outside link only when it is plain http(s): never ``javascript:`` or ``data:`` from a source."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def fact_value(value: Mapping[str, Any] | None) -> str:
    """A fact's value as "key: value" pairs, leaving out what is empty or unknown."""
    shown = {k: v for k, v in (value or {}).items() if v not in (None, "", False, [], {})}
    return "; ".join(f"{k}: {v}" for k, v in shown.items())


def local_link(url: str | None) -> str:
    """The dashboard path of an alert's link (its host may be another name for this server)."""
    path = urlsplit(url or "").path
    return path if path.startswith(("/articles/", "/stories/")) else "#"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["marked"] = marked_html
    env.filters["context_marked"] = lambda text: marked_html(*split_marks(text))
    env.filters["safe_url"] = safe_url
    env.filters["local_link"] = local_link
    env.filters["figure"] = format_number
    env.filters["fact_value"] = fact_value
    env.filters["regime_short"] = lambda code: str(code).replace("_", " ")
    env.filters["regime_name"] = lambda code: kb_names("regimes").get(code, code)
    env.filters["typology_name"] = lambda code: kb_names("typologies").get(code, str(code).replace("_", " "))
    env.globals["timeline_svg"] = timeline_svg
    env.globals["page_links"] = page_links
    env.globals["with_query"] = with_query
    return env



def render_page(request: Request, name: str, context: Mapping[str, Any], status: int = 200) -> HTMLResponse:
    """A page from a template, with the signed-in state and this browser's CSRF token."""
    guard = guard_of(request)
    browser, is_new = browser_id(request)
    values = {"csrf": guard.csrf_for(browser), "signed_in": guard.has_session(request),
              "writes_enabled": guard.writes_enabled, "path": request.url.path, **context}
    response = templates.TemplateResponse(request, name, values, status_code=status)
    if is_new:
        response.set_cookie(CSRF_COOKIE, browser, httponly=True, samesite="strict", path="/")
    return response


def with_query(request: Request, **changes: Any) -> str:
    """This page's path with its query changed (None drops a parameter)."""
    params = {k: v for k, v in request.query_params.items() if k not in changes}
    params.update({k: v for k, v in changes.items() if v is not None})
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def page_links(request: Request, page: Page[Any]) -> dict[str, str | None]:
    """Links to the previous and next pages of a paged list (None at either end)."""
    previous = max(page.offset - page.limit, 0) if page.offset > 0 else None
    following = page.offset + page.limit if page.offset + page.limit < page.total else None
    return {
        "previous": with_query(request, offset=previous) if previous is not None else None,
        "next": with_query(request, offset=following) if following is not None else None,
        "label": f"{page.offset + 1 if page.total else 0}–{min(page.offset + page.limit, page.total)} of {page.total}",
    }


@functools.cache
def kb_names(section: str) -> dict[str, str]:
    """Id -> display name for regimes or typologies, from the knowledge base (empty if unreadable)."""
    try:
        items = load_kb_file(f"{section}.yaml").get(section, [])
    except (ConfigError, OSError):
        return {}
    return {str(item["id"]): str(item.get("name", item["id"])) for item in items if isinstance(item, dict)}


templates = Jinja2Templates(env=_environment())
