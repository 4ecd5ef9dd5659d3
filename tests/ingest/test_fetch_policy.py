"""The fetcher's policies: the SSRF guard, robots.txt, per-host pacing and concurrency, stopping."""

import dataclasses
import threading
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sanctionwatch.ingest.fetch import FetchCancelledError, Fetcher, FetchRefusedError
from sanctionwatch.settings import Settings


@pytest.mark.parametrize(("url", "reason"), [
    ("http://127.0.0.1:{port}/", "loopback"),
    ("http://localhost:{port}/", "loopback"),
    ("http://[::1]:{port}/", "loopback"),
    ("http://0x7f000001:{port}/", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://10.1.2.3/", "private"),
    ("http://[::ffff:192.168.0.1]/", "private"),
    ("file:///etc/passwd", "scheme 'file'"),
    ("gopher://127.0.0.1:70/", "scheme 'gopher'"),
])
def test_private_and_non_http_targets_are_refused_by_default(news_server: HTTPServer, settings: Settings,
                                                             url: str, reason: str) -> None:
    with Fetcher(settings) as fetcher, pytest.raises(FetchRefusedError, match=reason):
        fetcher.fetch(url.format(port=news_server.port))
    assert news_server.log == []  # refused before any connection


def test_every_redirect_hop_is_checked(news_server: HTTPServer, fetch_settings: Settings) -> None:
    news_server.expect_request("/to-metadata").respond_with_data(
        "", 302, {"Location": "http://169.254.169.254/latest/meta-data/"})
    news_server.expect_request("/to-ipv6-loopback").respond_with_data(
        "", 302, {"Location": f"http://[::1]:{news_server.port}/secret"})
    with Fetcher(fetch_settings) as fetcher:  # allows 127.0.0.1 only
        with pytest.raises(FetchRefusedError, match="link-local"):
            fetcher.fetch(news_server.url_for("/to-metadata"))
        with pytest.raises(FetchRefusedError, match="loopback"):
            fetcher.fetch(news_server.url_for("/to-ipv6-loopback"))
    assert "/secret" not in [request.path for request, _ in news_server.log]


def test_robots_txt_is_obeyed_and_its_crawl_delay_honoured(news_server: HTTPServer, fetch_settings: Settings) -> None:
    robots = "User-agent: *\nDisallow: /private\nCrawl-delay: 1\n"
    news_server.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
    news_server.expect_request("/private/1").respond_with_data("<p>secret</p>", content_type="text/html")
    news_server.expect_request("/public/1").respond_with_data("<p>one</p>", content_type="text/html")
    news_server.expect_request("/public/2").respond_with_data("<p>two</p>", content_type="text/html")
    with Fetcher(fetch_settings) as fetcher:
        with pytest.raises(FetchRefusedError, match=r"robots\.txt"):
            fetcher.fetch(news_server.url_for("/private/1"))
        started = time.monotonic()
        fetcher.fetch(news_server.url_for("/public/1"))
        fetcher.fetch(news_server.url_for("/public/2"))
    assert time.monotonic() - started >= 0.95
    paths = [request.path for request, _ in news_server.log]
    assert paths.count("/robots.txt") == 1 and "/private/1" not in paths


def test_robots_txt_server_error_means_fetch_nothing_there(news_server: HTTPServer, fetch_settings: Settings) -> None:
    news_server.expect_request("/robots.txt").respond_with_data("oops", status=500)
    news_server.expect_request("/page").respond_with_data("<p>x</p>", content_type="text/html")
    with Fetcher(fetch_settings) as fetcher, pytest.raises(FetchRefusedError, match="disallows"):
        fetcher.fetch(news_server.url_for("/page"))
    assert "/page" not in [request.path for request, _ in news_server.log]


def test_requests_to_one_host_are_spaced_and_capped(news_server: HTTPServer, fetch_settings: Settings) -> None:
    lock, state = threading.Lock(), {"now": 0, "most": 0, "starts": []}

    def handle(_request: Request) -> Response:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
            state["starts"].append(time.monotonic())
        time.sleep(0.2)
        with lock:
            state["now"] -= 1
        return Response("<p>ok</p>", content_type="text/html")
    news_server.expect_request("/p").respond_with_handler(handle)
    settings = dataclasses.replace(fetch_settings, fetch_per_host_delay=0.1, fetch_per_host_concurrency=2,
                                   fetch_concurrency=8)
    with Fetcher(settings) as fetcher:
        threads = [threading.Thread(target=fetcher.fetch, args=(news_server.url_for("/p"),)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    starts = sorted(state["starts"])
    assert state["most"] == 2
    # Pacing is by the client; the server sees it through scheduling jitter, so check the whole span.
    assert starts[-1] - starts[0] >= 0.7 * 0.1 * (len(starts) - 1)


def test_a_stop_request_cancels_waiting_fetches(news_server: HTTPServer, fetch_settings: Settings) -> None:
    news_server.expect_request("/p").respond_with_data("<p>ok</p>", content_type="text/html")
    stop = threading.Event()
    with Fetcher(dataclasses.replace(fetch_settings, fetch_per_host_delay=1.0), stop) as fetcher:
        fetcher.fetch(news_server.url_for("/p"))
        threading.Timer(0.2, stop.set).start()
        started = time.monotonic()
        with pytest.raises(FetchCancelledError):
            fetcher.fetch(news_server.url_for("/p"))
    assert time.monotonic() - started < 2
