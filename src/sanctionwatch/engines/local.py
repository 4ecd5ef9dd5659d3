"""The local engine: every part in this process, one after another (the reference the Dask engine must match)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

from sanctionwatch.engines.work import (
    RETRIES,
    BatchReport,
    ListSnapshot,
    PartResult,
    process_part,
    record_failure,
    store_part,
)
from sanctionwatch.ingest.archive import ArchivePart
from sanctionwatch.link import ScreeningIndex, build_index
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store


def run_local(
    store: Store,
    parts: Sequence[ArchivePart],
    settings: Settings,
    lists: ListSnapshot | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Process and store each part in order; a part that fails every try is reported and the rest go on.

    The screening index of ``lists`` is built once, before the first part (none: linking is skipped).
    """
    report = BatchReport()
    started = time.perf_counter()
    index = build_index(lists.entries, lists.version_ids) if lists is not None else None
    for part in parts:
        outcome = _attempt(part, settings, mapping, index)
        if isinstance(outcome, PartResult):
            store_part(store, outcome, report)
        else:
            record_failure(report, part, outcome)
        if progress:
            progress(1)
    report.seconds = time.perf_counter() - started
    return report


def _attempt(part: ArchivePart, settings: Settings, mapping: Mapping[str, str] | None,
             index: ScreeningIndex | None) -> PartResult | Exception:
    error: Exception = RuntimeError("no attempt made")
    for _ in range(1 + RETRIES):
        try:
            return process_part(part, settings, mapping, index)
        except Exception as failure:  # a part's failure is reported with the others, never fatal to the run
            error = failure
    return error
