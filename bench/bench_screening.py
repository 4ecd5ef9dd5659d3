"""Screening throughput with the full OFAC SDN (2024-05) and UN (2026-02) lists, next to brute force.

    .venv/bin/python bench/bench_screening.py [--queries N] [--runs R] [--baseline-queries M]

Loads ../shared/data/sanctions_lists/ofac_sdn_csv_2024-05-03/sdn.csv and
un_sc_consolidated_2026-02/consolidated.xml, builds the screening index (memory measured with
tracemalloc), and screens a fixed query set: person and organisation names from Reuters news
(CoNLL-2003 eng.testa; nearly all unlisted) and listed names changed the way news changes them (a typo,
reordered or dropped parts of a person's name, an organisation's legal form left out; all listed). It
reports queries per CPU second on one core (median of R runs, caches emptied before each run), the
p50/p99 per-query CPU latency, and the recall of the listed queries at the default threshold; then
brute-force rapidfuzz WRatio over every listed name (``process.extractOne``) on M of the same queries,
and the ratio of the two.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
import tracemalloc
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from sanctionwatch.link import build_index, read_list_file, screen_name
from sanctionwatch.link.compare import part_similarity, spelling_similarity
from sanctionwatch.link.index import ScreeningIndex
from sanctionwatch.link.korean import korean_key
from sanctionwatch.link.transliterate import latin_forms
from sanctionwatch.link.vocabulary import country_names, legal_forms, person_symbols
from sanctionwatch.settings import Settings

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LISTS = (DATA / "sanctions_lists" / "ofac_sdn_csv_2024-05-03" / "sdn.csv",
         DATA / "sanctions_lists" / "un_sc_consolidated_2026-02" / "consolidated.xml")
NEWS = DATA / "conll2003" / "eng.testa"
SCHEMAS = {"PER": "Person", "ORG": "Organization"}


def news_names(limit: int) -> list[tuple[str, str | None, str | None]]:
    """Distinct PER and ORG names from CoNLL-2003 (text, schema, no expected entry)."""
    names: dict[tuple[str, str], None] = {}
    current: list[str] = []
    label = ""
    for line in [*NEWS.read_text(encoding="utf-8").splitlines(), ""]:
        cells = line.split()
        tag = cells[-1] if len(cells) == 4 else "O"
        if current and not tag.startswith("I-"):
            names.setdefault((" ".join(current), label), None)
            current = []
        if tag[2:] in SCHEMAS and not tag.startswith("I-"):
            current, label = [cells[0]], tag[2:]
        elif tag.startswith("I-") and current:
            current.append(cells[0])
    return [(text, SCHEMAS[kind], None) for text, kind in list(names)[:limit]]


def listed_names(index: ScreeningIndex, limit: int, seed: int = 7) -> list[tuple[str, str | None, str | None]]:
    """Listed names changed the way news changes them, with the entry each should find.

    People: a typo, the family name moved, a middle name dropped, or other letter case. Organisations:
    a typo in a distinctive word, the legal form left out, or other letter case.
    """
    rng = random.Random(seed)
    chosen = rng.sample([e for e in index.entries if e.schema in ("Person", "Organization")], limit)
    return [(_perturb(rng, entry.names[0], entry.schema), entry.schema, f"{entry.list_name}:{entry.entry_id}")
            for entry in chosen]


def _perturb(rng: random.Random, name: str, schema: str) -> str:
    words = name.replace(",", "").split()
    legal_words = {word for phrase in legal_forms() for word in phrase}
    legal = [word.casefold().strip(".,") in legal_words for word in words]
    change = rng.choice(("typo", "reorder", "drop", "case"))
    if change == "typo":
        candidates = [i for i, word in enumerate(words) if len(word) > 5 and not legal[i]]
        if candidates:
            i = max(candidates, key=lambda k: len(words[k]))
            j = rng.randrange(1, len(words[i]) - 1)
            words[i] = words[i][:j] + words[i][j + 1:]
    elif change == "reorder" and schema == "Person" and len(words) > 1:
        words = words[1:] + words[:1]
    elif change == "drop" and schema == "Person" and len(words) > 3:
        words.pop(rng.randrange(1, len(words) - 1))
    elif change == "drop":
        while len(words) > 1 and legal[len(words) - 1]:
            words.pop()
    return " ".join(words).title()


def time_screening(index: ScreeningIndex, queries: list[tuple[str, str | None, str | None]],
                   threshold: float) -> tuple[float, list[float], float]:
    """CPU seconds for all queries, the per-query CPU latencies, and the recall of the listed queries.

    CPU time (``time.thread_time``) rather than wall time, so that other work on a shared machine does
    not count; the run is single-threaded, so this is the time of one core.
    """
    latencies, hits, listed = [], 0, 0
    clear_caches()
    start = time.thread_time()
    for text, schema, expected in queries:
        began = time.thread_time()
        found = screen_name(index, text, schema, threshold=threshold, limit=5)
        latencies.append(time.thread_time() - began)
        if expected is not None:
            listed += 1
            hits += any(f"{m.list_name}:{m.entry_id}" == expected for m in found)
    return time.thread_time() - start, latencies, hits / max(listed, 1)


def clear_caches() -> None:
    """Forget the comparisons of earlier runs, so that no run is faster for having seen the queries."""
    for cached in (part_similarity, spelling_similarity, latin_forms, korean_key):
        cached.cache_clear()


def time_brute_force(index: ScreeningIndex, queries: list[tuple[str, str | None, str | None]]) -> float:
    choices = [utils.default_process(name.text) for name in index.names]
    start = time.thread_time()
    for text, _schema, _expected in queries:
        process.extractOne(utils.default_process(text), choices, scorer=fuzz.WRatio, processor=None)
    return time.thread_time() - start


def vocabulary_memory() -> float:
    """MiB held by the name vocabulary loaded once per process (rigour's name variants, legal forms ...)."""
    tracemalloc.start()
    person_symbols()
    country_names()
    legal_forms()
    memory = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    return memory


def build(lists: tuple[Path, ...]) -> tuple[ScreeningIndex, float, float]:
    """The index, its build time and the memory it holds (MiB, the name vocabulary excluded)."""
    entries = [entry for path in lists for entry in read_list_file(path).entries]
    tracemalloc.start()
    began = time.thread_time()
    index = build_index(entries, {})
    seconds = time.thread_time() - began
    memory = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    return index, seconds, memory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=2000, help="queries per run (half news, half listed)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-queries", type=int, default=200)
    args = parser.parse_args()
    vocabulary = vocabulary_memory()
    index, build_seconds, memory = build(LISTS)
    queries = news_names(args.queries // 2) + listed_names(index, args.queries - args.queries // 2)
    random.Random(3).shuffle(queries)
    threshold = Settings().match_threshold
    time_screening(index, queries[:100], threshold)  # warm the caches' first entries
    runs = [time_screening(index, queries, threshold) for _ in range(args.runs)]
    seconds = statistics.median(run[0] for run in runs)
    latencies = sorted(runs[-1][1])
    brute = time_brute_force(index, queries[: args.baseline_queries])
    ours, theirs = len(queries) / seconds, args.baseline_queries / brute
    print(json.dumps({
        "entries": len(index.entries), "names": len(index.names), "index_build_cpu_s": round(build_seconds, 2),
        "index_memory_mib": round(memory, 1), "name_vocabulary_memory_mib": round(vocabulary, 1),
        "queries": len(queries), "runs": args.runs,
        "queries_per_cpu_s": round(ours, 1), "p50_ms": round(latencies[len(latencies) // 2] * 1000, 3),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 3),
        "listed_recall_at_threshold": round(runs[-1][2], 3), "threshold": threshold,
        "brute_force_wratio_queries_per_cpu_s": round(theirs, 1), "speedup_vs_brute_force": round(ours / theirs, 1),
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
