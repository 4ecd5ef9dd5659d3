from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from sanctionwatch.cluster import story_id_for
from sanctionwatch.model import Article
from sanctionwatch.pipeline import cluster_stored
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import load_brief, save_analysis
from sanctionwatch.store.articles import save_article
from sanctionwatch.store.schema import stories
from sanctionwatch.store.stories import (
    assign_articles,
    get_story,
    list_merges,
    list_stories,
    story_assignments,
    unassigned_article_ids,
)

from .builders import make_analysis, make_article
from .test_online import NAMES, QUAKE, VETO, VETO_NEWS
from .test_split import LORESTAN, QESHM
from .test_split import NAMES as QUAKE_NAMES


def store_article(store: Store, article: Article) -> str:
    article.content_hash = article.id
    article.ingested_at = "2024-04-01T00:00:00"
    save_article(store, article)
    save_analysis(store, make_analysis(article, NAMES))
    return article.id


def test_assignments_are_stored_once_and_resume_from_the_store(store: Store, settings: Settings) -> None:
    first = [store_article(store, make_article("a1", "Russia vetoes UN panel", VETO, "2024-03-28")),
             store_article(store, make_article("a3", "Earthquake in Nepal", QUAKE, "2024-03-28"))]
    assert len(assign_articles(store, first, settings)) == 2
    assert assign_articles(store, first, settings) == []  # idempotent
    late = store_article(store, make_article("a2", "Panel to close after veto", VETO_NEWS, "2024-03-29"))
    assert unassigned_article_ids(store) == ["a2"]
    (made,) = assign_articles(store, [late], settings)
    assert made.story_id == story_id_for("a1") and not made.new_story
    story = get_story(store, story_id_for("a1")[:8])
    assert story is not None and story.article_ids == ["a1", "a2"]
    assert story.first_seen == "2024-03-28" and story.last_seen == "2024-03-29"
    reasons = {a.article_id: a for a in story_assignments(store, story.id)}
    assert reasons["a2"].features[0].name == "text" and reasons["a1"].new_story
    assert {s.id for s in list_stories(store)} == {story_id_for("a1"), story_id_for("a3")}


def store_report(store: Store, article_id: str, title: str, text: str, names: list[tuple[str, str]]) -> str:
    article = make_article(article_id, title, text, "2024-04-01", source=f"{article_id[0]}.example.org")
    article.content_hash, article.ingested_at = article.id, "2024-04-01T00:00:00"
    save_article(store, article)
    save_analysis(store, make_analysis(article, names))
    return article.id


def brief_of(store: Store, story_id: str) -> tuple[list[str], set[str | None]]:
    """A story's stored brief: its sources, and the articles its sentences come from."""
    brief = load_brief(store, f"story:{story_id}")
    assert brief is not None
    said = {s.article_id for p in brief.paragraphs for s in p.sentences} | {brief.headline.article_id}
    return brief.sources, said - {None}


@pytest.mark.backends("sqlite", "postgresql")
def test_a_later_batch_splits_stored_reports_of_a_sibling_event_off(store: Store, settings: Settings) -> None:
    """Two earthquakes reported one at a time pile into one story; the sixth report lets the second look split
    them: the stored Lorestan reports move to a new story, the Qeshm story keeps its id, and both are rebriefed."""
    reports = {article_id: (title, text) for article_id, title, text in QESHM + LORESTAN}
    qeshm = story_id_for("q1")
    for article_id in ("q1", "l1", "q2", "l2", "q3"):
        cluster_stored(store, settings, [store_report(store, article_id, *reports[article_id], QUAKE_NAMES)])
    assert get_story(store, qeshm).article_ids == ["l1", "l2", "q1", "q2", "q3"]  # type: ignore[union-attr]
    assert sorted(brief_of(store, qeshm)[0]) == ["l.example.org", "q.example.org"]
    made = {a.article_id: a for a in cluster_stored(store, settings,
                                                    [store_report(store, "l3", *reports["l3"], QUAKE_NAMES)])}
    lorestan = story_id_for("l3")  # a split-off story is named after its first new report
    assert {article_id: a.story_id for article_id, a in made.items()} == dict.fromkeys(["l1", "l2", "l3"], lorestan)
    assert get_story(store, qeshm).article_ids == ["q1", "q2", "q3"]  # type: ignore[union-attr]
    assert get_story(store, lorestan).article_ids == ["l1", "l2", "l3"]  # type: ignore[union-attr]
    with store.transaction() as conn:
        counts = dict(conn.execute(sa.select(stories.c.id, stories.c.article_count)).all())
    assert counts == {qeshm: 3, lorestan: 3} and list_merges(store) == []
    moved = {a.article_id: a for a in story_assignments(store, lorestan)}
    assert moved["l1"].features[-1].name == "split" and qeshm in moved["l1"].features[-1].explanation
    assert moved["l1"].score == made["l1"].score > 0.25
    for story_id, letter in ((qeshm, "q"), (lorestan, "l")):  # each brief rewritten from its own reports
        sources, said = brief_of(store, story_id)
        assert sources == [f"{letter}.example.org"] and said and said <= {f"{letter}{n}" for n in (1, 2, 3)}


def test_the_cluster_command_counts_stored_reports_moved_apart(store: Store, settings: Settings,
                                                                run_cli: Callable[..., Any]) -> None:
    """``sanctionwatch cluster`` tells new articles from stored ones the second look moved."""
    reports = {article_id: (title, text) for article_id, title, text in QESHM + LORESTAN}
    for article_id in ("q1", "l1", "q2", "l2", "q3"):
        cluster_stored(store, settings, [store_report(store, article_id, *reports[article_id], QUAKE_NAMES)])
    store_report(store, "l3", *reports["l3"], QUAKE_NAMES)
    result = run_cli("cluster")
    assert result.code == 0, result.err
    assert result.out == ("1 articles assigned: 1 joined a story, 0 started one, 2 stored ones moved on a second "
                          "look; 2 stories briefed\n")  # the split-off story and the one its reports left
