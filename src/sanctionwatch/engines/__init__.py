"""Batch engines: the pipeline's stage functions over parts of archives, in one process or on Dask.

    plan_parts (client)  ->  process_part (worker: read, extract, analyze)  ->  store_part (client: save)

``local`` runs the parts one after another in this process; ``dask`` sends them to Dask distributed
workers (a LocalCluster, or the workers of a scheduler given by address). Only the client process
writes to the store, in plan order, so both engines store the same articles and analyses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sanctionwatch.engines.local import run_local
from sanctionwatch.engines.work import BatchReport
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
) -> BatchReport:
    """Run the parts on the named engine (``scheduler`` and ``workers`` apply to Dask only)."""
    if engine == "local":
        if scheduler:
            raise ConfigError("a scheduler address needs --engine dask")
        return run_local(store, parts, settings, mapping, progress)
    if engine == "dask":
        from sanctionwatch.engines.dask import run_dask  # imports distributed: only when asked for

        return run_dask(store, parts, settings, scheduler, workers, mapping, progress)
    raise ConfigError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
