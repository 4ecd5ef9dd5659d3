"""Fuzzing the sanctions-list readers with real lists made small, then cut, corrupted or given hostile names.

Properties: only ListFormatError escapes, with one line naming the file; a list read is whole: every
entry has an id, a caption among its names, a known schema, upper-case country codes and nothing a
store cannot hold.
"""

from __future__ import annotations

import collections
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.errors import ListFormatError
from sanctionwatch.link import read_list_bytes

LISTS = "data/sanctions_lists"
SCHEMAS = {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane", "PublicBody"}
Tally = collections.Counter[str]
Fuzz = Callable[[int], settings]


def first_entries(path: Path, entry_tags: tuple[str, ...], keep: int) -> bytes:
    """The real XML list with only its first ``keep`` entries of each kind (so that parsing is quick)."""
    root = ET.fromstring(path.read_bytes())
    for parent in root.iter():
        entries = [child for child in parent if child.tag.rsplit("}", 1)[-1] in entry_tags]
        for child in entries[keep:]:
            parent.remove(child)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@pytest.fixture(scope="module")
def real_lists(shared_dir: Path) -> dict[str, bytes]:
    lists = shared_dir / LISTS
    head = lambda path, lines: b"".join(path.read_bytes().splitlines(keepends=True)[:lines])  # noqa: E731
    return {
        "un_sc_xml": first_entries(lists / "dprk_subsets/un_sc_dprk_2026-02.xml", ("INDIVIDUAL", "ENTITY"), 3),
        "ofac_xml": first_entries(lists / "ofac_consolidated_nonsdn_2018-04/consolidated.xml", ("sdnEntry",), 4),
        "eu_fsf_xml": (lists / "eu_fsf_excerpt_2018-12/eu_fsf_excerpt_2018-12-21.xml").read_bytes(),
        "ofac_csv": head(lists / "dprk_subsets/ofac_sdn_dprk_2024-05-03.csv", 25),
        "ftm_json": head(shared_dir / "data/ftm_samples/yente_zala_entities.ftm.json", 25),
        "bis_dpl": head(lists / "bis_dpl/dpl.txt", 25),
        "lv_national": (lists / "lv_national_sample/LV_national.xml").read_bytes(),
        "lv_national_v2": (lists / "lv_national_sample/LV_national_v2.xml").read_bytes(),
        "unknown": (lists / "un_sc_consolidated_2018-10/sc-sanctions.xsd").read_bytes(),  # XML, but no list
    }


def corrupt(data: bytes, draw: st.DataObject, hostile: st.SearchStrategy[str]) -> bytes:
    at = draw.draw(st.integers(0, len(data)))
    how = draw.draw(st.sampled_from(["cut", "flip", "insert", "name", "whole"]))
    text = draw.draw(hostile).encode("utf-8", "surrogatepass")
    if how == "cut":
        return data[:at]
    if how == "flip":
        return data[:at] + bytes([draw.draw(st.integers(0, 255))]) + data[at + 1:]
    if how == "insert":
        return data[:at] + text + data[at:]
    if how == "name":  # a name as hostile text, escaped as the format would escape it
        quoted = json.dumps(text.decode("utf-8", "replace"))[1:-1].encode() if data.startswith(b"{") else \
            text.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b'"', b"")
        return data.replace(b"KOREA", quoted, 1).replace(b"Maria", quoted, 1).replace(b"Ruskor", quoted, 1)
    return data


def test_real_lists_corrupted(fuzz: Fuzz, tally: Tally, real_lists: dict[str, bytes],
                              hostile_texts: st.SearchStrategy[str]) -> None:
    @fuzz(300)
    @given(data=st.data(), fmt=st.sampled_from(sorted(real_lists)))
    def check(data: st.DataObject, fmt: str) -> None:
        tally[f"lists: {fmt}"] += 1
        try:
            parsed = read_list_bytes(corrupt(real_lists[fmt], data, hostile_texts), "upload")
        except ListFormatError as error:
            assert str(error).startswith("upload:") and "\n" not in str(error)
            return
        assert parsed.entries and fmt != "unknown"
        for entry in parsed.entries:
            assert entry.entry_id and entry.caption in entry.names and entry.schema in SCHEMAS
            assert all(len(code) == 2 and code.isupper() for code in entry.countries)
            names = [entry.caption, *entry.names, *(alias.name for alias in entry.aliases)]
            assert not any("\x00" in name for name in names) and json.dumps(names, ensure_ascii=False).encode()

    check()


def test_arbitrary_bytes(fuzz: Fuzz, tally: Tally) -> None:
    starts = st.sampled_from([b"", b"<CONSOLIDATED_LIST>", b"<sdnList>", b"<export>", b"<WHOLE>", b"<LVlist>", b"{",
                              b"\xef\xbb\xbf", b"1,", b"\"Name\"\t\"Street_Address\"\t\"City\"\t"])

    @fuzz(200)
    @given(start=starts, data=st.binary(max_size=400))
    def check(start: bytes, data: bytes) -> None:
        tally["lists: arbitrary bytes"] += 1
        try:
            parsed = read_list_bytes(start + data, "upload")
        except ListFormatError as error:
            assert str(error).startswith("upload:") and "\n" not in str(error)
            return
        assert all(entry.caption for entry in parsed.entries)

    check()
