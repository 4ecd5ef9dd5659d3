"""Security of the dashboard: strict headers, escaped untrusted content, tokens, sessions and CSRF."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pytest

HOSTILE = ("<script", "<img src=x", "<svg onload", 'onerror="', 'href="javascript')


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, "the page should carry a CSRF token"
    return found.group(1)


def sign_in(api: httpx.Client, token: str) -> None:
    form = api.get("/login")
    signed = api.post("/login", data={"csrf": csrf_of(form), "token": token, "next": "/watchlists"})
    assert signed.status_code == 303 and signed.headers["location"] == "/watchlists"


@pytest.mark.parametrize("path", ["/", "/articles", "/api/v1/overview", "/static/style.css", "/nope",
                                  "/api/v1/articles?limit=0", "/feed.atom"])
def test_every_response_carries_strict_headers(api: httpx.Client, path: str) -> None:
    headers = api.get(path).headers
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy and "unsafe" not in policy
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_pages_have_no_script_and_no_inline_style(api: httpx.Client, web_data: dict[str, Any]) -> None:
    for path in ("/", f"/articles/{web_data['evasion_article']}", f"/stories/{web_data['figure_story']}"):
        page = api.get(path).text
        assert "<script" not in page and " style=" not in page and " on" + "click" not in page


def test_hostile_article_renders_inert(api: httpx.Client, web_data: dict[str, Any]) -> None:
    xss = web_data["xss_article"]
    pages = [api.get(f"/articles/{xss}").text, api.get("/search", params={"q": "Pyongyang workers"}).text,
             api.get(f"/stories/{web_data['figure_story']}").text, api.get("/articles").text,
             api.get("/entity", params={"name": "Kim Jong Un"}).text]
    for page in pages:
        assert not any(bad in page for bad in HOSTILE), page[:300]
    article = pages[0]
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in article
    assert 'href="javascript' not in article and "original</a>" not in article
    feed = api.get("/feed.atom").text
    titles = [e.text for e in ET.fromstring(feed).iter("{http://www.w3.org/2005/Atom}title")]
    assert "<script" not in feed and any(t and t.endswith('<img src=x onerror="window.__xss=2">') for t in titles)


def test_unknown_host_header_is_refused(api: httpx.Client) -> None:
    assert api.get("/", headers={"host": "attacker.example"}).status_code == 400


def test_login_needs_the_form_token_and_the_web_token(api: httpx.Client, web_token: str) -> None:
    csrf = csrf_of(api.get("/login"))
    assert api.post("/login", data={"csrf": "forged", "token": web_token}).status_code == 403
    assert api.post("/login", data={"csrf": csrf, "token": "wrong"}).status_code == 401
    outside = api.post("/login", data={"csrf": csrf, "token": web_token, "next": "//evil.example/x"})
    assert outside.status_code == 303 and outside.headers["location"] == "/"
    assert "HttpOnly" in outside.headers["set-cookie"] and "SameSite=strict" in outside.headers["set-cookie"]


def test_watchlist_form_needs_session_csrf_and_same_origin(
    api: httpx.Client, web_token: str, make_client: Any, web_settings: Any, web_store: Any,
) -> None:
    with make_client(web_settings, web_store) as stranger:
        token = csrf_of(stranger.get("/login"))
        assert stranger.post("/watchlists", data={"csrf": token, "name": "x", "keywords": "oil"}).status_code == 401
    sign_in(api, web_token)
    token = csrf_of(api.get("/watchlists"))
    forged = api.post("/watchlists", data={"csrf": token, "name": "x", "keywords": "oil"},
                      headers={"origin": "http://evil.example"})
    assert forged.status_code == 403
    made = api.post("/watchlists", data={"csrf": token, "name": "Oil at sea", "keywords": "tanker, ship-to-ship",
                                         "countries": "kp", "regimes": ["UN_1718"]})
    assert made.status_code == 303
    listed = api.get("/api/v1/watchlists").json()["data"]
    assert listed[0]["criteria"] == {"names": [], "typologies": [], "regimes": ["UN_1718"], "countries": ["KP"],
                                     "keywords": ["tanker", "ship-to-ship"]}


def test_judging_a_match_is_stored_and_shown(api: httpx.Client, web_token: str, web_data: dict[str, Any]) -> None:
    match_id, article = web_data["match_id"], web_data["evasion_article"]
    sign_in(api, web_token)
    token = csrf_of(api.get(f"/articles/{article}"))
    judged = api.post(f"/matches/{match_id}/judgement", data={"csrf": token, "verdict": "confirmed",
                                                              "note": "same IMO", "next": f"/articles/{article}"})
    assert judged.status_code == 303 and judged.headers["location"].endswith(f"#match-{match_id}")
    match = api.get(f"/api/v1/articles/{article}").json()["data"]["matches"][0]
    assert (match["verdict"], match["note"]) == ("confirmed", "same IMO")
    rejected = api.post(f"/api/v1/matches/{match_id}/judgement", json={"verdict": "rejected"},
                        headers={"Authorization": f"Bearer {web_token}"})
    assert rejected.json()["data"]["verdict"] == "rejected"
    verdicts = api.get("/api/v1/judgements", params={"name": match["mention"]}).json()["data"]
    assert [v["verdict"] for v in verdicts] == ["rejected"]
    assert "rejected" in api.get("/entity", params={"name": match["mention"]}).text
