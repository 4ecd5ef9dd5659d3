"""A dashboard database where every field that can reach a page holds an XSS payload naming the field.

Two real reports go through the real pipeline (ingest, analysis, briefs) and the story stage; the
analysis, lists, matches, judgements, watchlists and alerts then get hostile values through the
store's own functions, as their stages would write them. ``payload(field)`` is what each field holds;
a page that lets one through unescaped contains ``<x-xss-``.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sanctionwatch import pipeline
from sanctionwatch.model import (
    Brief,
    BriefParagraph,
    BriefSentence,
    Entity,
    Fact,
    Feature,
    ListEntry,
    Match,
    RawDocument,
    SanctionsList,
    WatchlistCriteria,
)
from sanctionwatch.settings import Settings, load_settings
from sanctionwatch.store import Store, open_store
from sanctionwatch.store import alerts as outbox
from sanctionwatch.store.analyses import load_analysis, save_analysis, save_brief
from sanctionwatch.store.articles import get_article
from sanctionwatch.store.lists import judge_match, save_list, save_matches
from sanctionwatch.store.stories import assign_articles

TOKEN = "reliability-token-0123456789"
MARKER = "<x-xss-"
REPORT = ("North Korea sent about 4,000 workers to Russia in 2024, the South Korean National Intelligence Service "
          "said, in breach of UNSCR 2375. The vessel Ryang Song took oil ship-to-ship near Nakhodka. ")


def payload(field: str) -> str:
    """What a hostile source would put in ``field``: breaks out of attributes and opens an element."""
    return f"\"'><x-xss-{field}>"


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The built database and the ids of what it holds."""
    folder = tmp_path_factory.mktemp("hostile-site")
    settings = load_settings({"db": f"sqlite:///{folder / 'site.db'}", "webhook_secret": "s"}, environ={})
    store = open_store(settings)
    try:
        ids = [_ingest(store, settings, n) for n in range(2)]
        pipeline.analyze_stored(store, settings, ids)
        _hostile_analysis(store, ids[0])
        for article_id in ids:
            pipeline.brief_stored(store, article_id, settings)
        story = assign_articles(store, ids, settings)[0].story_id
        _hostile_story_brief(store, story, ids[0])
        match_id = _hostile_lists(store, ids[0])
        _hostile_watchlist(store, ids[0])
    finally:
        store.close()
    return {"db": folder / "site.db", "articles": ids, "story": story, "match": match_id}


def _ingest(store: Store, settings: Settings, number: int) -> str:
    fields = {"title": payload(f"title{number}"), "url": "javascript:alert(1)//" + payload("url"),
              "date": "2025-02-01", "source": "news.example", "language": payload("lang")}
    text = f"{payload('text')} {REPORT} {payload('entity')} met officials. Report {number}."
    raw = RawDocument(origin=payload("origin"), data=text.encode(), kind="record", url=fields["url"], fields=fields)
    return pipeline.ingest_documents(store, [raw], settings).new[0]


def _hostile_analysis(store: Store, article_id: str) -> None:
    analysis = load_analysis(store, article_id)
    assert analysis is not None and analysis.assessment is not None
    article = get_article(store, article_id)
    assert article is not None
    text = article.text
    start = text.index(payload("entity"))
    span = (start, start + len(payload("entity")))
    analysis.entities.append(Entity(payload("entity"), payload("label"), *span, payload("country"),
                                    payload("canonical")))
    analysis.facts.append(Fact("x1", payload("kind"), payload("entity"), *span, 0,
                               {"value": payload("value"), "unit": payload("unit")}))
    analysis.assessment.features.append(Feature(payload("feature"), 0.5, payload("explanation")))
    analysis.assessment.regimes.append(payload("regime"))
    analysis.assessment.typologies.append(payload("typology"))
    analysis.countries.append(payload("acountry"))
    save_analysis(store, analysis)


def _hostile_story_brief(store: Store, story: str, article_id: str) -> None:
    sentence = BriefSentence(payload("story_brief"), article_id)
    brief = Brief(f"story:{story}", BriefSentence(payload("story_headline")),
                  [BriefParagraph("summary", [sentence]), BriefParagraph("conclusion", [sentence])],
                  [payload("story_source")])
    save_brief(store, brief, payload("story_brief_text"))


def _hostile_lists(store: Store, article_id: str) -> int:
    entry = ListEntry(payload("entry_id"), payload("list"), "Organization", payload("caption"),
                      names=[payload("caption")], programs=[payload("program")],
                      entity={"id": "x", "schema": "Organization", "properties": {"name": [payload("caption")]}})
    version = save_list(store, SanctionsList(payload("list"), "ftm_json", payload("list_origin"), "h", None, [entry]))
    analysis = load_analysis(store, article_id)
    assert analysis is not None
    mention = analysis.entities[-1]
    match = Match(article_id, mention.text, mention.start, mention.end, payload("list"), version.id,
                  payload("entry_id"), payload("caption"), "Organization", 0.91,
                  [Feature(payload("match_feature"), 0.9, payload("match_reason"))], payload("matched_name"),
                  payload("mention_key"))
    save_matches(store, article_id, [match])
    judge_match(store, payload("mention_key"), payload("entry_id"), "confirmed", payload("note"), payload("list"))
    with store.transaction() as conn:
        return int(conn.exec_driver_sql("SELECT max(id) FROM matches").scalar_one())


def _hostile_watchlist(store: Store, article_id: str) -> None:
    criteria = WatchlistCriteria([payload("wl_name")], [], [], [], [payload("wl_keyword")])
    hook = "https://hooks.example/" + payload("hook")
    watchlist = outbox.create_watchlist(store, payload("watchlist"), criteria, hook)
    alert = outbox.add_alert(store, watchlist, f"article:{article_id}",
                             {"title": payload("alert_title"), "link": "/articles/" + payload("alert_link"),
                              "reasons": [{"explanation": payload("alert_reason")}]})
    assert alert is not None
    outbox.record_attempt(store, alert.id, "failed", 3, payload("alert_error"), None)


@pytest.fixture
def site_token() -> str:
    return TOKEN


@pytest.fixture
def site_settings(hostile_site: dict[str, Any], tmp_path: Path) -> Settings:
    shutil.copy(hostile_site["db"], tmp_path / "site.db")
    return load_settings({"db": f"sqlite:///{tmp_path / 'site.db'}", "web_token": TOKEN, "webhook_secret": "s"},
                         environ={})


@pytest.fixture
def site(site_settings: Settings) -> Iterator[TestClient]:
    """The dashboard over a copy of the hostile database, in-process, keeping cookies like a browser."""
    from sanctionwatch.web import create_app

    store = open_store(site_settings)
    with TestClient(create_app(site_settings, store), base_url="http://127.0.0.1") as client:
        yield client
    store.close()


@pytest.fixture
def read_only(site_settings: Settings) -> Iterator[TestClient]:
    """The same dashboard with no web token: every write refused."""
    from sanctionwatch.web import create_app

    settings = dataclasses.replace(site_settings, web_token="")
    store = open_store(settings)
    with TestClient(create_app(settings, store), base_url="http://127.0.0.1") as client:
        yield client
    store.close()
