"""Story clustering measured on labelled news: B-cubed and pairwise precision, recall and F1.

The input is JSON Lines with a text, an optional title and date, and a label naming the story (or
event) of each record; a record without a label is a story of its own. sanctionwatch's clustering
(analysis, then ``cluster.cluster_profiles``) runs next to a plain single-pass TF-IDF baseline in the
same run: one centroid per cluster, cosine similarity, join the best cluster at or above a threshold.
The baseline is reported twice: at a fixed threshold, and at the best threshold of a sweep (an
oracle choice, made by looking at the gold labels, which sanctionwatch does not get).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import defaultdict
from collections.abc import Hashable, Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.cluster import ArticleProfile, ClusterOptions, cluster_profiles, profile_article
from sanctionwatch.errors import InputError
from sanctionwatch.model import Article, JSONDict
from sanctionwatch.settings import Settings

BASELINE_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
BASELINE_DEFAULT = 0.25  # the baseline's threshold when it is not chosen by looking at the gold labels


@dataclasses.dataclass
class LabelledRecord:
    id: str
    title: str
    text: str
    date: str | None
    label: str


@dataclasses.dataclass
class ClusterScores:
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    clusters: int


def read_labelled(path: Path, label: str, limit: int | None = None) -> list[LabelledRecord]:
    """Records of a JSON Lines file; ``label`` names the field holding the story label."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            records.append(_record(json.loads(line), label, number))
    if not records:
        raise InputError(f"{path}: no records")
    if all(r.label.startswith("\0") for r in records):
        raise InputError(f"{path}: no record has the label field {label!r}")
    return records[:limit] if limit else records


def _record(data: JSONDict, label: str, number: int) -> LabelledRecord:
    record_id = str(data.get("id") or data.get("doc_id") or number)
    value = data.get(label)
    return LabelledRecord(record_id, str(data.get("title") or ""), str(data.get("text") or ""),
                          _day(data.get("date") or data.get("published")),
                          str(value) if value not in (None, "") else f"\0{record_id}")


def _day(value: object) -> str | None:
    """An ISO day; a month alone (``2024-11``) stands for its middle day, a year alone for nothing."""
    text = str(value or "")
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    return f"{text[:7]}-15" if re.fullmatch(r"\d{4}-\d{2}", text) else None


def profile_records(records: Sequence[LabelledRecord], settings: Settings) -> list[ArticleProfile]:
    """Analyse the records (spaCy in batches) and build their clustering profiles."""
    nlp = load_pipeline(settings.spacy_model)
    articles = [Article(id=r.id, title=r.title, text=r.text, published=r.date) for r in records]
    docs = nlp.pipe([a.text[: settings.max_text_chars] for a in articles], batch_size=32)
    return [profile_article(a, analyze_doc(a.id, doc, a.published)) for a, doc in zip(articles, docs, strict=True)]


def cluster_labels(profiles: Sequence[ArticleProfile], options: ClusterOptions | None = None,
                   refine: bool = True) -> list[str]:
    """The story id sanctionwatch gives each profile, in input order (after any merges)."""
    assignments, _ = cluster_profiles(profiles, options, refine)
    story_of = {a.article_id: a.story_id for a in assignments}
    return [story_of[p.article_id] for p in profiles]


def baseline_labels(records: Sequence[LabelledRecord], threshold: float) -> list[int]:
    """Plain single-pass TF-IDF: join the nearest centroid at or above ``threshold``, else start a cluster."""
    order = sorted(range(len(records)), key=lambda i: records[i].date or "")
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [f"{r.title}\n{r.text}" for r in records])
    centroids: list[np.ndarray] = []
    labels = [0] * len(records)
    for i in order:
        row = matrix[i].toarray().ravel()
        best, score = _nearest(centroids, row)
        if best is not None and score >= threshold:
            centroids[best] += row
            labels[i] = best
        else:
            centroids.append(row.copy())
            labels[i] = len(centroids) - 1
    return labels


def _nearest(centroids: list[np.ndarray], row: np.ndarray) -> tuple[int | None, float]:
    if not centroids:
        return None, 0.0
    stack = np.vstack(centroids)
    scores = stack @ row / np.maximum(np.linalg.norm(stack, axis=1), 1e-12)
    best = int(np.argmax(scores))
    return best, float(scores[best])


def score_clusters(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> ClusterScores:
    """B-cubed (per item, averaged) and pairwise (over all pairs) precision, recall and F1."""
    by_pred: defaultdict[Hashable, set[int]] = defaultdict(set)
    by_gold: defaultdict[Hashable, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    shared = [len(by_pred[p] & by_gold[g]) for p, g in zip(predicted, gold, strict=True)]
    precision = sum(s / len(by_pred[p]) for s, p in zip(shared, predicted, strict=True)) / len(gold)
    recall = sum(s / len(by_gold[g]) for s, g in zip(shared, gold, strict=True)) / len(gold)
    pair_p, pair_r = _pairwise(by_pred, by_gold, predicted, gold)
    return ClusterScores(precision, recall, _f1(precision, recall), pair_p, pair_r, _f1(pair_p, pair_r),
                         len(by_pred))


def _pairwise(by_pred: dict[Hashable, set[int]], by_gold: dict[Hashable, set[int]],
              predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float]:
    both: defaultdict[tuple[Hashable, Hashable], int] = defaultdict(int)
    for p, g in zip(predicted, gold, strict=True):
        both[(p, g)] += 1
    true_pairs = sum(n * (n - 1) // 2 for n in both.values())
    pred_pairs = sum(len(s) * (len(s) - 1) // 2 for s in by_pred.values())
    gold_pairs = sum(len(s) * (len(s) - 1) // 2 for s in by_gold.values())
    return (true_pairs / pred_pairs if pred_pairs else 1.0), (true_pairs / gold_pairs if gold_pairs else 1.0)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def evaluate_clustering(records: Sequence[LabelledRecord], settings: Settings,
                        options: ClusterOptions | None = None) -> JSONDict:
    """sanctionwatch and the baseline (best threshold of the sweep) on the same records."""
    gold = [r.label for r in records]
    ours = score_clusters(cluster_labels(profile_records(records, settings), options), gold)
    sweep = {t: score_clusters(baseline_labels(records, t), gold) for t in BASELINE_THRESHOLDS}
    threshold, baseline = max(sweep.items(), key=lambda item: item[1].bcubed_f1)
    return {
        "records": len(records), "gold_clusters": len(set(gold)),
        "sanctionwatch": dataclasses.asdict(ours),
        "baseline": {**dataclasses.asdict(baseline), "threshold": threshold},
        "baseline_fixed": {**dataclasses.asdict(sweep[BASELINE_DEFAULT]), "threshold": BASELINE_DEFAULT},
        "ratio_bcubed_f1": ours.bcubed_f1 / baseline.bcubed_f1 if baseline.bcubed_f1 else None,
    }
