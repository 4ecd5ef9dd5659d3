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
    profiles: Iterable[ArticleProfile], options: ClusterOptions | None = None, refine: bool = True
) -> tuple[list[Assignment], StoryIndex]:
    """Cluster a batch from scratch, oldest first (undated articles keep their place at the start).

    The assignments returned are the final ones: an article moved by the second look (``refine``)
    appears with its new story, and stories merged away are followed to where they went.
    """
    index = StoryIndex(options)
    batch = sorted(index.prime(profiles), key=lambda p: p.date or "")
    assignments = {a.article_id: a for a in (index.add(profile, count_terms=False) for profile in batch)}
    for moved in index.refine() if refine else []:
        assignments[moved.article_id] = moved
    for assignment in assignments.values():
        assignment.story_id = index.resolve(assignment.story_id)
    return list(assignments.values()), index
