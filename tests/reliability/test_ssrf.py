"""Server-side request forgery: feed URLs, entry links, redirects and list URLs that point inside.

Every server here is one the test runs on loopback: the feed server on 127.0.0.1 (allowed, as a test
must), an "admin" service on 127.0.0.2 that must never be reached. A tripwire on ``socket.connect``
records any connection to an address that is not 127.0.0.1 and stops it, so no packet can leave for
169.254.169.254 or a private range even if the guard failed: the guard must refuse before connecting.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
from collections.abc import Callable, Iterator
from html import escape
from typing import Any

import pytest
import sqlalchemy as sa
from pytest_httpserver import HTTPServer
from werkzeug import Response

from sanctionwatch.alerts import send_test_alert
from sanctionwatch.errors import FetchError
from sanctionwatch.ingest.fetch import Fetcher
from sanctionwatch.model import Watchlist, WatchlistCriteria
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.feeds import add_feed, list_feeds
from sanctionwatch.store.schema import feed_items
from sanctionwatch.watch import WatchOptions, watch

INSIDE = ["http://169.254.169.254/latest/meta-data/iam/security-credentials/", "http://[fd00:ec2::254]/latest/",
          "http://10.0.0.1/", "http://192.168.1.1/admin", "http://172.16.0.1/", "http://100.64.0.1/",
          "http://0.0.0.0:{admin}/", "http://127.0.0.2:{admin}/admin", "http://2130706434:{admin}/",
          "http://0x7f000002:{admin}/", "http://[::ffff:127.0.0.2]:{admin}/", "http://[::ffff:169.254.169.254]/",
          "http://[::1]:{admin}/", "http://127.0.0.1@169.254.169.254/", "http://169.254.169.254#@127.0.0.1/",
          "https://127.0.0.2:{admin}/", "file:///etc/passwd", "gopher://127.0.0.2:{admin}/_GET",
          "ftp://10.0.0.1/", "dict://127.0.0.2:{admin}/", "http://[oops/", "http://metadata.google.internal/"]
Targets = list[str]


class RawRedirect(Response):
    """A redirect whose Location goes out exactly as given (werkzeug would try to fix or fail on "http://[oops/")."""

    def __init__(self, status: int, location: str) -> None:
        super().__init__(b"", status=status, headers={"Location": location})

    def get_wsgi_headers(self, environ: Any) -> Any:
        return self.headers


@pytest.fixture
def tripwire(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Connections attempted to anything but 127.0.0.1; each is refused before it is made."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else str(address)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and ipaddress.ip_address(host) != ipaddress.ip_address(
                "127.0.0.1"):
            attempts.append(address)
            raise ConnectionRefusedError(f"tripwire: no connection to {address} from this test")
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield attempts


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[HTTPServer, HTTPServer]]:
    feed, admin = HTTPServer(host="127.0.0.1", port=0), HTTPServer(host="127.0.0.2", port=0)
    admin.expect_request("/", method="GET").respond_with_data("admin secrets")
    for server in (feed, admin):
        server.start()
    yield feed, admin
    for server in (feed, admin):
        server.stop()


@pytest.fixture
def targets(servers: tuple[HTTPServer, HTTPServer]) -> Targets:
    servers[0].clear()
    servers[0].no_handler_status_code = 404
    servers[1].clear_log()
    return [url.format(admin=servers[1].port) for url in INSIDE]


@pytest.fixture
def guarded(settings: Settings) -> Settings:
    return dataclasses.replace(settings, fetch_allow_private="127.0.0.1", fetch_per_host_delay=0.0,
                               fetch_timeout=2.0, fetch_retries=0, item_max_attempts=1)


def test_fetcher_refuses_before_connecting(guarded: Settings, targets: Targets, tripwire: list[Any],
                                           servers: tuple[HTTPServer, HTTPServer],
                                           tally: Callable[..., Any]) -> None:
    with Fetcher(guarded) as fetcher:
        for url in targets:
            with pytest.raises(FetchError) as refused:
                fetcher.fetch(url)
            assert "refused" in str(refused.value) or "cannot resolve" in str(refused.value), url
    assert tripwire == [] and servers[1].log == []
    tally["ssrf: direct fetches"] += len(targets)


def test_the_tripwire_stops_connections(tripwire: list[Any], servers: tuple[HTTPServer, HTTPServer]) -> None:
    with pytest.raises(ConnectionRefusedError, match="tripwire"):
        socket.create_connection(("127.0.0.2", servers[1].port), timeout=2)
    assert tripwire == [("127.0.0.2", servers[1].port)] and servers[1].log == []


def rss(entries: list[str]) -> str:
    items = "".join(f"<item><title>item {i}</title><link>{escape(url)}</link></item>" for i, url in enumerate(entries))
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Desk</title>{items}</channel></rss>"


def test_watch_refuses_inside_targets_in_feeds_links_and_redirects(
        guarded: Settings, store: Store, targets: Targets, tripwire: list[Any], servers: tuple[HTTPServer, HTTPServer],
        caplog: pytest.LogCaptureFixture, tally: Callable[..., Any]) -> None:
    feed_server, admin = servers
    feed_server.expect_request("/robots.txt").respond_with_data("", status=404)
    hops = []
    for number, url in enumerate(targets):
        status = (301, 302, 303, 307, 308)[number % 5]
        feed_server.expect_request(f"/go/{number}").respond_with_response(RawRedirect(status=status, location=url))
        hops.append(feed_server.url_for(f"/go/{number}"))
    feed_server.expect_request("/rss").respond_with_data(rss(targets + hops), content_type="application/rss+xml")
    feed_server.expect_request("/feed-hop").respond_with_data("", 302, {"Location": targets[0]})
    for url in [feed_server.url_for("/rss"), feed_server.url_for("/feed-hop"), *targets]:
        add_feed(store, url)
    caplog.set_level("WARNING")
    report = watch(store, guarded, WatchOptions(once=True, analyze=False))
    assert tripwire == [] and admin.log == []
    assert report.ingested == [] and report.feeds_failed == len(targets) + 1
    failed = {feed.url: feed.last_error or "" for feed in list_feeds(store)}
    assert all("refused" in failed[url] or "cannot resolve" in failed[url] for url in targets)
    items = item_outcomes(store)
    assert len(items) == report.queued == report.skipped + report.failed > len(targets)
    for state, reason in items:
        refused = state == "skipped" and ("refused" in reason or "bad Location" in reason)
        assert refused or (state == "failed" and "cannot resolve" in reason), (state, reason)
        assert reason in caplog.text
    assert any("redirect to a bad Location" in reason for _state, reason in items)  # "http://[oops/"
    tally["ssrf: feed URLs, entry links and redirects through 'watch'"] += len(targets) * 3 + 1


def item_outcomes(store: Store) -> list[tuple[str, str]]:
    with store.transaction() as conn:
        rows = conn.execute(sa.select(feed_items.c.state, feed_items.c.reason))
        return [(row.state, row.reason or "") for row in rows]


def test_lists_load_refuses_inside_urls(run_cli: Callable[..., Any], tripwire: list[Any],
                                        tally: Callable[..., Any]) -> None:
    for url in ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/un.xml", "http://[::1]:8765/"):
        result = run_cli("lists", "load", url)
        assert result.code == 1 and "refused" in result.err and len(result.err.strip().splitlines()) == 1
    assert tripwire == []
    tally["ssrf: list URLs through 'lists load'"] += 3


def test_webhooks_to_inside_addresses_are_refused(settings: Settings, tripwire: list[Any],
                                                  servers: tuple[HTTPServer, HTTPServer],
                                                  tally: Callable[..., Any]) -> None:
    signed = dataclasses.replace(settings, webhook_secret="s")
    inside = (f"http://127.0.0.2:{servers[1].port}/hook", "http://169.254.169.254/latest/meta-data/",
              "http://10.0.0.1/hook", "http://[::1]:8765/hook", "ftp://example.org/hook")
    for url in inside:
        delivery = send_test_alert(signed, Watchlist(1, "inside", WatchlistCriteria(keywords=["oil"]), url))
        assert not delivery.ok and delivery.tries == 0 and "refused" in (delivery.error or "")
    assert tripwire == []
    tally["ssrf: webhook URLs"] += len(inside)


def test_webhooks_to_an_allowed_inside_address_are_sent(settings: Settings,
                                                        servers: tuple[HTTPServer, HTTPServer]) -> None:
    allowed = dataclasses.replace(settings, webhook_secret="s", webhook_allow_private="127.0.0.1")
    hook = Watchlist(1, "relay", WatchlistCriteria(keywords=["oil"]), f"http://127.0.0.1:{servers[0].port}/hook")
    delivery = send_test_alert(allowed, hook)
    assert delivery.tries == 1 and delivery.status is not None
