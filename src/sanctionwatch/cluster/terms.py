"""Words and names as weighted vectors: tokens, document frequencies kept online, TF-IDF, centroids.

Vectors are plain ``dict[str, float]`` (sparse), L2-normalised. Document frequencies grow as
articles arrive (``TermStats``), so an idf is always the one known at the time of asking.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

Vector = dict[str, float]

TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|\d+(?:[.,]\d+)*")
NEWS_STOP_WORDS = frozenset({"said", "says", "say", "told", "according", "new", "also", "would", "could", "one",
                             "two", "year", "years", "time", "week", "month", "day", "monday", "tuesday",
                             "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
                             "mr", "mrs", "ms"})
STOP_WORDS = ENGLISH_STOP_WORDS | NEWS_STOP_WORDS


def tokenize(text: str) -> list[str]:
    """Lower-cased word and number tokens without stop words, plurals folded (``workers`` -> ``worker``)."""
    words = (_fold(t.lower().replace("’", "'")) for t in TOKEN.findall(text))
    return [w for w in words if len(w) > 1 and w not in STOP_WORDS]


def _fold(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclasses.dataclass
class TermStats:
    """Document frequencies, updated as articles arrive: the idf of a term is the one known so far."""

    documents: int = 0
    df: Counter[str] = dataclasses.field(default_factory=Counter)

    def add(self, keys: Iterable[str]) -> None:
        self.documents += 1
        self.df.update(set(keys))

    def idf(self, key: str) -> float:
        return math.log((1 + self.documents) / (1 + self.df.get(key, 0))) + 1.0

    def share(self, key: str) -> float:
        """The fraction of documents holding ``key``."""
        return self.df.get(key, 0) / self.documents if self.documents else 0.0


def weigh(counts: Mapping[str, float], stats: TermStats) -> Vector:
    """Sublinear TF-IDF, L2-normalised."""
    raw = {key: (1.0 + math.log(count)) * stats.idf(key) for key, count in counts.items() if count > 0}
    return normalise(raw)


def normalise(vector: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(key, 0.0) for key, value in a.items())


def top(vector: Mapping[str, float], size: int) -> Vector:
    """The ``size`` heaviest entries (ties by key, so the choice is stable)."""
    return dict(sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:size])


@dataclasses.dataclass
class Centroid:
    """A running sum of unit vectors with its squared norm, so a cosine against it costs one dot product."""

    weights: Vector = dataclasses.field(default_factory=dict)
    norm2: float = 0.0

    def add(self, vector: Mapping[str, float]) -> None:
        self.norm2 += 2 * dot(vector, self.weights) + sum(v * v for v in vector.values())
        for key, value in vector.items():
            self.weights[key] = self.weights.get(key, 0.0) + value

    def remove(self, vector: Mapping[str, float]) -> None:
        self.norm2 += -2 * dot(vector, self.weights) + sum(v * v for v in vector.values())
        for key, value in vector.items():
            left = self.weights.get(key, 0.0) - value
            if abs(left) > 1e-9:
                self.weights[key] = left
            else:
                self.weights.pop(key, None)
        self.norm2 = max(self.norm2, 0.0) if self.weights else 0.0

    def absorb(self, other: Centroid) -> None:
        self.add(other.weights)

    def cosine(self, vector: Mapping[str, float]) -> float:
        """Cosine of a unit vector with the centroid."""
        return dot(vector, self.weights) / math.sqrt(self.norm2) if self.norm2 > 0 else 0.0

    def similarity(self, other: Centroid) -> float:
        if self.norm2 <= 0 or other.norm2 <= 0:
            return 0.0
        return dot(self.weights, other.weights) / math.sqrt(self.norm2 * other.norm2)
