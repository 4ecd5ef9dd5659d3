"""The candidate index: which stories an article could join, without comparing it to every story.

Each story is posted under the rarest words, names and figures of its articles. A new article looks
up its own rarest keys and gets the stories that share the most of them. Keys held by too many
stories say little and are skipped, so a lookup costs about the same at any number of stories.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sanctionwatch.cluster.story_state import ArticleVectors
from sanctionwatch.cluster.terms import top

LOOKUP_WORDS = 12  # an article's heaviest words, looked up and posted
MAX_POSTINGS = 300  # a key posted for more stories than this is too common to look up


class CandidateIndex:
    def __init__(self) -> None:
        self.postings: defaultdict[str, set[str]] = defaultdict(set)
        self.story_keys: defaultdict[str, set[str]] = defaultdict(set)

    def keys(self, article: ArticleVectors) -> list[str]:
        """The keys an article is posted and looked up under: heaviest words, all names and figures."""
        return [*top(article.text, LOOKUP_WORDS), *article.names, *article.facts]

    def post(self, story_id: str, keys: list[str]) -> None:
        self.story_keys[story_id].update(keys)
        for key in keys:
            self.postings[key].add(story_id)

    def candidates(self, keys: list[str], limit: int) -> list[str]:
        """Up to ``limit`` story ids sharing the most keys (ties by id, so runs repeat exactly)."""
        counts: Counter[str] = Counter()
        for key in keys:
            posted = self.postings.get(key)
            if posted and len(posted) <= MAX_POSTINGS:
                counts.update(posted)
        ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
        return [story for story, _ in ranked[:limit]]

    def move(self, old: str, new: str) -> None:
        """Repost everything of story ``old`` under story ``new`` (after a merge)."""
        keys = self.story_keys.pop(old, set())
        self.drop({old}, keys)
        self.post(new, list(keys))

    def drop(self, story_ids: set[str], keys: set[str] | None = None) -> None:
        """Forget stories that can no longer be joined (outside the time window)."""
        for story_id in story_ids:
            for key in keys if keys is not None else self.story_keys.pop(story_id, set()):
                posted = self.postings.get(key)
                if posted is not None:
                    posted.discard(story_id)
                    if not posted:
                        del self.postings[key]
