"""JSON API latency and throughput under a bounded local load, on a database of 10,000 real-text articles.

    .venv/bin/python bench/bench_api.py [--articles 10000] [--clients 50] [--seconds 30] [--runs 3] [--rebuild]

Database (built once into out/bench/api-<N>.db, reused unless --rebuild): the 42 corpus reports, the seed
and BBC News Summary articles (every category, sorted) up to 200 distinct texts, ingested and analysed by the
real pipeline (with a brief each); then replicated to N articles, each copy's text ending in its own
line so that it is a distinct article with the same analysis (offsets stay valid). Copies are grouped in
stories of 5, as the clustering stage would store them, and every 20th article gets a list match.

Load: ``sanctionwatch serve`` in its own process (one uvicorn worker, as shipped); ``--clients``
concurrent keep-alive clients (httpx, asyncio) send requests back to back for ``--seconds``. Two phases
per run, each on a freshly started server: the dashboard's API mix (article and story lists with and
without filters, details, search, entity, overview) and the baseline, ``/api/v1/health`` (the same server
and framework, no database work). Prints medians over the runs: p50 and p99 latency, requests/s, and the
ratios API mix / baseline. Client and server share the machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
SEED = REPO.parent / "shared" / "seed" / "000_db3d2fddf79d3866.txt"
WORDS = ["sanctions", "tanker", "workers", "oil", "Russia", "laundering", "ship-to-ship", "Treasury", "Iran",
         "cryptocurrency", "\"North Korea\"", "export*", "vessel", "bank", "Pyongyang"]


def base_paths(distinct: int) -> list[Path]:
    bbc = sorted((DATA / "bbc_news_summary" / "articles").rglob("*.txt"))
    return bbc[: max(0, distinct - 43)]


def build_database(path: Path, count: int, distinct: int = 200) -> None:
    """Ingest and analyse the distinct texts, then replicate them (and their analyses) to ``count`` articles."""
    from sanctionwatch import pipeline
    from sanctionwatch.ingest.files import read_paths
    from sanctionwatch.settings import load_settings
    from sanctionwatch.store import open_store

    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    settings = load_settings({"db": f"sqlite:///{path}"}, environ={})
    store = open_store(settings)
    sources = [DATA / "corpus" / "articles.jsonl", SEED, *base_paths(distinct)]
    report = pipeline.ingest_documents(store, read_paths(sources, settings), settings)
    pipeline.analyze_stored(store, settings, report.new)
    for article_id in report.new:
        pipeline.brief_stored(store, article_id, settings)
    copies = replicate(store, settings, report.new, count - len(report.new))
    add_stories_and_matches(store, [*report.new, *copies])
    store.close()


def replicate(store: Any, settings: Any, originals: list[str], wanted: int) -> list[str]:
    from sanctionwatch import pipeline
    from sanctionwatch.model import RawDocument
    from sanctionwatch.store.analyses import load_analysis, save_analysis
    from sanctionwatch.store.articles import get_article

    made: list[str] = []
    for start in range(0, wanted, 500):
        documents = []
        for index in range(start, min(wanted, start + 500)):
            article = get_article(store, originals[index % len(originals)])
            assert article is not None
            year = 2015 + index % 11
            text = f"{article.text}\n\n(Copy {index} for the load benchmark.)"
            fields = {"title": f"{article.title} ({index})", "text": text, "source": article.source_domain or "",
                      "date": f"{year}-{1 + index % 12:02d}-{1 + index % 28:02d}", "id": article.id}
            documents.append(RawDocument(f"copy-{index}", text.encode(), "record", fields=fields))
        report = pipeline.ingest_documents(store, documents, settings)
        for new_id in report.new:
            original = get_article(store, new_id)
            analysis = load_analysis(store, original.meta["source_id"]) if original else None
            if analysis is not None:
                analysis.article_id = new_id
                save_analysis(store, analysis)
        made += report.new
    return made


def add_stories_and_matches(store: Any, ids: list[str]) -> None:
    """Stories of 5 articles and a match on every 20th article, written as the clustering and linking stages do."""
    import sqlalchemy as sa

    from sanctionwatch.store.schema import list_entries, list_versions, matches, stories, story_articles

    now = "2026-11-29T00:00:00+00:00"
    with store.transaction() as conn:
        version = conn.execute(sa.insert(list_versions).values(
            name="bench", format="ftm_json", origin="bench", content_hash="bench", loaded_at=now, entry_count=1,
            is_current=True)).inserted_primary_key[0]
        entity = {"id": "bench-1", "schema": "Organization", "properties": {"name": ["Korea Osong Shipping Co"]}}
        conn.execute(sa.insert(list_entries).values(list_version_id=version, entry_id="B1", schema="Organization",
                                                    caption="Korea Osong Shipping Co", entry={"entity": entity}))
        groups = [ids[i:i + 5] for i in range(0, len(ids), 5)]
        conn.execute(sa.insert(stories), [{"id": f"story{n:05d}", "title": f"Story {n}", "first_seen": "2015-01-01",
                                            "last_seen": f"{2015 + n % 11}-06-01", "article_count": len(g),
                                            "updated_at": now} for n, g in enumerate(groups)])
        conn.execute(sa.insert(story_articles), [{"article_id": a, "story_id": f"story{n:05d}", "score": 0.8,
                                                  "features": [], "assigned_at": now, "profile": {}}
                                                 for n, g in enumerate(groups) for a in g])
        conn.execute(sa.insert(matches), [{"article_id": a, "mention": "Korea Osong Shipping", "start": 0, "end": 5,
                                           "list_name": "bench", "list_version_id": version, "entry_id": "B1",
                                           "caption": "Korea Osong Shipping Co", "schema": "Organization",
                                           "score": 0.9, "features": [], "matched_name": "Korea Osong Shipping Co",
                                           "mention_key": "korea osong shipping"} for a in ids[::20]])


def request_mix(db: Path, count: int) -> list[str]:
    """The API paths the dashboard's users hit, with random ids, pages and words."""
    import sqlite3

    rng = random.Random(7)
    with sqlite3.connect(db) as conn:
        articles = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY random() LIMIT 500")]
        names = [row[0] for row in conn.execute("SELECT text FROM entities GROUP BY text ORDER BY count(*) DESC "
                                                "LIMIT 30")]
    paths = []
    for _ in range(2000):
        paths += [
            f"/api/v1/articles?limit=20&offset={rng.randrange(0, count - 20)}",
            f"/api/v1/articles?evasion=true&regime=UN_1718&limit=20&offset={rng.randrange(0, 200)}",
            f"/api/v1/articles/{rng.choice(articles)}",
            f"/api/v1/stories?limit=20&offset={rng.randrange(0, count // 5 - 20)}",
            f"/api/v1/stories/story{rng.randrange(count // 5):05d}",
            f"/api/v1/search?q={rng.choice(WORDS)}&limit=20",
            f"/api/v1/entity?name={rng.choice(names)}&limit=20",
            "/api/v1/overview",
        ]
    return paths


