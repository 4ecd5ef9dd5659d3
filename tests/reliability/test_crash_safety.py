"""Crash safety: the real ``sanctionwatch ingest`` killed with SIGKILL at random points, again and again.

Real BBC articles arrive in a folder a few at a time (so that every run has work to do) and the CLI
ingests (and analyses) the folder in a subprocess, which is killed at a random moment: a third of the
kills at a random time, the others when the store shows the run part-way through storing articles or
their analyses. After the kills the command runs to its end. Then: every file is one stored article
(none lost, none stored twice), every article has a current analysis, its brief and its story, every
story its brief, each packed analysis reads back and agrees with the entity rows written with it
(no such row belongs to no analysis), the counts kept on write agree with what they count, and
SQLite's integrity and foreign-key checks are clean.
"""

from __future__ import annotations

import collections
import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sanctionwatch.analyze import ANALYZER_VERSION
from sanctionwatch.errors import InputError
from sanctionwatch.extract import extract_article
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.model import RawDocument
from sanctionwatch.settings import load_settings
from sanctionwatch.store.counts import facet_values, name_counts
from sanctionwatch.store.packing import unpack_analysis

CATEGORIES = ("business", "politics", "tech", "entertainment")
PER_CATEGORY = 20  # 80 articles in all (400 in the long run)
FIRST = 20  # in the folder at the start; the rest arrive a few before each run
KILLS = 10
RUN_LIMIT_S = 25.0  # a run not killed by then is killed anyway
MOMENTS = ("storing articles", "storing analyses", "clock")  # the kills go round these, at random points


@pytest.fixture
def articles(shared_dir: Path, scale: int) -> list[Path]:
    """Real BBC articles, taken in turn from each category (five times as many in the long run)."""
    folder = shared_dir / "data/bbc_news_summary/articles"
    lists = [sorted((folder / category).glob("*.txt"))[:PER_CATEGORY * min(scale, 5)] for category in CATEGORIES]
    return [path for group in zip(*lists, strict=True) for path in group]


def arrive(paths: list[Path], folder: Path) -> None:
    """Copy files into the incoming folder, as a feed or a colleague would drop them there."""
    for path in paths:
        shutil.copy(path, folder / f"{path.parent.name}-{path.name}")


def expected_ids(folder: Path) -> set[str]:
    """The article ids the folder's files make (equal texts make one article)."""
    settings = load_settings(environ={})
    ids = set()
    for item in read_paths([folder], settings):
        assert isinstance(item, RawDocument)
        try:
            ids.add(extract_article(item, settings).id)
        except InputError:
            continue
    return ids


