"""The JSON API in-process: the same data as the pages, paged and filtered, one error shape."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def test_articles_are_paged_and_the_pages_add_up(api: httpx.Client) -> None:
    first = api.get("/api/v1/articles", params={"limit": 10}).json()
    assert first["ok"] is True and first["page"]["total"] >= 43 and len(first["data"]) == 10
    seen = {a["id"] for a in first["data"]}
    offset = first["page"]["next_offset"]
    while offset is not None:
        page = api.get("/api/v1/articles", params={"limit": 10, "offset": offset}).json()
        assert not seen & {a["id"] for a in page["data"]}
        seen |= {a["id"] for a in page["data"]}
        offset = page["page"]["next_offset"]
    assert len(seen) == first["page"]["total"]


@pytest.mark.parametrize("field", ["regime", "typology", "country"])
def test_filters_keep_only_matching_articles(api: httpx.Client, field: str) -> None:
    facets = api.get("/api/v1/overview").json()["data"][f"by_{field}"]
    assert facets, f"the corpus should yield some {field}"
    value, count = facets[0]["value"], facets[0]["count"]
    found = api.get("/api/v1/articles", params={field: value, "limit": 100}).json()
    plural = {"regime": "regimes", "typology": "typologies", "country": "countries"}[field]
    assert found["page"]["total"] == count
    assert all(value in article[plural] for article in found["data"])


def test_article_detail_has_text_analysis_matches_and_brief(api: httpx.Client, web_data: dict[str, Any]) -> None:
    data = api.get(f"/api/v1/articles/{web_data['evasion_article']}").json()["data"]
    assert data["text"] and data["analysis"]["entities"]
    assert data["matches"][0]["id"] == web_data['match_id'] and data["matches"][0]["features"]
    assert data["brief"]["brief"]["headline"]["text"]
    start, end = data["matches"][0]["start"], data["matches"][0]["end"]
    assert data["text"][start:end] == data["matches"][0]["mention"]


def test_story_detail_lists_its_articles_and_timelines(api: httpx.Client, web_data: dict[str, Any]) -> None:
    stories = api.get("/api/v1/stories").json()
    assert {s["id"] for s in stories["data"]} >= {web_data['story'], web_data['figure_story']}
    story = api.get(f"/api/v1/stories/{web_data['story']}").json()["data"]
    assert story["story"]["article_count"] == len(story["articles"]) >= 2
    assert story["brief"]["subject"] == f"story:{web_data['story']}"
    assert all(a["story_id"] == web_data['story'] for a in story["articles"])
    figures = api.get(f"/api/v1/stories/{web_data['figure_story']}").json()["data"]["timelines"]
    assert figures and all(p["value"] >= 0 and p["date"] for t in figures for p in t["points"])


def test_search_finds_words_and_marks_them(api: httpx.Client) -> None:
    found = api.get("/api/v1/search", params={"q": "tanker"}).json()
    assert found["page"]["total"] >= 1
    hit = found["data"][0]
    assert all(hit["snippet"][a:b].lower().startswith("tanker") for a, b in hit["highlights"])
    assert api.get("/api/v1/search", params={"q": '"; DROP TABLE articles; --'}).json()["ok"] is True


@pytest.mark.parametrize(("path", "status"), [
    ("/api/v1/articles/nope", 404), ("/api/v1/stories/nope", 404), ("/api/v1/nothing", 404),
    ("/api/v1/articles?limit=0", 422), ("/api/v1/articles?offset=-1", 422), ("/api/v1/search", 422),
    ("/api/v1/entity?name=Nobody%20Anywhere", 404),
])
def test_errors_have_one_shape_and_the_right_status(api: httpx.Client, path: str, status: int) -> None:
    response = api.get(path)
    assert response.status_code == status
    assert response.json()["ok"] is False and response.json()["error"]


def test_writes_need_the_token(api: httpx.Client, web_token: str) -> None:
    body = {"name": "dprk", "countries": ["KP"]}
    assert api.post("/api/v1/watchlists", json=body).status_code == 401
    wrong = api.post("/api/v1/watchlists", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["ok"] is False
    made = api.post("/api/v1/watchlists", json=body, headers={"Authorization": f"Bearer {web_token}"})
    assert made.status_code == 201 and made.json()["data"]["criteria"]["countries"] == ["KP"]
    again = api.post("/api/v1/watchlists", json=body, headers={"Authorization": f"Bearer {web_token}"})
    assert again.status_code == 400 and "already exists" in again.json()["error"]
    assert [w["name"] for w in api.get("/api/v1/watchlists").json()["data"]] == ["dprk"]


def test_openapi_describes_every_endpoint_and_its_answers(api: httpx.Client) -> None:
    spec = api.get("/api/v1/openapi.json").json()
    routes = {route.path for route in api._transport.inner.app.routes  # type: ignore[attr-defined]
              if route.path.startswith("/api/v1") and route.path != "/api/v1/openapi.json"}
    assert routes == set(spec["paths"])
    article = spec["paths"]["/api/v1/articles/{article_id}"]["get"]["responses"]
    assert {"200", "404", "422"} <= set(article) and "ErrorBody" in str(article["404"])
    assert not any(path.startswith(("/stories", "/articles")) for path in spec["paths"]), "pages stay out"
    assert {"ArticleSummary", "StoryDetail", "Timeline", "MatchView"} <= set(spec["components"]["schemas"])


def test_story_filters_and_the_outbox(api: httpx.Client, web_data: dict[str, Any]) -> None:
    kept = api.get("/api/v1/stories", params={"source": "evil.example"}).json()
    assert [s["id"] for s in kept["data"]] == [web_data["figure_story"]]
    assert api.get("/api/v1/stories", params={"country": "ZZ"}).json()["page"]["total"] == 0
    outbox = api.get("/api/v1/alerts", params={"state": "pending"}).json()
    assert outbox == {"ok": True, "data": [], "page": {"total": 0, "limit": 50, "offset": 0, "next_offset": None}}
    assert api.get("/api/v1/alerts", params={"state": "lost"}).status_code == 422
