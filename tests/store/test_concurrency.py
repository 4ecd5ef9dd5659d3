"""Concurrent writers on one database (SQLite file or PostgreSQL): nothing duplicated, nothing lost."""

import functools
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from sanctionwatch.extract import content_hash
from sanctionwatch.model import Analysis, Article, Entity
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.analyses import load_analysis, save_analysis
from sanctionwatch.store.articles import count_articles, list_articles, save_article
from sanctionwatch.store.counts import article_mentions
from sanctionwatch.store.queries import get_overview, list_entity_counts

BBC_FILES = 120


def ingest_process(settings: Settings, paths: list[Path]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "sanctionwatch", "--db", settings.db, "ingest", "--no-analyze", "--json",
               *map(str, paths)]
    environ = {**os.environ, "SANCTIONWATCH_LOG_LEVEL": "ERROR"}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ)


def test_two_ingest_processes_store_each_text_once(shared_dir: Path, settings: Settings, store: Store) -> None:
    bbc = sorted((shared_dir / "data" / "bbc_news_summary" / "articles" / "business").glob("*.txt"))[:BBC_FILES]
    paths = [shared_dir / "data" / "corpus" / "articles.jsonl", *bbc]
    runs = [ingest_process(settings, paths) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _out, err in outputs]
    reports = [json.loads(out) for out, _err in outputs]
    stored = list_articles(store)
    assert len({a.content_hash for a in stored}) == len(stored) == count_articles(store)
    assert sum(r["new"] for r in reports) == len(stored)
    assert all(r["new"] + r["duplicates"] == len(stored) for r in reports)
    assert len(stored) >= BBC_FILES


def run_together(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released at the same moment; re-raise the first error."""
    start = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = calls[index]()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def test_saving_one_text_from_many_threads_keeps_one_row(store: Store, settings: Settings) -> None:
    text = "Two ship-to-ship transfers of refined petroleum off Nampo were reported."
    digest = content_hash(text)
    writers = [open_store(settings) for _ in range(8)]
    calls = [functools.partial(save_article, writer, Article(
        id=digest[:16], title="STS", text=text, content_hash=digest, source_domain="example.org",
        ingested_at="2026-11-29T00:00:00+00:00")) for writer in writers]
    results = run_together(calls)
    for writer in writers:
        writer.close()
    assert sorted(new for _article, new in results) == [False] * 7 + [True]  # type: ignore[misc]
    assert count_articles(store) == 1


def test_concurrent_analyses_of_one_article_leave_one(store: Store, settings: Settings) -> None:
    text = "Pyongyang sent about 4,000 workers to Russia in 2024."
    article_id = content_hash(text)[:16]
    save_article(store, Article(id=article_id, title="W", text=text, content_hash=content_hash(text),
                                ingested_at="2026-11-29T00:00:00+00:00"))
    writers = [open_store(settings) for _ in range(6)]
    entity = Entity(text="Pyongyang", label="GPE", start=0, end=9, country="KP")
    run_together([functools.partial(save_analysis, writer, Analysis(
        article_id=article_id, analyzer_version=str(number), entities=[entity]))
        for number, writer in enumerate(writers)])
    for writer in writers:
        writer.close()
    stored = load_analysis(store, article_id)
    assert stored is not None and stored.analyzer_version in {str(n) for n in range(6)}
    with store.transaction() as conn:
        kept = article_mentions(conn, article_id)
    assert list(kept.values()) == [1]
    assert [(n.name, n.count) for n in list_entity_counts(store).items] == [("Pyongyang", 1)]


def test_concurrent_analyses_keep_the_counts_exact(store: Store, settings: Settings) -> None:
    """Six writers analyse twelve articles (each twice) that share names and facets: the counts kept
    on write end as if one writer had done it all."""
    ids = []
    for number in range(12):
        text = f"Pyongyang and Moscow signed deal {number}."
        ids.append(content_hash(text)[:16])
        save_article(store, Article(id=ids[-1], title="D", text=text, content_hash=content_hash(text),
                                    ingested_at="2026-11-29T00:00:00+00:00"))
    writers = [open_store(settings) for _ in range(6)]
    names = [Entity(text="Pyongyang", label="GPE", start=0, end=9, country="KP"),
             Entity(text="Moscow", label="GPE", start=14, end=20, country="RU")]
    calls = [functools.partial(save_analysis, writers[number % 6], Analysis(
        article_id=ids[number % 12], analyzer_version=str(number), countries=["KP", "RU"][: 1 + number % 2],
        entities=names[: 1 + number % 2])) for number in range(24)]
    run_together(calls)
    for writer in writers:
        writer.close()
    final = [load_analysis(store, article_id) for article_id in ids]
    want = {"Pyongyang": 12, "Moscow": sum(len(a.entities) == 2 for a in final if a)}
    assert {n.name: n.count for n in list_entity_counts(store).items} == {k: v for k, v in want.items() if v}
    overview = get_overview(store)
    assert overview.counts["analysed"] == 12
    assert {f.value: f.count for f in overview.by_country} == {k: v for k, v in
                                                                {"KP": 12, "RU": want["Moscow"]}.items() if v}
