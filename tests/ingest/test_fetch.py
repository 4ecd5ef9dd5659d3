"""Fetching from a real server on 127.0.0.1: bodies, validators, retries and the faults of the web."""

import dataclasses
import gzip
import json
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sanctionwatch.errors import FetchError
from sanctionwatch.ingest.fetch import (
    FetchDeferredError,
    Fetcher,
    FetchRefusedError,
    page_document,
)
from sanctionwatch.settings import Settings


def benchmark_page(shared_dir: Path) -> bytes:
    folder = shared_dir / "data" / "article_extraction"
    first = sorted(json.loads((folder / "ground-truth.json").read_text(encoding="utf-8")))[0]
    return (folder / "html" / f"{first}.html.gz").read_bytes()


def failing_first(times: int, status: int, headers: dict[str, str] | None = None) -> object:
    calls = {"n": 0}
    lock = threading.Lock()

    def handle(_request: Request) -> Response:
        with lock:
            calls["n"] += 1
            failing = calls["n"] <= times
        return Response("busy", status, headers or {}) if failing else Response("<html>ok</html>", 200,
                                                                                 content_type="text/html")
    return handle


def test_gzipped_page_arrives_decoded_with_our_user_agent(news_server: HTTPServer, fetch_settings: Settings,
                                                           shared_dir: Path) -> None:
    raw = benchmark_page(shared_dir)
    news_server.expect_request("/story").respond_with_response(
        Response(raw, headers={"Content-Encoding": "gzip", "Content-Type": "text/html; charset=UTF-8"}))
    with Fetcher(dataclasses.replace(fetch_settings, fetch_max_bytes=10_000_000)) as fetcher:
        result = fetcher.fetch(news_server.url_for("/story"))
    assert result.data == gzip.decompress(raw)
    assert (result.status, result.content_type, result.charset) == (200, "text/html", "utf-8")
    request = next(r for r, _ in news_server.log if r.path == "/story")
    assert request.headers["User-Agent"] == fetch_settings.user_agent


