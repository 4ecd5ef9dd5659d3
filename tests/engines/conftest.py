"""What both engine test modules compare: everything a run leaves in the store, article by article."""

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sanctionwatch.model import to_dict
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import load_analysis, load_brief
from sanctionwatch.store.articles import list_articles
from sanctionwatch.store.lists import load_list_file, load_matches
from sanctionwatch.store.stories import list_stories, story_assignments

VOLATILE = ("ingested_at",)  # the moment of storing differs from run to run; everything else must not
Snapshot = dict[str, Any]


def take_snapshot(store: Store) -> Snapshot:
    """Every stored article (less its storing time) with its analysis, list matches and brief; the stories."""
    found: Snapshot = {}
    for article in list_articles(store):
        fields = {k: v for k, v in dataclasses.asdict(article).items() if k not in VOLATILE}
        analysis = load_analysis(store, article.id)
        matches = [to_dict(match) for match in load_matches(store, article.id)]
        briefed = load_brief(store, f"article:{article.id}") is not None
        found[article.id] = (fields, to_dict(analysis) if analysis else None, matches, briefed)
    stories = {story.id: sorted(a.article_id for a in story_assignments(store, story.id))
               for story in list_stories(store, limit=None)}
    return {"articles": found, "stories": stories}


@pytest.fixture
def snapshot() -> Callable[[Store], Snapshot]:
    return take_snapshot


@pytest.fixture
def load_lists(shared_dir: Path) -> Callable[[Store], None]:
    """Loads a real list (the OFAC SDN DPRK subset: two of the test articles name listed parties) and the demo list."""
    paths = [shared_dir / "data" / "sanctions_lists" / "dprk_subsets" / "ofac_sdn_dprk_2024-05-03.csv",
             Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "samples" / "sanctions_demo.ftm.json"]

    def load(store: Store) -> None:
        for path in paths:
            load_list_file(store, path)

    return load
