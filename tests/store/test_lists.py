"""List versions, matches and judgements in the store: atomic loads, replaced matches, rejections kept."""

from pathlib import Path

import pytest

from sanctionwatch.errors import InputError, ListFormatError
from sanctionwatch.model import Article, Feature, Match
from sanctionwatch.store import Store
from sanctionwatch.store.articles import save_article
from sanctionwatch.store.lists import (
    current_version_ids,
    find_version,
    judge_match,
    list_versions_of,
    load_current_entries,
    load_list_file,
    load_matches,
    save_matches,
)


def test_versions_are_kept_and_a_failed_load_replaces_nothing(store: Store, shared_dir: Path, tmp_path: Path) -> None:
    dprk = shared_dir / "data" / "sanctions_lists" / "dprk_subsets"
    old = load_list_file(store, dprk / "un_sc_dprk_2018-10.xml")
    new = load_list_file(store, dprk / "un_sc_dprk_2026-02.xml")
    again = load_list_file(store, dprk / "un_sc_dprk_2026-02.xml")
    assert (old.is_new, new.is_new, again.is_new, again.id) == (True, True, False, new.id)
    truncated = tmp_path / "consolidated.xml"
    truncated.write_bytes((dprk / "un_sc_dprk_2026-02.xml").read_bytes()[:50_000])
    with pytest.raises(ListFormatError, match="truncated"):
        load_list_file(store, truncated)
    assert current_version_ids(store) == {"un_sc": new.id}
    assert [v.id for v in list_versions_of(store, "un_sc")] == [new.id, old.id]
    assert find_version(store, "un_sc").published == "2026-02-27" and find_version(store, str(old.id)).id == old.id
    assert len(load_current_entries(store)) == 155
    with pytest.raises(InputError, match="no stored list version"):
        find_version(store, "eu_fsf")


def match(start: int, entry_id: str, score: float = 0.9) -> Match:
    return Match("a1", "Ri Won Ho", start, start + 9, "un_sc", 1, entry_id, "RI WON HO", "Person", score,
                 [Feature("name_similarity", score, "3 of 3 parts of the name agree")], "RI WON HO", "ri won ho")


def test_matches_are_replaced_and_rejections_kept(store: Store) -> None:
    save_article(store, Article(id="a1", title="t", text="Ri Won Ho ... Ri Won Ho", content_hash="h1",
                                ingested_at="2026-11-29T00:00:00+00:00"))
    assert save_matches(store, "a1", [match(0, "KPi.033"), match(14, "KPi.033"), match(0, "KPi.999", 0.7)]) == 3
    assert save_matches(store, "a1", [match(0, "KPi.033"), match(0, "KPi.033", 0.95)]) == 1  # best of one pair
    (stored,) = load_matches(store, "a1")
    assert stored.score == 0.95 and stored.features[0].explanation.startswith("3 of 3")
    judge_match(store, "ri won ho", "KPi.033", "rejected", note="a namesake")
    assert load_matches(store, "a1") == []
    assert save_matches(store, "a1", [match(0, "KPi.033"), match(0, "KPi.999")]) == 1
    assert [m.entry_id for m in load_matches(store, entry_id="KPi.999")] == ["KPi.999"]
    judge_match(store, "ri won ho", "KPi.999", "confirmed")
    assert [m.entry_id for m in load_matches(store, "a1")] == ["KPi.999"]
    with pytest.raises(InputError, match="verdict"):
        judge_match(store, "ri won ho", "KPi.999", "maybe")
