"""The UN Security Council Consolidated List (XML, ``CONSOLIDATED_LIST``), as published at
https://scsanctions.un.org/resources/xml/en/consolidated.xml.

Entries are keyed by their UN reference number (``KPi.033``), which stays the same across versions.
Aliases of quality "Low" are weak aliases.
"""

from __future__ import annotations

from sanctionwatch.link.readers.common import Element, EntryBuilder, child_text, children, imo_numbers_in
from sanctionwatch.model import ListEntry

NAME_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def read_un_sc(root: Element, list_name: str) -> tuple[list[ListEntry | None], str | None]:
    """The entries of a parsed UN consolidated list and its generation date."""
    entries: list[ListEntry | None] = []
    for group, schema in (("INDIVIDUALS", "Person"), ("ENTITIES", "Organization")):
        for section in children(root, group):
            entries.extend(_read_entry(item, list_name, schema) for item in section)
    published = root.get("dateGenerated")
    return entries, published[:10] if published else None


def _read_entry(item: Element, list_name: str, schema: str) -> ListEntry | None:
    reference = child_text(item, "REFERENCE_NUMBER")
    entry_id = reference or child_text(item, "DATAID")
    if entry_id is None:
        return None
    builder = EntryBuilder(list_name, entry_id, schema)
    builder.name(" ".join(filter(None, (child_text(item, field) for field in NAME_FIELDS))))
    builder.name(child_text(item, "NAME_ORIGINAL_SCRIPT"))
    builder.reference(reference)
    builder.program(child_text(item, "UN_LIST_TYPE"))
    builder.listed(child_text(item, "LISTED_ON"))
    notes = child_text(item, "COMMENTS1")
    builder.add("notes", notes)
    for number, _start, _end in imo_numbers_in(notes or ""):
        builder.identifier("imo", number)
    _add_aliases(builder, item)
    _add_places(builder, item)
    if schema == "Person":
        _add_person_details(builder, item)
    return builder.build()


def _add_aliases(builder: EntryBuilder, item: Element) -> None:
    for alias in children(item, "INDIVIDUAL_ALIAS") + children(item, "ENTITY_ALIAS"):
        quality = (child_text(alias, "QUALITY") or "").lower()
        kind = "fka" if "f.k.a" in quality else "aka"
        builder.alias(child_text(alias, "ALIAS_NAME"), weak=quality == "low", kind=kind)


def _add_places(builder: EntryBuilder, item: Element) -> None:
    for nationality in children(item, "NATIONALITY"):
        for value in children(nationality, "VALUE"):
            builder.country(value.text)
    for address in children(item, "INDIVIDUAL_ADDRESS") + children(item, "ENTITY_ADDRESS"):
        builder.country(child_text(address, "COUNTRY"), prop="country")


def _add_person_details(builder: EntryBuilder, item: Element) -> None:
    for birth in children(item, "INDIVIDUAL_DATE_OF_BIRTH"):
        builder.add("birthDate", child_text(birth, "DATE") or child_text(birth, "YEAR"))
    for document in children(item, "INDIVIDUAL_DOCUMENT"):
        kind = (child_text(document, "TYPE_OF_DOCUMENT") or "").lower()
        builder.identifier("passport" if "passport" in kind else "id", child_text(document, "NUMBER"))
    for field, prop in (("TITLE", "title"), ("DESIGNATION", "position")):
        for node in children(item, field):
            for value in children(node, "VALUE"):
                builder.add(prop, (value.text or "").strip())
    builder.add("gender", (child_text(item, "GENDER") or "").lower())
