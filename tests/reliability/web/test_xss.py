"""XSS: the whole dashboard crawled, signed in and not, over a database where every field that can
reach a page holds a payload naming the field, plus the same payload in every query parameter and path.

Held: no page, error page or feed lets a payload through as markup (``<x-xss-`` never appears raw, no
``javascript:`` link, no script); payloads arrive escaped; JSON answers are served as JSON.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

import httpx
from fastapi.testclient import TestClient

from sanctionwatch.web.security import CSRF_COOKIE

MARKER = "<x-xss-"
PAYLOAD = quote("\"'><x-xss-param>")
REFLECTED = ["/search?q={p}", "/entity?name={p}", "/entities?prefix={p}&label={p}", "/login?next={p}",
             "/articles?regime={p}&typology={p}&source={p}&story={p}&since={p}", "/stories?regime={p}&source={p}",
             "/watchlists?added={p}", "/articles/{p}", "/stories/{p}", "/missing/{p}", "/articles?offset={p}",
             "/api/v1/entity?name={p}", "/api/v1/articles/{p}", "/api/v1/search?q={p}", "/api/v1/judgements?name={p}"]
HREF = re.compile(r'(?:href|action)="([^"]+)"')
REACHED = re.compile(r"x-xss-([a-z_0-9]+)")
MUST_REACH = {"title0", "title1", "text", "entity", "caption", "watchlist", "wl_keyword", "param"}


def crawl(client: TestClient, starts: Iterable[str], limit: int) -> dict[str, httpx.Response]:
    """GET every local link reachable from ``starts`` (at most ``limit`` pages)."""
    seen: dict[str, httpx.Response] = {}
    queue = list(starts)
    while queue and len(seen) < limit:
        path = queue.pop(0).split("#", 1)[0]
        if path in seen or not path.startswith("/") or path.startswith(("//", "/static/")):
            continue
        seen[path] = response = client.get(path)
        if response.headers.get("content-type", "").startswith("text/html"):
            queue += [html.unescape(link) for link in HREF.findall(response.text)]
    return seen


def check_inert(path: str, response: httpx.Response) -> None:
    kind = response.headers.get("content-type", "")
    if kind.startswith("text/html"):
        page = response.text
        assert MARKER not in page and "<script" not in page.lower() and 'href="javascript' not in page, path
    elif "xml" in kind:
        assert not any("x-xss" in str(element.tag) for element in ET.fromstring(response.content).iter()), path
    else:
        assert kind.startswith("application/json") or response.status_code >= 300, (path, kind)


def sign_in(client: TestClient, token: str) -> None:
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None and client.cookies.get(CSRF_COOKIE)
    signed = client.post("/login", data={"csrf": csrf.group(1), "token": token}, follow_redirects=False)
    assert signed.status_code == 303


def test_no_payload_reaches_a_page_as_markup(site: TestClient, read_only: TestClient, site_token: str,
                                             hostile_site: dict[str, Any], scale: int, tally: Callable[..., Any],
                                             figures: dict[str, object]) -> None:
    starts = ["/", "/articles", "/stories", "/entities", "/watchlists", "/search?q=Korea", "/feed.atom",
              f"/stories/{hostile_site['story']}", *(f"/articles/{a}" for a in hostile_site["articles"]),
              *(f"/api/v1/articles/{a}" for a in hostile_site["articles"]), "/api/v1/overview", "/api/v1/alerts",
              *(path.format(p=PAYLOAD) for path in REFLECTED)]
    sign_in(site, site_token)
    pages = {**crawl(read_only, starts, 150 * scale), **{f"signed-in {k}": v for k, v in
                                                          crawl(site, starts, 150 * scale).items()}}
    for path, response in pages.items():
        check_inert(path, response)
    reached = {field for response in pages.values() for field in REACHED.findall(response.text)}
    assert reached >= MUST_REACH, MUST_REACH - reached
    figures["xss: responses checked"] = len(pages)
    figures["xss: payload fields seen escaped"] = f"{len(reached)}: {', '.join(sorted(reached))}"
    tally["web: pages and answers crawled for XSS"] += len(pages)
