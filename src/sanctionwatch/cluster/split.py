"""The second look at a story: does it hold two events? Reports of two events of one kind (two fights of
one boxer, two earthquakes in one region) share so many words and names that, arriving in a mixed
order, they can end up in one story. Taken together, such a story falls apart into two groups whose
members resemble each other much more than they resemble the other group.

``bisect_story`` builds the article-to-article scores of the story's batch members (the same weighted
cosines as an article against a story, as one sparse product), cuts them in two by average linkage,
and says whether the cut is clean: the two groups score low against each other, both in absolute terms
and next to how alike the members of each group are. Cost: at most ``SPLIT_CAP`` members per story.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix

from sanctionwatch.cluster.features import FEATURES, ClusterOptions
from sanctionwatch.cluster.story_state import ArticleVectors

SPLIT_CAP = 80  # a story with more batch members than this is not looked at again (cost stays bounded)


@dataclasses.dataclass(frozen=True)
class Bisection:
    """Two groups of a story's members (indices into the members given), and how alike they are."""

    stay: list[int]
    leave: list[int]
    between: float  # mean score of a member of one group against a member of the other
    within: float  # mean score of two members of the more cohesive group

    def explain(self) -> str:
        return (f"split from a story holding two groups: {self.between:.2f} between them, "
                f"{self.within:.2f} within")


def bisect_story(members: Sequence[ArticleVectors], options: ClusterOptions, fixed: int = 1) -> Bisection | None:
    """The clean cut of ``members`` in two, or None; the group holding ``members[0]`` stays.

    The first ``fixed`` members (those already stored) must all stay: a cut through them is no cut.
    """
    if not 2 * options.split_min_part <= len(members) <= SPLIT_CAP:
        return None
    scores = pair_scores(members, options)
    first, second = _cut(scores)
    if min(len(first), len(second)) < options.split_min_part:
        return None
    between = float(scores[np.ix_(first, second)].mean())
    within = max(_cohesion(scores, first), _cohesion(scores, second))
    if between >= options.split_between or between >= options.split_ratio * within:
        return None
    stay, leave = (first, second) if 0 in first else (second, first)
    if any(i < fixed for i in leave):
        return None
    return Bisection(stay, leave, between, within)


def pair_scores(members: Sequence[ArticleVectors], options: ClusterOptions) -> np.ndarray:
    """Article-to-article scores: the weighted sum of the feature cosines, for every pair at once."""
    columns: dict[tuple[str, str], int] = {}
    data: list[float] = []
    indices: list[int] = []
    pointers = [0]
    for article in members:
        for feature in FEATURES:
            scale = math.sqrt(getattr(options, feature.weight))
            for key, value in getattr(article, feature.name).items():
                indices.append(columns.setdefault((feature.name, key), len(columns)))
                data.append(scale * value)
        pointers.append(len(indices))
    matrix = csr_matrix((data, indices, pointers), shape=(len(members), max(len(columns), 1)))
    return np.asarray((matrix @ matrix.T).toarray())


def _cut(scores: np.ndarray) -> tuple[list[int], list[int]]:
    """Average-linkage clustering of the members, stopped at two groups."""
    distances = np.clip(scores.max() - scores, 0.0, None)
    np.fill_diagonal(distances, 0.0)
    condensed = distances[np.triu_indices(len(scores), 1)]
    labels = fcluster(linkage(condensed, method="average"), 2, criterion="maxclust")
    first = [i for i, label in enumerate(labels) if label == labels[0]]
    return first, [i for i, label in enumerate(labels) if label != labels[0]]


def _cohesion(scores: np.ndarray, group: list[int]) -> float:
    block = scores[np.ix_(group, group)]
    size = len(group)
    return float((block.sum() - np.trace(block)) / (size * (size - 1))) if size > 1 else 0.0
