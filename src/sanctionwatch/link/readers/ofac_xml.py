"""OFAC's XML lists in the ``sdnList`` layout (``sdn.xml``, and the non-SDN ``consolidated.xml``).

Aliases of category "weak" are weak aliases; IMO numbers and passports come from ``idList``.
"""

from __future__ import annotations

import datetime as dt

from sanctionwatch.link.readers.common import Element, EntryBuilder, child_text, children
from sanctionwatch.model import ListEntry

SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
ID_KINDS = {"vessel registration identification": "imo", "passport": "passport", "mmsi": "mmsi"}


def read_ofac_xml(root: Element, list_name: str) -> tuple[list[ListEntry | None], str | None]:
    """The entries of a parsed ``sdnList`` document and its publication date."""
    entries = [_read_entry(item, list_name) for item in children(root, "sdnEntry")]
    return entries, _published(child_text(root, "publshInformation", "Publish_Date"))


def _published(value: str | None) -> str | None:
    try:
        return dt.datetime.strptime(value or "", "%m/%d/%Y").date().isoformat()
    except ValueError:
        return None


def _read_entry(item: Element, list_name: str) -> ListEntry | None:
    uid = child_text(item, "uid")
    if uid is None:
        return None
    schema = SCHEMAS.get((child_text(item, "sdnType") or "").lower(), "Organization")
    builder = EntryBuilder(list_name, uid, schema)
    builder.name(_full_name(item))
    for program in _list_values(item, "programList", "program"):
        builder.program(program)
    for aka in _list_items(item, "akaList", "aka"):
        kind = (child_text(aka, "type") or "a.k.a.").replace(".", "").lower()
        builder.alias(_full_name(aka), weak=child_text(aka, "category") == "weak", kind=kind)
    _add_ids(builder, item)
    _add_places(builder, item)
    builder.add("notes", child_text(item, "remarks"))
    return builder.build()


def _full_name(item: Element) -> str | None:
    last, first = child_text(item, "lastName"), child_text(item, "firstName")
    return f"{last}, {first}" if last and first else last or first


def _list_items(item: Element, list_tag: str, item_tag: str) -> list[Element]:
    return [child for group in children(item, list_tag) for child in children(group, item_tag)]


def _list_values(item: Element, list_tag: str, item_tag: str) -> list[str]:
    return [(child.text or "").strip() for child in _list_items(item, list_tag, item_tag)]


def _add_ids(builder: EntryBuilder, item: Element) -> None:
    for identifier in _list_items(item, "idList", "id"):
        kind = (child_text(identifier, "idType") or "").lower()
        if kind in ID_KINDS:
            builder.identifier(ID_KINDS[kind], child_text(identifier, "idNumber"))


def _add_places(builder: EntryBuilder, item: Element) -> None:
    for tag in ("nationality", "citizenship"):
        for place in _list_items(item, f"{tag}List", tag):
            builder.country(child_text(place, "country"))
    for address in _list_items(item, "addressList", "address"):
        builder.country(child_text(address, "country"), prop="country")
    for vessel in children(item, "vesselInfo"):
        builder.country(child_text(vessel, "vesselFlag"))
        builder.add("callSign", child_text(vessel, "callSign"))
        builder.add("type", child_text(vessel, "vesselType"))
    for birth in _list_items(item, "dateOfBirthList", "dateOfBirthItem"):
        builder.add("birthDate", child_text(birth, "dateOfBirth"))
