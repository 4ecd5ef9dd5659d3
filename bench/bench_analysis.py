"""Analysis throughput next to spaCy NER alone, on the same texts, side by side.

    .venv/bin/python bench/bench_analysis.py [--limit N] [--runs R]

Reads ../shared/data/bbc_news_summary/articles/*/*.txt, times (a) the NER + sentencizer pipeline
alone and (b) the whole analysis (the same pipeline, then the knowledge-base phrases, facts,
attributions and assessment) over the same texts, alternating the two R times, and prints the
medians in articles per second and their ratio (the target is at least 0.8).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.settings import load_settings

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bbc_news_summary" / "articles"


def read_texts(limit: int) -> list[str]:
    paths = sorted(DATA.glob("*/*.txt"))[:limit]
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def time_ner(texts: list[str], model: str) -> float:
    nlp = load_pipeline(model)
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def time_analysis(texts: list[str], model: str) -> float:
    nlp = load_pipeline(model)
    start = time.perf_counter()
    for index, doc in enumerate(nlp.pipe(texts, batch_size=32)):
        analyze_doc(str(index), doc)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="number of BBC articles")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each side (median reported)")
    args = parser.parse_args()
    model = load_settings(environ={}).spacy_model
    texts = read_texts(args.limit)
    analyze_doc("warm-up", load_pipeline(model)(texts[0]))
    ner, full = [], []
    for _ in range(args.runs):
        ner.append(len(texts) / time_ner(texts, model))
        full.append(len(texts) / time_analysis(texts, model))
    result = {"articles": len(texts), "runs": args.runs, "ner_articles_per_s": round(statistics.median(ner), 2),
              "analysis_articles_per_s": round(statistics.median(full), 2)}
    result["ratio"] = round(result["analysis_articles_per_s"] / result["ner_articles_per_s"], 3)
    print(json.dumps(result))
    return 0 if result["ratio"] >= 0.8 else 1


if __name__ == "__main__":
    sys.exit(main())
