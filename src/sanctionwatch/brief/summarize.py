"""Choosing the sentences of an extractive summary: which sentences carry the report.

A sentence scores for its position (news puts the core first), for the facts and named entities
it holds, and loses for being very short or very long. The summary is the best few early
sentences in their original order; the details are the next best, also in order.
"""

from __future__ import annotations

import dataclasses

from sanctionwatch.model import Analysis

MIN_CHARS = 25
CONCLUSION_OPENERS = ("in conclusion", "in summary", "to conclude", "overall,")


@dataclasses.dataclass(frozen=True)
class Candidate:
    index: int
    start: int
    end: int
    score: float


def rank_sentences(text: str, analysis: Analysis) -> list[Candidate]:
    """Usable sentences (trimmed spans), best first."""
    candidates = [c for i, s in enumerate(analysis.sentences) if (c := _candidate(text, i, s.start, s.end, analysis))]
    return sorted(candidates, key=lambda c: (-c.score, c.index))


def choose_summary(ranked: list[Candidate], size: int = 3) -> list[Candidate]:
    """The ``size`` best sentences, in text order."""
    return sorted(ranked[:size], key=lambda c: c.index)


def choose_details(ranked: list[Candidate], taken: list[Candidate], size: int = 4) -> list[Candidate]:
    """The next ``size`` best sentences not already taken, in text order."""
    used = {c.index for c in taken}
    return sorted([c for c in ranked if c.index not in used][:size], key=lambda c: c.index)


def _candidate(text: str, index: int, start: int, end: int, analysis: Analysis) -> Candidate | None:
    raw = text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    sentence = text[start:end]
    if len(sentence) < MIN_CHARS or sentence.lower().startswith(CONCLUSION_OPENERS):
        return None
    return Candidate(index, start, end, _score(index, start, end, analysis))


def _score(index: int, start: int, end: int, analysis: Analysis) -> float:
    position = 1.0 / (1.0 + 0.35 * index)
    facts = sum(1 for f in analysis.facts if start <= f.start < end)
    entities = sum(1 for e in analysis.entities if start <= e.start < end)
    length = end - start
    size = 1.0 if 60 <= length <= 320 else 0.6
    return size * (position + 0.15 * min(facts, 4) + 0.05 * min(entities, 6))
