"""Each list format is read from its content, into entries with names, aliases, places and identifiers."""

from pathlib import Path
from typing import Any

import pytest

from sanctionwatch.link import detect_format, read_list_file


@pytest.mark.parametrize(("key", "fmt", "list_name"), [
    ("un", "un_sc_xml", "un_sc"), ("ofac_csv", "ofac_csv", "ofac_sdn"), ("ofac_xml", "ofac_xml", "ofac"),
    ("eu", "eu_fsf_xml", "eu_fsf"), ("ftm", "ftm_json", "demo_vessels"),
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


def test_real_lists(shared_dir: Path) -> None:
    lists = shared_dir / "data" / "sanctions_lists"
    un = {e.entry_id: e for e in read_list_file(lists / "dprk_subsets" / "un_sc_dprk_2026-02.xml").entries}
    assert un["KPi.033"].caption == "RI WON HO" and un["KPi.033"].countries == ["KP"] and len(un) == 155
    ofac = read_list_file(lists / "dprk_subsets" / "ofac_sdn_dprk_2024-05-03.csv")
    assert sum(bool(e.identifiers.get("imo")) for e in ofac.entries) > 100 and not ofac.skipped
    eu = read_list_file(lists / "eu_fsf_excerpt_2018-12" / "eu_fsf_excerpt_2018-12-21.xml")
    assert {e.schema for e in eu.entries} == {"Person", "Organization"}
