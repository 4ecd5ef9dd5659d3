"""Full-text search on both back-ends, over the real corpus: the same query language and answers."""

import re
from pathlib import Path

import pytest

from sanctionwatch import pipeline
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.articles import list_articles
from sanctionwatch.store.search import MARK_CLOSE, MARK_OPEN, count_search_hits, fts5_query, search_articles

HOSTILE = ['"', "AND", "*", "NEAR(", "-", "()", "'; DROP TABLE articles; --", "OR OR", "title:x", "^a", "a:b*"]


@pytest.fixture
def corpus_store(shared_dir: Path, store: Store, settings: Settings) -> Store:
    pipeline.ingest_documents(store, read_paths([shared_dir / "data" / "corpus" / "articles.jsonl"], settings),
                              settings)
    return store


def ids(store: Store, query: str) -> set[str]:
    return {hit.article_id for hit in search_articles(store, query, limit=1000)}


def containing(store: Store, pattern: str) -> set[str]:
    return {a.id for a in list_articles(store) if re.search(pattern, f"{a.title} {a.text}", re.IGNORECASE)}


def test_words_find_every_article_that_has_them(corpus_store: Store) -> None:
    hits = search_articles(corpus_store, "petroleum tanker", limit=50)
    expected = containing(corpus_store, r"\bpetroleum\b") & containing(corpus_store, r"\btankers?\b")
    assert expected and expected <= {hit.article_id for hit in hits}
    assert all(hit.rank > 0 for hit in hits) and [h.rank for h in hits] == sorted((h.rank for h in hits), reverse=True)
    assert MARK_OPEN in hits[0].snippet and MARK_CLOSE in hits[0].snippet
    marked = re.findall(f"{MARK_OPEN}(.*?){MARK_CLOSE}", hits[0].snippet)
    assert {word.lower()[:6] for word in marked} <= {"petrol", "tanker"}


def test_phrase_or_and_exclusion(corpus_store: Store) -> None:
    words, phrase = ids(corpus_store, "money laundering"), ids(corpus_store, '"money laundering"')
    assert phrase and phrase <= words
    assert ids(corpus_store, "coal OR laundering") == ids(corpus_store, "coal") | ids(corpus_store, "laundering")
    without_iran = ids(corpus_store, "vessel -iran")
    assert without_iran and without_iran == ids(corpus_store, "vessel") - ids(corpus_store, "iran")


def test_paging_and_count_agree(corpus_store: Store) -> None:
    everything = [hit.article_id for hit in search_articles(corpus_store, "sanctions", limit=1000)]
    pages = [hit.article_id for offset in range(0, len(everything), 7)
             for hit in search_articles(corpus_store, "sanctions", limit=7, offset=offset)]
    assert len(everything) > 7 and pages == everything
    assert count_search_hits(corpus_store, "sanctions") == len(everything)


def test_any_text_is_a_query_never_an_error(corpus_store: Store) -> None:
    for query in HOSTILE:
        assert len(search_articles(corpus_store, query)) == min(20, count_search_hits(corpus_store, query))


def test_fts5_query_quotes_every_term() -> None:
    assert fts5_query('"refined petroleum" OR coal -Iran') == '("refined petroleum") OR ("coal" NOT "Iran")'
    assert fts5_query("-only -exclusions") == ""
