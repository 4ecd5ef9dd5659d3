"""Duplicate and near-duplicate detection: precision and recall of copy -> original links.

The labelled set (``build_dedup_set``, written as JSON Lines by ``write_dedup_set``) is made from
real texts in ``../shared/data``, deterministically (seeded):
  * originals: the 42 texts of ``corpus/articles.jsonl`` and the gold bodies of
    ``article_extraction`` with at least 150 words;
  * one copy of each original, at another URL, of one of four kinds in turn: ``exact`` (the same
    text), ``boilerplate`` (a byline and a copyright footer added, "Advertisement" and "Related"
    lines between paragraphs, white space reflowed, quotes curled), ``truncated`` (the first
    35-80% of the sentences and a "Read the full story" line), ``edited`` (an editor's note
    added and about one sentence in seven dropped);
  * negatives: ``revision`` records (an original at its own URL with its last sentence dropped
    and an update paragraph added: a new version, not a copy) for one original in eight, and
    ``same-event`` records: ECB+ articles, up to five per event, that share under half of the
    shorter one's word 5-grams with every other article kept for that event (ECB+ also holds
    wire copies of one story; those pairs are left out rather than labelled either way).
Originals and negatives come first, then the copies and revisions, each group shuffled.

Every record that is not a copy must get no link; a copy must be linked to its original. Three
methods run on the same records in the same order: sanctionwatch's (URL key, exact hash, then
MinHash LSH candidates judged by containment), the exact text hash alone (what storage alone
catches), and textbook MinHash LSH at Jaccard 0.8 (same signatures and URL rule).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from datasketch import MinHashLSH

from sanctionwatch.errors import InputError
from sanctionwatch.extract import content_hash
from sanctionwatch.ingest.dedup import NUM_PERM, DuplicateIndex, shingles, text_signature, url_key

COPY_KINDS = ("exact", "boilerplate", "truncated", "edited")
REPUBLISHERS = ("newswire-mirror.example", "daily-aggregator.example", "regional-reprint.example",
                "world-digest.example")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
MIN_WORDS = 150
PER_EVENT = 5
Predictor = Callable[[list["DedupRecord"]], dict[str, str | None]]


@dataclasses.dataclass
class DedupRecord:
    id: str
    url: str
    text: str
    duplicate_of: str | None = None
    kind: str = "original"
    source: str = ""
    title: str = ""


@dataclasses.dataclass
class MethodScores:
    name: str
    precision: float
    recall: float
    f1: float
    links: int
    correct: int
    recall_by_kind: dict[str, float] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class DedupReport:
    records: int
    copies: int
    methods: list[MethodScores]


def build_dedup_set(data_dir: Path, seed: int = 2026) -> list[DedupRecord]:
    """The labelled records, made from the real texts under ``data_dir`` (the shared data folder)."""
    rng = random.Random(seed)
    originals = _corpus_originals(data_dir) + _benchmark_originals(data_dir)
    rng.shuffle(originals)
    copies = [_copy(original, COPY_KINDS[i % len(COPY_KINDS)], i, rng) for i, original in enumerate(originals)]
    revisions = [_revision(original, rng) for original in originals[:: 8]]
    first = originals + _same_event_articles(data_dir)
    later: list[DedupRecord] = copies + revisions
    rng.shuffle(first)
    rng.shuffle(later)
    return first + later


def write_dedup_set(path: Path, records: Iterable[DedupRecord]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(dataclasses.asdict(record), ensure_ascii=False) for record in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def read_dedup_set(path: Path) -> list[DedupRecord]:
    """Records from JSON Lines: ``id``, ``url``, ``text`` and ``duplicate_of`` (the original's id or null)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            records.append(_record(line, f"{path}:{number}"))
    ids = {record.id for record in records}
    dangling = [r.id for r in records if r.duplicate_of is not None and r.duplicate_of not in ids]
    if dangling:
        raise InputError(f"{path}: duplicate_of names no record in the file (e.g. for {dangling[0]})")
    return records


def evaluate_dedup(records: list[DedupRecord], threshold: float = 0.7) -> DedupReport:
    """Each method's links scored against the gold ones, on the same records in the same order."""
    methods: dict[str, Predictor] = {
        "sanctionwatch (containment)": lambda rs: predict_ours(rs, threshold),
        "exact text hash": predict_exact,
        "MinHash LSH Jaccard 0.8": predict_jaccard,
    }
    scores = [_score(name, records, predict(records)) for name, predict in methods.items()]
    return DedupReport(len(records), sum(1 for r in records if r.duplicate_of), scores)


def predict_ours(records: list[DedupRecord], threshold: float) -> dict[str, str | None]:
    """What the watch loop would link each record to, seeing them in order."""
    index = DuplicateIndex(threshold)
    seen: dict[str, tuple[str, str | None]] = {}
    links: dict[str, str | None] = {}
    for record in records:
        key, digest = url_key(record.url), content_hash(record.text)
        if digest in seen:
            links[record.id] = seen[digest][0] if seen[digest][1] != key else None
            continue
        signature = text_signature(record.text)
        match = index.find(signature, key) if signature is not None else None
        links[record.id] = match.original_id if match else None
        seen[digest] = (links[record.id] or record.id, key)
        if signature is not None:
            index.add(record.id, signature, key, links[record.id])
    return links


def predict_exact(records: list[DedupRecord]) -> dict[str, str | None]:
    first: dict[str, str] = {}
    links: dict[str, str | None] = {}
    for record in records:
        digest = content_hash(record.text)
        links[record.id] = first.get(digest)
        first.setdefault(digest, record.id)
    return links


def predict_jaccard(records: list[DedupRecord]) -> dict[str, str | None]:
    lsh = MinHashLSH(threshold=0.8, num_perm=NUM_PERM)
    order: dict[str, tuple[int, str, str | None]] = {}  # id -> (position, root, url key)
    links: dict[str, str | None] = {}
    for position, record in enumerate(records):
        key, signature = url_key(record.url), text_signature(record.text)
        found = [order[c] for c in lsh.query(signature.minhash)] if signature is not None else []
        found = sorted(c for c in found if key not in (c[2], order[c[1]][2]))
        links[record.id] = found[0][1] if found else None
        if signature is not None:
            lsh.insert(record.id, signature.minhash)
            order[record.id] = (position, links[record.id] or record.id, key)
    return links


def _score(name: str, records: list[DedupRecord], links: dict[str, str | None]) -> MethodScores:
    made = [r for r in records if links.get(r.id)]
    correct = [r for r in made if links[r.id] == r.duplicate_of]
    gold = [r for r in records if r.duplicate_of]
    precision = len(correct) / len(made) if made else 0.0
    recall = len(correct) / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_kind = {}
    for kind, group in itertools.groupby(sorted(gold, key=lambda r: r.kind), key=lambda r: r.kind):
        members = list(group)
        by_kind[kind] = round(sum(links.get(r.id) == r.duplicate_of for r in members) / len(members), 4)
    return MethodScores(name, round(precision, 4), round(recall, 4), round(f1, 4), len(made), len(correct), by_kind)


def _corpus_originals(data_dir: Path) -> list[DedupRecord]:
    records = []
    for line in (data_dir / "corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            url = row.get("canonical_url") or row["url"]
            records.append(DedupRecord(row["id"], url, row["text"], source="corpus", title=row.get("title", "")))
    return records


def _benchmark_originals(data_dir: Path) -> list[DedupRecord]:
    truth = json.loads((data_dir / "article_extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    return [DedupRecord(f"ae-{page_id[:12]}", gold.get("url") or f"https://benchmark.example/{page_id}",
                        gold["articleBody"], source="article_extraction")
            for page_id, gold in sorted(truth.items())
            if len((gold.get("articleBody") or "").split()) >= MIN_WORDS]


def _same_event_articles(data_dir: Path) -> list[DedupRecord]:
    events: dict[str, list[tuple[DedupRecord, set[str]]]] = {}
    for line in (data_dir / "ecbplus" / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else None
        if row is None or len(row["text"].split()) < 60:
            continue
        kept = events.setdefault(str(row["subtopic"]), [])
        grams = shingles(row["text"])
        if len(kept) < PER_EVENT and all(_containment(grams, other) < 0.5 for _, other in kept):
            record = DedupRecord(f"ecb-{row['doc_id']}", f"https://ecbplus.example/{row['doc_id']}", row["text"],
                                 kind="same-event", source="ecbplus")
            kept.append((record, grams))
    return [record for kept in events.values() for record, _ in kept]


def _copy(original: DedupRecord, kind: str, number: int, rng: random.Random) -> DedupRecord:
    host = REPUBLISHERS[number % len(REPUBLISHERS)]
    return DedupRecord(f"{original.id}~{kind}", f"https://{host}/story/{number}", _copy_text(original, kind, host, rng),
                       duplicate_of=original.id, kind=kind, source=original.source)


def _copy_text(original: DedupRecord, kind: str, host: str, rng: random.Random) -> str:
    if kind == "boilerplate":
        return _with_boilerplate(original.text, host, rng)
    if kind == "truncated":
        return _truncated(original.text, original.url, rng)
    if kind == "edited":
        return _edited(original.text, host, rng)
    return original.text


def _with_boilerplate(text: str, host: str, rng: random.Random) -> str:
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    out = [f"By staff writers | {host} | {rng.randint(1, 28)} March 2026"]
    for paragraph in paragraphs:
        out.append("  ".join(paragraph.split(" ")) if rng.random() < 0.3 else paragraph)
        if rng.random() < 0.25:
            out.append(rng.choice(["Advertisement", "Related: More world news", "Share this article"]))
    out.append(f"Copyright 2026 {host}. All rights reserved. Read more at {host}.")
    joiner = rng.choice(["\n\n", "\n", " "])
    return joiner.join(out).replace("'", "\u2019").replace(' "', " \u201c")


def _truncated(text: str, url: str, rng: random.Random) -> str:
    sentences = SENTENCE_END.split(text.strip())
    keep = max(1, round(len(sentences) * rng.uniform(0.35, 0.8)))
    return " ".join(sentences[:keep]) + f"\n\nRead the full story at {url}"


def _edited(text: str, host: str, rng: random.Random) -> str:
    sentences = SENTENCE_END.split(text.strip())
    kept = [s for i, s in enumerate(sentences) if i == 0 or rng.random() >= 1 / 7]
    return f"EDITOR'S NOTE: This story was first published elsewhere and is republished by {host}.\n" + " ".join(kept)


def _revision(original: DedupRecord, rng: random.Random) -> DedupRecord:
    sentences = SENTENCE_END.split(original.text.strip())
    body = " ".join(sentences[:-1]) if len(sentences) > 2 else original.text
    update = f"Update ({rng.randint(1, 28)} April 2026): this article has been updated with a statement from officials."
    return DedupRecord(f"{original.id}~revision", original.url, f"{body}\n\n{update}", kind="revision",
                       source=original.source)


def _containment(first: set[str], second: set[str]) -> float:
    smaller = min(len(first), len(second))
    return len(first & second) / smaller if smaller else 0.0


def _record(line: str, origin: str) -> DedupRecord:
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{origin}: not valid JSON ({error.msg})") from error
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("text"), str):
        raise InputError(f"{origin}: a record needs a string id and text")
    known = {field.name for field in dataclasses.fields(DedupRecord)}
    values = {k: v for k, v in data.items() if k in known}
    values.setdefault("url", "")
    return DedupRecord(**values)
