"""Choosing the sentences of an extractive summary: which sentences carry the report.

A sentence scores for its position (news puts the core first), for how central its words are to the
whole report (cosine with the rest of the report's word counts, and how many of its words recur
elsewhere), for sharing words with the headline, and for the facts it holds; very short sentences
and the report's own conclusion are left out.
The summary is the best few sentences, skipping any that repeat one already chosen, in text order;
the details are the next best, also in order and without repeats.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from sanctionwatch.model import Analysis

MIN_CHARS = 25
SUMMARY_SIZE = 3
DETAILS_SIZE = 4
CONCLUSION_OPENERS = ("in conclusion", "in summary", "to conclude", "overall,")
WORD = re.compile(r"[^\W_][\w'’-]*")
DUPLICATE_OVERLAP = 0.6  # share of the shorter sentence's words found in the other: a near-duplicate
# Tuned on a fifth of BBC News Summary and FRANK's validation split (BENCHMARKS.md, "Stories").
WEIGHTS = {"position": 1.0, "centrality": 1.0, "overlap": 0.2, "headline": 0.3, "facts": 0.05}
POSITION_DECAY = 0.3


@dataclasses.dataclass(frozen=True)
class Candidate:
    index: int
    start: int
    end: int
    score: float


def content_words(text: str) -> list[str]:
    """Lower-cased words without stop words, plural ``s`` folded: what sentences are compared on."""
    words = (w.lower().replace("’", "'") for w in WORD.findall(text))
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in words if w not in ENGLISH_STOP_WORDS and len(w) > 1]


def near_duplicate(one: str, other: str) -> bool:
    """Whether two sentences say the same: most words of the shorter are in the longer."""
    a, b = set(content_words(one)), set(content_words(other))
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= DUPLICATE_OVERLAP


def rank_sentences(text: str, analysis: Analysis, title: str = "") -> list[Candidate]:
    """Usable sentences (trimmed spans), best first."""
    spans = [u for i, s in enumerate(analysis.sentences) if (u := _usable(text, i, s.start, s.end))]
    bags = [Counter(content_words(text[start:end])) for _, start, end in spans]
    total = sum(bags, Counter())
    heading = set(content_words(title))
    candidates = [Candidate(i, start, end, _score(i, start, end, bag, total, heading, analysis))
                  for (i, start, end), bag in zip(spans, bags, strict=True)]
    return sorted(candidates, key=lambda c: (-c.score, c.index))


def choose_summary(ranked: list[Candidate], size: int = SUMMARY_SIZE, text: str = "") -> list[Candidate]:
    """The ``size`` best sentences that do not repeat one another, in text order."""
    return sorted(_distinct(ranked, [], size, text), key=lambda c: c.index)


def choose_details(ranked: list[Candidate], taken: list[Candidate], size: int = DETAILS_SIZE,
                   text: str = "") -> list[Candidate]:
    """The next ``size`` best sentences not already taken (nor repeating them), in text order."""
    used = {c.index for c in taken}
    rest = [c for c in ranked if c.index not in used]
    return sorted(_distinct(rest, taken, size, text), key=lambda c: c.index)


def _distinct(ranked: list[Candidate], taken: list[Candidate], size: int, text: str) -> list[Candidate]:
    chosen: list[Candidate] = []
    for candidate in ranked:
        if len(chosen) >= size:
            break
        sentence = text[candidate.start:candidate.end]
        if not text or not any(near_duplicate(sentence, text[c.start:c.end]) for c in [*taken, *chosen]):
            chosen.append(candidate)
    return chosen


def _usable(text: str, index: int, start: int, end: int) -> tuple[int, int, int] | None:
    raw = text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    sentence = text[start:end]
    if len(sentence) < MIN_CHARS or sentence.lower().startswith(CONCLUSION_OPENERS):
        return None
    return index, start, end


def _score(index: int, start: int, end: int, bag: Counter[str], total: Counter[str], heading: set[str],
           analysis: Analysis) -> float:
    parts = {
        "position": 1.0 / (1.0 + POSITION_DECAY * index),
        "centrality": _centrality(bag, total),
        "overlap": math.log1p(sum(min(count, total[w] - count) for w, count in bag.items())),
        "headline": len(heading & set(bag)) / len(heading) if heading else 0.0,
        "facts": min(sum(1 for f in analysis.facts if start <= f.start < end), 4),
    }
    return sum(WEIGHTS[name] * value for name, value in parts.items())


def _centrality(bag: Counter[str], total: Counter[str]) -> float:
    """Cosine between the sentence's words and the rest of the report's."""
    rest = {w: total[w] - bag.get(w, 0) for w in bag}
    top = sum(bag[w] * rest[w] for w in bag)
    norm_rest = math.sqrt(sum(v * v for v in total.values()))
    norm_bag = math.sqrt(sum(v * v for v in bag.values()))
    return top / (norm_rest * norm_bag) if norm_rest and norm_bag else 0.0
