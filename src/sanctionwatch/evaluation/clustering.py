"""Story clustering measured on labelled news: B-cubed and pairwise precision, recall and F1.

The input is JSON Lines with a text, an optional title and date, and a label naming the story (or
event) of each record; a record without a label is a story of its own. sanctionwatch's clustering
(analysis, then ``cluster.cluster_profiles``) runs next to a plain single-pass TF-IDF baseline in the
same run: one centroid per cluster, cosine similarity, join the best cluster at or above a threshold.
The baseline is reported twice: at a fixed threshold, and at the best threshold of a sweep (an
oracle choice, made by looking at the gold labels, which sanctionwatch does not get).

Online clustering depends on the order articles arrive in, so both systems are run on the file's
order and on ``orders`` seeded random orders of the same records (analysed once), and the median
and the minimum over the orders are reported with each order's figures. ``read_labelled(...,
half=...)`` keeps the records whose numeric ``half_by`` field is odd or even, so settings chosen on
one half can be reported on the other.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
import statistics
from collections import defaultdict
from collections.abc import Hashable, Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.cluster import ArticleProfile, ClusterOptions, StoryIndex, cluster_profiles, profile_article
from sanctionwatch.errors import InputError
from sanctionwatch.model import Article, Assignment, JSONDict
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


HALVES = ("odd", "even")


def read_labelled(path: Path, label: str, limit: int | None = None, half: str | None = None,
                  half_by: str = "topic") -> list[LabelledRecord]:
    """Records of a JSON Lines file; ``label`` names the field holding the story label.

    ``half`` ("odd" or "even") keeps the records whose integer field ``half_by`` has that parity.
    """
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            data = _json_line(line, path, number)
            if half is None or _in_half(data, half, half_by, f"{path}:{number}"):
                records.append(_record(data, label, number))
    if not records:
        raise InputError(f"{path}: no records")
    if all(r.label.startswith("\0") for r in records):
        raise InputError(f"{path}: no record has the label field {label!r}")
    return records[:limit] if limit else records


def _json_line(line: str, path: Path, number: int) -> JSONDict:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{path}:{number}: not JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}:{number}: not a JSON object")
    return data


def _in_half(data: JSONDict, half: str, field: str, where: str) -> bool:
    if half not in HALVES:
        raise InputError(f"half must be one of {', '.join(HALVES)}, not {half!r}")
    value = data.get(field)
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).lstrip("-").isdigit():
        raise InputError(f"{where}: no integer field {field!r} to take the {half} half by")
    return (int(value) % 2 == 1) == (half == "odd")


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
                   refine: bool = True, batch_size: int | None = None) -> list[str]:
    """The story id sanctionwatch gives each profile, in input order (after any merges).

    Without ``batch_size`` the records arrive as one batch (term counts from all of them, and the
    second look over all of them); with it they arrive ``batch_size`` at a time, as a watch loop's
    passes bring them: each batch is counted, assigned and looked at again on its own, and the
    articles of earlier batches are stored ones, as the pipeline's stories restored from the store: only
    the latest ``revisit`` of each story a batch joins may move or be split off.
    """
    if batch_size is None:
        assignments, _ = cluster_profiles(profiles, options, refine)
    else:
        assignments = _streamed(profiles, options, refine, batch_size)
    story_of = {a.article_id: a.story_id for a in assignments}
    return [story_of[p.article_id] for p in profiles]


def _streamed(profiles: Sequence[ArticleProfile], options: ClusterOptions | None, refine: bool,
              batch_size: int) -> list[Assignment]:
    index = StoryIndex(options)
    found: dict[str, Assignment] = {}
    for start in range(0, len(profiles), batch_size):
        for profile in index.prime(profiles[start:start + batch_size]):
            found[profile.article_id] = index.add(profile, count_terms=False)
        if refine:
            found.update((moved.article_id, moved) for moved in index.refine())
        else:
            index.settle(vectors for vectors, _story in index.pending.values())
            index.pending.clear()
    for assignment in found.values():
        assignment.story_id = index.resolve(assignment.story_id)
    return list(found.values())


def baseline_labels(records: Sequence[LabelledRecord], threshold: float) -> list[int]:
    """Plain single-pass TF-IDF: join the nearest centroid at or above ``threshold``, else start a cluster."""
    order = sorted(range(len(records)), key=lambda i: records[i].date or "")
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [f"{r.title}\n{r.text}" for r in records]).tocsr()
    centroids = np.zeros((16, matrix.shape[1]))
    norms = np.zeros(16)
    labels = [0] * len(records)
    used = 0
    for i in order:
        row = matrix[i]
        scores = centroids[:used, row.indices] @ row.data / np.maximum(norms[:used], 1e-12)
        best = int(np.argmax(scores)) if used else -1
        if best < 0 or scores[best] < threshold:
            if used == len(centroids):
                centroids, norms = np.vstack([centroids, np.zeros_like(centroids)]), np.concatenate([norms, norms * 0])
            best, used = used, used + 1
        centroids[best, row.indices] += row.data
        norms[best] = np.linalg.norm(centroids[best])
        labels[i] = best
    return labels


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


def cluster_options(settings: Sequence[str]) -> ClusterOptions:
    """Clustering options with ``NAME=VALUE`` overrides (e.g. ``threshold=0.28``), for measuring one change."""
    fields = {f.name: f for f in dataclasses.fields(ClusterOptions)}
    changes: dict[str, int | float] = {}
    for setting in settings:
        name, _, value = setting.partition("=")
        if name not in fields or not value:
            raise InputError(f"{setting!r}: expected NAME=VALUE with NAME one of {', '.join(fields)}")
        try:
            changes[name] = int(value) if fields[name].type in (int, "int") else float(value)
        except ValueError:
            raise InputError(f"{setting!r}: {value!r} is not a number") from None
    return dataclasses.replace(ClusterOptions(), **changes)  # type: ignore[arg-type]


def input_orders(size: int, orders: int, seed: int) -> list[tuple[str, list[int]]]:
    """The file's order, then ``orders`` random orders drawn with seeds ``seed``, ``seed + 1``, ..."""
    found = [("file", list(range(size)))]
    for n in range(orders):
        order = list(range(size))
        random.Random(seed + n).shuffle(order)
        found.append((f"seed {seed + n}", order))
    return found


