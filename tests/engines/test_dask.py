"""The Dask engine stores what the single-process pipeline stores, article for article, and reports failed parts."""

import dataclasses
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import pytest
from distributed import Client, LocalCluster

from sanctionwatch import pipeline
from sanctionwatch.engines import run_batch
from sanctionwatch.engines import work as worker_state
from sanctionwatch.engines.work import read_lists
from sanctionwatch.ingest.archive import plan_parts, read_part
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, open_store


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """Two single-threaded worker processes on this machine, shared by the tests here."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def cached_indexes() -> dict[str, int]:
    """In a worker: the lists key of each screening index it holds, with the index's identity."""
    return {key: id(index) for key, index in worker_state._indexes.items()}


cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import this module: send by value


@pytest.mark.backends("sqlite", "postgresql")  # the reference store is SQLite either way
def test_dask_run_matches_the_single_process_pipeline(scheduler: str, archives: Any, store: Store,
                                                      settings: Settings, tmp_path: Path,
                                                      snapshot: Callable[..., Any],
                                                      load_lists: Callable[[Store], None]) -> None:
    reference = open_store(dataclasses.replace(settings, db=f"sqlite:///{tmp_path / 'pipeline.db'}"))
    for target in (store, reference):
        load_lists(target)
    inputs = [archives.warc, archives.jsonl]
    parts = plan_parts(inputs, 5).parts  # never across files: more than one part of each archive
    on_dask = run_batch("dask", store, parts, settings, scheduler=scheduler)
    documents = (item for part in plan_parts(inputs, 1).parts for item in read_part(part, settings))
    processed = pipeline.process(reference, documents, settings)
    assert on_dask.new == processed.ingest.new and len(on_dask.new) == archives.documents
    assert [p.origin for p in on_dask.problems] == [p.origin for p in processed.ingest.problems]
    assert on_dask.parts == len(parts) > 2 and not on_dask.failed and on_dask.matches == processed.stages.matches >= 2
    assert snapshot(store) == snapshot(reference)
    reference.close()


def test_each_worker_builds_the_index_once(scheduler: str, archives: Any, store: Store, settings: Settings,
                                           load_lists: Callable[[Store], None]) -> None:
    load_lists(store)
    lists = read_lists(store)
    assert lists is not None
    parts = plan_parts([archives.warc, archives.jsonl], 8).parts
    run_batch("dask", store, parts[:4], settings, scheduler=scheduler, stories=False)
    with Client(scheduler) as client:
        first = client.run(cached_indexes)
        run_batch("dask", store, parts[4:], settings, scheduler=scheduler, stories=False)
        again = client.run(cached_indexes)
    held = {worker: indexes for worker, indexes in first.items() if indexes}
    assert held and all(list(indexes) == [lists.key] for indexes in held.values())
    assert all(again[worker] == indexes for worker, indexes in held.items())  # the same index object: not rebuilt


def test_a_part_that_keeps_failing_is_reported_and_the_rest_stored(scheduler: str, archives: Any, store: Store,
                                                                   settings: Settings, tmp_path: Path) -> None:
    doomed = tmp_path / "doomed.jsonl.gz"
    doomed.write_bytes(archives.jsonl.read_bytes())
    parts = plan_parts([archives.jsonl, doomed], 4).parts
    doomed.unlink()
    report = run_batch("dask", store, parts, settings, scheduler=scheduler)
    assert report.failed and {p.origin for p in report.failed} == {p.label for p in parts if p.path == str(doomed)}
    assert all("FileNotFoundError" in p.reason for p in report.failed)
    assert len(report.new) == 6 and report.parts == len(parts)