def test_conditional_get_returns_304_when_the_etag_still_matches(news_server: HTTPServer,
                                                                  fetch_settings: Settings) -> None:
    def handle(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response("<rss/>", 200, {"ETag": '"v1"', "Last-Modified": "Thu, 28 Mar 2024 10:00:00 GMT"},
                        content_type="application/rss+xml")
    news_server.expect_request("/feed").respond_with_handler(handle)
    with Fetcher(fetch_settings) as fetcher:
        first = fetcher.fetch(news_server.url_for("/feed"), "feed")
        second = fetcher.fetch(news_server.url_for("/feed"), "feed", first.etag, first.last_modified)
    assert (first.status, first.etag, first.last_modified) == (200, '"v1"', "Thu, 28 Mar 2024 10:00:00 GMT")
    assert (second.status, second.data) == (304, b"")


def test_server_errors_are_retried_with_backoff_then_given_up(news_server: HTTPServer,
                                                              fetch_settings: Settings) -> None:
    news_server.expect_request("/flaky").respond_with_handler(failing_first(2, 500))
    news_server.expect_request("/down").respond_with_data("down", status=503)
    with Fetcher(fetch_settings) as fetcher:
        assert fetcher.fetch(news_server.url_for("/flaky")).data == b"<html>ok</html>"
        with pytest.raises(FetchError, match=r"HTTP 503 \(gave up after 3 attempts\)") as failure:
            fetcher.fetch(news_server.url_for("/down"))
    assert not isinstance(failure.value, FetchRefusedError)  # worth another try later
    paths = [request.path for request, _ in news_server.log]
    assert (paths.count("/flaky"), paths.count("/down")) == (3, 3)


def test_429_retry_after_is_waited_for_or_deferred_when_too_long(news_server: HTTPServer,
                                                                 fetch_settings: Settings) -> None:
    news_server.expect_request("/busy").respond_with_handler(failing_first(1, 429, {"Retry-After": "1"}))
    news_server.expect_request("/later").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    with Fetcher(fetch_settings) as fetcher:
        started = time.monotonic()
        assert fetcher.fetch(news_server.url_for("/busy")).status == 200
        assert time.monotonic() - started >= 0.95
        with pytest.raises(FetchDeferredError) as deferred:
            fetcher.fetch(news_server.url_for("/later"))
        with pytest.raises(FetchDeferredError):  # the server is left alone until then
            fetcher.fetch(news_server.url_for("/other"))
    assert deferred.value.retry_after == 3600
    paths = [r.path for r, _ in news_server.log]
    assert paths.count("/later") == 1 and "/other" not in paths


def test_redirects_are_followed_but_loops_and_long_chains_refused(news_server: HTTPServer,
                                                                  fetch_settings: Settings) -> None:
    news_server.expect_request("/old").respond_with_data("", 301, {"Location": "/new"})
    news_server.expect_request("/new").respond_with_data("<p>moved</p>", content_type="text/html")
    news_server.expect_request("/a").respond_with_data("", 302, {"Location": "/b"})
    news_server.expect_request("/b").respond_with_data("", 302, {"Location": "/a"})
    for hop in range(10):
        news_server.expect_request(f"/chain/{hop}").respond_with_data("", 307, {"Location": f"/chain/{hop + 1}"})
    with Fetcher(fetch_settings) as fetcher:
        moved = fetcher.fetch(news_server.url_for("/old"))
        with pytest.raises(FetchRefusedError, match="redirect loop"):
            fetcher.fetch(news_server.url_for("/a"))
        with pytest.raises(FetchRefusedError, match="too many redirects"):
            fetcher.fetch(news_server.url_for("/chain/0"))
    assert (moved.url, moved.redirects) == (news_server.url_for("/new"), [news_server.url_for("/new")])


def test_bombs_huge_pages_and_wrong_types_are_refused(news_server: HTTPServer, fetch_settings: Settings) -> None:
    limit = fetch_settings.fetch_max_bytes
    bomb = gzip.compress(b"\0" * (limit * 40))
    news_server.expect_request("/bomb").respond_with_response(
        Response(bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}))
    news_server.expect_request("/declared").respond_with_data(b"x" * (limit + 1), content_type="text/html")
    news_server.expect_request("/streamed").respond_with_response(
        Response((b"<p>" + b"x" * 8192 for _ in range(100)), content_type="text/html"))
    news_server.expect_request("/image").respond_with_data(b"\x89PNG", content_type="image/png")
    with Fetcher(fetch_settings) as fetcher:
        for path, reason in (("/bomb", "decompression bomb"), ("/declared", "too large"),
                             ("/streamed", "too large"), ("/image", "image/png is not a page")):
            with pytest.raises(FetchRefusedError, match=reason):
                fetcher.fetch(news_server.url_for(path))
    assert len(bomb) < limit


def test_slow_responses_time_out_and_are_retried(news_server: HTTPServer, fetch_settings: Settings) -> None:
    def slow(_request: Request) -> Response:
        time.sleep(1.5)
        return Response("<p>late</p>", content_type="text/html")
    news_server.expect_request("/slow").respond_with_handler(slow)
    settings = dataclasses.replace(fetch_settings, fetch_timeout=0.4, fetch_retries=1)
    started = time.monotonic()
    with Fetcher(settings) as fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.fetch(news_server.url_for("/slow"))
    assert time.monotonic() - started < 3.0


def test_wrong_charsets_are_decoded_by_what_the_bytes_are(news_server: HTTPServer, fetch_settings: Settings) -> None:
    text = "<html><body><p>Pyongyang\u2019s envoy in M\u00fcnchen</p></body></html>"
    cp1252 = text.replace("<html>", '<html><meta charset="windows-1252">').encode("cp1252")
    news_server.expect_request("/mislabelled").respond_with_data(text.encode("utf-8"),
                                                                 content_type="text/html; charset=iso-8859-1")
    news_server.expect_request("/legacy").respond_with_data(cp1252, content_type="text/html; charset=utf-8")
    with Fetcher(fetch_settings) as fetcher:
        documents = [page_document(fetcher.fetch(news_server.url_for(p))) for p in ("/mislabelled", "/legacy")]
    for document in documents:
        assert "Pyongyang\u2019s envoy in M\u00fcnchen" in document.data.decode("utf-8")
        assert document.kind == "html"
