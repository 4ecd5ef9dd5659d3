"""The store at scale: size on disk and the dashboard's query latency, SQLite and PostgreSQL.

    .venv/bin/python bench/bench_store_scale.py [--articles 100000] [--base 400] [--backends sqlite,postgresql]
        [--briefs]

Real texts: the corpus (``corpus/articles.jsonl``) and BBC News Summary articles, analysed once by the
real analyzer. They are replicated to the target count, each copy made distinct (a suffix line after the
text, so every analysis offset stays valid; another publication date and source domain). The first
``--small`` copies are stored one by one with ``save_article`` and ``save_analysis``, as ingest does
(the write rate); the rest in transactions of 500 (the same article rows; the analyses through
``write_analyses``, which ``save_analysis`` calls for one).
Reported per back-end: write rate, size on disk (and its ratio to the raw title + text characters), and
the median latency of the dashboard's main queries (``store/queries.py``, ``store/search.py``) at a
small size (``--small``) and at the target size, with their ratio, and the largest parts of the
database (PostgreSQL: tables with their indexes and TOAST; SQLite: each table and index, from
``dbstat``). With ``--briefs``, one article brief per article is then added (the real brief of the
copied article, as ``brief_stored`` writes it) and the size taken again. PostgreSQL is a throwaway
cluster (Debian's server, ``store/pgcluster.py``, fsync off).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from sanctionwatch.analyze import analyze_article
from sanctionwatch.brief import write_article_brief
from sanctionwatch.brief.render import render_text
from sanctionwatch.extract import content_hash, extract_article
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.model import Analysis, Article, RawDocument
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, open_store, queries
from sanctionwatch.store.analyses import brief_row, save_analysis, write_analyses
from sanctionwatch.store.articles import _article_row, _ensure_source, save_article
from sanctionwatch.store.pgcluster import create_database, throwaway_cluster
from sanctionwatch.store.schema import articles, briefs
from sanctionwatch.store.views import ArticleFilters

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
RUNS = 5
BULK = 500


def base_pairs(count: int) -> list[tuple[Article, Analysis]]:
    """Real articles with their real analyses (the corpus first, then BBC articles)."""
    settings = Settings()
    paths = [DATA / "corpus" / "articles.jsonl", *sorted((DATA / "bbc_news_summary" / "articles").rglob("*.txt"))]
    pairs = []
    for item in read_paths(paths[: count + 1], settings):
        if isinstance(item, RawDocument) and len(pairs) < count:
            article = extract_article(item, settings)
            pairs.append((article, analyze_article(article, settings)))
    return pairs


def copies(pairs: list[tuple[Article, Analysis]], start: int, stop: int) -> Iterator[tuple[Article, Analysis]]:
    """Distinct copies ``start..stop`` of the real pairs."""
    day0 = dt.date(2024, 1, 1)
    for number in range(start, stop):
        article, analysis = pairs[number % len(pairs)]
        text = f"{article.text}\n\n[copy {number}]"
        digest = content_hash(text)
        published = (day0 + dt.timedelta(days=number % 730)).isoformat()
        domain = f"{article.source_domain or 'news.example'}".replace(".", f"{number % 97}.", 1)
        copy = dataclasses.replace(article, id=digest[:16], text=text, content_hash=digest, published=published,
                                   source_domain=domain, canonical_url=None, url=None, meta={})
        yield copy, dataclasses.replace(analysis, article_id=copy.id)


def fill(store: Store, pairs: list[tuple[Article, Analysis]], start: int, stop: int) -> float:
    """Store copies start..stop one by one with save_article and save_analysis; the seconds it took."""
    began = time.perf_counter()
    for article, analysis in copies(pairs, start, stop):
        save_article(store, article)
        save_analysis(store, analysis)
    return time.perf_counter() - began


def fill_bulk(store: Store, pairs: list[tuple[Article, Analysis]], start: int, stop: int) -> None:
    """The same rows as ``fill`` writes (the store's own row builder and analysis writer), BULK copies per
    transaction."""
    for first in range(start, stop, BULK):
        batch = list(copies(pairs, first, min(stop, first + BULK)))
        with store.transaction() as conn:
            for article, _analysis in batch:
                _ensure_source(conn, article)
            conn.execute(sa.insert(articles), [_article_row(article) for article, _ in batch])
            write_analyses(conn, [analysis for _, analysis in batch])


def fill_briefs(store: Store, pairs: list[tuple[Article, Analysis]], stop: int) -> None:
    """One article brief per copy 0..stop, as ``brief_stored`` writes it: the real brief of the copied article."""
    made = [write_article_brief(article, analysis) for article, analysis in pairs]
    written = [(brief, render_text(brief)) for brief in made]
    for first in range(0, stop, BULK):
        batch = list(copies(pairs, first, min(stop, first + BULK)))
        rows = [brief_row(dataclasses.replace(written[number % len(pairs)][0], subject=f"article:{article.id}"),
                          written[number % len(pairs)][1]) for number, (article, _) in enumerate(batch, first)]
        with store.transaction() as conn:
            conn.execute(sa.insert(briefs), rows)


def dashboard_queries(store: Store) -> dict[str, Callable[[], Any]]:
    some_id = queries.list_article_summaries(store, ArticleFilters(), 1).items[0].id
    top_name = queries.list_entity_counts(store, limit=1).items[0].name
    return {
        "overview (counts, facets, latest)": lambda: queries.get_overview(store),
        "articles page 1": lambda: queries.list_article_summaries(store, ArticleFilters(), 20),
        "articles page 50": lambda: queries.list_article_summaries(store, ArticleFilters(), 20, 980),
        "articles: evasion + country KP": lambda: queries.list_article_summaries(
            store, ArticleFilters(evasion=True, country="KP"), 20),
        "article page": lambda: queries.get_article_detail(store, some_id),
        "entities (top names)": lambda: queries.list_entity_counts(store),
        "entity page (most mentioned name)": lambda: queries.get_entity_detail(store, top_name, top_name.lower()),
        "search 'ship-to-ship transfer'": lambda: queries.search_page(store, "ship-to-ship transfer"),
        "search '\"North Korea\" workers'": lambda: queries.search_page(store, '"North Korea" workers'),
    }


def latencies(store: Store) -> dict[str, float]:
    """Median milliseconds of each query after one warm-up run."""
    found = {}
    for name, run in dashboard_queries(store).items():
        run()
        times = []
        for _ in range(RUNS):
            began = time.perf_counter()
            run()
            times.append(time.perf_counter() - began)
        found[name] = statistics.median(times) * 1000
    return found


def size_bytes(store: Store) -> int:
    with store.transaction() as conn:
        if store.dialect == "postgresql":
            conn.execute(sa.text("CHECKPOINT"))
            return int(conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one())
        conn.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        path = Path(str(sa.engine.make_url(store.url).database))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def table_sizes(store: Store) -> dict[str, int]:
    """Bytes per table with its indexes (PostgreSQL, TOAST too) or per table and index (SQLite's dbstat)."""
    if store.dialect == "postgresql":
        sql = ("SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relkind = 'r' "
               "AND relnamespace = 'public'::regnamespace ORDER BY 2 DESC LIMIT 8")
    else:
        sql = "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 10"
    with store.transaction() as conn:
        return {str(name): int(size) for name, size in conn.execute(sa.text(sql))}


def raw_chars(store: Store) -> int:
    with store.transaction() as conn:
        return int(conn.execute(sa.text("SELECT sum(length(title) + length(text)) FROM articles")).scalar_one() or 0)


def measure(url: str, pairs: list[tuple[Article, Analysis]], small: int, target: int,
            with_briefs: bool) -> dict[str, Any]:
    store = open_store(Settings(db=url))
    seconds = fill(store, pairs, 0, small)
    at_small = latencies(store)
    fill_bulk(store, pairs, small, target)
    result = {"write_per_s": small / seconds, "size": size_bytes(store), "raw": raw_chars(store),
              "small": at_small, "target": latencies(store), "tables": table_sizes(store)}
    if with_briefs:
        fill_briefs(store, pairs, target)
        result["with_briefs"] = size_bytes(store)
    store.close()
    return result


def report(name: str, result: dict[str, Any], small: int, target: int) -> None:
    size_gb = result["size"] / 1e9
    print(f"\n### {name}: {target:,} articles\n")
    print(f"- write rate, one by one (save_article + save_analysis, first {small:,}): "
          f"{result['write_per_s']:.0f} articles/s")
    print(f"- size on disk: {size_gb:.3f} GB ({size_gb * 100_000 / target:.3f} GB per 100k); raw title + text "
          f"{result['raw'] / 1e9:.2f} GB; ratio {result['size'] / max(1, result['raw']):.2f}\n")
    if "with_briefs" in result:
        print(f"- size with one article brief per article: {result['with_briefs'] / 1e9:.2f} GB "
              f"(+{(result['with_briefs'] - result['size']) / target:.0f} bytes per brief)\n")
    if result["tables"]:  # PostgreSQL: tables with their indexes and TOAST; SQLite: tables and indexes
        print("- largest parts: " + ", ".join(
            f"{name} {size / 1e6:.0f} MB" for name, size in result["tables"].items()) + "\n")
    print(f"| query | ms at {small:,} | ms at {target:,} | ratio |")
    print("|---|---|---|---|")
    for query, ms in result["target"].items():
        base = result["small"][query]
        print(f"| {query} | {base:.1f} | {ms:.1f} | {ms / max(base, 0.01):.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--base", type=int, default=400)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--briefs", action="store_true", help="then add one article brief per article, size again")
    args = parser.parse_args()
    pairs = base_pairs(args.base)
    print(f"{len(pairs)} real articles analysed, replicated to {args.articles:,}")
    with tempfile.TemporaryDirectory() as folder:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                result = measure(f"sqlite:///{folder}/scale.db", pairs, args.small, args.articles, args.briefs)
            else:
                with throwaway_cluster(Path(tempfile.mkdtemp(prefix="sanctionwatch-pg-"))) as cluster:
                    result = measure(create_database(cluster, "scale"), pairs, args.small, args.articles,
                                     args.briefs)
            report(backend, result, args.small, args.articles)


if __name__ == "__main__":
    main()
