"""Ingest + analyse throughput and peak memory, next to spaCy NER alone on the same texts.

    .venv/bin/python bench/bench_ingest.py [--articles 300] [--runs 3]

Texts: the BBC News Summary articles in ../shared/data/bbc_news_summary/articles (every category,
first N files in sorted order). Each mode runs in a fresh process so peak memory (max RSS) is its own:
- ``spacy``: spaCy NER alone (the packaged model with only its NER and a sentencizer, ``nlp.pipe``);
- ``sanctionwatch``: read the files, extract, store in a new SQLite file, analyse, store the analyses.
Prints medians of the runs and their ratio.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BBC = REPO.parent / "shared" / "data" / "bbc_news_summary" / "articles"


def texts_paths(count: int) -> list[Path]:
    return sorted(BBC.rglob("*.txt"))[:count]


def run_spacy(paths: list[Path]) -> float:
    from sanctionwatch.analyze.nlp import load_pipeline
    from sanctionwatch.settings import Settings

    nlp = load_pipeline(Settings().spacy_model)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    nlp("warm up")
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - started


def run_sanctionwatch(paths: list[Path]) -> float:
    from sanctionwatch import pipeline
    from sanctionwatch.analyze.nlp import load_pipeline
    from sanctionwatch.ingest.files import read_paths
    from sanctionwatch.settings import Settings
    from sanctionwatch.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db=f"sqlite:///{folder}/bench.db")
        store = open_store(settings)
        load_pipeline(settings.spacy_model)("warm up")
        started = time.perf_counter()
        report = pipeline.ingest_documents(store, read_paths(paths, settings), settings)
        pipeline.analyze_stored(store, settings, report.new)
        elapsed = time.perf_counter() - started
        store.close()
    return elapsed


def child(mode: str, count: int) -> None:
    paths = texts_paths(count)
    elapsed = run_spacy(paths) if mode == "spacy" else run_sanctionwatch(paths)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"mode": mode, "articles": len(paths), "seconds": elapsed, "peak_mb": peak_mb}))


def measure(mode: str, count: int, runs: int) -> dict[str, float]:
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, "--child", mode, "--articles", str(count)],
                             check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    seconds = statistics.median(r["seconds"] for r in results)
    return {"articles_per_s": results[0]["articles"] / seconds, "peak_mb": max(r["peak_mb"] for r in results)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.articles)
        return
    ours, base = measure("sanctionwatch", args.articles, args.runs), measure("spacy", args.articles, args.runs)
    print(f"| pipeline | articles/s (median of {args.runs}) | peak memory MB |")
    print("|---|---|---|")
    print(f"| spaCy NER alone (nlp.pipe) | {base['articles_per_s']:.1f} | {base['peak_mb']:.0f} |")
    print(f"| sanctionwatch ingest + analyse + store | {ours['articles_per_s']:.1f} | {ours['peak_mb']:.0f} |")
    print(f"ratio sanctionwatch / spaCy NER alone: {ours['articles_per_s'] / base['articles_per_s']:.2f}")


if __name__ == "__main__":
    main()
