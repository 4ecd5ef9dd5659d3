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

COMMANDS: list[list[str]] = [
    [PY, "bench/bench_ingest.py", "--articles", "300", "--runs", "3"],
    [PY, "bench/bench_fetch.py", "--pages", "181", "--runs", "3"],
    [*SW, "eval", "extraction", "--benchmark", str(DATA / "article_extraction")],
    [*SW, "eval", "dedup", "--build", str(DATA), "--jsonl", "out/dedup.jsonl"],
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
