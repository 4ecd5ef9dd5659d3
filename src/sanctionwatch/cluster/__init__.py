"""Stories: online clustering of articles into stories, and what it needs to resume from the store.

    profile_article(article, analysis) -> ArticleProfile      words, names, lead names, figures, date
    StoryIndex(options).add(profile)   -> Assignment          join the best story or start one; merges
    cluster_profiles(profiles, options) -> (assignments, index)  a whole batch, idf counted first

A stage module: it imports only ``model``, ``errors`` and ``settings``. ``store/stories.py`` keeps
the stories, assignments (with their features), profiles and merges; ``pipeline.py`` calls
``store.stories.assign_articles`` after analysis.
"""

from __future__ import annotations

from collections.abc import Iterable

from sanctionwatch.cluster.features import ClusterOptions
from sanctionwatch.cluster.online import StoryIndex, profile_keys
from sanctionwatch.cluster.profile import ArticleProfile, article_date, profile_article
from sanctionwatch.cluster.story_state import story_id_for
from sanctionwatch.cluster.terms import TermStats
from sanctionwatch.model import Assignment
from sanctionwatch.settings import Settings

__all__ = [
    "ArticleProfile", "ClusterOptions", "StoryIndex", "TermStats", "article_date", "cluster_profiles",
    "options_from_settings", "profile_article", "profile_keys", "story_id_for",
]


def options_from_settings(settings: Settings) -> ClusterOptions:
    return ClusterOptions(window_days=settings.story_window_days)


def cluster_profiles(
    profiles: Iterable[ArticleProfile], options: ClusterOptions | None = None
) -> tuple[list[Assignment], StoryIndex]:
    """Cluster a batch from scratch, oldest first (undated articles keep their place at the start)."""
    index = StoryIndex(options)
    batch = sorted(index.prime(profiles), key=lambda p: p.date or "")
    return [index.add(profile, count_terms=False) for profile in batch], index
