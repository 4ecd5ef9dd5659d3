"""The local engine: the pipeline's results, from archives read in parts; failures reported, never dropped."""

import dataclasses
from pathlib import Path
from typing import Any

from sanctionwatch import pipeline
from sanctionwatch.engines import run_batch
from sanctionwatch.ingest.archive import plan_parts
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.model import to_dict
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.analyses import load_analysis
from sanctionwatch.store.articles import list_articles

VOLATILE = ("ingested_at",)  # the moment of storing differs from run to run; everything else must not


def snapshot(store: Store) -> dict[str, tuple[dict[str, Any], Any]]:
    """Every stored article (less its storing time) with its analysis."""
    found = {}
    for article in list_articles(store):
        fields = {k: v for k, v in dataclasses.asdict(article).items() if k not in VOLATILE}
        analysis = load_analysis(store, article.id)
        found[article.id] = (fields, to_dict(analysis) if analysis else None)
    return found


def test_local_batch_stores_what_the_pipeline_stores(archives: Any, store: Store, settings: Settings,
                                                     tmp_path: Path) -> None:
    report = run_batch("local", store, plan_parts([archives.jsonl], 3).parts, settings)
    reference = open_store(dataclasses.replace(settings, db=f"sqlite:///{tmp_path / 'pipeline.db'}"))
    ingested = pipeline.ingest_documents(reference, read_paths([archives.jsonl], settings), settings)
    pipeline.analyze_stored(reference, settings)
    assert sorted(report.new) == sorted(ingested.new) and report.analysed == len(report.new) > 0
    assert [p.origin for p in report.problems] == [p.origin for p in ingested.problems]
    assert snapshot(store) == snapshot(reference)
    reference.close()


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
    assert not again.new and len(again.duplicates) == 5 and again.analysed == 0 and not again.failed
