"""OFAC's legacy CSV files: ``sdn.csv`` (or ``cons_prim.csv``) with, when present, ``alt.csv`` (aliases),
``add.csv`` (addresses) and ``sdn_comments.csv`` (the end of long remarks).

The primary file has 12 columns and no header; "-0-" marks an empty field. Aliases, nationalities,
passports and IMO numbers are also written into the remarks ("a.k.a. 'BNC'; Vessel Registration
Identification IMO 7406784"), so the remarks are read too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

from sanctionwatch.errors import ListFormatError
from sanctionwatch.link.readers.common import EntryBuilder
from sanctionwatch.model import ListEntry, Problem

COLUMNS = 12
EMPTY = "-0-"
END_OF_FILE = "\x1a"
DATE_PATTERNS = (("%d %b %Y", 10), ("%b %Y", 7), ("%Y", 4))
SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
ALIAS = re.compile(r"\b([afn])\.k\.a\.,?\s+'([^']+)'")
REMARK_FIELDS = (
    (re.compile(r"^(?:alt\. )?nationality (.+)$"), "nationality"),
    (re.compile(r"^(?:alt\. )?citizen (.+)$"), "citizenship"),
    (re.compile(r"^(?:alt\. )?Passport ([A-Z0-9-]+)"), "passport"),
    (re.compile(r"IMO (\d{7})\b"), "imo"),
    (re.compile(r"^MMSI (\d{9})\b"), "mmsi"),
    (re.compile(r"^(?:alt\. )?DOB (.+)$"), "birth"),
)


def looks_like_ofac_csv(text: str) -> bool:
    """Whether the first row has the 12 columns of the legacy SDN layout and a numeric entry number."""
    try:
        first = next(csv.reader(io.StringIO(text[:20_000])), [])
    except csv.Error:  # "new-line character seen in unquoted field" and the like: not this layout
        return False
    return len(first) == COLUMNS and first[0].strip().isdigit()


def read_ofac_csv(
    text: str, list_name: str, origin: str, companions: dict[str, str] | None = None
) -> tuple[list[ListEntry | None], list[Problem]]:
    """The entries of a legacy OFAC CSV set; ``companions`` holds the text of alt, add and comments files."""
    companions = companions or {}
    rows, problems = _rows(text, origin, COLUMNS)
    extra = _by_entry(_rows(companions.get("comments", ""), origin, 2)[0])
    aliases = _by_entry(_rows(companions.get("alt", ""), origin, 5)[0])
    addresses = _by_entry(_rows(companions.get("add", ""), origin, 6)[0])
    entries = []
    for row in rows:
        remarks = _value(row[11]) or ""
        remarks += "".join(_value(r[1]) or "" for r in extra.get(row[0], []))
        entries.append(_entry(row, remarks, list_name, aliases.get(row[0], []), addresses.get(row[0], [])))
    return entries, problems


def _rows(text: str, origin: str, width: int) -> tuple[list[list[str]], list[Problem]]:
    """Rows of the expected width; a malformed row is skipped, a cut-off last row means a truncated file."""
    lines = [line for line in _records(text, origin) if line and line != [END_OF_FILE]]
    good = [[cell.strip() for cell in row] for row in lines if len(row) == width and row[0].strip().isdigit()]
    problems = [Problem(origin, f"row {i + 1}: {len(row)} columns, expected {width}")
                for i, row in enumerate(lines) if len(row) != width or not row[0].strip().isdigit()]
    if lines and (len(lines[-1]) != width):
        raise ListFormatError(f"{origin}: truncated CSV (the last row has {len(lines[-1])} of {width} columns)")
    return good, problems


def _records(text: str, origin: str) -> Iterator[list[str]]:
    try:
        yield from csv.reader(io.StringIO(text), strict=True)
    except csv.Error as error:
        raise ListFormatError(f"{origin}: malformed or truncated CSV ({error})") from error


def _by_entry(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    grouped: dict[str, list[list[str]]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return grouped


def _value(cell: str) -> str | None:
    cell = cell.strip()
    return None if not cell or cell == EMPTY else cell


def _entry(
    row: list[str], remarks: str, list_name: str, aliases: list[list[str]], addresses: list[list[str]]
) -> ListEntry | None:
    schema = SCHEMAS.get((_value(row[2]) or "").lower(), "Organization")
    builder = EntryBuilder(list_name, row[0], schema)
    builder.name(_value(row[1]))
    for program in (_value(row[3]) or "").split("] ["):
        builder.program(program.strip("[] "))
    builder.add("title", _value(row[4]))
    _add_vessel(builder, row)
    for alias in aliases:
        kind = (_value(alias[2]) or "aka").lower().replace(".", "")
        builder.alias(_value(alias[3]), weak=(_value(alias[4]) or "").lower() == "weak", kind=kind)
    for address in addresses:
        builder.country(_value(address[4]), prop="country")
    _add_remarks(builder, remarks)
    return builder.build()


def _add_vessel(builder: EntryBuilder, row: list[str]) -> None:
    builder.add("callSign", _value(row[5]))
    builder.add("type", _value(row[6]))
    builder.country(_value(row[9]))


def _add_remarks(builder: EntryBuilder, remarks: str) -> None:
    for kind, name in ALIAS.findall(remarks):
        builder.alias(name, kind=f"{kind}ka")
    for segment in (part.strip(" .") for part in remarks.split(";")):
        for pattern, field in REMARK_FIELDS:
            if (found := pattern.search(segment)) is not None:
                _add_remark(builder, field, found.group(1).strip())
    builder.add("notes", remarks or None)


def _add_remark(builder: EntryBuilder, field: str, value: str) -> None:
    if field in ("nationality", "citizenship"):
        builder.country(value)
    elif field == "birth":
        builder.add("birthDate", _iso_date(value))
    else:
        builder.identifier(field, value)


def _iso_date(value: str) -> str | None:
    """"10 Dec 1948" -> "1948-12-10", "Dec 1948" -> "1948-12", "1948" -> "1948"."""
    for pattern, precision in DATE_PATTERNS:
        try:
            return dt.datetime.strptime(value, pattern).date().isoformat()[:precision]
        except ValueError:
            continue
    return None
