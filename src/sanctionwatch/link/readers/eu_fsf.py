"""The EU Financial Sanctions Files (FSF) XML export (``export`` in the ``fsd/export`` namespace).

Names are ``nameAlias`` elements; a name marked ``strong="false"`` is a weak alias. Entries are keyed
by their ``logicalId``; the EU and UN reference numbers are kept as references.
"""

from __future__ import annotations

from sanctionwatch.link.readers.common import Element, EntryBuilder, children
from sanctionwatch.model import ListEntry

SCHEMAS = {"person": "Person", "enterprise": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}


def read_eu_fsf(root: Element, list_name: str) -> tuple[list[ListEntry | None], str | None]:
    """The entries of a parsed EU FSF export and its generation date."""
    entries = [_read_entry(item, list_name) for item in children(root, "sanctionEntity")]
    generated = root.get("generationDate")
    return entries, generated[:10] if generated else None


def _read_entry(item: Element, list_name: str) -> ListEntry | None:
    entry_id = item.get("logicalId") or item.get("euReferenceNumber")
    if not entry_id:
        return None
    subject = next(iter(children(item, "subjectType")), None)
    schema = SCHEMAS.get(subject.get("code", "") if subject is not None else "", "Organization")
    builder = EntryBuilder(list_name, entry_id, schema)
    builder.reference(item.get("euReferenceNumber"))
    builder.reference(item.get("unitedNationId"))
    builder.listed(item.get("designationDate"))
    _add_names(builder, item)
    for regulation in children(item, "regulation"):
        builder.program(regulation.get("programme"))
        builder.listed(regulation.get("entryIntoForceDate") if not item.get("designationDate") else None)
    _add_details(builder, item)
    return builder.build()


def _add_names(builder: EntryBuilder, item: Element) -> None:
    for alias in children(item, "nameAlias"):
        name = alias.get("wholeName") or " ".join(
            filter(None, (alias.get(part) for part in ("firstName", "middleName", "lastName")))
        )
        if alias.get("strong", "true") == "false":
            builder.alias(name, weak=True)
        elif builder.entry.names:
            builder.alias(name)
        else:
            builder.name(name)
        builder.add("position", alias.get("function"))


def _add_details(builder: EntryBuilder, item: Element) -> None:
    for citizenship in children(item, "citizenship"):
        builder.country(citizenship.get("countryIso2Code") or citizenship.get("countryDescription"))
    for address in children(item, "address"):
        builder.country(address.get("countryIso2Code") or address.get("countryDescription"), prop="country")
    for birth in children(item, "birthdate"):
        builder.add("birthDate", birth.get("birthdate") or birth.get("year"))
    for document in children(item, "identification"):
        kind = "passport" if document.get("identificationTypeCode") == "passport" else "id"
        builder.identifier(kind, document.get("number"))
