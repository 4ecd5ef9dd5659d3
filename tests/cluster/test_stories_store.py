from sanctionwatch.cluster import story_id_for
from sanctionwatch.model import Article
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import save_analysis
from sanctionwatch.store.articles import save_article
from sanctionwatch.store.stories import (
    assign_articles,
    get_story,
    list_stories,
    story_assignments,
    unassigned_article_ids,
)

from .builders import make_analysis, make_article
from .test_online import NAMES, QUAKE, VETO, VETO_NEWS


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
