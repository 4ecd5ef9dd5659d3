"""Choosing the sentences of an extractive summary: which sentences carry the report.

Sentences are compared by their shared content words, weighted as in TextRank (common words over the
sum of the log lengths). A sentence scores for
    forward       its similarity to the sentences after it (PacSum's directed centrality: a lead is
                  what the rest of the report elaborates), scaled so the report's best is 1
    position      its place among the usable sentences, 1 / (1 + rank)
    headline      the share of the headline's words it holds
and, as a tie-breaker, for the facts it holds. Very short sentences and the report's own conclusion
are left out. The summary is the best few sentences, skipping any that repeat one already chosen, in
text order; the details are the next best, also in order and without repeats.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from sanctionwatch.model import Analysis

MIN_CHARS = 25
SUMMARY_SIZE = 3
DETAILS_SIZE = 4
CONCLUSION_OPENERS = ("in conclusion", "in summary", "to conclude", "overall,")
WORD = re.compile(r"[^\W_][\w'’-]*")
DUPLICATE_OVERLAP = 0.6  # share of the shorter sentence's words found in the other: a near-duplicate
# Tuned on the even halves of BBC News Summary and FRANK (cases in sorted id order), odd halves held out
# (BENCHMARKS.md, "Summary paragraph"); an undirected, lead-biased PageRank centrality took weight 0 there.
# FRANK has no headlines and neither set rewards facts: those two are small priors.
WEIGHTS = {"forward": 3.8, "position": 0.3, "headline": 0.5, "facts": 0.01}


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A usable sentence (trimmed span) with its score and the weighted parts that make it up."""

    index: int
    start: int
    end: int
    score: float
    parts: dict[str, float] = dataclasses.field(default_factory=dict, compare=False)


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
    if not spans:
        return []
    bags = [Counter(content_words(text[start:end])) for _, start, end in spans]
    similarity = sentence_graph(bags)
    heading = set(content_words(title))
    features = {
        "forward": _scaled(np.triu(similarity, 1).sum(axis=1)),
        "position": 1.0 / (1.0 + np.arange(len(spans))),
        "headline": np.array([len(heading & set(bag)) / len(heading) if heading else 0.0 for bag in bags]),
        "facts": np.array([min(sum(1 for f in analysis.facts if start <= f.start < end), 4)
                           for _, start, end in spans], dtype=float),
    }
    candidates = [_candidate(k, span, features) for k, span in enumerate(spans)]
    return sorted(candidates, key=lambda c: (-c.score, c.index))


def sentence_graph(bags: list[Counter[str]]) -> np.ndarray:
    """TextRank's edge weights: words in common (with counts) over the sum of the log lengths."""
    vocabulary = {w: k for k, w in enumerate(dict.fromkeys(w for bag in bags for w in bag))}
    rows = [row for row, bag in enumerate(bags) for _ in bag]
    columns = [vocabulary[word] for bag in bags for word in bag]
    values = [float(count) for bag in bags for count in bag.values()]
    counts = csr_matrix((values, (rows, columns)), shape=(len(bags), len(vocabulary)))
    logs = np.log(np.maximum([sum(bag.values()) for bag in bags], 2.0))
    graph: np.ndarray = (counts @ counts.T).toarray() / (logs[:, None] + logs[None, :])
    np.fill_diagonal(graph, 0.0)
    return graph


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


def _scaled(values: np.ndarray) -> np.ndarray:
    top = float(values.max())
    return values / top if top > 0 else values


def _candidate(rank: int, span: tuple[int, int, int], features: dict[str, np.ndarray]) -> Candidate:
    parts = {name: round(WEIGHTS[name] * float(values[rank]), 4) for name, values in features.items()}
    index, start, end = span
    return Candidate(index, start, end, sum(parts.values()), parts)
