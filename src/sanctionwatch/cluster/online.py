"""Online story clustering: each article joins the best story it scores high enough with, or starts one.

    add(profile):
      1. weigh the profile with the document frequencies known so far (``terms.TermStats``)
      2. look up candidate stories in the index (``index.CandidateIndex``), keep those within the window
      3. score each candidate (``features.score_story``); join the best at or above the threshold,
         else start a story whose id follows from the article's id
      4. stories that now look like the joined one (story-to-story score at or above the merge
         threshold) are merged into the older of the two, and the merge is recorded

    refine(): after a batch, split stories holding two events (``split.bisect_story``) and move
      articles that fit another story better, in a few passes; besides the batch, the latest stored
      articles of the stories it joined (``ClusterOptions.revisit`` per story) may move, older ones never

Cost per article is bounded by the candidate limit and the index's posting cap, a split looks at
no story of more than ``split.SPLIT_CAP`` members, and a batch reopens at most ``revisit`` stored
articles per story it joined, so the total grows about linearly with the number of articles.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from sanctionwatch.cluster.features import ClusterOptions, explain_score, score_story, story_similarity
from sanctionwatch.cluster.index import CandidateIndex
from sanctionwatch.cluster.profile import ArticleProfile
from sanctionwatch.cluster.split import Bisection, bisect_story
from sanctionwatch.cluster.story_state import ArticleVectors, StoryState, story_id_for, weigh_profile
from sanctionwatch.cluster.terms import TermStats
from sanctionwatch.model import Assignment, Feature, Story, StoryMerge

MOVE_MARGIN = 0.01  # how much better another story must fit before an article moves
SWEEP_EVERY = 1000  # articles between two sweeps of stories out of the time window


class StoryIndex:
    """The stories an article may still join, with everything needed to score it against them."""

    def __init__(self, options: ClusterOptions | None = None, stats: TermStats | None = None) -> None:
        self.options = options or ClusterOptions()
        self.stats = stats or TermStats()
        self.stories: dict[str, StoryState] = {}
        self.index = CandidateIndex()
        self.merges: list[StoryMerge] = []
        self.newest: str | None = None
        self.pending: dict[str, tuple[ArticleVectors, str]] = {}  # this batch: article -> (vectors, story)
        self.forward: dict[str, str] = {}  # merged story -> the story it went into
        self.settled: dict[str, ArticleVectors] = {}  # stored articles: only the latest of a story may move
        self.stored_order: dict[str, int] = {}  # stored article -> when it was stored (or moved), a counter
        self.reopened: dict[str, str] = {}  # stored articles the last ``refine`` could move -> their story before
        self.changed: set[str] = set()  # stories a pass of ``refine`` split or moved articles in or out of
        self._added = 0
        self._stored = 0

    def add(self, profile: ArticleProfile, count_terms: bool = True) -> Assignment:
        """Assign one article; ``count_terms=False`` when its terms were counted already (``prime``)."""
        if count_terms:
            self.stats.add(profile_keys(profile))
        article = weigh_profile(profile, self.stats)
        scored = self._scored(article)
        best = scored[0] if scored else None
        if best is not None and best[0] >= self.options.threshold:
            story, score, features, new = best[1], best[0], explain_score(article, best[1], self.options), False
        else:
            story, score, features, new = self._start(profile), 0.0, _why_new(best), True
        merged: list[str] = []
        story.add(article)
        self.index.post(story.id, self.index.keys(article))
        self.pending[profile.article_id] = (article, story.id)
        if not new:
            also = [s for score, s in scored[1:] if score >= self.options.threshold]
            story, merged = self._merge_similar(story, also, profile.article_id)
        self._after_add(profile.date)
        return Assignment(profile.article_id, story.id, round(score, 4), new, features, merged)

    def prime(self, profiles: Iterable[ArticleProfile]) -> list[ArticleProfile]:
        """Count the terms of a batch before assigning it, so early articles get idfs as good as late ones."""
        batch = list(profiles)
        for profile in batch:
            self.stats.add(profile_keys(profile))
        return batch

    def restore(self, story: Story, profiles: list[ArticleProfile]) -> None:
        """Put back a stored story with its articles' profiles (in the order they were stored), deciding nothing."""
        state = StoryState(story.id, story.title, order=len(self.stories))
        articles = [weigh_profile(profile, self.stats) for profile in profiles]
        for article in articles:
            state.add(article)
            self.index.post(state.id, self.index.keys(article))
        self.settle(articles)
        self.stories[state.id] = state

    def settle(self, articles: Iterable[ArticleVectors]) -> None:
        """Count articles as stored, latest last: a later batch may move only a story's latest ones."""
        for article in articles:
            self.settled[article.profile.article_id] = article
            self._stored += 1
            self.stored_order[article.profile.article_id] = self._stored

    def story(self, story_id: str) -> Story:
        state = self.stories[story_id]
        return Story(state.id, state.title, list(state.members), state.first_seen, state.last_seen)

    def _scored(self, article: ArticleVectors) -> list[tuple[float, StoryState]]:
        found = self.index.candidates(self.index.keys(article), self.options.candidates)
        stories = [self.stories[s] for s in found if self._open(self.stories[s], article.profile.date)]
        scored = [(score_story(article, s, self.options), s) for s in stories]
        return sorted(scored, key=lambda pair: (-pair[0], pair[1].order))

    def _open(self, story: StoryState, date: str | None) -> bool:
        gap = story.gap_days(date)
        return gap is None or gap <= self.options.window_days

    def _start(self, profile: ArticleProfile, story_id: str | None = None) -> StoryState:
        story_id = story_id or story_id_for(profile.article_id)
        state = StoryState(story_id, profile.title, order=len(self.stories) + len(self.merges))
        self.stories[story_id] = state
        return state

    def _merge_similar(self, story: StoryState, others: list[StoryState], article_id: str
                       ) -> tuple[StoryState, list[str]]:
        """Merge into one the stories that the joined story now resembles; return the survivor."""
        merged = []
        for other in others:
            score, features = story_similarity(story, other, self.options)
            if score < self.options.merge_threshold or other.id not in self.stories:
                continue
            keep, gone = (story, other) if story.order <= other.order else (other, story)
            keep.absorb(gone)
            self.index.move(gone.id, keep.id)
            del self.stories[gone.id]
            self.forward[gone.id] = keep.id
            self.merges.append(StoryMerge(gone.id, keep.id, article_id, round(score, 4), features))
            merged.append(gone.id)
            story = keep
        return story, merged

    def resolve(self, story_id: str) -> str:
        """The story a (possibly merged) story id lives on as."""
        while story_id in self.forward:
            story_id = self.forward[story_id]
        return story_id

    def refine(self) -> list[Assignment]:
        """Look again at this batch with every story of it known, then close the batch.

        Each pass first splits the stories that hold two groups of this batch's articles scoring low
        against each other (``split.bisect_story``: two events of one kind), then moves every article
        of the batch that fits another story better. The first pass looks at the whole batch, later
        ones only at the stories the previous pass changed; passes stop when nothing changes. A story
        left empty is recorded as merged into where its article went. Besides the batch, the latest
        stored articles of each story the batch joined are looked at again (``_reopen_recent``); older
        stored articles never move. Closing the batch counts its articles as stored, and the stored ones
        that moved as stored again (latest). Returns the final assignments of those moved, stored ones included.
        """
        self._reopen_recent()
        moved: dict[str, Assignment] = {}
        looked_at: set[str] | None = None  # None: every story of the batch
        for _ in range(self.options.refine_passes):
            self.changed = set()
            changes = self._split_stories(looked_at) + self._reconsider_batch(looked_at)
            moved.update((change.article_id, change) for change in changes)
            if not changes:
                break
            looked_at = {self.resolve(story_id) for story_id in self.changed}
        closing = [vectors for article_id, (vectors, _) in self.pending.items() if article_id not in self.reopened]
        self.settle([self.settled[article_id] for article_id in moved if article_id in self.reopened] + closing)
        self.pending.clear()
        return list(moved.values())

    def _reopen_recent(self) -> None:
        """Treat the ``revisit`` articles last stored in each story the batch joined as part of the batch.

        A sibling event whose reports arrive one or two per batch joins an older story report by report;
        once enough of them are in, the second look can split them off only if the earlier ones may move
        too. At most ``revisit`` per story, so the scoring and splitting a batch costs stays bounded.
        """
        self.reopened = {}
        for story_id in sorted({self.resolve(story_id) for _, story_id in self.pending.values()}):
            story = self.stories.get(story_id)
            if story is None:
                continue
            stored = [a for a in story.members if a in self.settled and story_id_for(a) != story_id]  # founder stays
            latest = heapq.nlargest(self.options.revisit, stored, key=self.stored_order.__getitem__)
            for article_id in reversed(latest):  # oldest first
                self.reopened[article_id] = story_id
                self._reweigh(self.settled[article_id], self.stories[story_id])
        reopened = {article_id: (self.settled[article_id], story) for article_id, story in self.reopened.items()}
        self.pending = {**reopened, **self.pending}  # stored first: a story split off takes its title from them

    def _reweigh(self, article: ArticleVectors, story: StoryState) -> None:
        """Weigh a stored article again with the document frequencies known now, as the batch's are."""
        fresh = weigh_profile(article.profile, self.stats)
        story.remove(article)
        story.add(fresh)
        self.index.post(story.id, self.index.keys(fresh))
        self.settled[article.profile.article_id] = fresh

    def _batch_stories(self, looked_at: set[str] | None) -> dict[str, list[ArticleVectors]]:
        """This batch's articles by the story they are in now (only the stories in ``looked_at``, if given)."""
        groups: dict[str, list[ArticleVectors]] = {}
        for article, story_id in self.pending.values():
            story_id = self.resolve(story_id)
            if looked_at is None or story_id in looked_at:
                groups.setdefault(story_id, []).append(article)
        return groups

    def _reconsider_batch(self, looked_at: set[str] | None) -> list[Assignment]:
        changes = []
        for articles in self._batch_stories(looked_at).values():
            for article in articles:
                home = self.stories.get(self.resolve(self.pending[article.profile.article_id][1]))
                change = self._reconsider(article, home) if home is not None else None
                if home is not None and change is not None:
                    self.pending[article.profile.article_id] = (article, change.story_id)
                    self.changed.update({home.id, change.story_id})
                    changes.append(change)
        return changes

    def _split_stories(self, looked_at: set[str] | None) -> list[Assignment]:
        arrival = {article_id: n for n, article_id in enumerate(self.pending)}
        changes = []
        for story_id, batch in self._batch_stories(looked_at).items():
            story = self.stories.get(story_id)
            if story is None:
                continue
            stored = [self.settled[a] for a in story.members if a in self.settled and a not in self.pending]
            age = {article_id: n for n, article_id in enumerate(story.members)}
            members = stored + sorted(batch, key=lambda article: self._founder_rank(article, story, age))
            cut = bisect_story(members, self.options, fixed=max(len(stored), 1))
            if cut is not None:
                leaving = sorted((members[i] for i in cut.leave), key=lambda a: arrival[a.profile.article_id])
                changes += self._split(story, leaving, cut)
        return changes

    def _founder_rank(self, article: ArticleVectors, story: StoryState, age: dict[str, int]
                      ) -> tuple[bool, bool, float]:
        """Sorts first the article that started the story, else its oldest stored one, else the best fitting.

        The group holding the first article stays and keeps the story's id.
        """
        article_id = article.profile.article_id
        started = story_id_for(article_id) == story.id
        if article_id in self.settled:
            return not started, False, float(age[article_id])
        return not started, True, -score_story(article, story, self.options)

    def _split(self, story: StoryState, leaving: list[ArticleVectors], cut: Bisection) -> list[Assignment]:
        """Move ``leaving`` out of ``story`` into a new story, each with the features that now hold it there."""
        new = self._start(leaving[0].profile, self._fresh_id(leaving))
        for article in leaving:
            story.remove(article)
            new.add(article)
            self.index.post(new.id, self.index.keys(article))
            self.pending[article.profile.article_id] = (article, new.id)
        reason = Feature("split", round(cut.between, 4), f"{cut.explain()}; it left story {story.id}")
        self.changed.update({story.id, new.id})
        return [self._held(article, new, reason) for article in leaving]

    def _held(self, article: ArticleVectors, story: StoryState, reason: Feature) -> Assignment:
        story.remove(article)  # scored against the other members, not itself
        score, features = score_story(article, story, self.options), explain_score(article, story, self.options)
        story.add(article)
        return Assignment(article.profile.article_id, story.id, round(score, 4), False, [*features, reason])

    def _fresh_id(self, articles: list[ArticleVectors]) -> str:
        """The id of a story split off: from its first new article, unless that id was used already.

        A stored article's own id may have named a story of an earlier batch, now merged away and not
        restored, so a group of stored articles only is named after all of its members.
        """
        for article in articles:
            story_id = story_id_for(article.profile.article_id)
            new = article.profile.article_id not in self.settled
            if new and story_id not in self.stories and story_id not in self.forward:
                return story_id
        members = "+".join(sorted(article.profile.article_id for article in articles))
        return story_id_for(f"{members}/split/{len(self.stories)}")

    def _reconsider(self, article: ArticleVectors, home: StoryState) -> Assignment | None:
        home.remove(article)
        own = score_story(article, home, self.options) if home.members else 0.0
        others = [(score, s) for score, s in self._scored(article) if s.id != home.id]
        if not others or others[0][0] < max(own, self.options.threshold) + MOVE_MARGIN:
            home.add(article)
            return None
        score, target = others[0]
        target.add(article)
        self.index.post(target.id, self.index.keys(article))
        merged = []
        if not home.members:
            self._retire(home, target, article, score)
            merged.append(home.id)
        features = explain_score(article, target, self.options)
        return Assignment(article.profile.article_id, target.id, round(score, 4), False, features, merged)

    def _retire(self, empty: StoryState, into: StoryState, article: ArticleVectors, score: float) -> None:
        self.index.move(empty.id, into.id)
        del self.stories[empty.id]
        self.forward[empty.id] = into.id
        reason = Feature("moved", round(score, 4), "its only article fitted this story better on a second look")
        self.merges.append(StoryMerge(empty.id, into.id, article.profile.article_id, round(score, 4), [reason]))

    def _after_add(self, date: str | None) -> None:
        if date is not None and (self.newest is None or date > self.newest):
            self.newest = date
        self._added += 1
        if self._added % SWEEP_EVERY == 0:
            self.sweep()

    def sweep(self) -> None:
        """Drop stories that no new article can join any more (older than the window, by the newest date)."""
        busy = {self.resolve(story_id) for _, story_id in self.pending.values()}  # still to be saved
        closed = {s.id for s in self.stories.values() if not self._open(s, self.newest)} - busy
        self.index.drop(closed)
        for story_id in closed:
            for article_id in self.stories.pop(story_id).members:
                self.settled.pop(article_id, None)
                self.stored_order.pop(article_id, None)


def profile_keys(profile: ArticleProfile) -> list[str]:
    """Every key whose document frequency the profile counts towards."""
    return [*profile.terms, *profile.names, *profile.facts]


def _why_new(best: tuple[float, StoryState] | None) -> list[Feature]:
    if best is None:
        return [Feature("new", 0.0, "no open story shares its rarest words, names or figures")]
    reason = f"the best story, '{best[1].title}', scored {best[0]:.2f}: under the threshold"
    return [Feature("new", round(best[0], 4), reason)]
