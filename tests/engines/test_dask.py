"""The Dask engine matches the single-process engine article for article, and reports failed parts."""

import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import LocalCluster

from sanctionwatch.engines import run_batch
from sanctionwatch.ingest.archive import plan_parts
from sanctionwatch.model import to_dict
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.analyses import load_analysis
from sanctionwatch.store.articles import list_articles


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """Two single-threaded worker processes on this machine, shared by the tests here."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def snapshot(store: Store) -> dict[str, tuple[dict[str, Any], Any]]:
    found = {}
    for article in list_articles(store):
        fields = {k: v for k, v in dataclasses.asdict(article).items() if k != "ingested_at"}
        analysis = load_analysis(store, article.id)
        found[article.id] = (fields, to_dict(analysis) if analysis else None)
    return found


def test_dask_run_matches_the_local_run(scheduler: str, archives: Any, store: Store, settings: Settings,
                                        tmp_path: Path) -> None:
    plan = plan_parts([archives.warc, archives.jsonl], 5)
    on_dask = run_batch("dask", store, plan.parts, settings, scheduler=scheduler)
    local = open_store(dataclasses.replace(settings, db=f"sqlite:///{tmp_path / 'local.db'}"))
    in_process = run_batch("local", local, plan_parts([archives.warc, archives.jsonl], 1).parts, settings)
    assert on_dask.new == in_process.new and len(on_dask.new) == archives.documents
    assert [p.origin for p in on_dask.problems] == [p.origin for p in in_process.problems]
    assert on_dask.parts == len(plan.parts) and not on_dask.failed
    assert snapshot(store) == snapshot(local)
    local.close()


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