async def load(base: str, paths: list[str], clients: int, seconds: float) -> dict[str, float]:
    """``clients`` workers sending requests back to back; latency percentiles (ms) and requests/s."""
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def worker(client: httpx.AsyncClient, offset: int) -> None:
        nonlocal errors
        index = offset
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            index += clients
            try:
                response = await client.get(paths[index % len(paths)])
            except httpx.TransportError:  # a keep-alive connection closed under us: counted, not timed
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)
            by_kind.setdefault(kind_of(paths[index % len(paths)]), []).append(latencies[-1])
            errors += response.status_code != 200

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client, n) for n in range(clients)))
        elapsed = time.perf_counter() - started
    summary = {"rps": len(latencies) / elapsed, "requests": len(latencies), "errors": errors}
    for kind, found in [("all", latencies), *sorted(by_kind.items())]:
        found.sort()
        prefix = "" if kind == "all" else f"{kind} "
        summary[f"{prefix}p50_ms"] = 1000 * found[len(found) // 2]
        summary[f"{prefix}p99_ms"] = 1000 * found[int(len(found) * 0.99)]
    return summary


def kind_of(path: str) -> str:
    """The endpoint a path calls, e.g. "/articles?filters" or "/stories/{id}"."""
    route, _, query = path.removeprefix("/api/v1").partition("?")
    parts = route.strip("/").split("/")
    name = f"/{parts[0]}" + ("/{id}" if len(parts) > 1 else "")
    return name + ("?filters" if "regime=" in query else "")


def serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SANCTIONWATCH_DB": f"sqlite:///{db}", "SANCTIONWATCH_WEB_PORT": str(port)}
    process = subprocess.Popen([sys.executable, "-m", "sanctionwatch", "serve"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # the command imports every stage; a busy machine needs a while
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def phase(db: Path, paths: list[str], clients: int, seconds: float) -> dict[str, float]:
    process, base = serve(db)
    try:
        asyncio.run(load(base, paths[:200], clients, 3))  # warm-up
        return asyncio.run(load(base, paths, clients, seconds))
    finally:
        process.terminate()
        process.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    db = REPO / "out" / "bench" / f"api-{args.articles}.db"
    if args.rebuild or not db.exists():
        started = time.perf_counter()
        build_database(db, args.articles)
        print(f"built {db} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    mix = request_mix(db, args.articles)
    results: dict[str, list[dict[str, float]]] = {"api": [], "baseline": []}
    for run in range(args.runs):
        results["api"].append(phase(db, mix, args.clients, args.seconds))
        results["baseline"].append(phase(db, ["/api/v1/health"], args.clients, args.seconds))
        print(f"run {run + 1}: {json.dumps(results)}", file=sys.stderr)
    report(results, args)


def report(results: dict[str, list[dict[str, float]]], args: argparse.Namespace) -> None:
    median = {name: {key: statistics.median(r[key] for r in runs) for key in runs[0]} for name, runs in results.items()}
    print(f"| endpoints ({args.clients} clients, {args.seconds:.0f} s, median of {args.runs}) | p50 ms | p99 ms | "
          "requests/s | errors |\n|---|---|---|---|---|")
    for name, label in (("api", "API mix (lists, filters, details, search, entity, overview)"),
                        ("baseline", "baseline: /api/v1/health")):
        m = median[name]
        print(f"| {label} | {m['p50_ms']:.1f} | {m['p99_ms']:.1f} | {m['rps']:.0f} | {m['errors']:.0f} |")
    api, base = median["api"], median["baseline"]
    kinds = sorted({k.removesuffix(" p50_ms") for k in api if k.endswith(" p50_ms")})
    print("\n| endpoint (in the mix) | p50 ms | p99 ms |\n|---|---|---|")
    for kind in kinds:
        print(f"| `{kind}` | {api[kind + ' p50_ms']:.1f} | {api[kind + ' p99_ms']:.1f} |")
    print(f"\nratios API mix / baseline: p50 {api['p50_ms'] / base['p50_ms']:.2f}, "
          f"p99 {api['p99_ms'] / base['p99_ms']:.2f}, requests/s {api['rps'] / base['rps']:.2f}")


if __name__ == "__main__":
    main()
