"""A dashboard database built once per session from the real corpus through the real pipeline.

The corpus is ingested and analysed by ``sanctionwatch.pipeline``; the tables other stages own and
that may still be empty (stories, list entries and matches, story briefs) get rows written here
directly, the way those stages write them. One article carries XSS payloads in every field.
Each test gets its own copy of the database file.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from sanctionwatch import pipeline
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.link.screen import mention_key
from sanctionwatch.model import Brief, BriefParagraph, BriefSentence, RawDocument
from sanctionwatch.settings import Settings, load_settings
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.analyses import save_brief
from sanctionwatch.store.articles import list_articles
from sanctionwatch.store.queries import entities_for
from sanctionwatch.store.schema import list_entries, list_versions, matches, stories, story_articles
from sanctionwatch.web import create_app

TOKEN = "test-token-0123456789"
XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
XSS_TEXT = (f"Pyongyang {XSS} sent about 4,000 workers to Russia, breaching UNSCR 2375, said Kim Jong Un. "
            'The vessel "><svg onload=window.__xss=3> Ryang Song was seen at Nakhodka. ' + "javascript:alert(1)")


@pytest.fixture(scope="session")
def web_data(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> dict[str, Any]:
    """The built database's path and the ids tests look for: evasion_article, xss_article, story,
    figure_story (a story whose reports count workers on two dates), match_id."""
    folder = tmp_path_factory.mktemp("webdb")
    settings = load_settings({"db": f"sqlite:///{folder / 'web.db'}"}, environ={})
    store = open_store(settings)
    try:
        corpus = shared_dir / "data" / "corpus" / "articles.jsonl"
        seed = shared_dir / "seed" / "000_db3d2fddf79d3866.txt"
        report = pipeline.ingest_documents(store, read_paths([corpus, seed], settings), settings)
        xss = _ingest_hostile(store, settings)
        pipeline.analyze_stored(store, settings, [*report.new, xss])
        data = _add_other_stages(store, settings, corpus, xss)
    finally:
        store.close()
    return {**data, "db": folder / "web.db"}


@pytest.fixture
def web_token() -> str:
    return TOKEN


@pytest.fixture
def web_settings(web_data: dict[str, Any], tmp_path: Path) -> Settings:
    shutil.copy(web_data["db"], tmp_path / "web.db")
    return load_settings({"db": f"sqlite:///{tmp_path / 'web.db'}", "web_token": TOKEN,
                          "webhook_secret": "s3cret", "webhook_allow_private": "127.0.0.1"}, environ={})


@pytest.fixture
def web_store(web_settings: Settings) -> Iterator[Store]:
    opened = open_store(web_settings)
    yield opened
    opened.close()


@pytest.fixture
def api(web_settings: Settings, web_store: Store) -> Iterator[httpx.Client]:
    """The app in-process through httpx's ASGI transport (driven from a sync client that keeps cookies)."""
    with client_for(web_settings, web_store) as client:
        yield client


@pytest.fixture
def make_client() -> Callable[[Settings, Store], httpx.Client]:
    return client_for


def client_for(settings: Settings, store: Store) -> httpx.Client:
    transport = SyncAsgiTransport(create_app(settings, store))
    return httpx.Client(transport=transport, base_url="http://127.0.0.1")


class SyncAsgiTransport(httpx.BaseTransport):
    """httpx.ASGITransport run on a private event loop, so that plain sync tests can call the app."""

    def __init__(self, app: FastAPI) -> None:
        self.loop = asyncio.new_event_loop()
        self.inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def call() -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            body = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=body, request=request)

        return self.loop.run_until_complete(call())

    def close(self) -> None:
        self.loop.close()


def _ingest_hostile(store: Store, settings: Settings) -> str:
    fields = {"title": f"Workers report {XSS}", "text": XSS_TEXT, "url": "javascript:alert(document.cookie)",
              "date": "2025-02-01", "source": "evil.example"}
    raw = RawDocument(origin="xss", data=XSS_TEXT.encode(), kind="record", url=fields["url"], fields=fields)
    report = pipeline.ingest_documents(store, [raw], settings)
    return report.new[0]


