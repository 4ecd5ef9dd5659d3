"""FollowTheMoney entities as JSON lines (the OpenSanctions ``entities.ftm.json`` exports).

People, organisations, companies, vessels and aircraft become entries; ``Sanction`` entities add their
programme, reference numbers and listing date to the entity they name. Other schemas (addresses,
ownership links) are left out.
"""

from __future__ import annotations

import json
from typing import Any

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException

from sanctionwatch.errors import ListFormatError
from sanctionwatch.link.readers.common import EntryBuilder
from sanctionwatch.model import ListEntry, Problem

LISTED_SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane")
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "flag")
ID_PROPS = {"imoNumber": "imo", "passportNumber": "passport", "mmsi": "mmsi", "registrationNumber": "registration"}
ALIAS_PROPS = {"alias": ("aka", False), "weakAlias": ("aka", True), "previousName": ("fka", False)}


def read_ftm_json(text: str, origin: str) -> tuple[list[ListEntry | None], list[Problem], str | None]:
    """The entries of an FtM JSON lines file, the problems with skipped lines, and the dataset name."""
    records, problems = _records(text, origin)
    sanctions = _sanctions_by_entity(records)
    dataset = next((r["datasets"][0] for r in records if r.get("datasets")), None)
    entries = [_entry(r, sanctions.get(r["id"], [])) for r in records if _listed(r)]
    return entries, problems, dataset


def _records(text: str, origin: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    lines = [line for line in text.splitlines() if line.strip()]
    records, problems = [], []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            if number == len(lines):
                raise ListFormatError(f"{origin}: truncated JSON lines (last line: {error})") from error
            problems.append(Problem(origin, f"line {number}: not JSON ({error})"))
            continue
        except RecursionError:
            problems.append(Problem(origin, f"line {number}: not JSON (nested too deeply)"))
            continue
        if isinstance(record, dict) and isinstance(record.get("id"), str) and isinstance(record.get("schema"), str):
            records.append(record)
        else:
            problems.append(Problem(origin, f"line {number}: not a FollowTheMoney entity"))
    return records, problems


def _listed(record: dict[str, Any]) -> bool:
    schema = model.get(record["schema"])
    return schema is not None and any(schema.is_a(name) for name in LISTED_SCHEMAS)


def _sanctions_by_entity(records: list[dict[str, Any]]) -> dict[str, list[dict[str, list[str]]]]:
    found: dict[str, list[dict[str, list[str]]]] = {}
    for record in records:
        if record["schema"] == "Sanction":
            props = record.get("properties") or {}
            for entity_id in props.get("entity", []):
                found.setdefault(entity_id, []).append(props)
    return found


def _entry(record: dict[str, Any], sanctions: list[dict[str, list[str]]]) -> ListEntry | None:
    try:
        proxy = model.get_proxy(record, cleaned=False)
    except FollowTheMoneyException:
        return None
    builder = EntryBuilder("", record["id"], proxy.schema.name)
    builder.proxy = proxy
    builder.entry.entry_id = record["id"]
    for name in proxy.get("name"):
        builder.name(name)
    for prop, (kind, weak) in ALIAS_PROPS.items():
        for name in proxy.get(prop, quiet=True):
            builder.alias(name, weak=weak, kind=kind)
    for prop in COUNTRY_PROPS:
        for code in proxy.get(prop, quiet=True):
            builder.country(code, prop=prop)
    for prop, kind in ID_PROPS.items():
        for value in proxy.get(prop, quiet=True):
            builder.identifier(kind, value)
    _add_sanctions(builder, proxy.get("program", quiet=True), sanctions)
    return builder.build()


def _add_sanctions(builder: EntryBuilder, programs: list[str], sanctions: list[dict[str, list[str]]]) -> None:
    for program in programs:
        builder.program(program)
    for sanction in sanctions:
        for program in sanction.get("program", []) + sanction.get("programId", []):
            builder.program(program)
        for reference in sanction.get("unscId", []) + sanction.get("authorityId", []):
            builder.reference(reference)
        for date in sanction.get("listingDate", []) + sanction.get("startDate", []):
            builder.listed(date)
