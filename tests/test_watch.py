"""The watch loop against a real server on 127.0.0.1: feeds and pages built from the shared data."""

import dataclasses
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path

import pytest
import sqlalchemy as sa
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.articles import count_articles
from sanctionwatch.store.feeds import add_feed
from sanctionwatch.store.schema import analyses, articles, feed_items, feeds
from sanctionwatch.watch import WatchOptions, watch

ONCE = WatchOptions(once=True, analyze=False)
Entry = tuple[str, str, str]  # url, title, description


@pytest.fixture(scope="module")
def running_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def busy_server() -> Iterator[HTTPServer]:
    """Another origin, answering 429 with a Retry-After of an hour to everything."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/busy").respond_with_data("busy", status=429, headers={"Retry-After": "3600"})
    server.start()
    yield server
    server.stop()


@pytest.fixture
def web(running_server: HTTPServer) -> Iterator[HTTPServer]:
    running_server.clear()
    running_server.no_handler_status_code = 404
    yield running_server
    running_server.clear()


@pytest.fixture
def fast(settings: Settings) -> Settings:
    return dataclasses.replace(
        settings, fetch_allow_private="127.0.0.1", fetch_per_host_delay=0.0, fetch_timeout=0.5, fetch_backoff=0.05,
        fetch_retries=1, fetch_max_wait=1.0, fetch_max_bytes=3_000_000, item_max_attempts=2)


def corpus_rows(shared_dir: Path) -> list[dict[str, str]]:
    lines = (shared_dir / "data" / "corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def html_page(title: str, text: str, extra: str = "") -> bytes:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (f"<html><head><title>{escape(title)}</title></head><body><nav>Home | World | Asia</nav><article>"
            f"<h1>{escape(title)}</h1>{extra}{paragraphs}</article><footer>All rights reserved.</footer>"
            "</body></html>").encode()


def serve_benchmark_pages(web: HTTPServer, shared_dir: Path, count: int, delay: float = 0.0) -> list[Entry]:
    folder = shared_dir / "data" / "article_extraction"
    entries = []
    for page_id in sorted(json.loads((folder / "ground-truth.json").read_text(encoding="utf-8")))[:count]:
        body = (folder / "html" / f"{page_id}.html.gz").read_bytes()
        web.expect_request(f"/a/{page_id}").respond_with_handler(gzipped(body, delay))
        entries.append((web.url_for(f"/a/{page_id}"), f"Benchmark page {page_id[:8]}", ""))
    return entries


def gzipped(body: bytes, delay: float) -> Callable[[Request], Response]:
    def handle(_request: Request) -> Response:
        time.sleep(delay)
        return Response(body, headers={"Content-Encoding": "gzip", "Content-Type": "text/html; charset=utf-8"})
    return handle


def rss(entries: list[Entry]) -> bytes:
    items = "".join(f"<item><title>{escape(t)}</title><link>{escape(u)}</link><description>{escape(d)}"
                    f"</description></item>" for u, t, d in entries)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Desk</title>{items}</channel></rss>".encode()


def with_etag(document: bytes, content_type: str = "application/rss+xml") -> Callable[[Request], Response]:
    tag = f'"{len(document)}-{hash(document) & 0xffff}"'

    def handle(request: Request) -> Response:
        if request.headers.get("If-None-Match") == tag:
            return Response(status=304)
        return Response(document, headers={"ETag": tag}, content_type=content_type)
    return handle


def rows_of(store: Store, table: sa.Table) -> list[dict[str, object]]:
    with store.transaction() as conn:
        return [dict(row) for row in conn.execute(sa.select(table)).mappings()]


def make_feeds_due(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute(sa.update(feeds).values(next_due=None))


def test_each_new_item_is_ingested_once_across_feeds_and_runs(web: HTTPServer, fast: Settings, store: Store,
                                                              shared_dir: Path) -> None:
    pages = serve_benchmark_pages(web, shared_dir, 5)
    rows = corpus_rows(shared_dir)[:3]
    for row in rows:
        web.expect_request(f"/c/{row['id']}").respond_with_data(html_page(row["title"], row["text"]),
                                                                content_type="text/html")
    mirror = html_page("Reprinted: " + rows[0]["title"], rows[0]["text"], "<p>By wire staff. Advertisement.</p>")
    web.expect_request("/mirror/copy").respond_with_data(mirror, content_type="text/html")
    second = [(web.url_for(f"/c/{r['id']}"), r["title"], "") for r in rows]
    second += [(pages[0][0] + "?utm_source=atom&utm_medium=feed", "Same page, tracked link", ""),
               (web.url_for("/mirror/copy"), "A republished copy", "")]
    web.expect_request("/rss").respond_with_handler(with_etag(rss(pages)))
    web.expect_request("/rss2").respond_with_handler(with_etag(rss(second)))
    add_feed(store, web.url_for("/rss"))
    add_feed(store, web.url_for("/rss2"))
    report = watch(store, fast, ONCE)
    assert (len(report.ingested), len(report.copies), report.duplicates, report.problems) == (8, 1, 1, [])
    by_url = {str(r["url"]).rsplit("/", 1)[-1]: r for r in rows_of(store, articles)}
    assert by_url["copy"]["duplicate_of"] == by_url[rows[0]["id"]]["id"]
    assert watch(store, fast, ONCE).queued == 0  # nothing due, nothing queued
    make_feeds_due(store)
    again = watch(store, fast, ONCE)
    assert (again.feeds_unchanged, again.queued, len(again.ingested), again.duplicates) == (2, 0, 0, 0)
    fetched = [r.path for r, _ in web.log if r.path.startswith(("/a/", "/c/", "/mirror/"))]
    assert len(fetched) == len(set(fetched)) == 9 and count_articles(store) == 9


def test_a_revised_entry_becomes_a_new_version_not_a_copy(web: HTTPServer, fast: Settings, store: Store,
                                                          shared_dir: Path) -> None:
    row = corpus_rows(shared_dir)[1]
    state = {"updated": "2025-01-01T00:00:00Z", "text": row["text"]}

    def feed(_request: Request) -> Response:
        item = {"id": "story-1", "url": web.url_for("/story"), "title": row["title"], "date_modified": state["updated"]}
        body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [item]})
        return Response(body, content_type="application/feed+json")
    web.expect_request("/feed.json").respond_with_handler(feed)
    web.expect_request("/story").respond_with_handler(
        lambda _r: Response(html_page(row["title"], state["text"]), content_type="text/html"))
    add_feed(store, web.url_for("/feed.json"))
    (first,) = watch(store, fast, ONCE).ingested
    state.update(updated="2025-01-02T00:00:00Z", text=row["text"] + "\nUpdate: the ministry issued a statement.")
    make_feeds_due(store)
    (second,) = watch(store, fast, ONCE).ingested
    revised = next(r for r in rows_of(store, articles) if r["id"] == second)
    assert (revised["version"], revised["previous_id"], revised["duplicate_of"]) == (2, first, None)


def test_faults_are_handled_with_a_logged_reason_and_no_item_is_lost(
        web: HTTPServer, busy_server: HTTPServer, fast: Settings, store: Store, shared_dir: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    row = corpus_rows(shared_dir)[2]
    serve_faults(web, fast.fetch_max_bytes)
    web.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    names = ["500", "loop", "bomb", "huge", "image", "slow", "gone", "charset"]
    entries = [(web.url_for(f"/f/{name}"), name, "") for name in names] + [(busy_server.url_for("/busy"), "429", "")]
    entries.append((web.url_for("/private/page"), "robots", escape(row["text"])))  # the feed's own text stands in
    web.expect_request("/faults").respond_with_data(rss(entries), content_type="application/rss+xml")
    web.expect_request("/hostile").respond_with_data(
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss><channel>'
        b"<title>&b;</title></channel></rss>", content_type="application/rss+xml")
    for path in ("/faults", "/hostile"):
        add_feed(store, web.url_for(path))
    caplog.set_level("WARNING")
    report = watch(store, fast, ONCE)
    states = {r["url"].rsplit("/", 1)[-1]: r["state"] for r in rows_of(store, feed_items)}
    assert states == {"500": "failed", "busy": "new", "loop": "skipped", "bomb": "skipped", "huge": "skipped",
                      "image": "skipped", "slow": "failed", "gone": "skipped", "charset": "ingested",
                      "page": "ingested"}
    assert (report.feeds_failed, report.waiting) == (1, 1)
    logged = " ".join(record.getMessage() for record in caplog.records)
    for reason in ("HTTP 500", "redirect loop", "decompression bomb", "too large", "image/png", "timed out",
                   "HTTP 404", "hostile XML"):
        assert reason in logged
    charset = next(r for r in rows_of(store, articles) if r["url"].endswith("/f/charset"))
    assert "Pyongyang\u2019s" in charset["text"]
    assert watch(store, dataclasses.replace(fast), ONCE).failed == 2  # retried once more, then given up
    assert {r["state"] for r in rows_of(store, feed_items) if r["url"].endswith(("/500", "/slow"))} == {"failed"}


def serve_faults(web: HTTPServer, limit: int) -> None:
    web.expect_request("/f/500").respond_with_data("error", status=500)
    web.expect_request("/f/loop").respond_with_data("", status=302, headers={"Location": "/f/loop"})
    web.expect_request("/f/bomb").respond_with_response(Response(
        gzip.compress(b" " * (limit * 3)), headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}))
    web.expect_request("/f/huge").respond_with_data(b"<p>" + b"x" * limit, content_type="text/html")
    web.expect_request("/f/image").respond_with_data(b"\x89PNG\r\n", content_type="image/png")
    web.expect_request("/f/slow").respond_with_handler(lambda _r: time.sleep(1.2) or Response("<p>late</p>"))
    web.expect_request("/f/gone").respond_with_data("gone", status=404)
    legacy = html_page("Envoy", "Pyongyang\u2019s envoy met officials in M\u00fcnchen on Tuesday. " * 8)
    web.expect_request("/f/charset").respond_with_data(legacy, content_type="text/html; charset=iso-8859-1")


def test_new_articles_are_analysed(web: HTTPServer, fast: Settings, store: Store, shared_dir: Path) -> None:
    rows = corpus_rows(shared_dir)[:2]
    for row in rows:
        web.expect_request(f"/c/{row['id']}").respond_with_data(html_page(row["title"], row["text"]),
                                                                content_type="text/html")
    web.expect_request("/rss").respond_with_data(rss([(web.url_for(f"/c/{r['id']}"), r["title"], "") for r in rows]))
    add_feed(store, web.url_for("/rss"))
    report = watch(store, fast, WatchOptions(once=True, analyze=True))
    assert report.analysed == 2
    assert {r["article_id"] for r in rows_of(store, analyses)} == set(report.ingested)


def start_watch(settings: Settings, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "SANCTIONWATCH_DB": settings.db, "SANCTIONWATCH_FETCH_ALLOW_PRIVATE": "127.0.0.1",
           "SANCTIONWATCH_FETCH_PER_HOST_DELAY": "0", "SANCTIONWATCH_FETCH_CONCURRENCY": "2"}
    return subprocess.Popen([sys.executable, "-m", "sanctionwatch", "watch", "--once", "--no-analyze"], cwd=cwd,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_ingested(settings: Settings, count: int, process: subprocess.Popen[str]) -> int:
    observer = open_store(settings)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            done = sum(1 for r in rows_of(observer, feed_items) if r["state"] == "ingested")
            if done >= count:
                return done
            time.sleep(0.05)
    finally:
        observer.close()
    raise AssertionError(f"the watch process did not ingest {count} items in time: {process.communicate()}")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_a_stopped_or_killed_run_resumes_with_every_item_ingested_exactly_once(
        web: HTTPServer, fast: Settings, store: Store, shared_dir: Path, tmp_path: Path, how: signal.Signals) -> None:
    pages = serve_benchmark_pages(web, shared_dir, 12, delay=0.3)
    web.expect_request("/rss").respond_with_data(rss(pages), content_type="application/rss+xml")
    add_feed(store, web.url_for("/rss"))
    process = start_watch(fast, tmp_path)
    done_before = wait_for_ingested(fast, 3, process)
    process.send_signal(how)
    _, err = process.communicate(timeout=30)
    if how == signal.SIGTERM:
        assert process.returncode == 0 and "SIGTERM: stopping" in err
        assert {r["state"] for r in rows_of(store, feed_items)} <= {"new", "ingested"}  # none marked failed
    assert done_before <= sum(1 for r in rows_of(store, feed_items) if r["state"] == "ingested") < 12
    resumed = watch(store, fast, ONCE)
    assert resumed.problems == [] and resumed.duplicates == 0
    assert {r["state"] for r in rows_of(store, feed_items)} == {"ingested"} and count_articles(store) == 12
    fetched = [r.path for r, _ in web.log if r.path.startswith("/a/")]
    assert set(fetched) == {url.split(str(web.port), 1)[1] for url, _, _ in pages}
    assert len(fetched) - len(set(fetched)) <= 4  # only pages in flight at the stop are fetched again
