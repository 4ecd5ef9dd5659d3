"""The dashboard's writes: signing in with the token, watchlists, and judging list matches.

Every POST checks the CSRF token first, then (except signing in) the session. After a write the
browser is redirected (303) so that reloading never repeats it.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sanctionwatch import alerts as alerting
from sanctionwatch.errors import InputError
from sanctionwatch.model import WatchlistCriteria
from sanctionwatch.store import Store
from sanctionwatch.store import alerts as alert_store
from sanctionwatch.web.judgements import record_judgement
from sanctionwatch.web.pages import watchlists_context
from sanctionwatch.web.render import render_page
from sanctionwatch.web.security import SESSION_COOKIE, SESSION_SECONDS
from sanctionwatch.web.state import get_store, guard_of

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(get_store)]
Csrf = Annotated[str, Form(max_length=200)]
Text = Annotated[str, Form(max_length=4000)]
SEPARATORS = re.compile(r"[\n;,]+")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/watchlists") -> HTMLResponse:
    return render_page(request, "login.html", {"next": local_path(next), "error": None})


@router.post("/login", response_model=None)
def login(request: Request, csrf: Csrf, token: Text = "", next: Text = "/watchlists") -> Response:
    guard = guard_of(request)
    guard.require_csrf(request, csrf)
    if not guard.check_login(token):
        error = "That is not the web token." if guard.writes_enabled else "Writes are disabled on this server."
        return render_page(request, "login.html", {"next": local_path(next), "error": error}, status=401)
    response = RedirectResponse(local_path(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, guard.new_session(), max_age=SESSION_SECONDS, httponly=True,
                        samesite="strict", path="/")
    return response


@router.post("/logout")
def logout(request: Request, csrf: Csrf) -> RedirectResponse:
    guard_of(request).require_csrf(request, csrf)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/watchlists", response_model=None)
def add_watchlist(
    request: Request, store: StoreDep, csrf: Csrf, name: Text = "", names: Text = "", keywords: Text = "",
    countries: Text = "", webhook_url: Text = "", regimes: Annotated[list[str] | None, Form()] = None,
    typologies: Annotated[list[str] | None, Form()] = None,
) -> Response:
    _check_write(request, csrf)
    form = {"name": name, "names": names, "keywords": keywords, "countries": countries, "webhook_url": webhook_url}
    criteria = WatchlistCriteria(names=split_values(names), typologies=typologies or [], regimes=regimes or [],
                                 countries=[c.upper() for c in split_values(countries)],
                                 keywords=split_values(keywords))
    try:
        created = alerting.add_watchlist(store, name, criteria, webhook_url.strip() or None)
    except InputError as error:
        context = watchlists_context(store, error=str(error), form=form, added=None)
        return render_page(request, "watchlists.html", context, status=400)
    return RedirectResponse(f"/watchlists?added={created.id}", status_code=303)


@router.post("/watchlists/{watchlist_id}/delete")
def delete_watchlist(request: Request, store: StoreDep, watchlist_id: int, csrf: Csrf) -> RedirectResponse:
    _check_write(request, csrf)
    alert_store.delete_watchlist(store, watchlist_id)
    return RedirectResponse("/watchlists", status_code=303)


@router.post("/matches/{match_id}/judgement")
def judge_match_form(
    request: Request, store: StoreDep, match_id: int, csrf: Csrf, verdict: Annotated[str, Form(max_length=16)],
    note: Text = "", next: Text = "/",
) -> RedirectResponse:
    _check_write(request, csrf)
    if verdict not in ("confirmed", "rejected"):
        raise InputError("a verdict is 'confirmed' or 'rejected'")
    record_judgement(store, match_id, verdict, note.strip() or None)
    return RedirectResponse(local_path(next) + f"#match-{match_id}", status_code=303)


def split_values(text: str) -> list[str]:
    """Values typed one per line or separated by commas or semicolons."""
    return list(dict.fromkeys(v.strip() for v in SEPARATORS.split(text) if v.strip()))


def local_path(target: str) -> str:
    """A redirect target on this site: a path, never another host ("//evil" or "https://...")."""
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target or "\n" in target:
        return "/"
    return target


def _check_write(request: Request, csrf: str) -> None:
    guard = guard_of(request)
    guard.require_csrf(request, csrf)
    guard.require_session(request)
