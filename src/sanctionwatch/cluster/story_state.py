"""A story as the online index holds it: centroids of its words, names and figures, its dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter

from sanctionwatch.cluster.profile import ArticleProfile
from sanctionwatch.cluster.terms import Centroid, TermStats, Vector, normalise, top, weigh

CENTROID_TERMS = 64  # the heaviest words an article adds to its story's centroid


@dataclasses.dataclass
class ArticleVectors:
    """A profile weighed with the document frequencies known when it arrived."""

    profile: ArticleProfile
    text: Vector
    names: Vector
    lead: Vector
    facts: Vector


def weigh_profile(profile: ArticleProfile, stats: TermStats) -> ArticleVectors:
    return ArticleVectors(
        profile=profile,
        text=weigh(profile.terms, stats),
        names=normalise({key: stats.idf(key) for key in profile.names}),
        lead=normalise({key: stats.idf(key) for key in profile.lead}),
        facts=normalise({key: stats.idf(key) for key in profile.facts}),
    )


def story_id_for(article_id: str) -> str:
    """A story's id follows from the article that started it: the same input gives the same ids."""
    return hashlib.sha1(f"story:{article_id}".encode()).hexdigest()[:16]


@dataclasses.dataclass
class StoryState:
    id: str
    title: str
    order: int  # when the story started, among the stories of this index
    members: dict[str, str | None] = dataclasses.field(default_factory=dict)  # article id -> its date
    first_seen: str | None = None
    last_seen: str | None = None
    text: Centroid = dataclasses.field(default_factory=Centroid)
    names: Centroid = dataclasses.field(default_factory=Centroid)
    lead: Centroid = dataclasses.field(default_factory=Centroid)
    facts: Centroid = dataclasses.field(default_factory=Centroid)
    labels: dict[str, str] = dataclasses.field(default_factory=dict)  # @key/#key -> as written
    sources: Counter[str] = dataclasses.field(default_factory=Counter)

    def add(self, vectors: ArticleVectors) -> None:
        profile = vectors.profile
        self.members[profile.article_id] = profile.date
        for centroid, vector in self._parts(vectors):
            centroid.add(vector)
        for labels in (profile.names, profile.facts):
            for key, label in labels.items():
                self.labels.setdefault(key, label)
        if profile.source:
            self.sources[profile.source] += 1
        self._see(profile.date)

    def remove(self, vectors: ArticleVectors) -> None:
        """Take an article back out (when a later look finds it belongs elsewhere)."""
        profile = vectors.profile
        del self.members[profile.article_id]
        for centroid, vector in self._parts(vectors):
            centroid.remove(vector)
        if profile.source:
            self.sources[profile.source] -= 1
        dates = [d for d in self.members.values() if d]
        self.first_seen, self.last_seen = (min(dates), max(dates)) if dates else (None, None)

    def _parts(self, vectors: ArticleVectors) -> list[tuple[Centroid, Vector]]:
        return [(self.text, top(vectors.text, CENTROID_TERMS)), (self.names, vectors.names),
                (self.lead, vectors.lead), (self.facts, vectors.facts)]

    def absorb(self, other: StoryState) -> None:
        self.members.update(other.members)
        for mine, theirs in ((self.text, other.text), (self.names, other.names), (self.lead, other.lead),
                             (self.facts, other.facts)):
            mine.absorb(theirs)
        for key, label in other.labels.items():
            self.labels.setdefault(key, label)
        self.sources.update(other.sources)
        self._see(other.first_seen)
        self._see(other.last_seen)

    def gap_days(self, date: str | None) -> int | None:
        """Days between ``date`` and the story's span of dates (0 inside it); None when either is unknown."""
        if date is None or self.first_seen is None or self.last_seen is None:
            return None
        if self.first_seen <= date <= self.last_seen:
            return 0
        edge = self.first_seen if date < self.first_seen else self.last_seen
        return abs((_day(date) - _day(edge)).days)

    def _see(self, date: str | None) -> None:
        if date is None:
            return
        self.first_seen = min(self.first_seen or date, date)
        self.last_seen = max(self.last_seen or date, date)


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])
