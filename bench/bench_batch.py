"""Batch throughput: the single-process pipeline next to the local engine and Dask with 1 and 2 workers.

    .venv/bin/python bench/bench_batch.py [--articles 300] [--runs 3]

Input: one JSON Lines archive written to a temporary folder from the first N BBC News Summary articles
(sorted paths; first line the title, the rest the text). Every mode reads that same file into a new
SQLite store, extracts, analyses and stores; each run is a fresh process:
- ``pipeline``: ``read_paths`` + ``pipeline.ingest_documents`` + ``pipeline.analyze_stored`` (the baseline);
- ``local``: ``sanctionwatch batch --engine local`` (parts read and processed in this process);
- ``dask-1``, ``dask-2``: ``--engine dask`` on a LocalCluster of 1 or 2 single-threaded worker processes.
Models are loaded before the clock starts in every mode (Dask: a one-record warm-up batch), so the figure is
the steady rate; the cluster's start-up is reported apart. Memory: each process's peak RSS (the client, and
every Dask worker). Prints medians of the runs and each mode's ratio to the pipeline.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BBC = REPO.parent / "shared" / "data" / "bbc_news_summary" / "articles"
MODES = ("pipeline", "local", "dask-1", "dask-2")


def write_archive(count: int, folder: Path) -> Path:
    archive = folder / "bbc.jsonl"
    with archive.open("w", encoding="utf-8") as out:
        for path in sorted(BBC.rglob("*.txt"))[:count]:
            title, _, text = path.read_text(encoding="utf-8", errors="replace").partition("\n")
            record = {"id": path.stem, "title": title.strip(), "text": text.strip(), "source": "bbc.co.uk"}
            out.write(json.dumps(record) + "\n")
    return archive


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_pipeline(archive: Path, db: str) -> dict[str, Any]:
    from sanctionwatch import pipeline
    from sanctionwatch.analyze.nlp import load_pipeline
    from sanctionwatch.ingest.files import read_paths
    from sanctionwatch.settings import Settings
    from sanctionwatch.store import open_store

    settings = Settings(db=db)
    store = open_store(settings)
    load_pipeline(settings.spacy_model)("warm up")
    started = time.perf_counter()
    report = pipeline.ingest_documents(store, read_paths([archive], settings), settings)
    pipeline.analyze_stored(store, settings, report.new)
    return {"seconds": time.perf_counter() - started, "stored": len(report.new)}


def run_engine(archive: Path, db: str, engine: str, workers: int) -> dict[str, Any]:
    from distributed import LocalCluster

    from sanctionwatch.analyze.nlp import load_pipeline
    from sanctionwatch.engines import run_batch
    from sanctionwatch.ingest.archive import ArchivePart, plan_parts
    from sanctionwatch.settings import Settings
    from sanctionwatch.store import open_store

    settings = Settings(db=db)
    store = open_store(settings)
    plan = plan_parts([archive], 4 * workers)
    first = plan.parts[0]
    warm_up = [ArchivePart(first.path, first.format, first.start, 1, first.number)]
    if engine == "local":
        load_pipeline(settings.spacy_model)("warm up")
        run_batch("local", open_store(Settings(db=db + ".warm")), warm_up, settings)
        started = time.perf_counter()
        report = run_batch("local", store, plan.parts, settings)
        return {"seconds": time.perf_counter() - started, "stored": len(report.new)}
    began = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        cluster_s = time.perf_counter() - began
        address = cluster.scheduler_address
        run_batch("dask", open_store(Settings(db=db + ".warm")), warm_up, settings, scheduler=address)
        started = time.perf_counter()
        report = run_batch("dask", store, plan.parts, settings, scheduler=address)
        seconds = time.perf_counter() - started
        worker_mb = _worker_peaks(address)
    return {"seconds": seconds, "stored": len(report.new), "cluster_s": cluster_s, "worker_mb": worker_mb}


def _worker_peaks(address: str) -> list[float]:
    from distributed import Client

    with Client(address) as client:
        return sorted(client.run(peak_mb).values())


def child(mode: str, count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        archive = write_archive(count, Path(folder))
        db = f"sqlite:///{folder}/bench.db"
        if mode == "pipeline":
            result = run_pipeline(archive, db)
        else:
            engine, _, workers = mode.partition("-")
            result = run_engine(archive, db, engine, int(workers or 1))
    print(json.dumps({**result, "mode": mode, "client_mb": peak_mb()}))


def measure(mode: str, count: int, runs: int) -> dict[str, Any]:
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, "--child", mode, "--articles", str(count)],
                             check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    seconds = statistics.median(r["seconds"] for r in results)
    return {"per_s": results[0]["stored"] / seconds, "stored": results[0]["stored"],
            "client_mb": max(r["client_mb"] for r in results),
            "worker_mb": max(max(r.get("worker_mb") or [0]) for r in results),
            "cluster_s": statistics.median(r.get("cluster_s", 0.0) for r in results)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=MODES)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.articles)
        return
    found = {mode: measure(mode, args.articles, args.runs) for mode in MODES}
    base = found["pipeline"]["per_s"]
    print(f"| mode | articles/s (median of {args.runs}) | ratio to pipeline | client peak MB | "
          "worker peak MB | cluster start s |")
    print("|---|---|---|---|---|---|")
    for mode, r in found.items():
        worker = f"{r['worker_mb']:.0f}" if r["worker_mb"] else "-"
        start = f"{r['cluster_s']:.1f}" if r["cluster_s"] else "-"
        print(f"| {mode} | {r['per_s']:.1f} | {r['per_s'] / base:.2f} | {r['client_mb']:.0f} | {worker} | {start} |")
    stored = ", ".join(f"{mode} {r['stored']}" for mode, r in found.items())
    print(f"articles stored per run: {stored}")


if __name__ == "__main__":
    main()
