"""The counts kept on write agree with a recount of the analyses, through saves, re-analyses and pages."""

import collections
import dataclasses
from pathlib import Path

import pytest

from sanctionwatch.model import Analysis
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, mentions, queries
from sanctionwatch.store.analyses import save_analysis
from sanctionwatch.store.queries import get_entity_detail, get_overview, list_article_summaries, list_entity_counts
from sanctionwatch.store.views import ArticleFilters

from .corpus import corpus_analyses


@pytest.fixture
def analysed(shared_dir: Path, settings: Settings, store: Store) -> list[Analysis]:
    """Real analyses of twelve corpus records, stored with their articles."""
    return corpus_analyses(shared_dir, settings, store, 12, save=True)


def recount(analysed: list[Analysis]) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    names = collections.Counter((e.text, e.label) for a in analysed for e in a.entities)
    countries = collections.Counter(c for a in analysed for c in set(a.countries))
    return dict(names), dict(sorted(countries.items(), key=lambda item: (-item[1], item[0]))[:12])  # as shown


def kept(store: Store) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    names = {(c.name, c.label): c.count for c in list_entity_counts(store, limit=100_000).items}
    return names, {f.value: f.count for f in get_overview(store).by_country}


def test_counts_follow_saves_and_re_analyses(store: Store, analysed: list[Analysis]) -> None:
    names, countries = recount(analysed)
    assert kept(store) == (names, countries)
    changed = [dataclasses.replace(a, analyzer_version="next", entities=a.entities[::2], countries=a.countries[:1])
               for a in analysed[:6]]
    for analysis in changed:
        save_analysis(store, analysis)
    names, countries = recount(changed + analysed[6:])
    assert kept(store) == (names, countries)
    assert get_overview(store).counts["analysed"] == len(analysed)


@pytest.mark.parametrize("wide", [mentions.WIDE_NAME, 0], ids=["newest-walk", "name-rows"])
def test_entity_pages_add_up_to_every_mention(store: Store, analysed: list[Analysis], wide: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways SQLite finds a name's newest articles (walking the newest articles for a name in many of them,
    else sorting the name's own rows) page through the same mentions; PostgreSQL has one way."""
    monkeypatch.setattr(mentions, "WIDE_NAME", wide)
    top = list_entity_counts(store, limit=1).items[0]
    whole = get_entity_detail(store, top.name, top.name.lower(), limit=10_000)
    assert whole.mention_total == len(whole.mentions) >= top.count > 1
    pages = [get_entity_detail(store, top.name, top.name.lower(), 3, offset).mentions
             for offset in range(0, len(whole.mentions), 3)]
    assert [m for page in pages for m in page] == whole.mentions
    dates = [m.published or "" for m in whole.mentions]
    assert dates == sorted(dates, reverse=True)
    assert all(top.name in m.context for m in whole.mentions if m.label == top.label)


def test_filtered_article_totals_agree_with_the_rows_found(store: Store, analysed: list[Analysis]) -> None:
    """The article list's total for evasion and one regime, country or typology comes from the kept counts: it
    equals the articles the filter finds, before and after re-analyses change the assessments."""
    def check() -> int:
        evasion = [a for a in analysed if a.assessment and a.assessment.sanctions_evasion]
        values = {"country": {c for a in analysed for c in a.countries},
                  "regime": {r for a in evasion for r in a.assessment.regimes},  # type: ignore[union-attr]
                  "typology": {t for a in evasion for t in a.assessment.typologies}}  # type: ignore[union-attr]
        checked = 0
        for filters in [ArticleFilters(evasion=True), *(ArticleFilters(evasion=evasion, **{field: value})
                        for field, found in values.items() for value in sorted(found) for evasion in (None, True))]:
            page = list_article_summaries(store, filters, limit=1_000)
            assert page.total == len(page.items), filters
            checked += page.total > 0
            with store.transaction() as conn:  # and the total was read from the counts, not counted again
                assert queries._kept_total(conn, filters) == page.total or page.total == 0
        return checked

    assert check() > 5
    flipped = []
    for analysis in analysed[:6]:
        assessment = analysis.assessment
        if assessment is not None:
            assessment = dataclasses.replace(assessment, sanctions_evasion=not assessment.sanctions_evasion)
        flipped.append(dataclasses.replace(analysis, analyzer_version="next", assessment=assessment))
    for analysis in flipped:
        save_analysis(store, analysis)
    analysed[:6] = flipped
    assert check() > 5


def test_pages_of_a_common_value_found_among_the_newest_match_a_full_sort(
        store: Store, analysed: list[Analysis], monkeypatch: pytest.MonkeyPatch) -> None:
    """Paging a filter the counts say is common looks only at the newest articles; every page equals the page
    that sorting every match gives (a huge ``WALK_SLACK`` turns the shortcut off)."""
    country = collections.Counter(c for a in analysed for c in set(a.countries)).most_common(1)[0][0]
    filters = [ArticleFilters(country=country), ArticleFilters(evasion=True)]

    def pages() -> list[list[str]]:
        return [[s.id for s in list_article_summaries(store, f, 2, offset).items] for f in filters
                for offset in range(0, 12, 2)]

    walked = pages()
    with store.transaction() as conn:
        kept = queries._kept_total(conn, filters[0])
        assert kept is not None
        shortcut = queries._among_newest(conn, queries._article_conditions(filters[0]), kept, 2, 0)
    assert shortcut == walked[0] and len(shortcut) == 2  # the shortcut answered the first page itself
    monkeypatch.setattr(queries, "WALK_SLACK", 10**6)
    assert pages() == walked and sum(len(page) for page in walked) > 6
