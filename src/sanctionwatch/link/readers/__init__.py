"""Reading sanctions lists: the format is detected from the content, never from the file name.

    un_sc_xml    UN Security Council Consolidated List (CONSOLIDATED_LIST)
    ofac_xml     OFAC sdnList XML (SDN or the non-SDN consolidated list)
    eu_fsf_xml   EU Financial Sanctions Files export
    ofac_csv     OFAC legacy CSV (sdn.csv / cons_prim.csv, with alt, add and comments files beside it)
    ftm_json     FollowTheMoney entities, one JSON object per line (OpenSanctions exports)
    bis_dpl      US Commerce (BIS) Denied Persons List, tab-separated with its header row
    lv_national  Latvia's national sanctions list, XML in either layout (WHOLE, the older; LVlist, the newer)

Anything else, or a malformed, truncated or hostile file, raises ``ListFormatError`` with one line
saying why. Reading never touches the store: a list that fails to read replaces nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sanctionwatch.errors import ListFormatError
from sanctionwatch.link.readers.bis_dpl import looks_like_bis_dpl, read_bis_dpl
from sanctionwatch.link.readers.common import decode_text, local_name, parse_xml
from sanctionwatch.link.readers.eu_fsf import read_eu_fsf
from sanctionwatch.link.readers.ftm_json import read_ftm_json
from sanctionwatch.link.readers.lv_national import read_lv_list, read_lv_whole
from sanctionwatch.link.readers.ofac_csv import looks_like_ofac_csv, read_ofac_csv
from sanctionwatch.link.readers.ofac_xml import read_ofac_xml
from sanctionwatch.link.readers.un_sc import read_un_sc
from sanctionwatch.model import ListEntry, Problem, SanctionsList

MAX_LIST_BYTES = 1_000_000_000
XML_READERS = {"CONSOLIDATED_LIST": ("un_sc_xml", read_un_sc), "sdnList": ("ofac_xml", read_ofac_xml),
               "export": ("eu_fsf_xml", read_eu_fsf), "WHOLE": ("lv_national", read_lv_whole),
               "LVlist": ("lv_national", read_lv_list)}
DEFAULT_NAMES = {"un_sc_xml": "un_sc", "ofac_xml": "ofac", "eu_fsf_xml": "eu_fsf", "ofac_csv": "ofac_sdn",
                 "ftm_json": "ftm", "bis_dpl": "bis_dpl", "lv_national": "lv_national"}
COMPANIONS = {"sdn.csv": {"alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"},
              "cons_prim.csv": {"alt": "cons_alt.csv", "add": "cons_add.csv", "comments": "cons_comments.csv"}}
__all__ = ["MAX_LIST_BYTES", "detect_format", "read_list_bytes", "read_list_file"]


def read_list_file(path: Path, name: str | None = None) -> SanctionsList:
    """Read a list file; an OFAC ``sdn.csv`` brings the ``alt.csv``/``add.csv`` found beside it."""
    if path.is_dir():
        path = next((path / primary for primary in COMPANIONS if (path / primary).is_file()), path)
    data = _read_bytes(path)
    companions = {role: decode_text(_read_bytes(path.parent / file), str(path.parent / file))
                  for role, file in COMPANIONS.get(path.name.lower(), {}).items() if (path.parent / file).is_file()}
    return read_list_bytes(data, str(path), name=name, companions=companions, stem=path.stem)


def read_list_bytes(
    data: bytes, origin: str, name: str | None = None, companions: dict[str, str] | None = None,
    stem: str | None = None,
) -> SanctionsList:
    """Parse the bytes of a list (downloaded or read); the format is detected from the content."""
    if len(data) > MAX_LIST_BYTES:
        raise ListFormatError(f"{origin}: {len(data)} bytes, more than the {MAX_LIST_BYTES} a list may have")
    fmt = detect_format(data, origin)
    entries, problems, published, dataset = _read(fmt, data, origin, companions or {})
    list_name = name or ((dataset or stem or "ftm") if fmt == "ftm_json" else DEFAULT_NAMES[fmt])
    found = [entry for entry in entries if entry is not None]
    if not found:
        raise ListFormatError(f"{origin}: no listed entries found in this {fmt} file")
    for entry in found:
        entry.list_name = list_name
        if fmt != "ftm_json":
            entry.entity["id"] = f"{list_name}-{entry.entry_id}"
    skipped = problems + [Problem(origin, "an entry without id or name") for entry in entries if entry is None]
    digest = hashlib.sha256(data + "".join(sorted(companions.values() if companions else [])).encode()).hexdigest()
    return SanctionsList(list_name, fmt, origin, digest, published, found, skipped)


def detect_format(data: bytes, origin: str = "list") -> str:
    """The format of a list's bytes: one of the names in this module's docstring."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        root_name = _xml_root_name(head)
        if not root_name and b"<!doctype" in head.lower():
            raise ListFormatError(f"{origin}: refused XML (a DTD fills its first 4 KB; DTDs and entities are not "
                                  "allowed in a sanctions list)")
        for tag, (fmt, _reader) in XML_READERS.items():
            if root_name == tag:
                return fmt
        raise ListFormatError(f"{origin}: XML with root <{root_name or '?'}> is no sanctions list format known here")
    if head.startswith(b"{"):
        return "ftm_json"
    text = decode_text(data[:20_000], origin) if data else ""
    if looks_like_ofac_csv(text):
        return "ofac_csv"
    if looks_like_bis_dpl(text):
        return "bis_dpl"
    raise ListFormatError(f"{origin}: unknown list format (expected UN, OFAC, EU or Latvian XML, OFAC CSV, "
                          "the BIS DPL or FtM JSON lines)")


def _xml_root_name(head: bytes) -> str:
    """The local name of the first element, read from the raw text (the file is parsed safely later)."""
    text = head.decode("utf-8", "replace")
    position = 0
    while (position := text.find("<", position)) != -1:
        if text[position + 1:position + 2] not in ("?", "!"):
            tag = (text[position + 1:].split(None, 1) or [""])[0].split(">", 1)[0].split("/", 1)[0]
            return tag.rsplit(":", 1)[-1]
        position += 1
    return ""


def _read(
    fmt: str, data: bytes, origin: str, companions: dict[str, str]
) -> tuple[list[ListEntry | None], list[Problem], str | None, str | None]:
    if fmt == "ftm_json":
        entries, problems, dataset = read_ftm_json(decode_text(data, origin), origin)
        return entries, problems, None, dataset
    if fmt == "ofac_csv":
        entries, problems = read_ofac_csv(decode_text(data, origin), "", origin, companions)
        return entries, problems, None, None
    if fmt == "bis_dpl":
        entries, problems = read_bis_dpl(decode_text(data, origin), "", origin)
        return entries, problems, None, None
    root = parse_xml(data, origin)
    _name, reader = XML_READERS[local_name(root)]
    entries, published = reader(root, "")
    return entries, [], published, None


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_LIST_BYTES:
            raise ListFormatError(f"{path}: larger than the {MAX_LIST_BYTES} bytes a list may have")
        return path.read_bytes()
    except OSError as error:
        raise ListFormatError(f"{path}: cannot read ({error.strerror or error})") from error
