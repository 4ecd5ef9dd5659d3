"""A real HTTP server on 127.0.0.1 for the fetching tests, and settings fast enough to test faults."""

import dataclasses
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from sanctionwatch.settings import Settings


@pytest.fixture(scope="session")
def running_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.no_handler_status_code = 404
    server.start()
    yield server
    server.stop()


@pytest.fixture
def news_server(running_server: HTTPServer) -> Iterator[HTTPServer]:
    """A threaded server on 127.0.0.1 (any free port), with no handlers and an empty log for each test;
    unknown paths, robots.txt included, answer 404."""
    running_server.clear()
    running_server.no_handler_status_code = 404  # clear() sets it back to 500
    yield running_server
    running_server.clear()


@pytest.fixture
def fetch_settings(settings: Settings) -> Settings:
    """Settings that allow 127.0.0.1 and keep timeouts and backoff short."""
    return dataclasses.replace(
        settings, fetch_allow_private="127.0.0.1", fetch_per_host_delay=0.0, fetch_timeout=1.0,
        fetch_backoff=0.05, fetch_retries=2, fetch_max_wait=2.0, fetch_max_bytes=500_000,
    )
