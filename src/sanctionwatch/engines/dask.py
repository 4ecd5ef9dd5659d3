"""The Dask engine: parts processed by Dask distributed workers, results stored by this (the client) process.

Without a scheduler address it starts a LocalCluster of worker processes on this machine; with one
(``tcp://HOST:PORT``) it uses that cluster's workers, which need sanctionwatch installed and the
archive paths readable (a shared file system). Each worker loads the spaCy model once, when it
starts (``ModelLoader``). The current sanctions lists are scattered to every worker once per run, and
each worker builds its screening index from them once, at its first part (``screening_index``, kept
by the lists' key). At most a few parts per worker are in flight at a time, and results are stored in
plan order, so a batch stores exactly what the local engine would: the same articles, versions,
analyses and matches. A part that fails is retried (``RETRIES``) and, if it still fails, reported.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import distributed
from distributed.diagnostics.plugin import WorkerPlugin

from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.engines.work import (
    RETRIES,
    BatchReport,
    ListSnapshot,
    PartResult,
    process_part_with_lists,
    record_failure,
    store_part,
    worker_settings,
)
from sanctionwatch.errors import ConfigError
from sanctionwatch.ingest.archive import ArchivePart
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store

dist: Any = distributed  # its type hints are partial: used untyped here
DaskClient = Any  # distributed.Client
PARTS_IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT_S = 30


class ModelLoader(WorkerPlugin):
    """Loads the spaCy pipeline once per worker process, when the worker starts (or joins later)."""

    name = "sanctionwatch-models"

    def __init__(self, model: str) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        load_pipeline(self.model)


def run_dask(
    store: Store,
    parts: Sequence[ArchivePart],
    settings: Settings,
    lists: ListSnapshot | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Process the parts on Dask workers (linking against ``lists`` when given) and store the results here."""
    started = time.perf_counter()
    with connect(scheduler, workers) as client:
        client.register_plugin(ModelLoader(settings.spacy_model))
        shared = client.scatter(lists, broadcast=True, hash=False) if lists is not None else None
        work = Work(worker_settings(settings), dict(mapping or {}), shared)
        report = _run_parts(client, parts, work, store, progress)
    report.seconds = time.perf_counter() - started
    return report


@dataclasses.dataclass
class Work:
    """What every part's task gets besides its part: settings, field mapping, and the scattered lists."""

    settings: Settings
    mapping: dict[str, str]
    lists: Any  # a Future of a ListSnapshot (resolved to the snapshot in the worker), or None


@contextlib.contextmanager
def connect(scheduler: str | None, workers: int | None) -> Iterator[DaskClient]:
    """A client of the given scheduler, or of a LocalCluster of ``workers`` single-threaded processes."""
    logging.getLogger("distributed").setLevel(logging.WARNING)  # its INFO chatter drowns the command's output
    if scheduler:
        try:
            client = dist.Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError) as error:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        with client:
            yield client
        return
    count = workers or os.cpu_count() or 1
    with dist.LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR) as cluster, dist.Client(cluster) as client:
        yield client


def _run_parts(client: DaskClient, parts: Sequence[ArchivePart], work: Work, store: Store,
               progress: Callable[[int], None] | None) -> BatchReport:
    report = BatchReport()
    run_id = uuid.uuid4().hex[:8]
    window = PARTS_IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
    queue = iter(enumerate(parts))
    in_flight: dict[str, int] = {}
    finished: dict[int, PartResult | BaseException] = {}
    stream = dist.as_completed()

    def submit_next() -> None:
        for index, part in queue:
            future = client.submit(process_part_with_lists, part, work.settings, work.mapping, work.lists,
                                   key=f"sanctionwatch-{run_id}-{index}", retries=RETRIES, pure=False)
            in_flight[future.key] = index
            stream.add(future)
            return

    for _ in range(window):
        submit_next()
    written = 0
    for future in stream:
        finished[in_flight.pop(future.key)] = _outcome(future)
        submit_next()
        while written in finished:
            _write(store, parts[written], finished.pop(written), report)
            written += 1
            if progress:
                progress(1)
    return report


def _outcome(future: Any) -> PartResult | BaseException:
    """The part's result, or the error it ended with (after its retries, or when the cluster lost it)."""
    try:
        error = future.exception()
        return error if error is not None else future.result()  # type: ignore[no-any-return]
    except Exception as lost:  # cancelled, or the scheduler went away
        return lost
    finally:
        future.release()


def _write(store: Store, part: ArchivePart, outcome: PartResult | BaseException, report: BatchReport) -> None:
    if isinstance(outcome, PartResult):
        store_part(store, outcome, report)
    else:
        record_failure(report, part, outcome)
