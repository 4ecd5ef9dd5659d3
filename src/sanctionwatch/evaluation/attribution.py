"""Attribution sources on PolNeAR, next to a named-entity baseline.

PolNeAR (``../shared/data/polnear``) marks, in US political news, each attribution's Source, Cue and
Content spans (brat ``.ann`` files under ``data/<split>/attributions``; the texts under
``data/<split>/text``, named without the annotator suffix; where two annotators did one text, the
first annotation counts). sanctionwatch's sources are the non-empty
``source`` spans of its attributions. The baseline takes every PERSON or ORG entity of a sentence
that holds a reporting verb ("said", "according to", ...) as a source. Both are scored by exact span
and by overlap, one-to-one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.errors import InputError
from sanctionwatch.evaluation.quantities import Span, match_spans, prf
from sanctionwatch.settings import Settings

REPORTING = re.compile(r"\b(?:said|says|say|told|tells|according to|stated|added|noted|reported|announced|claimed)\b")


def read_polnear(folder: Path, split: str) -> list[tuple[str, str, list[Span]]]:
    """(name, text, gold source spans) for every annotated article of a split."""
    root = folder / "data" / split if (folder / "data").is_dir() else folder / split
    annotations = sorted((root / "attributions").glob("*.ann"))
    documents, seen = [], set()
    for ann in annotations:
        name = ann.stem.rsplit("_", 1)[0]
        text_path = root / "text" / f"{name}.txt"
        if text_path.is_file() and name not in seen:
            seen.add(name)
            documents.append((name, text_path.read_text(encoding="utf-8"), list(_sources(ann))))
    if not documents:
        raise InputError(f"no PolNeAR articles with annotations under {root}")
    return documents


def evaluate_attribution(
    folder: Path, settings: Settings, split: str = "dev", limit: int | None = None
) -> dict[str, Any]:
    """Source-span precision, recall and F1 of sanctionwatch and of the entity baseline."""
    documents = read_polnear(folder, split)[:limit]
    nlp = load_pipeline(settings.spacy_model)
    totals = {f"{who}_{how}": [0, 0, 0] for who in ("sanctionwatch", "baseline") for how in ("exact", "overlap")}
    for (_name, _text, gold), doc in zip(documents, nlp.pipe(d[1] for d in documents), strict=True):
        ours = [(a.source_start, a.source_end) for a in analyze_doc("polnear", doc).attributions if a.source]
        for who, spans in (("sanctionwatch", ours), ("baseline", list(_baseline_sources(doc)))):
            for how in ("exact", "overlap"):
                counts = match_spans(gold, spans, overlap=how == "overlap")
                totals[f"{who}_{how}"] = [a + b for a, b in zip(totals[f"{who}_{how}"], counts, strict=True)]
    return {"split": split, "documents": len(documents), "gold_sources": sum(len(d[2]) for d in documents),
            "scores": {name: prf(*counts) for name, counts in totals.items()}}


def _baseline_sources(doc: Doc) -> Iterator[Span]:
    for sentence in doc.sents:
        if REPORTING.search(sentence.text):
            for entity in sentence.ents:
                if entity.label_ in ("PERSON", "ORG"):
                    yield entity.start_char, entity.end_char


def _sources(ann: Path) -> Iterator[Span]:
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("T") and parts[1].startswith("Source "):
            offsets = parts[1].split(" ", 1)[1].split(";")
            yield int(offsets[0].split()[0]), int(offsets[-1].split()[-1])
