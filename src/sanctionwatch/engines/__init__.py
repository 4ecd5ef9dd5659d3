"""Batch engines: the pipeline's stage functions over parts of archives, in one process or on Dask.

    read_lists (client)  ->  process_part (worker: read, extract, analyze, link)  ->  store_part (client: save)
                         ->  finish_batch (client, engines/stories.py: cluster, brief, alert)

``local`` runs the parts one after another in this process; ``dask`` sends them to Dask distributed
workers (a LocalCluster, or the workers of a scheduler given by address). Only the client process
writes to the store, in plan order, so both engines store the same articles, analyses and matches.
Clustering is sequential (each article meets the stories before it), so it stays in the client.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

from sanctionwatch.engines.local import run_local
from sanctionwatch.engines.work import BatchReport, read_lists
from sanctionwatch.errors import ConfigError
from sanctionwatch.ingest.archive import ArchivePart
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store

ENGINES = ("local", "dask")


def run_batch(
    engine: str,
    store: Store,
    parts: Sequence[ArchivePart],
    settings: Settings,
    scheduler: str | None = None,
    workers: int | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    stories: bool = True,
) -> BatchReport:
    """Run the parts on the named engine (``scheduler`` and ``workers`` apply to Dask only), then, with
    ``stories``, the client's stages after linking, so the store ends as ``sanctionwatch ingest`` leaves it."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    if engine == "local" and scheduler:
        raise ConfigError("a scheduler address needs --engine dask")
    lists = read_lists(store)
    if engine == "local":
        report = run_local(store, parts, settings, lists, mapping, progress)
    else:
        from sanctionwatch.engines.dask import run_dask  # imports distributed: only when asked for

        report = run_dask(store, parts, settings, lists, scheduler, workers, mapping, progress)
    if stories:
        from sanctionwatch.engines.stories import finish_batch  # the client's stages: workers never import them

        started = time.perf_counter()
        finish_batch(store, settings, report)
        report.seconds += time.perf_counter() - started
    return report
