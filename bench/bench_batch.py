"""Batch throughput: the single-process pipeline next to the local engine and Dask with 1 and 2 workers.

    .venv/bin/python bench/bench_batch.py [--articles 300] [--runs 3] [--list PATH]

Input: one JSON Lines archive written to a temporary folder from the first N BBC News Summary articles
(sorted paths; first line the title, the rest the text), and a real sanctions list (default: the UN Security
Council consolidated list of 2026-02) loaded into each mode's new SQLite store before the clock starts.
Every mode reads the same archive, extracts, analyses, screens the mentions against the list and stores
articles, analyses and matches; each run is a fresh process:
- ``pipeline``: ``read_paths`` + ``pipeline.ingest_documents`` + ``analyze_stored`` + ``link_stored`` (the baseline);
- ``local``: ``sanctionwatch batch --engine local --no-stories`` (parts read and processed in this process);
- ``dask-1``, ``dask-2``: ``--engine dask`` on a LocalCluster of 1 or 2 single-threaded worker processes.
The clustering and briefs that follow (``--stories``, the default) are the same client code in every mode and
are left out. Models (spaCy, and the name vocabularies the screening reads from rigour) are loaded before the
clock starts in every mode (Dask: a one-record warm-up batch on a store without lists, and ``warm_names`` on
every worker), so the figure is the steady rate; building the screening index from the list is inside the clock
(once per run, or once per Dask worker), and the cluster's start-up is reported apart. Memory: each process's
peak RSS (the client, and every Dask worker). Prints medians of the runs and each mode's ratio to the pipeline.
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
UN_LIST = REPO.parent / "shared" / "data" / "sanctions_lists" / "un_sc_consolidated_2026-02" / "consolidated.xml"
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


def warm_names() -> None:
    """Load the name vocabularies (person-name symbols, organisation words) as screening a name does."""
    from sanctionwatch.link.names import kind_of, prepare_name

    for schema in ("Person", "Organization", "Vessel"):
        prepare_name("Warm Up", kind_of(schema))


def open_with_list(db: str, sanctions_list: Path) -> Any:
    from sanctionwatch.settings import Settings
    from sanctionwatch.store import open_store
    from sanctionwatch.store.lists import load_list_file

    store = open_store(Settings(db=db))
    load_list_file(store, sanctions_list)
    return store


def run_pipeline(archive: Path, db: str, sanctions_list: Path) -> dict[str, Any]:
    from sanctionwatch import pipeline
    from sanctionwatch.analyze.nlp import load_pipeline
    from sanctionwatch.ingest.files import read_paths
    from sanctionwatch.settings import Settings

    settings = Settings(db=db)
    store = open_with_list(db, sanctions_list)
    load_pipeline(settings.spacy_model)("warm up")
    warm_names()
    started = time.perf_counter()
    report = pipeline.ingest_documents(store, read_paths([archive], settings), settings)
    pipeline.analyze_stored(store, settings, report.new)
    matches = pipeline.link_stored(store, settings, report.new)
    return {"seconds": time.perf_counter() - started, "stored": len(report.new), "matches": matches}


def run_engine(archive: Path, db: str, sanctions_list: Path, engine: str, workers: int) -> dict[str, Any]:
    from distributed import LocalCluster

    from sanctionwatch.analyze.nlp import load_pipeline
    from sanctionwatch.engines import run_batch
    from sanctionwatch.ingest.archive import ArchivePart, plan_parts
    from sanctionwatch.settings import Settings
    from sanctionwatch.store import open_store

    settings = Settings(db=db)
    store = open_with_list(db, sanctions_list)
    plan = plan_parts([archive], 4 * workers)
    first = plan.parts[0]
    warm_up = [ArchivePart(first.path, first.format, first.start, 1, first.number)]
    warm_store = open_store(Settings(db=db + ".warm"))  # no list: the index is built inside the clock
    if engine == "local":
        load_pipeline(settings.spacy_model)("warm up")
        run_batch("local", warm_store, warm_up, settings, stories=False)
        warm_names()
        started = time.perf_counter()
        report = run_batch("local", store, plan.parts, settings, stories=False)
        return {"seconds": time.perf_counter() - started, "stored": len(report.new), "matches": report.matches}
    began = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        cluster_s = time.perf_counter() - began
        address = cluster.scheduler_address
        run_batch("dask", warm_store, warm_up, settings, scheduler=address, stories=False)
        _warm_workers(address)
        started = time.perf_counter()
        report = run_batch("dask", store, plan.parts, settings, scheduler=address, stories=False)
        seconds = time.perf_counter() - started
        worker_mb = _worker_peaks(address)
    return {"seconds": seconds, "stored": len(report.new), "matches": report.matches, "cluster_s": cluster_s,
            "worker_mb": worker_mb}


def _warm_workers(address: str) -> None:
    from distributed import Client

    with Client(address) as client:
        client.run(warm_names)


def _worker_peaks(address: str) -> list[float]:
    from distributed import Client

    with Client(address) as client:
        return sorted(client.run(peak_mb).values())


def child(mode: str, count: int, sanctions_list: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        archive = write_archive(count, Path(folder))
        db = f"sqlite:///{folder}/bench.db"
        if mode == "pipeline":
            result = run_pipeline(archive, db, sanctions_list)
        else:
            engine, _, workers = mode.partition("-")
            result = run_engine(archive, db, sanctions_list, engine, int(workers or 1))
    print(json.dumps({**result, "mode": mode, "client_mb": peak_mb()}))


def measure(mode: str, count: int, runs: int, sanctions_list: Path) -> dict[str, Any]:
    results = []
    for _ in range(runs):
        command = [sys.executable, __file__, "--child", mode, "--articles", str(count), "--list", str(sanctions_list)]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    seconds = statistics.median(r["seconds"] for r in results)
    return {"per_s": results[0]["stored"] / seconds, "stored": results[0]["stored"], "matches": results[0]["matches"],
            "client_mb": max(r["client_mb"] for r in results),
            "worker_mb": max(max(r.get("worker_mb") or [0]) for r in results),
            "cluster_s": statistics.median(r.get("cluster_s", 0.0) for r in results)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--list", type=Path, default=UN_LIST, help="sanctions list loaded into every store")
    parser.add_argument("--child", choices=MODES)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.articles, args.list)
        return
    found = {mode: measure(mode, args.articles, args.runs, args.list) for mode in MODES}
    base = found["pipeline"]["per_s"]
    print(f"| mode | articles/s (median of {args.runs}) | ratio to pipeline | client peak MB | "
          "worker peak MB | cluster start s |")
    print("|---|---|---|---|---|---|")
    for mode, r in found.items():
        worker = f"{r['worker_mb']:.0f}" if r["worker_mb"] else "-"
        start = f"{r['cluster_s']:.1f}" if r["cluster_s"] else "-"
        print(f"| {mode} | {r['per_s']:.1f} | {r['per_s'] / base:.2f} | {r['client_mb']:.0f} | {worker} | {start} |")
    stored = ", ".join(f"{mode} {r['stored']} ({r['matches']} matches)" for mode, r in found.items())
    print(f"articles stored per run: {stored}")


if __name__ == "__main__":
    main()
