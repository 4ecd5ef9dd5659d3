"""The dashboard's pages, rendered in-process: the data of the API, and empty states that make sense."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from sanctionwatch.settings import load_settings
from sanctionwatch.store import open_store


def text_of(response: httpx.Response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


@pytest.mark.parametrize("path", ["/", "/stories", "/articles", "/articles?evasion=true", "/entities",
                                  "/entities?label=PERSON", "/search", "/search?q=oil", "/watchlists", "/login"])
def test_every_page_renders(api: httpx.Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "<title>" in response.text and "sanctionwatch" in response.text


def test_overview_shows_what_the_api_counts(api: httpx.Client) -> None:
    data = api.get("/api/v1/overview").json()["data"]
    page = text_of(api.get("/"))
    assert f"{data['counts']['articles']} articles" in page
    assert all(story["title"] in page for story in data["latest_stories"])
    assert data["by_country"][0]["value"] in page


def test_story_page_has_brief_reports_chart_and_matches(api: httpx.Client, web_data: dict[str, Any]) -> None:
    story = api.get(f"/api/v1/stories/{web_data['story']}").json()["data"]
    page = api.get(f"/stories/{web_data['story']}")
    text = text_of(page)
    assert story["brief"]["brief"]["paragraphs"][0]["sentences"][0]["text"] in text
    assert all(unescape(a["title"]) in text for a in story["articles"])
    assert f'id="match-{web_data["match_id"]}"' in page.text and "Korea Osong Shipping Co" in text
    assert "<svg" in api.get(f"/stories/{web_data['figure_story']}").text


def test_article_page_highlights_entities_facts_and_matches(api: httpx.Client, web_data: dict[str, Any]) -> None:
    detail = api.get(f"/api/v1/articles/{web_data['evasion_article']}").json()["data"]
    page = api.get(f"/articles/{web_data['evasion_article']}").text
    body = page.split('<div class="text"', 1)[1].split("</div>", 1)[0]
    assert unescape(re.sub(r"<[^>]+>", "", body.split(">", 1)[1])) == detail["text"]
    assert body.count('class="ent ') + body.count(" ent ent-") >= 1 and "mark" in body
    assert 'class="listed' in body or " listed" in body
    entity = detail["analysis"]["entities"][0]
    assert f"/entity?name={quote(entity['canonical'] or entity['text'], safe='')}" in body


def test_entity_page_lists_mentions_and_list_entries(api: httpx.Client, web_data: dict[str, Any]) -> None:
    match = api.get(f"/api/v1/articles/{web_data['evasion_article']}").json()["data"]["matches"][0]
    page = text_of(api.get("/entity", params={"name": match["mention"]}))
    assert "On sanctions lists" in page and "Korea Osong Shipping Co" in page and "ofac-NK-osong" not in page
    assert "1 match" in page
    data = api.get("/api/v1/entity", params={"name": match["mention"]}).json()["data"]
    assert data["mention_total"] >= 1 and data["entries"][0]["properties"]["name"] == ["Korea Osong Shipping Co"]


def test_search_page_marks_hits(api: httpx.Client) -> None:
    page = api.get("/search", params={"q": "tanker"}).text
    assert re.search(r'<mark class="hit"[^>]*>tanker', page, re.IGNORECASE)
    assert "No report contains" in api.get("/search", params={"q": "zzzqqq"}).text


def test_empty_store_explains_itself(tmp_path: Path, make_client: Callable[..., httpx.Client]) -> None:
    settings = load_settings({"db": f"sqlite:///{tmp_path / 'empty.db'}"}, environ={})
    store = open_store(settings)
    with make_client(settings, store) as client:
        assert "No articles yet" in client.get("/").text
        assert "No stories yet" in client.get("/stories").text
        assert "Writes are disabled" in client.get("/watchlists").text
        assert client.get("/stories/unknown").status_code == 404
        assert client.get("/api/v1/overview").json()["data"]["counts"]["articles"] == 0
    store.close()
