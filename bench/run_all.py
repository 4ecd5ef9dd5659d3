"""``make bench``: every benchmark and evaluation, in turn, on ../shared/data.

Each entry is a command line; their figures are what BENCHMARKS.md records. A failing entry is
reported and the rest still run; the exit status is non-zero if any failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
PY = sys.executable
SW = [PY, "-m", "sanctionwatch"]

NAMES = DATA / "name_matching"
COMMANDS: list[list[str]] = [
    # foundation (issue 2)
    [PY, "bench/bench_ingest.py", "--articles", "300", "--runs", "3"],
    # facts and assessment (issue 3)
    [PY, "bench/bench_analysis.py", "--limit", "300", "--runs", "5"],
    [*SW, "eval", "seed", "--expected", str(REPO.parent / "shared" / "seed" / "expected.yaml"),
     str(REPO.parent / "shared" / "seed" / "000_db3d2fddf79d3866.txt")],
    [*SW, "eval", "relevance", "--jsonl", str(DATA / "corpus" / "articles.jsonl")],
    [*SW, "eval", "attribution", "--polnear", str(DATA / "polnear")],
    [*SW, "eval", "quantities", "--measeval", str(DATA / "measeval")],
    [*SW, "eval", "ner", "--conll", str(DATA / "conll2003" / "eng.testa")],
    # lists and matching (issue 4)
    [*SW, "eval", "names", "--pairs", str(NAMES / "nomenklatura_name_bench" / "cases.csv"),
     "--cross-script", str(NAMES / "watchman" / "cross_script_pairs.csv")],
    [PY, "bench/bench_screening.py"],
    # intake (issue 5)
    [PY, "bench/bench_fetch.py", "--pages", "181", "--runs", "3"],
    [*SW, "eval", "extraction", "--benchmark", str(DATA / "article_extraction")],
    [*SW, "eval", "dedup", "--build", str(DATA), "--jsonl", "out/dedup.jsonl"],
    # stories (issue 6)
    [*SW, "eval", "clustering", "--jsonl", str(DATA / "ecbplus" / "docs.jsonl"), "--label", "subtopic"],
    *([*SW, "eval", "clustering", "--jsonl", str(DATA / "ecbplus" / "docs.jsonl"), "--label", "subtopic",
       "--batch-size", size, "--orders", "3"] for size in ("25", "1")),  # a stream: reports a few at a time
    [*SW, "eval", "clustering", "--jsonl", str(DATA / "corpus" / "articles.jsonl"), "--label", "event"],
    *([*SW, "eval", "summary", "--bbc", str(DATA / "bbc_news_summary"), "--half", half] for half in ("odd", "even")),
    *([*SW, "eval", "summary", "--frank", str(DATA / "frank" / "frank_flat.jsonl"), "--half", half]
      for half in ("odd", "even")),
    [*SW, "eval", "summary", "--bbc", str(DATA / "bbc_news_summary")],
    [*SW, "eval", "summary", "--frank", str(DATA / "frank" / "frank_flat.jsonl")],
    [PY, "bench/bench_clustering.py"],
    # web (issue 7)
    [PY, "bench/bench_api.py"],
    # scale (issue 8)
    [PY, "bench/bench_batch.py", "--articles", "300", "--runs", "3"],
    [PY, "bench/bench_store_scale.py", "--articles", "100000", "--briefs"],
]


def main() -> int:
    failed = []
    for command in COMMANDS:
        print(f"\n$ {' '.join(command)}", flush=True)
        started = time.perf_counter()
        if subprocess.run(command, cwd=REPO, check=False).returncode != 0:
            failed.append(" ".join(command))
        print(f"({time.perf_counter() - started:.0f} s)", flush=True)
    for command in failed:
        print(f"FAILED: {command}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
