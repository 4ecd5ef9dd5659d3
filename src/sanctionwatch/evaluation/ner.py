"""Named entities on CoNLL-2003, per type, next to the plain spaCy model.

CoNLL-2003 (``../shared/data/conll2003/eng.testa``, IOB2) marks PER, ORG, LOC and MISC. Each
sentence is rebuilt as text (tokens joined by spaces) so that gold entities become character spans.
The baseline is the spaCy pipeline's entities with its labels mapped (PERSON -> PER; ORG; GPE, LOC,
FAC -> LOC; NORP, EVENT, LAW, LANGUAGE, PRODUCT, WORK_OF_ART -> MISC). sanctionwatch's entities are
those of the analysis, which adds the knowledge base's names and aliases (claim sources as ORG) where
the model found nothing; the difference between the two rows is what the knowledge base adds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.errors import InputError
from sanctionwatch.evaluation.quantities import prf
from sanctionwatch.settings import Settings

LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC", "EVENT": "MISC",
          "LAW": "MISC", "LANGUAGE": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC"}
TYPES = ("PER", "ORG", "LOC", "MISC")
Labelled = tuple[int, int, str]


def read_conll(path: Path) -> list[tuple[str, list[Labelled]]]:
    """(sentence text, gold (start, end, type) spans) for each sentence of an IOB2 file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    sentences: list[tuple[str, list[Labelled]]] = []
    tokens: list[tuple[str, str]] = []
    for line in [*lines, ""]:
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if tokens:
                sentences.append(_sentence(tokens))
            tokens = []
        else:
            tokens.append((parts[0], parts[-1]))
    if not sentences:
        raise InputError(f"{path}: no CoNLL sentences")
    return sentences


def evaluate_ner(path: Path, settings: Settings, limit: int | None = None) -> dict[str, Any]:
    """Per-type and overall F1 of the plain model and of sanctionwatch's entities."""
    sentences = read_conll(path)[:limit]
    nlp = load_pipeline(settings.spacy_model)
    counts = {who: {t: [0, 0, 0] for t in TYPES} for who in ("spacy", "sanctionwatch")}
    for (_text, gold), doc in zip(sentences, nlp.pipe(s[0] for s in sentences), strict=True):
        plain = [(e.start_char, e.end_char, LABELS[e.label_]) for e in doc.ents if e.label_ in LABELS]
        ours = [(e.start, e.end, LABELS[e.label]) for e in analyze_doc("conll", doc).entities if e.label in LABELS]
        for who, found in (("spacy", plain), ("sanctionwatch", ours)):
            for kind in TYPES:
                _add(counts[who][kind], gold, found, kind)
    return {"sentences": len(sentences), "scores": {who: _scores(by_type) for who, by_type in counts.items()}}


def _sentence(tokens: Sequence[tuple[str, str]]) -> tuple[str, list[Labelled]]:
    offsets, position = [], 0
    for word, _ in tokens:
        offsets.append((position, position + len(word)))
        position += len(word) + 1
    text = " ".join(word for word, _ in tokens)
    return text, list(_gold_spans(tokens, offsets))


def _gold_spans(tokens: Sequence[tuple[str, str]], offsets: Sequence[tuple[int, int]]) -> Iterator[Labelled]:
    start, kind = None, None
    for index, (_, tag) in enumerate([*tokens, ("", "O")]):
        inside = tag.startswith("I-") and kind == tag[2:]
        if start is not None and not inside:
            yield offsets[start][0], offsets[index - 1][1], str(kind)
            start, kind = None, None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, kind = index, tag[2:]


def _add(total: list[int], gold: Sequence[Labelled], found: Sequence[Labelled], kind: str) -> None:
    wanted = {(s, e) for s, e, k in gold if k == kind}
    got = {(s, e) for s, e, k in found if k == kind}
    total[0] += len(wanted & got)
    total[1] += len(got - wanted)
    total[2] += len(wanted - got)


def _scores(by_type: dict[str, list[int]]) -> dict[str, dict[str, float]]:
    scores = {kind: prf(*counts) for kind, counts in by_type.items()}
    overall = [sum(c[i] for c in by_type.values()) for i in range(3)]
    scores["ALL"] = prf(*overall)
    return scores
