"""Choosing the sentences of an extractive summary: which sentences carry the report.

Sentences are compared by their shared content words, weighted as in TextRank (common words over the
sum of the log lengths). Each usable sentence is described by features that are relative to its own
report (so long and short reports read alike):
    position          1 / (1 + its rank among the usable sentences)
    length            its content words over the longest sentence's
    forward           its similarity to the sentences after it (PacSum's directed centrality)
    centrality        its similarity to all the others (TextRank's degree)
    centrality_rank   its place in the report's centrality order, 0 for the most central, 1 for the least
    coverage          the report-wide counts of the words it holds
    headline          the share of the headline's words it holds
(the sums scaled so the report's best is 1). A small regression tree, ``SENTENCE_TREE``, turns them
into an estimate of how much of a reference summary the sentence would match, and the score is that
estimate (scaled so the report's best is 1) raised by its position, in two parts:
    content           the tree's estimate
    position          the estimate times ``POSITION_BOOST`` / (1 + rank): early sentences gain in
                      proportion to their content, so an early aside gains little
Very short sentences and the report's own conclusion are left out. The summary is the best few
sentences, skipping any that repeat one already chosen, in text order; the details are the next best,
also in order and without repeats.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from typing import TypeAlias

import numpy as np
from scipy.sparse import csr_matrix
from scipy.stats import rankdata
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from sanctionwatch.model import Analysis

MIN_CHARS = 25
SUMMARY_SIZE = 3
DETAILS_SIZE = 4
CONCLUSION_OPENERS = ("in conclusion", "in summary", "to conclude", "overall,")
WORD = re.compile(r"[^\W_][\w'’-]*")
DUPLICATE_OVERLAP = 0.6  # share of the shorter sentence's words found in the other: a near-duplicate
FEATURES = ("position", "length", "forward", "centrality", "centrality_rank", "coverage", "headline")
PARTS = ("content", "position")
POSITION_BOOST = 2.5

# A node is a leaf (the estimate) or (feature, threshold, subtree at or below it, subtree above it).
Node: TypeAlias = float | tuple[str, float, "Node", "Node"]
# Fitted by bench/fit_summary_tree.py (depth 5, at least 100 sentences a leaf) on the even halves of
# BBC News Summary and FRANK together, each set and each article weighing the same; the target is a
# sentence's mean ROUGE-1/2 F1 against the reference, over the article's best. Depth, leaf size and
# POSITION_BOOST were chosen by two-fold cross-validation within the even halves; the odd halves are
# held out (BENCHMARKS.md, "Summary paragraph").
SENTENCE_TREE: Node = (
    "centrality", 0.554,
    ("centrality_rank", 0.63,
     ("coverage", 0.3867,
      ("position", 0.225,
       ("coverage", 0.2627, 0.222, 0.286),
       0.418),
      ("centrality_rank", 0.3663,
       ("position", 0.0801, 0.402, 0.554),
       ("position", 0.2917, 0.361, 0.465))),
     ("coverage", 0.192,
      ("centrality_rank", 0.9238,
       ("length", 0.2971, 0.178, 0.308),
       ("position", 0.1339, 0.106, 0.18)),
      ("forward", 0.2587,
       ("centrality", 0.0621, 0.158, 0.264),
       ("headline", 0.0833, 0.365, 0.229)))),
    ("coverage", 0.6753,
     ("forward", 0.9374,
      ("centrality_rank", 0.559,
       ("position", 0.0607, 0.402, 0.499),
       0.332),
      0.679),
     ("centrality_rank", 0.4037,
      ("headline", 0.1833,
       ("position", 0.069, 0.577, 0.662),
       ("coverage", 0.9477, 0.696, 0.855)),
      ("centrality", 0.6612,
       ("forward", 0.2526, 0.316, 0.43),
       0.528))),
)


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
    spans = usable_sentences(text, analysis)
    if not spans:
        return []
    features = sentence_features([text[start:end] for _, start, end in spans], title)
    content = _scaled(np.array([estimate(SENTENCE_TREE, features, k) for k in range(len(spans))]))
    parts = {"content": content, "position": content * POSITION_BOOST * features["position"]}
    candidates = [_candidate(k, span, parts) for k, span in enumerate(spans)]
    return sorted(candidates, key=lambda c: (-c.score, c.index))


def usable_sentences(text: str, analysis: Analysis) -> list[tuple[int, int, int]]:
    """(index, start, end) of the sentences long enough to summarise with, trimmed of white space."""
    return [u for i, s in enumerate(analysis.sentences) if (u := _usable(text, i, s.start, s.end))]


def sentence_features(sentences: list[str], title: str = "") -> dict[str, np.ndarray]:
    """Each sentence's ``FEATURES``, relative to the report they come from (module docstring)."""
    bags = [Counter(content_words(sentence)) for sentence in sentences]
    similarity = sentence_graph(bags)
    centrality = similarity.sum(axis=1)
    lengths = np.array([sum(bag.values()) for bag in bags], dtype=float)
    counts = Counter(word for bag in bags for word in bag.elements())
    heading = set(content_words(title))
    return {
        "position": 1.0 / (1.0 + np.arange(len(bags))),
        "length": lengths / max(float(lengths.max()), 1.0),
        "forward": _scaled(np.triu(similarity, 1).sum(axis=1)),
        "centrality": _scaled(centrality),
        "centrality_rank": (rankdata(-centrality, method="min") - 1) / max(len(bags) - 1, 1),
        "coverage": _scaled(np.array([sum(counts[w] for w in bag) for bag in bags], dtype=float)),
        "headline": np.array([len(heading & set(bag)) / len(heading) if heading else 0.0 for bag in bags]),
    }


def estimate(node: Node, features: dict[str, np.ndarray], row: int) -> float:
    """The tree's leaf for one sentence (``row``) of ``features``."""
    while not isinstance(node, float):
        name, threshold, below, above = node
        node = below if features[name][row] <= threshold else above
    return node


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


def _candidate(rank: int, span: tuple[int, int, int], parts: dict[str, np.ndarray]) -> Candidate:
    rounded = {name: round(float(values[rank]), 4) for name, values in parts.items()}
    index, start, end = span
    return Candidate(index, start, end, sum(rounded.values()), rounded)
