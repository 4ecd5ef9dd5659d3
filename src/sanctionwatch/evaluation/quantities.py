"""Quantity spans on MeasEval (SemEval-2021 Task 8), next to spaCy's numeric entities.

MeasEval (``../shared/data/measeval``) marks each quantity with its unit ("300 °C", "~15 kR", "up to
25%") in ScienceDirect paragraphs: ``data/train/{text,tsv}`` and ``data/trial/{txt,tsv}``. Gold spans
are the ``Quantity`` rows of the TSV files. sanctionwatch's spans come from
``analyze.quantities.find_quantity_spans``; the baseline is spaCy's CARDINAL, QUANTITY, PERCENT and
MONEY entities from the same pipeline. Both are scored by exact span and by overlap (one-to-one).

``prf`` and ``match_spans`` here are the span scoring the other evaluations share.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path

from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.analyze.quantities import find_quantity_spans
from sanctionwatch.errors import InputError
from sanctionwatch.settings import Settings

Span = tuple[int, int]
NUMERIC_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY"})


@dataclasses.dataclass
class Document:
    id: str
    text: str
    gold: list[Span]


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 (0 where undefined), rounded to four places."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}


def match_spans(gold: Sequence[Span], predicted: Sequence[Span], overlap: bool) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives), each gold span matched at most once."""
    unmatched = list(dict.fromkeys(gold))
    tp = 0
    for span in dict.fromkeys(predicted):
        hit = next((g for g in unmatched if g == span or (overlap and g[0] < span[1] and span[0] < g[1])), None)
        if hit is not None:
            unmatched.remove(hit)
            tp += 1
    return tp, len(set(predicted)) - tp, len(unmatched)


def read_measeval(folder: Path) -> list[Document]:
    """Every MeasEval paragraph with a TSV of annotations under ``folder`` (train and trial)."""
    docs = []
    for tsv in sorted(folder.rglob("tsv/*.tsv")):
        text_path = _text_for(tsv)
        if text_path is not None:
            docs.append(Document(tsv.stem, text_path.read_text(encoding="utf-8"), list(_gold_spans(tsv))))
    if not docs:
        raise InputError(f"no MeasEval tsv/text pairs under {folder}")
    return docs


def evaluate_quantities(folder: Path, settings: Settings, limit: int | None = None) -> dict[str, object]:
    """Exact and overlap span scores of sanctionwatch and of the spaCy baseline."""
    docs = read_measeval(folder)[:limit]
    nlp = load_pipeline(settings.spacy_model)
    totals = {f"{who}_{how}": [0, 0, 0] for who in ("sanctionwatch", "spacy") for how in ("exact", "overlap")}
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        ours = find_quantity_spans(doc.text)
        baseline = [(e.start_char, e.end_char) for e in parsed.ents if e.label_ in NUMERIC_LABELS]
        for who, spans in (("sanctionwatch", ours), ("spacy", baseline)):
            for how in ("exact", "overlap"):
                counts = match_spans(doc.gold, spans, overlap=how == "overlap")
                totals[f"{who}_{how}"] = [a + b for a, b in zip(totals[f"{who}_{how}"], counts, strict=True)]
    scores = {name: prf(*counts) for name, counts in totals.items()}
    return {"documents": len(docs), "gold_quantities": sum(len(d.gold) for d in docs), "scores": scores}


def _text_for(tsv: Path) -> Path | None:
    split = tsv.parent.parent
    for folder in ("text", "txt"):
        candidate = split / folder / f"{tsv.stem}.txt"
        if candidate.is_file():
            return candidate
    return None


def _gold_spans(tsv: Path) -> Iterator[Span]:
    with tsv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row.get("annotType") == "Quantity":
                yield int(row["startOffset"]), int(row["endOffset"])
