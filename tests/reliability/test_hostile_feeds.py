"""Hostile feeds and pages served on loopback and read by the real watch loop: entity expansion, a gzip
bomb, deeply nested JSON, lone surrogates, NUL bytes and control characters, a 9 MB single line.

Each hostile feed fails with its reason logged and kept on the feed; each hostile page is refused with
its reason or stored clean; the loop finishes its pass and nothing it stored holds what a store cannot.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from pytest_httpserver import HTTPServer
from werkzeug import Response

from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.feeds import add_feed, list_feeds
from sanctionwatch.store.schema import articles
from sanctionwatch.watch import WatchOptions, watch

REPORT = ("North Korea sent about 4,000 workers to Russia in 2024, the South Korean National Intelligence Service "
          "said, in breach of UNSCR 2375. ")
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>"
          "<rss version='2.0'><channel><title>&i;</title></channel></rss>")
TEXTS = {"/nul": "The ministry denied that the tanker Ryang Song met a Russian ship off Nakhodka in March. ",
         "/long": REPORT,
         "/gone": "Treasury designated three front companies in Dubai for moving Iranian oil through shell banks. "}
FEED_REASONS = {"/laughs.rss": "refused hostile XML", "/bomb.rss": "decompression bomb guard",
                "/deep.json": "not valid JSON"}


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    running = HTTPServer(host="127.0.0.1", port=0)
    running.start()
    yield running
    running.stop()


def serve(server: HTTPServer, limit: int) -> None:
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/laughs.rss").respond_with_data(LAUGHS, content_type="application/rss+xml")
    bomb = gzip.compress(b"<rss>" + b" " * (limit * 4) + b"</rss>")
    server.expect_request("/bomb.rss").respond_with_response(
        Response(bomb, headers={"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"}))
    deep = '{"version": "https://jsonfeed.org/version/1.1", "items": ' + "[" * 50_000 + "]" * 50_000 + "}"
    server.expect_request("/deep.json").respond_with_data(deep, content_type="application/feed+json")
    server.expect_request("/nul").respond_with_data(
        f"<html><body><article><h1>NUL\x00 \x1b[2J</h1><p>{TEXTS['/nul']}\x00\x07{TEXTS['/nul']}</p></article>"
        "</body></html>",
        content_type="text/html")
    server.expect_request("/long").respond_with_data((REPORT * (9_000_000 // len(REPORT))).encode(),
                                                      content_type="text/plain")
    server.expect_request("/gone").respond_with_data("gone", status=404)
    items = [{"id": path, "url": server.url_for(path), "title": f"Item \\ud83d{path}",
              "content_text": f"{TEXTS[path]}\\udc00\\u0000 " * 4} for path in TEXTS]
    feed = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Desk \\ud800", "items": items})
    server.expect_request("/surrogates.json").respond_with_data(feed.replace("\\\\u", "\\u"),
                                                                content_type="application/feed+json")


def test_hostile_feeds_and_pages(server: HTTPServer, settings: Settings, store: Store,
                                 caplog: pytest.LogCaptureFixture, tally: Callable[..., Any]) -> None:
    server.clear()
    fast = dataclasses.replace(settings, fetch_allow_private="127.0.0.1", fetch_per_host_delay=0.0,
                               fetch_retries=0, fetch_max_bytes=10_000_000, max_text_chars=200_000)
    serve(server, fast.fetch_max_bytes)
    for path in [*FEED_REASONS, "/surrogates.json"]:
        add_feed(store, server.url_for(path))
    caplog.set_level("WARNING")
    report = watch(store, fast, WatchOptions(once=True, analyze=False))
    errors = {feed.url.rsplit("/", 1)[-1]: feed.last_error or "" for feed in list_feeds(store)}
    for path, reason in FEED_REASONS.items():
        assert reason in errors[path[1:]] and reason in caplog.text
    assert (report.feeds_failed, len(report.ingested)) == (len(FEED_REASONS), 3), report
    assert "text cut to the first 200000 characters" in caplog.text
    with store.transaction() as conn:
        stored = conn.execute(sa.select(articles.c.title, articles.c.text)).all()
    for title, text in stored:
        assert not any((ord(c) < 32 and c not in "\t\n\r") or 0xD800 <= ord(c) <= 0xDFFF for c in title + text)
    tally["hostile: feeds and pages through 'watch'"] += len(FEED_REASONS) + 4