def _add_other_stages(store: Store, settings: Settings, corpus: Path, xss: str) -> dict[str, Any]:
    topics = {json.loads(line)["id"]: json.loads(line) for line in corpus.read_text().splitlines() if line}
    stored = list_articles(store)
    by_topic: dict[str, list[str]] = {}
    for article in stored:
        record = topics.get(article.meta.get("source_id", ""))
        if record:
            by_topic.setdefault(record["topic"], []).append(article.id)
    it_workers = by_topic["dprk_it_workers"]
    story = _add_story(store, "story-it-workers", "DPRK IT workers abroad", it_workers)
    seed = next(a.id for a in stored if a.source_domain == "www.straitstimes.com")
    labour = [*by_topic["dprk_overseas_labor"], seed, xss]
    figure_story = _add_story(store, "story-labour", "DPRK workers in Russia", labour)
    for article_id in [*it_workers[:2], xss]:
        pipeline.brief_stored(store, article_id, settings)
    _add_story_brief(store, story, it_workers[0])
    match_id = _add_match(store, it_workers[0], "Korea Osong Shipping Co", "NK-osong")
    _add_match(store, xss, f"Ryang {XSS}", "NK-xss")
    return {"evasion_article": it_workers[0], "xss_article": xss, "story": story, "figure_story": figure_story,
            "match_id": match_id}


def _add_story(store: Store, story_id: str, title: str, ids: list[str]) -> str:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with store.transaction() as conn:
        conn.execute(sa.insert(stories).values(id=story_id, title=title, first_seen="2018-01-01",
                                               last_seen="2025-07-01", article_count=len(ids), updated_at=now))
        conn.execute(sa.insert(story_articles), [{"article_id": i, "story_id": story_id, "score": 0.9,
                                                  "features": [], "assigned_at": now, "profile": {}} for i in ids])
    return story_id


def _add_story_brief(store: Store, story_id: str, article_id: str) -> None:
    sentence = BriefSentence("North Korea keeps sending IT workers abroad, several reports say.", article_id)
    conclusion = BriefSentence("In conclusion, the reports describe sanctions evasion through IT workers.")
    brief = Brief(f"story:{story_id}", BriefSentence("DPRK IT workers abroad"),
                  [BriefParagraph("summary", [sentence]), BriefParagraph("conclusion", [conclusion])],
                  ["home.treasury.gov", "justice.gov"])
    save_brief(store, brief, "DPRK IT workers abroad\n")


def _add_match(store: Store, article_id: str, caption: str, entry_id: str) -> int:
    """A listed entity and a match of the article's first named party to it, as the linking stage writes them."""
    named = [e for e in entities_for(store, [article_id]) if e["label"] in ("ORG", "PERSON")]
    mention = (named[0]["text"], named[0]["start"], named[0]["end"])
    with store.transaction() as conn:
        version = conn.execute(sa.select(list_versions.c.id).where(list_versions.c.name == "test_list")).scalar()
        if version is None:
            version = conn.execute(sa.insert(list_versions).values(
                name="test_list", format="ftm_json", origin="fixture", content_hash="x", loaded_at="2026-11-29",
                entry_count=2, is_current=True)).inserted_primary_key[0]
        entity = {"id": f"ofac-{entry_id}", "schema": "Organization", "properties": {"name": [caption]}}
        conn.execute(sa.insert(list_entries).values(list_version_id=version, entry_id=entry_id, schema="Organization",
                                                    caption=caption, entry={"entity": entity}))
        features = [{"name": "name", "weight": 0.9, "explanation": f"{mention[0]!r} ~ {caption!r}"}]
        row = {"article_id": article_id, "mention": mention[0], "start": mention[1], "end": mention[2],
               "list_name": "test_list", "list_version_id": version, "entry_id": entry_id, "caption": caption,
               "schema": "Organization", "score": 0.91, "features": features, "matched_name": caption,
               "mention_key": mention_key(mention[0])}
        return int(conn.execute(sa.insert(matches).values(**row)).inserted_primary_key[0])
