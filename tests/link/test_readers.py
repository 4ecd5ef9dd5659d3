"""Each list format is read from its content, into entries with names, aliases, places and identifiers."""

from pathlib import Path
from typing import Any

import pytest

from sanctionwatch.link import build_index, detect_format, read_list_file, screen_name


@pytest.mark.parametrize(("key", "fmt", "list_name"), [
    ("un", "un_sc_xml", "un_sc"), ("ofac_csv", "ofac_csv", "ofac_sdn"), ("ofac_xml", "ofac_xml", "ofac"),
    ("eu", "eu_fsf_xml", "eu_fsf"), ("ftm", "ftm_json", "demo_vessels"), ("bis_dpl", "bis_dpl", "bis_dpl"),
])
def test_format_is_detected_from_content(samples: Any, key: str, fmt: str, list_name: str) -> None:
    path = samples.path(key).rename(samples.folder / "list.dat")  # the name says nothing
    assert detect_format(path.read_bytes()) == fmt
    parsed = read_list_file(path)
    assert (parsed.format, parsed.name) == (fmt, list_name)
    assert all(entry.list_name == list_name and entry.entity["schema"] == entry.schema for entry in parsed.entries)


def test_un_entries(samples: Any) -> None:
    entries = {e.entry_id: e for e in read_list_file(samples.path("un")).entries}
    yun, omm = entries["KPi.001"], entries["KPe.020"]
    assert (yun.schema, yun.caption, yun.countries, yun.programs) == ("Person", "YUN HO-JIN", ["KP"], ["DPRK"])
    assert [(a.name, a.weak) for a in yun.aliases] == [("Yun Ho-chin", False), ("Mr Yun", True)]
    assert yun.identifiers == {"passport": ["381310014"]} and yun.listed_on == "2009-07-16"
    assert "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED" in omm.names and omm.aliases[0].name == "OMM"
    assert omm.identifiers["imo"] == ["1790183"]  # the company IMO number written in the comments


def test_ofac_csv_brings_its_alias_and_address_files(samples: Any) -> None:
    samples.path("ofac_alt")
    samples.path("ofac_add")
    entries = {e.entry_id: e for e in read_list_file(samples.path("ofac_csv")).entries}
    kim, tanker, ryonbong = entries["101"], entries["102"], entries["103"]
    assert (kim.schema, kim.countries, kim.identifiers["passport"]) == ("Person", ["KP"], ["123456789"])
    assert kim.entity["properties"]["birthDate"] == ["1984-01-08"]
    assert (tanker.schema, tanker.identifiers["imo"], tanker.aliases[0].name) == ("Vessel", ["8712362"], "CHON MYONG")
    assert ryonbong.programs == ["NPWMD", "DPRK"] and ryonbong.countries == ["KP"]
    assert [(a.name, a.kind) for a in ryonbong.aliases] == [
        ("KOREA YONBONG GENERAL CORPORATION", "aka"), ("LYONGAKSAN GENERAL TRADING", "fka")]


def test_ofac_xml_eu_and_ftm(samples: Any) -> None:
    bank = read_list_file(samples.path("ofac_xml"))
    assert bank.published == "2018-04-06" and bank.entries[0].countries == ["IR"]
    assert [(a.name, a.weak) for a in bank.entries[0].aliases] == [("CENTRAL BANK OF IRAN", False), ("BMJII", True)]
    mugabe = read_list_file(samples.path("eu")).entries[0]
    assert (mugabe.schema, mugabe.references, mugabe.countries) == ("Person", ["EU.36.64"], ["ZW"])
    assert mugabe.aliases[0].weak and mugabe.identifiers == {"passport": ["AD001095"]}
    (vessel,) = read_list_file(samples.path("ftm")).entries  # the address is no listed party
    assert (vessel.entry_id, vessel.identifiers["imo"], vessel.programs) == ("NK-1", ["8905490"], ["UN 1718"])
    assert (vessel.references, vessel.listed_on, vessel.countries) == (["KPe.999"], "2019-05-09", ["KP"])


def test_bis_denied_persons_one_entry_per_order_with_inline_aliases(samples: Any) -> None:
    entries = {e.caption: e for e in read_list_file(samples.path("bis_dpl")).entries}
    assert sorted(entries) == ["ANNA SMIRNOVA", "EASTWIND CARGO AIRLINES", "NORTHERN LIGHT TRADING LLC"]
    trading = entries["NORTHERN LIGHT TRADING LLC"]  # two addresses, one denial order
    assert (trading.schema, trading.countries, trading.listed_on) == ("Company", ["AE", "CY"], "2023-03-15")
    assert trading.programs == ["BIS Denied Persons List"] and trading.references == ["88 F.R. 16001 3/20/2023"]
    assert [a.name for a in entries["ANNA SMIRNOVA"].aliases] == ["ANYA PETROVA"]
    assert entries["ANNA SMIRNOVA"].schema == "LegalEntity"
    assert [a.name for a in entries["EASTWIND CARGO AIRLINES"].aliases] == ["EASTWIND AIR"]
    again = {e.caption: e.entry_id for e in read_list_file(samples.path("bis_dpl")).entries}
    assert again == {caption: e.entry_id for caption, e in entries.items()}  # ids are stable


def test_real_lists(shared_dir: Path) -> None:
    lists = shared_dir / "data" / "sanctions_lists"
    un = {e.entry_id: e for e in read_list_file(lists / "dprk_subsets" / "un_sc_dprk_2026-02.xml").entries}
    assert un["KPi.033"].caption == "RI WON HO" and un["KPi.033"].countries == ["KP"] and len(un) == 155
    ofac = read_list_file(lists / "dprk_subsets" / "ofac_sdn_dprk_2024-05-03.csv")
    assert sum(bool(e.identifiers.get("imo")) for e in ofac.entries) > 100 and not ofac.skipped
    eu = read_list_file(lists / "eu_fsf_excerpt_2018-12" / "eu_fsf_excerpt_2018-12-21.xml")
    assert {e.schema for e in eu.entries} == {"Person", "Organization"}


def test_real_denied_persons_list_is_read_and_screened(shared_dir: Path) -> None:
    dpl = read_list_file(shared_dir / "data" / "sanctions_lists" / "bis_dpl" / "dpl.txt")
    assert dpl.format == "bis_dpl" and not dpl.skipped and 400 < len(dpl.entries) < 582  # rows per address merged
    by_caption = {e.caption: e for e in dpl.entries}
    assert [a.name for a in by_caption["PEARL LI"].aliases] == ["NEI-CHIEN CHU"]
    assert len({e.entry_id for e in dpl.entries}) == len(dpl.entries)
    index = build_index(dpl.entries)
    found = screen_name(index, "Mehmet Hakan Atilla", "Person", threshold=0.7)
    assert found and found[0].caption == "MEHMET HAKAN ATILLA" and by_caption[found[0].caption].countries == ["TR"]