def evaluate_clustering(records: Sequence[LabelledRecord], settings: Settings,
                        options: ClusterOptions | None = None, orders: int = 0, seed: int = 1,
                        batch_size: int | None = None) -> JSONDict:
    """sanctionwatch and the baseline on the same records, in the file's order and ``orders`` random ones.

    The top-level ``sanctionwatch``, ``baseline`` (best threshold of the sweep) and ``baseline_fixed``
    are the file order's; ``runs`` has every order's, ``spread`` the median and minimum B-cubed F1.
    """
    profiles = profile_records(records, settings)
    runs = [_run(name, [records[i] for i in order], [profiles[i] for i in order], options, batch_size)
            for name, order in input_orders(len(records), orders, seed)]
    first = runs[0]
    return {
        "records": len(records), "gold_clusters": len({r.label for r in records}), "batch_size": batch_size,
        "sanctionwatch": first["sanctionwatch"], "baseline": first["baseline"],
        "baseline_fixed": first["baseline_fixed"], "ratio_bcubed_f1": first["ratio_bcubed_f1"],
        "runs": runs, "spread": _spread(runs),
    }


def _run(name: str, records: Sequence[LabelledRecord], profiles: Sequence[ArticleProfile],
         options: ClusterOptions | None, batch_size: int | None) -> JSONDict:
    gold = [r.label for r in records]
    ours = score_clusters(cluster_labels(profiles, options, batch_size=batch_size), gold)
    sweep = {t: score_clusters(baseline_labels(records, t), gold) for t in BASELINE_THRESHOLDS}
    threshold, baseline = max(sweep.items(), key=lambda item: item[1].bcubed_f1)
    return {
        "order": name, "sanctionwatch": dataclasses.asdict(ours),
        "baseline": {**dataclasses.asdict(baseline), "threshold": threshold},
        "baseline_fixed": {**dataclasses.asdict(sweep[BASELINE_DEFAULT]), "threshold": BASELINE_DEFAULT},
        "ratio_bcubed_f1": ours.bcubed_f1 / baseline.bcubed_f1 if baseline.bcubed_f1 else None,
    }


def _spread(runs: list[JSONDict]) -> JSONDict:
    """Median and minimum B-cubed F1 of each system over the orders, and the ratio of the medians."""
    spread: JSONDict = {}
    for system in ("sanctionwatch", "baseline_fixed", "baseline"):
        values = [run[system]["bcubed_f1"] for run in runs]
        spread[system] = {"median": statistics.median(values), "min": min(values)}
    best = spread["baseline"]["median"]
    spread["ratio_median_bcubed_f1"] = spread["sanctionwatch"]["median"] / best if best else None
    return spread
