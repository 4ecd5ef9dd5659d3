"""Article-body extraction on the article-extraction benchmark, next to trafilatura's defaults.

The benchmark (scrapinghub/article-extraction-benchmark, in ``../shared/data/article_extraction``):
181 news pages (``html/<id>.html.gz``) with their gold article bodies (``ground-truth.json``). Its
metric, as its ``evaluate.py`` defines it and reimplemented here: a body becomes the multiset of
its word 4-grams (``\\w+`` tokens, case kept); per page the true positives, false positives and
false negatives over those multisets are normalised to sum to one; precision is the mean over the
pages where anything was predicted, recall the mean over the pages with a gold body, and F1 the
harmonic mean of the two means. The baseline is ``trafilatura.extract(html)`` with its defaults.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from sanctionwatch.errors import InputError
from sanctionwatch.extract import extract_article
from sanctionwatch.model import RawDocument
from sanctionwatch.settings import Settings

TOKEN = re.compile(r"\w+")
SHINGLE = 4
Counts = tuple[float, float, float]


@dataclasses.dataclass
class BenchmarkPage:
    id: str
    url: str
    html: bytes
    body: str


@dataclasses.dataclass
class BodyScores:
    precision: float
    recall: float
    f1: float


@dataclasses.dataclass
class ExtractionReport:
    pages: int
    ours: BodyScores
    baseline: BodyScores
    baseline_name: str = "trafilatura.extract defaults"

    @property
    def f1_ratio(self) -> float:
        return self.ours.f1 / self.baseline.f1 if self.baseline.f1 else 0.0


def load_benchmark(directory: Path, limit: int | None = None) -> list[BenchmarkPage]:
    """The benchmark's pages in id order (the first ``limit`` of them)."""
    truth_path = directory / "ground-truth.json"
    if not truth_path.is_file():
        raise InputError(f"{directory}: no ground-truth.json (expected the article-extraction benchmark)")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        path = directory / "html" / f"{page_id}.html.gz"
        if path.is_file():
            gold = truth[page_id]
            pages.append(BenchmarkPage(page_id, gold.get("url", ""), gzip.decompress(path.read_bytes()),
                                       gold.get("articleBody") or ""))
    if not pages:
        raise InputError(f"{directory}: no benchmark pages found under html/")
    return pages


def page_counts(true: str, predicted: str) -> Counts:
    """Normalised (tp, fp, fn) over the word 4-gram multisets of a gold and a predicted body."""
    gold, guess = _shingles(true), _shingles(predicted)
    tp = sum((gold & guess).values())
    fp = sum((guess - gold).values())
    fn = sum((gold - guess).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def summarise(counts: list[Counts]) -> BodyScores:
    """The benchmark's precision, recall and F1 over per-page counts."""
    precision = statistics.fmean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    recall = statistics.fmean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BodyScores(round(precision, 4), round(recall, 4), round(f1, 4))


def extract_ours(page: BenchmarkPage, settings: Settings) -> str:
    raw = RawDocument(origin=page.id, data=page.html, kind="html", url=page.url or None)
    try:
        return extract_article(raw, settings).text
    except InputError:
        return ""


def extract_baseline(page: BenchmarkPage) -> str:
    return trafilatura.extract(page.html.decode("utf-8", errors="replace")) or ""


def evaluate_extraction(directory: Path, settings: Settings, limit: int | None = None) -> ExtractionReport:
    """Both extractors over the same pages, scored the benchmark's way."""
    pages = load_benchmark(directory, limit)
    ours = _score(pages, lambda page: extract_ours(page, settings))
    baseline = _score(pages, extract_baseline)
    return ExtractionReport(pages=len(pages), ours=ours, baseline=baseline)


def _score(pages: list[BenchmarkPage], extractor: Callable[[BenchmarkPage], str]) -> BodyScores:
    return summarise([page_counts(page.body, extractor(page)) for page in pages])


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)) if tokens)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0
