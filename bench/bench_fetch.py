"""Fetch + extract throughput against a local server, next to trafilatura alone on the same pages.

    .venv/bin/python bench/bench_fetch.py [--pages N] [--runs R]

Serves the article-extraction benchmark pages (../shared/data/article_extraction/html/*.html.gz, sent
gzip-encoded as a news site would) from a threaded HTTP server on 127.0.0.1, then times, R times in
turn on the same N pages:
  * trafilatura alone: ``trafilatura.fetch_url`` then ``trafilatura.extract`` with its defaults, one
    page after another (its documented usage);
  * sanctionwatch, one worker: ``Fetcher.fetch`` (SSRF guard, robots.txt, bounded decompression,
    content-type check, charset decoding) then ``extract_article``;
  * sanctionwatch, ``fetch_concurrency`` workers fetching while the main thread extracts;
  * a whole ``watch --once`` pass over a feed of the pages (fetch, extract, deduplicate, store in
    SQLite; no analysis);
  * the fetching alone, both ways, to show what the fetcher's checks cost.
Per-host pacing is off (``fetch_per_host_delay=0``) since the server is local. Prints the median
pages per second of each and the ratios to trafilatura alone.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import dataclasses
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import trafilatura

from sanctionwatch.extract import extract_article
from sanctionwatch.ingest.fetch import Fetcher, page_document
from sanctionwatch.settings import Settings, load_settings
from sanctionwatch.store import open_store
from sanctionwatch.store.feeds import add_feed
from sanctionwatch.watch import WatchOptions, watch

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "article_extraction"


def serve(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    """Pages at /a/<id> (gzip-encoded), a feed of them at /feed.xml, no robots.txt (404)."""
    links = "".join(f"<item><title>{page_id}</title><link>/a/{page_id}</link></item>" for page_id in pages)
    feed = f"<rss version='2.0'><channel><title>bench</title>{links}</channel></rss>".encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls between headers and body

        def do_GET(self) -> None:
            page_id = self.path.removeprefix("/a/")
            if self.path == "/feed.xml":
                self._send(feed, "application/rss+xml", None)
            elif page_id in pages:
                self._send(pages[page_id], "text/html; charset=utf-8", "gzip")
            else:
                self._send(b"not found", "text/plain", None, 404)

        def _send(self, body: bytes, content_type: str, encoding: str | None, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_trafilatura(urls: list[str], _settings: Settings) -> int:
    extracted = 0
    for url in urls:
        html = trafilatura.fetch_url(url)
        extracted += bool(html and trafilatura.extract(html))
    return extracted


def fetch_trafilatura(urls: list[str], _settings: Settings) -> int:
    return sum(bool(trafilatura.fetch_url(url)) for url in urls)


def fetch_ours(urls: list[str], settings: Settings) -> int:
    with Fetcher(settings) as fetcher:
        return sum(bool(fetcher.fetch(url).data) for url in urls)


def run_ours(urls: list[str], settings: Settings) -> int:
    extracted = 0
    with Fetcher(settings) as fetcher, cf.ThreadPoolExecutor(max(1, settings.fetch_concurrency)) as pool:
        for result in pool.map(fetcher.fetch, urls):
            extracted += bool(extract_article(page_document(result), settings).text)
    return extracted


def run_watch(urls: list[str], settings: Settings) -> int:
    with tempfile.TemporaryDirectory() as folder:
        settings = dataclasses.replace(settings, db=f"sqlite:///{folder}/bench.db")
        store = open_store(settings)
        add_feed(store, urls[0].split("/a/", 1)[0] + "/feed.xml")
        report = watch(store, settings, WatchOptions(once=True, analyze=False))
        store.close()
    return len(report.ingested) + len(report.copies) + report.duplicates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=181)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {page_id: (DATA / "html" / f"{page_id}.html.gz").read_bytes() for page_id in sorted(truth)[: args.pages]}
    server = serve(pages)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = [f"{base}/a/{page_id}" for page_id in pages]
    common = {"fetch_allow_private": "127.0.0.1", "fetch_per_host_delay": 0.0, "fetch_per_host_concurrency": 4}
    sequential = load_settings({**common, "fetch_concurrency": 1}, environ={})
    parallel = load_settings({**common, "fetch_concurrency": 4}, environ={})
    methods: dict[str, tuple[Callable[[list[str], Settings], int], Settings]] = {
        "trafilatura alone (fetch_url + extract, defaults)": (run_trafilatura, sequential),
        "sanctionwatch Fetcher + extract, 1 worker": (run_ours, sequential),
        "sanctionwatch Fetcher + extract, 4 fetch workers": (run_ours, parallel),
        "sanctionwatch watch --once pass (+ dedup, SQLite)": (run_watch, parallel),
        "fetch only: trafilatura.fetch_url": (fetch_trafilatura, sequential),
        "fetch only: sanctionwatch Fetcher, 1 worker": (fetch_ours, sequential),
    }
    timings = {name: [] for name in methods}
    for _ in range(args.runs):
        for name, (method, settings) in methods.items():
            started = time.perf_counter()
            count = method(urls, settings)
            timings[name].append(len(urls) / (time.perf_counter() - started))
            print(f"  {name}: {count}/{len(urls)} pages, {timings[name][-1]:.1f} pages/s", flush=True)
    server.shutdown()
    baseline = statistics.median(timings[next(iter(methods))])
    print(f"\n{len(urls)} pages, median of {args.runs} runs")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<52} {median:6.1f} pages/s  ratio {median / baseline:.2f}")


if __name__ == "__main__":
    main()
