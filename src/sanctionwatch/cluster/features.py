"""Why an article joins a story: each feature returns a value and a sentence a person can read.

The score is the weighted sum of the features, faded by the time between the article and the
story (no fade when either date is unknown). Features are a declarative list, as in nomenklatura.
"""

from __future__ import annotations

import dataclasses

from sanctionwatch.cluster.story_state import ArticleVectors, StoryState
from sanctionwatch.cluster.terms import Centroid, Vector
from sanctionwatch.model import Feature


@dataclasses.dataclass(frozen=True)
class ClusterOptions:
    """The knobs of story clustering; the defaults are the ones measured in BENCHMARKS.md."""

    window_days: int = 14  # an article joins only a story seen within this many days of it
    threshold: float = 0.25  # the lowest score at which an article joins a story
    merge_threshold: float = 0.6  # the lowest story-to-story score at which two stories merge
    text_weight: float = 0.6
    name_weight: float = 0.3
    lead_weight: float = 0.1
    fact_weight: float = 0.2
    fade: float = 0.3  # score lost by an article published at the edge of the window
    candidates: int = 30  # stories scored per article, found through the index
    refine_passes: int = 3  # second looks at a batch (split stories, move articles) before it is closed
    split_min_part: int = 3  # the fewest articles each part of a split story must keep
    split_between: float = 0.3  # a story splits only if its two groups score below this against each other
    split_ratio: float = 0.6  # ... and below this fraction of the score within the more cohesive group
    revisit: int = 10  # the latest stored articles of each story a batch joins that its second look may move


@dataclasses.dataclass(frozen=True)
class StoryFeature:
    """A cosine between one of the article's vectors and the same centroid of the story."""

    name: str  # also the ArticleVectors / StoryState attribute compared
    weight: str  # the ClusterOptions attribute holding its weight
    what: str  # how the explanation introduces what is shared
    shown: int  # how many shared items the explanation names

    def value(self, article: ArticleVectors, story: StoryState) -> float:
        centroid: Centroid = getattr(story, self.name)
        return centroid.cosine(getattr(article, self.name))

    def explain(self, article: ArticleVectors, story: StoryState, options: ClusterOptions) -> Feature:
        value = self.value(article, story)
        shared = _shared(getattr(article, self.name), getattr(story, self.name), story.labels, self.shown)
        weight: float = getattr(options, self.weight)
        return Feature(self.name, round(weight * value, 4), f"{self.what} ({value:.2f}): {shared or 'none'}")


FEATURES = (
    StoryFeature("text", "text_weight", "words in common, TF-IDF cosine", 5),
    StoryFeature("names", "name_weight", "names in common", 4),
    StoryFeature("lead", "lead_weight", "the same protagonists in headline or first sentence", 3),
    StoryFeature("facts", "fact_weight", "figures, dates or instruments in common", 3),
)


def score_story(article: ArticleVectors, story: StoryState, options: ClusterOptions) -> float:
    """The article's score against a story: weighted features, faded by time."""
    total = sum(getattr(options, f.weight) * f.value(article, story) for f in FEATURES)
    return float(total * time_fade(article.profile.date, story, options)[0])


def explain_score(article: ArticleVectors, story: StoryState, options: ClusterOptions) -> list[Feature]:
    """The features behind ``score_story``, each with its contribution and explanation (the time fade last)."""
    return [*(f.explain(article, story, options) for f in FEATURES),
            time_fade(article.profile.date, story, options)[1]]


def time_fade(date: str | None, story: StoryState, options: ClusterOptions) -> tuple[float, Feature]:
    """The factor time applies to a score: 1 inside the story's dates, down to ``1 - fade`` at the window's edge."""
    gap = story.gap_days(date)
    if gap is None:
        return 1.0, Feature("time", 1.0, "no fade: the article or the story has no date")
    factor = 1.0 - options.fade * min(gap / max(options.window_days, 1), 1.0)
    return factor, Feature("time", round(factor, 4), f"{gap} day(s) from the story's reports (score x{factor:.2f})")


def story_similarity(one: StoryState, other: StoryState, options: ClusterOptions) -> tuple[float, list[Feature]]:
    """How alike two stories are, on the same features as an article (centroid against centroid)."""
    pairs = (("text", options.text_weight, one.text, other.text), ("names", options.name_weight, one.names,
             other.names), ("lead", options.lead_weight, one.lead, other.lead),
             ("facts", options.fact_weight, one.facts, other.facts))
    features = [Feature(name, round(weight * a.similarity(b), 4), f"story {name} similarity {a.similarity(b):.2f}")
                for name, weight, a, b in pairs]
    return sum(f.weight for f in features), features


def _shared(vector: Vector, centroid: Centroid, labels: dict[str, str], size: int) -> str:
    common = [(value * centroid.weights[key], key) for key, value in vector.items() if key in centroid.weights]
    common.sort(key=lambda pair: (-pair[0], pair[1]))
    return ", ".join(labels.get(key, key) for _, key in common[:size])
