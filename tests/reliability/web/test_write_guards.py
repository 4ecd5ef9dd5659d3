"""CSRF on every form and authentication on every write endpoint, found by walking the app's routes (so a
form or endpoint added later is checked too), against the real app over a hostile database.

Forms: without the CSRF field, with a forged token, with another browser's token, from another origin,
without a session, with a forged session: refused, and nothing written. API writes: without a token,
with a wrong one, with Basic instead of Bearer, with only a browser session, and on a server with
writes disabled: refused, nothing written; with the right token they work.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from sanctionwatch.settings import Settings
from sanctionwatch.web.security import SESSION_COOKIE

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
FORM_BODIES = {"/login": {"token": "wrong"}, "/watchlists": {"name": "x", "keywords": "oil"},
               "/matches/{match_id}/judgement": {"verdict": "rejected", "note": "n"}}
API_BODIES = {"/api/v1/watchlists": {"name": "x", "keywords": ["oil"]},
              "/api/v1/matches/{match_id}/judgement": {"verdict": "rejected"}}
TABLES = ("watchlists", "judgements", "matches", "alerts_outbox")


def write_routes(client: TestClient, api: bool) -> list[tuple[str, str]]:
    routes = [route for route in client.app.routes if isinstance(route, APIRoute)]  # type: ignore[attr-defined]
    return sorted((method, route.path) for route in routes for method in route.methods & WRITES
                  if route.path.startswith("/api/") == api)


def fill(path: str, site: dict[str, Any]) -> str:
    return path.replace("{match_id}", str(site["match"])).replace("{watchlist_id}", "1")


def snapshot(settings: Settings) -> dict[str, list[Any]]:
    with contextlib.closing(sqlite3.connect(Path(settings.db.removeprefix("sqlite:///")))) as conn:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in TABLES}


def csrf_of(client: TestClient) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert found is not None
    return found.group(1)


def test_every_form_needs_its_csrf_token_and_a_session(site: TestClient, site_settings: Settings, site_token: str,
                                                      hostile_site: dict[str, Any],
                                                      tally: Callable[..., Any]) -> None:
    forms = write_routes(site, api=False)
    assert {path for _method, path in forms} >= {"/login", "/logout", "/watchlists", "/matches/{match_id}/judgement"}
    mine = csrf_of(site)
    assert site.post("/login", data={"csrf": mine, "token": site_token}, follow_redirects=False).status_code == 303
    with TestClient(site.app, base_url="http://127.0.0.1") as stranger:
        theirs = csrf_of(stranger)
        before = snapshot(site_settings)
        for method, route in forms:
            path, body = fill(route, hostile_site), FORM_BODIES.get(route, {})
            attacks = [(site, {}, {}), (site, {"csrf": "f" * 64}, {}), (site, {"csrf": theirs}, {}),
                       (site, {"csrf": mine}, {"origin": "http://evil.example"})]
            if route not in ("/login", "/logout"):  # these two need no session
                stranger.cookies.set(SESSION_COOKIE, "9999999999." + "0" * 64)
                attacks.append((stranger, {"csrf": theirs}, {}))
            for client, token, headers in attacks:
                answer = client.request(method, path, data={**body, **token}, headers=headers, follow_redirects=False)
                assert answer.status_code in (401, 403, 422), (route, token, headers, answer.status_code)
                assert answer.status_code != 422 or not token, (route, answer.text[:200])
                tally["web: forged form writes refused"] += 1
        assert snapshot(site_settings) == before


def test_every_api_write_needs_the_token(site: TestClient, read_only: TestClient, site_settings: Settings,
                                         site_token: str, hostile_site: dict[str, Any],
                                         tally: Callable[..., Any]) -> None:
    writes = write_routes(site, api=True)
    assert len(writes) >= 3
    assert site.post("/login", data={"csrf": csrf_of(site), "token": site_token},
                     follow_redirects=False).status_code == 303  # a browser session must not be enough
    before = snapshot(site_settings)
    for method, route in writes:
        path, body = fill(route, hostile_site), API_BODIES.get(route)
        for client, headers, status in [
            (site, {}, 401), (site, {"Authorization": "Bearer wrong"}, 401),
            (site, {"Authorization": f"Basic {site_token}"}, 401), (site, {"Authorization": site_token}, 401),
            (read_only, {"Authorization": f"Bearer {site_token}"}, 403), (read_only, {"Authorization": "Bearer "}, 403),
        ]:
            answer = client.request(method, path, json=body, headers=headers)
            assert answer.status_code == status and answer.json()["ok"] is False, (route, headers, answer.text[:200])
            tally["web: unauthenticated API writes refused"] += 1
    assert snapshot(site_settings) == before
    for method, route in writes:
        answer = site.request(method, fill(route, hostile_site), json=API_BODIES.get(route),
                              headers={"Authorization": f"Bearer {site_token}"})
        assert answer.status_code in (200, 201) and answer.json()["ok"] is True, (route, answer.text[:200])
    assert snapshot(site_settings) != before
