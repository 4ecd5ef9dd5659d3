"""Name matching on labelled pairs, next to rapidfuzz WRatio on the same pairs in the same run.

The pairs are the nomenklatura name bench layout (``case_group,schema,name1,name2,is_match``): each
pair is scored by the name comparison the screening uses (``link.compare`` on names prepared for the
pair's schema) and by ``rapidfuzz.fuzz.WRatio / 100``. The report gives precision, recall and F1 at
the threshold, the threshold with the best F1 for each, F1 per case group, and, given a file of
cross-script pairs (the Watchman layout ``query,expected,...``, every pair a match), the share of
them each scorer puts at or above the threshold.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, utils

from sanctionwatch.errors import InputError
from sanctionwatch.link.compare import compare_names
from sanctionwatch.link.names import kind_of, prepare_name

Scorer = Callable[[str, str, str], float]
THRESHOLDS = tuple(round(0.3 + step * 0.01, 2) for step in range(70))


@dataclasses.dataclass(frozen=True)
class Case:
    group: str
    schema: str
    name1: str
    name2: str
    is_match: bool


def our_score(name1: str, name2: str, schema: str) -> float:
    """The screening's name similarity of two names of one schema."""
    kind = kind_of(schema)
    return compare_names(prepare_name(name1, kind), prepare_name(name2, kind)).score


def wratio_score(name1: str, name2: str, _schema: str) -> float:
    return float(fuzz.WRatio(name1, name2, processor=utils.default_process)) / 100


SCORERS: dict[str, Scorer] = {"sanctionwatch": our_score, "rapidfuzz_wratio": wratio_score}


def read_cases(path: Path) -> list[Case]:
    """The labelled pairs of a name-bench CSV."""
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"{path}: cannot read the pairs ({error})") from error
    needed = {"schema", "name1", "name2", "is_match"}
    if not rows or not needed <= set(rows[0]):
        raise InputError(f"{path}: expected the columns {', '.join(sorted(needed))}")
    return [Case(row.get("case_group") or "", row["schema"], row["name1"], row["name2"],
                 row["is_match"].strip().lower() == "true") for row in rows]


def read_cross_script(path: Path) -> list[tuple[str, str]]:
    """(query, expected) pairs of a cross-script CSV; comment lines start with #."""
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the pairs ({error})") from error
    return [(row[0], row[1]) for row in csv.reader(lines) if len(row) >= 2]


def prf(scores: Sequence[float], labels: Sequence[bool], threshold: float) -> dict[str, float]:
    """Precision, recall and F1 of "score >= threshold" against the labels."""
    tp = sum(1 for s, g in zip(scores, labels, strict=True) if s >= threshold and g)
    fp = sum(1 for s, g in zip(scores, labels, strict=True) if s >= threshold and not g)
    fn = sum(1 for s, g in zip(scores, labels, strict=True) if s < threshold and g)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def best_threshold(scores: Sequence[float], labels: Sequence[bool]) -> dict[str, float]:
    """The threshold (0.30-0.99) with the best F1, and that F1."""
    best = max(THRESHOLDS, key=lambda t: (prf(scores, labels, t)["f1"], -abs(t - 0.7)))
    return {"threshold": best, "f1": prf(scores, labels, best)["f1"]}


def evaluate_names(pairs: Path, threshold: float, cross_script: Path | None = None) -> dict[str, Any]:
    """The report: every scorer at the threshold, at its best threshold, per group, and cross-script."""
    cases = read_cases(pairs)
    labels = [case.is_match for case in cases]
    report: dict[str, Any] = {"pairs": len(cases), "matches": sum(labels), "threshold": threshold, "scorers": {}}
    for name, scorer in SCORERS.items():
        scores = [scorer(case.name1, case.name2, case.schema) for case in cases]
        report["scorers"][name] = {**prf(scores, labels, threshold), "best": best_threshold(scores, labels),
                                   "groups": _by_group(cases, scores, threshold)}
    if cross_script is not None:
        report["cross_script"] = _cross_script(read_cross_script(cross_script), threshold)
    return report


def _by_group(cases: list[Case], scores: list[float], threshold: float) -> dict[str, dict[str, float]]:
    groups: dict[str, dict[str, float]] = {}
    for group in sorted({case.group for case in cases}):
        chosen = [(s, c.is_match) for s, c in zip(scores, cases, strict=True) if c.group == group]
        groups[group] = {"pairs": len(chosen), **prf([s for s, _ in chosen], [g for _, g in chosen], threshold)}
    return groups


def _cross_script(pairs: list[tuple[str, str]], threshold: float) -> dict[str, Any]:
    found: dict[str, Any] = {"pairs": len(pairs)}
    for name, scorer in SCORERS.items():
        hits = sum(1 for query, expected in pairs if scorer(query, expected, "Person") >= threshold)
        found[name] = {"recall": round(hits / len(pairs), 3) if pairs else 0.0}
    return found


def format_report(report: dict[str, Any]) -> str:
    """The report as a few lines of text."""
    lines = [f"{report['pairs']} pairs ({report['matches']} matches), threshold {report['threshold']:.2f}"]
    for name, figures in report["scorers"].items():
        best = figures["best"]
        lines.append(f"  {name:<17} precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  "
                     f"F1 {figures['f1']:.3f}  (best F1 {best['f1']:.3f} at {best['threshold']:.2f})")
    if "cross_script" in report:
        cross = report["cross_script"]
        scores = ", ".join(f"{name} {cross[name]['recall']:.3f}" for name in SCORERS)
        lines.append(f"  cross-script pairs ({cross['pairs']}): share at or above the threshold: {scores}")
    return "\n".join(lines)

