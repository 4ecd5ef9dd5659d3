"""Load: the real dashboard server (``sanctionwatch serve``) under bounded concurrent requests while the
real ``sanctionwatch watch --once`` ingests and analyses real news pages from a feed server on loopback.

Held: every request answered 200 (no locked database, no error); the watch pass ingested every page with
no failure; latency is reported (p50, p95, max) with the count and the rate of requests, next to the same
mix on the otherwise idle server, before and after the watch pass.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from sanctionwatch import pipeline
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.settings import Settings, load_settings
from sanctionwatch.store import open_store
from sanctionwatch.store.feeds import add_feed

PAGES = 16
CLIENTS = 6
LEAST, MOST = 300, 5000  # requests: at least, and at most however long the watch pass takes
PATHS = ["/api/v1/overview", "/api/v1/articles?limit=20", "/api/v1/articles?evasion=true", "/api/v1/search?q=Korea",
         "/api/v1/stories", "/api/v1/entities", "/", "/articles", "/search?q=sanctions", "/api/v1/health"]


@pytest.fixture
def feed_server(shared_dir: Path) -> Iterator[HTTPServer]:
    """Real news pages (the extraction benchmark's HTML) and a feed listing them."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    folder = shared_dir / "data" / "article_extraction"
    names = sorted(json.loads((folder / "ground-truth.json").read_text(encoding="utf-8")))[:PAGES]
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    for name in names:
        body = (folder / "html" / f"{name}.html.gz").read_bytes()
        server.expect_request(f"/a/{name}").respond_with_response(
            Response(body, headers={"Content-Encoding": "gzip", "Content-Type": "text/html; charset=utf-8"}))
    items = "".join(f"<item><title>{n}</title><link>{escape(server.url_for(f'/a/{n}'))}</link></item>" for n in names)
    server.expect_request("/rss").respond_with_data(f"<rss version='2.0'><channel><title>Desk</title>{items}"
                                                    "</channel></rss>", content_type="application/rss+xml")
    yield server
    server.stop()


def seeded(tmp_path: Path, shared_dir: Path, feed: str) -> Settings:
    """A store holding the corpus reports (not analysed yet) and following the feed."""
    settings = load_settings({"db": f"sqlite:///{tmp_path / 'store.db'}"}, environ={})
    store = open_store(settings)
    try:
        pipeline.ingest_documents(store, read_paths([shared_dir / "data/corpus/articles.jsonl"], settings), settings)
        add_feed(store, feed)
    finally:
        store.close()
    return settings


def start(args: list[str], settings: Settings, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "SANCTIONWATCH_DB": settings.db, "SANCTIONWATCH_FETCH_ALLOW_PRIVATE": "127.0.0.1",
           "SANCTIONWATCH_FETCH_PER_HOST_DELAY": "0", "SANCTIONWATCH_LOG_LEVEL": "ERROR"}
    return subprocess.Popen([sys.executable, "-m", "sanctionwatch", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def free_port() -> int:
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"the server did not start: {server.communicate(timeout=5)}")


def hammer(base: str, paths: list[str], most: int, watching: threading.Event) -> list[tuple[int, float, bool]]:
    """``CLIENTS`` threads sending requests back to back while the watch runs (at least ``LEAST``, at most
    ``most`` in all); returns (status, seconds, whether the watch was running) for each."""
    results: list[tuple[int, float, bool]] = []
    lock = threading.Lock()
    count = iter(range(most))

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=60) as http:
            while (number := next(count, None)) is not None and (watching.is_set() or number < LEAST):
                running, began = watching.is_set(), time.perf_counter()
                status = http.get(rng.choice(paths)).status_code
                with lock:
                    results.append((status, time.perf_counter() - began, running))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return results


def spread(results: list[tuple[int, float, bool]]) -> str:
    latencies = sorted(seconds * 1000 for _status, seconds, _running in results)
    return f"{statistics.median(latencies):.0f} / {latencies[int(len(latencies) * 0.95)]:.0f} / {latencies[-1]:.0f}"


def test_api_under_load_while_watch_ingests(feed_server: HTTPServer, shared_dir: Path, tmp_path: Path, scale: int,
                                           figures: dict[str, object], tally: Callable[..., Any]) -> None:
    settings = seeded(tmp_path, shared_dir, feed_server.url_for("/rss"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(["serve", "--port", str(port)], settings, tmp_path)
    try:
        wait_until_up(base, server)
        ids = [a["id"] for a in httpx.get(base + "/api/v1/articles?limit=10").json()["data"]]
        paths = PATHS + [f"/api/v1/articles/{i}" for i in ids] + [f"/articles/{i}" for i in ids]
        for path in paths:  # warm up: first queries, caches, connections
            assert httpx.get(base + path, timeout=60).status_code == 200, path
        watching = threading.Event()
        idle = hammer(base, paths, LEAST, watching)  # the baseline: the same mix, nothing else running (before)
        watching.set()
        watcher = start(["watch", "--once", "--json"], settings, tmp_path)
        started = time.perf_counter()
        threading.Thread(target=lambda: (watcher.wait(), watching.clear()), daemon=True).start()
        results = hammer(base, paths, MOST * scale, watching)
        elapsed = time.perf_counter() - started
        out, err = watcher.communicate(timeout=600)
        watched = time.perf_counter() - started  # the load stops when the watch pass ends, or it waits for it
        idle += hammer(base, paths, LEAST, watching)  # and again once the watch pass is over
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert watcher.returncode == 0, err[-2000:]
    report = json.loads(out)
    assert (len(report["ingested"]), report["failed"], report["problems"]) == (PAGES, 0, []), report["problems"][:2]
    assert [status for status, _s, _w in idle + results if status != 200] == []
    during = [seconds for _status, seconds, running in results if running]
    assert len(during) >= LEAST / 2, "the load should land while the watch pass runs"
    figures["load: requests (clients), all 200"] = f"{len(results)} ({CLIENTS}), {len(during)} during the watch pass"
    figures["load: latency p50 / p95 / max (ms)"] = spread(results)
    figures["load: same mix, idle server, p50 / p95 / max (ms)"] = spread(idle)
    figures["load: requests per second"] = f"{len(results) / elapsed:.1f}"
    figures["load: watch pass (s), pages ingested"] = f"{watched:.1f}, {PAGES}"
    tally["load: API requests during 'watch --once'"] += len(results)
