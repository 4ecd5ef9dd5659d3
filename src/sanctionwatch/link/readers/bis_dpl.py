"""The US Commerce Department's Denied Persons List (BIS DPL), tab-separated with a header row:
``"Name" "Street_Address" "City" "State" "Country" "Postal_Code" "Effective_Date" "Expiration_Date"
"Standard_Order" "Last_Update" "Action" "FR_Citation"``.

A denial order is one row per address, so the rows of one name and one effective date are one entry. The
file has no entry ids: an entry's id is a digest of its normalised name and effective date, which stays the
same across versions of the list. Names carry their aliases inline ("PEARL (A.K.A. NEI-CHIEN CHU) LI",
"SIBERIAN AIRLINES D/B/A S7 AIRLINES"). The list does not say whether a party is a person or a company: a
name with a legal form (LLC, GmbH, FZE ...) is a Company, any other a LegalEntity, which screening compares
with people and organisations alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re

from normality import normalize
from rigour.names import extract_org_types

from sanctionwatch.errors import ListFormatError
from sanctionwatch.link.readers.common import EntryBuilder
from sanctionwatch.model import ListEntry, Problem

HEADER = ("Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date", "Expiration_Date",
          "Standard_Order", "Last_Update", "Action", "FR_Citation")
PROGRAM = "BIS Denied Persons List"
INLINE_ALIAS = re.compile(r"\s*\((?:A\.?K\.?A\.?|F\.?K\.?A\.?)\s+([^)]+)\)\s*", re.IGNORECASE)
TRADE_NAME = re.compile(r"\s+(?:D/B/A|A/K/A|F/K/A)\s+", re.IGNORECASE)


def looks_like_bis_dpl(text: str) -> bool:
    """Whether the first line is the DPL's header row."""
    first = text.split("\n", 1)[0].strip().replace('"', "").split("\t")
    return tuple(cell.strip() for cell in first[:3]) == HEADER[:3]


def read_bis_dpl(text: str, list_name: str, origin: str) -> tuple[list[ListEntry | None], list[Problem]]:
    """The entries of a Denied Persons List file, with a Problem for each malformed row."""
    rows, problems = _rows(text, origin)
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        grouped.setdefault(_entry_id(row), []).append(row)
    return [_entry(entry_id, group, list_name) for entry_id, group in grouped.items()], problems


def _rows(text: str, origin: str) -> tuple[list[dict[str, str]], list[Problem]]:
    try:
        records = list(csv.reader(io.StringIO(text), delimiter="\t", strict=True))
    except csv.Error as error:
        raise ListFormatError(f"{origin}: malformed or truncated DPL file ({error})") from error
    header = [cell.strip() for cell in records[0]] if records else []
    if tuple(header[:len(HEADER)]) != HEADER:
        raise ListFormatError(f"{origin}: the DPL header row is not {', '.join(HEADER)}")
    rows, problems = [], []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < len(HEADER):
            problems.append(Problem(origin, f"row {number}: {len(record)} columns, expected {len(HEADER)}"))
            continue
        rows.append({name: cell.strip() for name, cell in zip(HEADER, record, strict=False)})
    return rows, problems


def _entry_id(row: dict[str, str]) -> str:
    key = f"{normalize(row['Name']) or row['Name']}|{_date(row['Effective_Date']) or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _entry(entry_id: str, rows: list[dict[str, str]], list_name: str) -> ListEntry | None:
    first = rows[0]
    name, aliases = split_names(first["Name"])
    builder = EntryBuilder(list_name, entry_id, "Company" if name and extract_org_types(name) else "LegalEntity")
    builder.name(name)
    for alias in aliases:
        builder.alias(alias)
    builder.program(PROGRAM)
    builder.listed(_date(first["Effective_Date"]))
    builder.reference(first["FR_Citation"])
    expires = _date(first["Expiration_Date"])
    builder.add("notes", f"denial order effective {_date(first['Effective_Date']) or 'on an unknown date'}"
                         f"{', expires ' + expires if expires else ''}; {first['Action']}".strip("; "))
    for row in rows:
        builder.country(row["Country"], prop="country")
        address = ", ".join(part for part in (row["Street_Address"], row["City"], row["State"], row["Postal_Code"])
                            if part)
        builder.add("address", address)
    return builder.build()


def split_names(value: str) -> tuple[str, list[str]]:
    """The name and its inline aliases: "PEARL (A.K.A. NEI-CHIEN CHU) LI" -> ("PEARL LI", ["NEI-CHIEN CHU"])."""
    aliases = [alias.strip() for alias in INLINE_ALIAS.findall(value)]
    name, *trade_names = TRADE_NAME.split(INLINE_ALIAS.sub(" ", value))
    return " ".join(name.split()), aliases + [" ".join(t.split()) for t in trade_names if t.strip()]


def _date(value: str) -> str | None:
    """ISO date of the list's MM/DD/YYYY dates (None when empty or not a date)."""
    try:
        return dt.datetime.strptime(value.strip(), "%m/%d/%Y").date().isoformat()
    except ValueError:
        return None
