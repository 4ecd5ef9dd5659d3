"""Relevance (is the report about sanctions evasion?) on the sanctions news corpus, next to keywords.

The corpus (``../shared/data/corpus/articles.jsonl``) flags each text ``sanctions_evasion``. Each
text is analysed as an article (body only; the title is the collector's); the prediction is
``assessment.sanctions_evasion``. The baseline calls a text relevant when it holds "sanction" and
an evasion word (evade, evasion, evading, circumvent, violat...): the plain keyword filter an analyst
would start with. The Brier score says how well calibrated sanctionwatch's probability is.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.errors import InputError
from sanctionwatch.evaluation.quantities import prf
from sanctionwatch.settings import Settings

KEYWORDS = (re.compile(r"sanction", re.IGNORECASE), re.compile(r"evad|evasion|circumvent|violat", re.IGNORECASE))


@dataclasses.dataclass
class Judged:
    """One corpus text: its gold flag, sanctionwatch's score and decision, and the baseline's."""

    id: str
    gold: bool
    score: float
    predicted: bool
    baseline: bool
    features: list[str]


def read_corpus(path: Path) -> list[dict[str, Any]]:
    """The corpus records that carry text and a ``sanctions_evasion`` flag."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read the corpus ({exc})") from exc
    usable = [r for r in records if isinstance(r, dict) and r.get("text") and "sanctions_evasion" in r]
    if not usable:
        raise InputError(f"{path}: no record has text and a sanctions_evasion flag")
    return usable


def keyword_baseline(text: str) -> bool:
    return all(pattern.search(text) for pattern in KEYWORDS)


def judge_corpus(path: Path, settings: Settings) -> list[Judged]:
    records = read_corpus(path)
    nlp = load_pipeline(settings.spacy_model)
    judged = []
    for record, doc in zip(records, nlp.pipe(str(r["text"]) for r in records), strict=True):
        analysis = analyze_doc(str(record.get("id", "")), doc, published=record.get("date"))
        assessment = analysis.assessment
        assert assessment is not None
        judged.append(Judged(
            id=str(record.get("id", "")), gold=bool(record["sanctions_evasion"]), score=assessment.score,
            predicted=assessment.sanctions_evasion, baseline=keyword_baseline(str(record["text"])),
            features=[f.name for f in assessment.features],
        ))
    return judged


def evaluate_relevance(path: Path, settings: Settings) -> dict[str, Any]:
    """Precision, recall and F1 of sanctionwatch and of the keyword baseline, with the errors."""
    judged = judge_corpus(path, settings)
    brier = sum((j.score - j.gold) ** 2 for j in judged) / len(judged)
    return {
        "texts": len(judged), "positives": sum(j.gold for j in judged),
        "sanctionwatch": prf(*_counts([(j.gold, j.predicted) for j in judged])),
        "keyword_baseline": prf(*_counts([(j.gold, j.baseline) for j in judged])),
        "brier": round(brier, 4),
        "errors": [{"id": j.id, "gold": j.gold, "score": j.score} for j in judged if j.gold != j.predicted],
    }


def _counts(pairs: list[tuple[bool, bool]]) -> tuple[int, int, int]:
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    return tp, fp, fn
