"""Latvia's national list: its older (WHOLE) and newer (LVlist) XML layouts read to the same entries."""

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sanctionwatch.errors import ListFormatError
from sanctionwatch.link import build_index, detect_format, diff_lists, read_list_bytes, read_list_file, screen_name
from sanctionwatch.model import ListEntry

Run = Callable[..., Any]
LAYOUTS = ("LV_national.xml", "LV_national_v2.xml")


def lv_file(shared_dir: Path, name: str) -> Path:
    return shared_dir / "data" / "sanctions_lists" / "lv_national_sample" / name


def summary(entry: ListEntry) -> tuple[Any, ...]:
    birth = entry.entity["properties"].get("birthDate")
    gender = entry.entity["properties"].get("gender")
    return (entry.schema, entry.caption, entry.names, [(a.name, a.weak, a.kind) for a in entry.aliases], birth,
            gender, entry.identifiers, entry.programs, entry.listed_on)


def test_both_layouts_give_the_same_entries(shared_dir: Path) -> None:
    old, new = (read_list_file(lv_file(shared_dir, name)) for name in LAYOUTS)
    assert (old.format, new.format, old.name, new.name) == ("lv_national",) * 4
    assert old.published == new.published == "2018-03-29" and not old.skipped and not new.skipped
    before, after = ({e.entry_id: e for e in parsed.entries} for parsed in (old, new))
    assert sorted(before) == sorted(after) == ["1", "2", "3"]
    assert {key: summary(entry) for key, entry in before.items()} == {k: summary(e) for k, e in after.items()}
    tsai, ri, ruskor = after["1"], after["2"], after["3"]
    assert (tsai.schema, tsai.aliases[0].name, tsai.identifiers) == ("Person", "TSAI Alex H.T.", {"passport": [
        "131134049"]})  # the older layout writes "131134049 (izdota Taivānā, Taivānas pilsonis)"
    assert ri.entity["properties"]["birthDate"] == ["1965-03-19"] and ri.entity["properties"]["gender"] == ["male"]
    assert (ruskor.schema, ruskor.countries) == ("Organization", ["VG", "RU"])
    assert before["1"].countries == tsai.countries == ["TW"] and before["3"].countries == ["VG", "RU"]
    assert ri.countries == ["KP"] and before["2"].countries == []  # the Latvian formal name of the DPRK is unknown
    assert tsai.entity["properties"]["sourceUrl"] == ["https://likumi.lv/ta/id/292553"]
    assert diff_lists(old.entries, new.entries).added == [] and not diff_lists(old.entries, new.entries).removed


@pytest.mark.parametrize("name", LAYOUTS)
def test_detected_from_content_and_screened(shared_dir: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / "list.dat"  # the name says nothing
    path.write_bytes(lv_file(shared_dir, name).read_bytes())
    assert detect_format(path.read_bytes()) == "lv_national"
    index = build_index(read_list_file(path).entries)
    found = screen_name(index, "Ri Song Hyok", "Person", threshold=0.7)
    assert found and found[0].entry_id == "2" and found[0].list_name == "lv_national"
    by_alias = screen_name(index, "Li Cheng He", "Person", threshold=0.7)
    assert by_alias and by_alias[0].entry_id == "2"
    company = screen_name(index, "Ruskor International Company", "Organization", threshold=0.7)
    assert company and company[0].entry_id == "3"


def without(path: Path, entity: str, drop: tuple[str, ...]) -> bytes:
    """The list with the second entity's children named in ``drop`` removed."""
    root = ET.fromstring(path.read_bytes())
    second = [child for child in root if child.tag == entity][1]
    for child in [child for child in second if child.tag in drop]:
        second.remove(child)
    if "Id" in drop:
        second.attrib.pop("Id", None)
    return ET.tostring(root, encoding="utf-8")


@pytest.mark.parametrize(("name", "entity", "drop"), [
    ("LV_national_v2.xml", "Entity", ("Id",)),
    ("LV_national_v2.xml", "Entity", ("Name", "Alias")),
    ("LV_national.xml", "ENTITY", ("Id",)),
    ("LV_national.xml", "ENTITY", ("NAME",)),
])
def test_a_malformed_entity_is_skipped_and_counted(shared_dir: Path, name: str, entity: str,
                                                   drop: tuple[str, ...]) -> None:
    parsed = read_list_bytes(without(lv_file(shared_dir, name), entity, drop), "lv.xml")
    assert [entry.entry_id for entry in parsed.entries] == ["1", "3"]
    assert len(parsed.skipped) == 1 and parsed.skipped[0].reason == "an entry without id or name"


@pytest.mark.parametrize(("data", "reason"), [
    (b'<WHOLE Date="29/03/2018"><ENTITY Id="1" Type="P"><NAME><WHOLENAME>A B</WHOLENAME></NAME>', "truncated"),
    (b"<LVlist><PublishInfo><PublishDate>2018-03-29</PublishDate></PublishInfo></LVlist>", "no listed entries"),
    (b'<?xml version="1.0"?><!DOCTYPE LVlist [<!ENTITY x "y">]><LVlist><Entity><Id>&x;</Id></Entity></LVlist>',
     "refused XML"),
    (b"<LVlistOld><Entity/></LVlistOld>", "no sanctions list format"),
])
def test_broken_files_are_refused_with_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(ListFormatError) as caught:
        read_list_bytes(data, "upload")
    assert reason in str(caught.value) and str(caught.value).startswith("upload:") and "\n" not in str(caught.value)


def test_a_date_that_is_no_date_is_left_out(shared_dir: Path) -> None:
    old = lv_file(shared_dir, "LV_national.xml").read_bytes().replace(b'Date="29/03/2018"', b'Date="2018-99-99"')
    new = lv_file(shared_dir, "LV_national_v2.xml").read_bytes().replace(b"2018-03-29T15", b"29.03.2018T15")
    assert read_list_bytes(old, "old.xml").published is None and read_list_bytes(new, "new.xml").published is None


def test_a_cut_file_keeps_the_loaded_version(run_cli: Run, shared_dir: Path, tmp_path: Path) -> None:
    loaded = run_cli("lists", "load", str(lv_file(shared_dir, "LV_national_v2.xml")))
    assert loaded.code == 0 and "loaded as version" in loaded.out, loaded.err
    cut = tmp_path / "LV_national.xml"
    cut.write_bytes(lv_file(shared_dir, "LV_national.xml").read_bytes()[:3000])
    failed = run_cli("lists", "load", str(cut))
    assert failed.code == 1 and "truncated" in failed.err and len(failed.err.strip().splitlines()) == 1
    shown = json.loads(run_cli("lists", "show", "--json").out)
    assert [(v["name"], v["entry_count"], v["published"]) for v in shown] == [("lv_national", 3, "2018-03-29")]
    entry = json.loads(run_cli("lists", "show", "lv_national", "--entry", "2").out)
    assert entry["caption"] == "Ri Song-Hyok" and entry["entity"]["id"] == "lv_national-2"
