"""Blocking: a query meets a few candidates sharing its keys, never the whole list."""

from pathlib import Path

from sanctionwatch.link import Query, ScreeningIndex, build_index, read_list_file, screen_name
from sanctionwatch.link.index import MAX_CANDIDATES, candidates


def real_index(shared_dir: Path) -> ScreeningIndex:
    folder = shared_dir / "data" / "sanctions_lists" / "dprk_subsets"
    entries = [e for name in ("un_sc_dprk_2026-02.xml", "ofac_sdn_dprk_2024-05-03.csv")
               for e in read_list_file(folder / name).entries]
    return build_index(entries, {"un_sc": 1, "ofac_sdn": 2})


def found(index: ScreeningIndex, text: str, schema: str | None = None) -> list[str]:
    entries = [index.entries[i] for i in candidates(index, Query.of(text, schema))]
    return [f"{entry.list_name}:{entry.entry_id}" for entry in entries]


def test_few_candidates_and_the_right_one(shared_dir: Path) -> None:
    index = real_index(shared_dir)
    assert len(index.entries) == 639 and len(index.names) > len(index.entries)
    for text, expected in [("Ri Won-ho", "un_sc:KPi.033"), ("Korea Ryonbong General Corp", "un_sc:KPe.002"),
                           ("Korea Ryonbbong General Corporation", "un_sc:KPe.002"),  # a typo: one letter off
                           ("Yun Ho Chin", "un_sc:KPi.001"), ("KOMID", "un_sc:KPe.001")]:
        hits = found(index, text)
        assert expected in hits and sum(len(names) for names in candidates(index, Query.of(text)).values()) <= (
            MAX_CANDIDATES)


def test_unrelated_names_meet_nothing(shared_dir: Path) -> None:
    index = real_index(shared_dir)
    assert found(index, "Angela Merkel", "Person") == []
    assert screen_name(index, "Deutsche Bundesbank", "Organization", threshold=0.7) == []


def test_identifiers_are_indexed(index: ScreeningIndex) -> None:
    assert index.identifiers[("imo", "8712362")] and index.identifiers[("imo", "1790183")]
    assert [m.entry_id for m in screen_name(index, "IMO 8712362", threshold=0.7)] == ["102"]