def start_ingest(folder: Path, database: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "SANCTIONWATCH_DB": f"sqlite:///{database}", "SANCTIONWATCH_LOG_LEVEL": "ERROR"}
    return subprocess.Popen([sys.executable, "-m", "sanctionwatch", "ingest", str(folder), "--json"],
                            cwd=folder.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def counts(database: Path) -> tuple[int, int]:
    """Articles and analyses stored so far, read as any other process would (0, 0 before the schema exists)."""
    try:
        with contextlib.closing(sqlite3.connect(database, timeout=10)) as conn:
            return (conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                    conn.execute("SELECT count(*) FROM analyses").fetchone()[0])
    except sqlite3.OperationalError:
        return 0, 0


def kill_at_random(folder: Path, database: Path, rng: random.Random, moment: str, arrived: int) -> str:
    """Start a run and SIGKILL it at a random point of ``moment`` (one of MOMENTS), after 1 to ``arrived``
    rows; say where it was killed, or ``finished`` when it ended first."""
    before = counts(database)
    process = start_ingest(folder, database)
    deadline = time.monotonic() + (rng.uniform(0.3, 8.0) if moment == "clock" else RUN_LIMIT_S)
    table, wanted = MOMENTS.index(moment) if moment != "clock" else -1, rng.randint(1, max(1, arrived))
    while time.monotonic() < deadline and process.poll() is None:
        if table >= 0 and counts(database)[table] >= before[table] + wanted:
            time.sleep(rng.uniform(0.0, 0.2))
            break
        time.sleep(0.05)
    if process.poll() is not None:
        process.communicate()
        return "finished"
    process.send_signal(signal.SIGKILL)
    process.communicate()
    return moment


def check_store(database: Path, expected: set[str]) -> None:
    with contextlib.closing(sqlite3.connect(database)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = [row[0] for row in conn.execute("SELECT id FROM articles")]
        assert sorted(stored) == sorted(expected)  # none lost, none twice
        versions = dict(conn.execute("SELECT article_id, analyzer_version FROM analyses").fetchall())
        assert versions == dict.fromkeys(expected, ANALYZER_VERSION)
        briefs = {row[0] for row in conn.execute("SELECT subject FROM briefs")}
        assert {b for b in briefs if b.startswith("article:")} == {f"article:{article_id}" for article_id in expected}
        assigned = [row[0] for row in conn.execute("SELECT article_id FROM story_articles")]
        assert sorted(assigned) == sorted(expected)  # each article in one story
        stories = {row[0] for row in conn.execute("SELECT id FROM stories WHERE merged_into IS NULL")}
        assert {f"story:{story}" for story in stories} <= briefs  # each story with its brief
        check_analyses_and_counts(conn)


def check_analyses_and_counts(conn: sqlite3.Connection) -> None:
    """Each analysis unpacks and its entity rows say the same; the kept counts equal a recount."""
    facets: collections.Counter[tuple[str, str]] = collections.Counter()
    query = "SELECT a.article_id, a.packed, t.text FROM analyses a JOIN articles t ON t.id = a.article_id"
    for article_id, packed, text in conn.execute(query).fetchall():
        analysis = unpack_analysis(packed, article_id, text)
        assert mention_rows(conn, article_id) == name_counts(analysis)
        facets.update(facet_values(analysis))
    orphans = "SELECT count(*) FROM entity_mentions WHERE article_id NOT IN (SELECT article_id FROM analyses)"
    assert conn.execute(orphans).fetchone()[0] == 0
    recount = ("SELECT n.id, n.mentions, coalesce(sum(m.mentions), 0) FROM entity_names n "
               "LEFT JOIN entity_mentions m ON m.name_id = n.id GROUP BY n.id")
    assert all(kept == counted for _id, kept, counted in conn.execute(recount).fetchall())
    kept = {(f, v): n for f, v, n in conn.execute("SELECT facet, value, articles FROM facet_counts") if n}
    assert kept == dict(facets)


def mention_rows(conn: sqlite3.Connection, article_id: str) -> dict[tuple[str, str], int]:
    """How often the entity rows say each name (text, label) is mentioned in one article."""
    query = ("SELECT n.text, n.label, m.mentions FROM entity_mentions m JOIN entity_names n ON n.id = m.name_id "
             "WHERE m.article_id = ?")
    return {(text, label): count for text, label, count in conn.execute(query, (article_id,)).fetchall()}


def test_killed_ingest_resumes_without_loss_duplicates_or_half_writes(
        articles: list[Path], tmp_path: Path, scale: int, figures: dict[str, object],
        tally: collections.Counter[str]) -> None:
    database, corpus = tmp_path / "store.db", tmp_path / "incoming"
    corpus.mkdir()
    seed = int(os.environ.get("SANCTIONWATCH_CRASH_SEED", time.time_ns() % 2**32))
    rng = random.Random(seed)
    kills, step = [], max(1, (len(articles) - FIRST) // (KILLS * scale))
    arrive(articles[:FIRST], corpus)
    for number in range(KILLS * scale):
        arrive(articles[FIRST + number * step:FIRST + (number + 1) * step], corpus)
        kills.append(kill_at_random(corpus, database, rng, MOMENTS[number % len(MOMENTS)], step))
    arrive(articles, corpus)
    final = start_ingest(corpus, database)
    _, err = final.communicate(timeout=900)
    assert final.returncode == 0, err[-3000:]
    figures["crash safety: runs killed"] = f"{len(kills) - kills.count('finished')} of {len(kills)} (seed {seed})"
    tally["crash safety: SIGKILLs during 'ingest'"] += len(kills) - kills.count("finished")
    figures["crash safety: kill points"] = ", ".join(f"{k} {kills.count(k)}" for k in sorted(set(kills)))
    check_store(database, expected_ids(corpus))
