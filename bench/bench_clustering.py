"""Story clustering cost at 1k, 10k and 100k articles: time and peak memory, next to a plain baseline.

    .venv/bin/python bench/bench_clustering.py [--sizes 1000,10000,100000] [--runs 3] [--baseline-max 10000]
        [--batch 1000] [--set NAME=VALUE ...]

Articles: the 772 ECB+ documents (../shared/data/ecbplus/docs.jsonl), analysed once, then replicated
to the size wanted. Copy g of a document is dated g x 30 days later and keeps a random 80% of its
words, so the stream keeps producing new stories and old ones leave the time window, as in news.
Each measurement runs in a fresh process, so peak memory (max RSS) is its own. Measured:
- ``sanctionwatch``: ``cluster.StoryIndex`` fed in batches of 1,000 (``--batch``; prime, add each,
  refine), as ``store.stories.assign_articles`` does, without the database;
- ``baseline``: plain single-pass TF-IDF over all centroids (the evaluation's baseline), whose cost
  grows with articles x stories; run up to --baseline-max articles.
Prints medians of the runs, time per article, and growth ratios (time at 10x the articles / time).
``--set`` overrides ``cluster.ClusterOptions`` fields for sanctionwatch (e.g. the settings before a
change: ``--set threshold=0.28 --set refine_passes=1 --set split_min_part=1000000``).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ECB = REPO.parent / "shared" / "data" / "ecbplus" / "docs.jsonl"
BATCH = 1000


def base_profiles(cache: Path) -> list:  # type: ignore[type-arg]
    if cache.is_file():
        return pickle.loads(cache.read_bytes())  # type: ignore[no-any-return]
    from sanctionwatch.evaluation.clustering import profile_records, read_labelled
    from sanctionwatch.settings import Settings

    profiles = profile_records(read_labelled(ECB, "subtopic"), Settings())
    cache.write_bytes(pickle.dumps(profiles))
    return profiles


def replicate(profiles: list, size: int) -> list:  # type: ignore[type-arg]
    import dataclasses
    import datetime as dt

    rng = random.Random(7)
    start = dt.date(2020, 1, 1)
    out = []
    for n in range(size):
        base, generation = profiles[n % len(profiles)], n // len(profiles)
        day = start + dt.timedelta(days=30 * generation + rng.randrange(5))
        terms = {t: c for t, c in base.terms.items() if rng.random() < 0.8}
        out.append(dataclasses.replace(base, article_id=f"{base.article_id}~{generation}", date=day.isoformat(),
                                       terms=terms))
    return out


def run_ours(profiles: list, options: object, size: int) -> float:  # type: ignore[type-arg]
    from sanctionwatch.cluster import StoryIndex

    index = StoryIndex(options)  # type: ignore[arg-type]
    started = time.perf_counter()
    for first in range(0, len(profiles), size):
        batch = index.prime(profiles[first:first + size])
        for profile in batch:
            index.add(profile, count_terms=False)
        index.refine()
    return time.perf_counter() - started


def run_baseline(profiles: list) -> float:  # type: ignore[type-arg]
    """Single pass over every centroid (hashed TF-IDF, 2^15 features, dense float32 centroids)."""
    import numpy as np
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.feature_extraction.text import TfidfTransformer

    hasher = FeatureHasher(n_features=2**15, input_type="dict", alternate_sign=False)
    counts = hasher.transform([p.terms for p in profiles])
    matrix = TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
    started = time.perf_counter()
    centroids = np.zeros((64, matrix.shape[1]), dtype=np.float32)
    norms = np.zeros(64, dtype=np.float32)
    used = 0
    for i in range(matrix.shape[0]):
        row = matrix[i]
        if used:
            scores = centroids[:used, row.indices] @ row.data / np.maximum(norms[:used], 1e-9)
            best = int(np.argmax(scores))
            if scores[best] >= 0.25:
                centroids[best, row.indices] += row.data
                norms[best] = np.linalg.norm(centroids[best])
                continue
        if used == len(centroids):
            centroids = np.vstack([centroids, np.zeros_like(centroids)])
            norms = np.concatenate([norms, np.zeros_like(norms)])
        centroids[used, row.indices] = row.data
        norms[used] = np.linalg.norm(row.data)
        used += 1
    return time.perf_counter() - started


def options_for(overrides: list[str]) -> object:
    """The clustering options with the overrides (the evaluation module, and spaCy with it, only if needed)."""
    if not overrides:
        from sanctionwatch.cluster import ClusterOptions

        return ClusterOptions()
    from sanctionwatch.evaluation.clustering import cluster_options

    return cluster_options(overrides)


def child(mode: str, size: int, cache: Path, overrides: list[str], batch: int) -> None:
    profiles = replicate(base_profiles(cache), size)
    options = options_for(overrides)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds = run_ours(profiles, options, batch) if mode == "sanctionwatch" else run_baseline(profiles)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "added_mb": (peak - before) / 1024}))


def measure(mode: str, size: int, runs: int, cache: Path, overrides: list[str], batch: int) -> dict[str, float]:
    results = []
    command = [sys.executable, __file__, "--child", mode, "--size", str(size), "--cache", str(cache),
               "--batch", str(batch)]
    for _ in range(runs):
        done = subprocess.run(command + [f"--set={o}" for o in overrides], check=True, capture_output=True,
                              text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-max", type=int, default=10000)
    parser.add_argument("--child")
    parser.add_argument("--size", type=int)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "sanctionwatch-ecb-profiles.pkl")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--batch", type=int, default=BATCH, help="articles per batch (per refine)")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.size, args.cache, args.overrides, args.batch)
        return
    base_profiles(args.cache)
    sizes = [int(s) for s in args.sizes.split(",")]
    table = {}
    for size in sizes:
        row = {"sanctionwatch": measure("sanctionwatch", size, args.runs, args.cache, args.overrides, args.batch)}
        if size <= args.baseline_max:
            row["baseline"] = measure("baseline", size, args.runs, args.cache, [], args.batch)
        table[size] = row
        print(size, json.dumps(row), flush=True)
    report(table, sizes)


def report(table: dict[int, dict[str, dict[str, float]]], sizes: list[int]) -> None:
    print(f"\n{'articles':>9} {'system':<14} {'seconds':>9} {'ms/article':>10} {'peak MB':>8} {'growth x':>9}")
    for mode in ("sanctionwatch", "baseline"):
        previous = None
        for size in sizes:
            found = table[size].get(mode)
            if found is None:
                continue
            growth = f"{found['seconds'] / previous:.1f}" if previous else "-"
            print(f"{size:>9} {mode:<14} {found['seconds']:>9.2f} {1000 * found['seconds'] / size:>10.3f} "
                  f"{found['peak_mb']:>8.0f} {growth:>9}")
            previous = found["seconds"]
    for size in sizes:
        if "baseline" in table[size]:
            ratio = table[size]["baseline"]["seconds"] / table[size]["sanctionwatch"]["seconds"]
            print(f"baseline / sanctionwatch time at {size}: {ratio:.2f}")


if __name__ == "__main__":
    main()
