"""The local engine: the pipeline's results, from archives read in parts; failures reported, never dropped."""

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sanctionwatch import pipeline
from sanctionwatch.engines import run_batch
from sanctionwatch.ingest.archive import plan_parts
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.lists import judge_match, load_matches
from sanctionwatch.store.stories import list_stories


@pytest.mark.backends("sqlite", "postgresql")  # the reference store is SQLite either way
def test_local_batch_stores_what_the_pipeline_stores(archives: Any, store: Store, settings: Settings, tmp_path: Path,
                                                     snapshot: Callable[..., Any],
                                                     load_lists: Callable[[Store], None]) -> None:
    reference = open_store(dataclasses.replace(settings, db=f"sqlite:///{tmp_path / 'pipeline.db'}"))
    for target in (store, reference):
        load_lists(target)
    report = run_batch("local", store, plan_parts([archives.jsonl], 3).parts, settings)
    processed = pipeline.process(reference, read_paths([archives.jsonl], settings), settings)
    assert sorted(report.new) == sorted(processed.ingest.new) and len(report.analysed) == len(report.new) > 0
    assert [p.origin for p in report.problems] == [p.origin for p in processed.ingest.problems]
    assert report.matches == processed.stages.matches >= 2 and report.stories == len(list_stories(store, None))
    assert snapshot(store) == snapshot(reference)
    reference.close()


def test_without_lists_or_stories_the_batch_stores_articles_and_analyses(archives: Any, store: Store,
                                                                         settings: Settings,
                                                                         snapshot: Callable[..., Any]) -> None:
    report = run_batch("local", store, plan_parts([archives.jsonl], 2).parts, settings, stories=False)
    assert report.matches == 0 and report.stories == 0 and len(report.analysed) == len(report.new) == 6
    stored = snapshot(store)
    assert not stored["stories"] and all(not matches and not briefed
                                         for _f, _a, matches, briefed in stored["articles"].values())


def test_a_pair_an_analyst_rejected_is_not_stored(archives: Any, store: Store, settings: Settings, tmp_path: Path,
                                                  load_lists: Callable[[Store], None]) -> None:
    first = open_store(dataclasses.replace(settings, db=f"sqlite:///{tmp_path / 'first.db'}"))
    for target in (first, store):
        load_lists(target)
    found = run_batch("local", first, plan_parts([archives.jsonl], 2).parts, settings, stories=False)
    matches = [match for article_id in found.analysed for match in load_matches(first, article_id)]
    rejected = matches[0]
    judge_match(store, rejected.mention_key, rejected.entry_id, "rejected")
    report = run_batch("local", store, plan_parts([archives.jsonl], 2).parts, settings, stories=False)
    kept = [(m.mention_key, m.entry_id) for article_id in report.analysed for m in load_matches(store, article_id)]
    assert report.matches == len(kept) == len(matches) - 1 and (rejected.mention_key, rejected.entry_id) not in kept
    first.close()


def test_rerun_adds_nothing_and_a_failed_part_is_reported(archives: Any, store: Store, settings: Settings,
                                                          tmp_path: Path) -> None:
    moved = tmp_path / "moved.warc.gz"
    moved.write_bytes(archives.warc.read_bytes())
    parts = plan_parts([archives.warc, moved], 4).parts
    moved.unlink()  # the archive goes away after planning: its parts fail on every try
    first = run_batch("local", store, parts, settings)
    assert first.failed and all(str(moved) in p.origin and "FileNotFoundError" in p.reason for p in first.failed)
    assert first.parts == len(parts) and len(first.new) == 5
    again = run_batch("local", store, [p for p in parts if p.path != str(moved)], settings)
    assert not again.new and len(again.duplicates) == 5 and not again.analysed and not again.failed
