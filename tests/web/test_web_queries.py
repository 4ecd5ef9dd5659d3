"""The read queries on SQLite and PostgreSQL: facets, filters, search and entities agree with the data."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from sanctionwatch import pipeline
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.link.screen import mention_key
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, queries
from sanctionwatch.store.analyses import load_analysis
from sanctionwatch.store.articles import list_articles
from sanctionwatch.store.views import ArticleFilters

pytestmark = pytest.mark.backends("sqlite", "postgresql")


@pytest.fixture
def analysed(store: Store, settings: Settings, shared_dir: Path) -> dict[str, collections.Counter[str]]:
    """The corpus, analysed; and how often each regime, typology and country occurs, counted in Python."""
    report = pipeline.ingest_documents(store, read_paths([shared_dir / "data" / "corpus"], settings), settings)
    pipeline.analyze_stored(store, settings, report.new[:20])
    counts: dict[str, collections.Counter[str]] = {"regime": collections.Counter(), "typology": collections.Counter(),
                                                    "country": collections.Counter()}
    for article in list_articles(store):
        analysis = load_analysis(store, article.id)
        if analysis is not None and analysis.assessment is not None:
            counts["regime"].update(analysis.assessment.regimes)
            counts["typology"].update(analysis.assessment.typologies)
        counts["country"].update(analysis.countries if analysis else [])
    return counts


def test_facets_and_filters_agree_with_the_analyses(store: Store,
                                                    analysed: dict[str, collections.Counter[str]]) -> None:
    overview = queries.get_overview(store)
    assert overview.counts["analysed"] == 20 and overview.counts["articles"] >= 40
    for field, facets in (("regime", overview.by_regime), ("typology", overview.by_typology),
                          ("country", overview.by_country)):
        assert all(analysed[field][f.value] == f.count for f in facets)
        assert len(facets) == min(12, len(analysed[field]))
        left_out = [n for value, n in analysed[field].items() if value not in {f.value for f in facets}]
        assert max(left_out, default=0) <= facets[-1].count
        top = facets[0]
        page = queries.list_article_summaries(store, ArticleFilters(**{field: top.value}), limit=100)
        assert page.total == top.count == len(page.items)


def test_search_and_entities_read_the_same_on_both_back_ends(store: Store,
                                                             analysed: dict[str, collections.Counter[str]]) -> None:
    page = queries.search_page(store, "tanker", limit=3)
    assert page.total >= 4 and len(page.items) == 3
    assert all(hit.snippet[a:b].lower().startswith("tanker") for hit in page.items for a, b in hit.highlights)
    names = queries.list_entity_counts(store, label="GPE", limit=1).items
    assert names, "the corpus names places"
    detail = queries.get_entity_detail(store, names[0].name, mention_key(names[0].name), limit=5)
    assert detail.mention_total == names[0].count and len(detail.mentions) == min(5, names[0].count)
    assert all("\x02" in m.context and "\x03" in m.context for m in detail.mentions)
