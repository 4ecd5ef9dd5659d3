"""Latvia's national sanctions list (designations by the Cabinet of Ministers, each linked to its order on
likumi.lv), in its two XML layouts:

    WHOLE    the older one: ``<WHOLE Date="DD/MM/YYYY">`` with ``<ENTITY Id Type reg_date programme pdf_link>``
             holding NAME (the first is the name, the others aliases), BIRTH, PASSPORT, ADDRESS and PIEZIMES
             (remarks), with countries written out in Latvian
    LVlist   the newer one: ``<PublishInfo><PublishDate>`` and ``<Entity>`` with Id, Type, Link, ListedOn,
             Program, Gender, Name, Alias, Birth, Document, Citizen, Address and Remark, countries as ISO codes

Both give the same entries, keyed by the list's own entity Id (the same in both layouts and across versions).
Type P or FP (fiziska persona) is a Person, E or JP (juridiska persona) an Organization, any other a
LegalEntity. Gender V/VĪRIETIS is male, S/SIEVIETE female. A document number loses its label and remarks
("Pase Nr. 645120234", "131134049 (izdota Taivānā)" -> the digits). Countries of citizenship, birth,
documents and addresses are the entry's countries; a Latvian country name followthemoney does not know
(the formal "Korejas Tautas Demokrātiskā Republika") gives none.
"""

from __future__ import annotations

import datetime as dt
import re

from sanctionwatch.link.readers.common import Element, EntryBuilder, child_text, children
from sanctionwatch.model import ListEntry

SCHEMAS = {"P": "Person", "FP": "Person", "E": "Organization", "JP": "Organization"}
GENDERS = {"V": "male", "VĪRIETIS": "male", "S": "female", "SIEVIETE": "female"}
PASSPORT_TYPES = {"PASE", "PASSPORT"}
DOCUMENT_LABEL = re.compile(r"^(?:(?:pase|passport)\s*)?(?:(?:nr|no)(?:\.\s*|\s+))?", re.IGNORECASE)
REMARK = re.compile(r"\([^)]*\)?")
OLD_NAME_PARTS = ("FIRSTNAME", "MIDDLENAME", "LASTNAME", "WHOLENAME")
NEW_NAME_PARTS = ("FirstName", "MiddleName", "LastName", "WholeName")
ALIAS_PARTS = ("AliasFirstName", "AliasMiddleName", "AliasLastName", "AliasWholeName")


def read_lv_whole(root: Element, list_name: str) -> tuple[list[ListEntry | None], str | None]:
    """The entries of the older layout (``WHOLE``) and its date."""
    entries = [_read_old_entity(item, list_name) for item in children(root, "ENTITY")]
    return entries, _day(root.get("Date"), "%d/%m/%Y")


def read_lv_list(root: Element, list_name: str) -> tuple[list[ListEntry | None], str | None]:
    """The entries of the newer layout (``LVlist``) and its publication date."""
    entries = [_read_new_entity(item, list_name) for item in children(root, "Entity")]
    published = child_text(root, "PublishInfo", "PublishDate")
    return entries, _day(published[:10] if published else None, "%Y-%m-%d")


def _read_old_entity(item: Element, list_name: str) -> ListEntry | None:
    entry_id = (item.get("Id") or "").strip()
    if not entry_id:
        return None
    builder = _start(list_name, entry_id, item.get("Type"), item.get("programme"), item.get("reg_date"),
                     item.get("pdf_link"))
    for name in children(item, "NAME"):
        _add_name(builder, [child_text(name, part) for part in OLD_NAME_PARTS])
        builder.add("gender", _gender(child_text(name, "GENDER")))
        builder.add("title", child_text(name, "TITLE"))
        builder.add("position", child_text(name, "FUNCTION"))
    _add_old_details(builder, item)
    return builder.build()


def _add_old_details(builder: EntryBuilder, item: Element) -> None:
    for birth in children(item, "BIRTH"):
        _add_birth(builder, child_text(birth, "DATE"), child_text(birth, "PLACE"), child_text(birth, "COUNTRY"))
    for passport in children(item, "PASSPORT"):
        _add_document(builder, "passport", child_text(passport, "NUMBER"), child_text(passport, "COUNTRY"))
    for address in children(item, "ADDRESS"):
        _add_address(builder, address.text, None)
    builder.add("notes", child_text(item, "PIEZIMES"))


def _read_new_entity(item: Element, list_name: str) -> ListEntry | None:
    entry_id = child_text(item, "Id")
    if entry_id is None:
        return None
    builder = _start(list_name, entry_id, child_text(item, "Type"), child_text(item, "Program"),
                     child_text(item, "ListedOn"), child_text(item, "Link"))
    builder.add("gender", _gender(child_text(item, "Gender")))
    for name in children(item, "Name"):
        _add_name(builder, [child_text(name, part) for part in NEW_NAME_PARTS])
    for alias in children(item, "Alias"):
        _add_name(builder, [child_text(alias, part) for part in ALIAS_PARTS], alias=True)
    _add_new_details(builder, item)
    return builder.build()


def _add_new_details(builder: EntryBuilder, item: Element) -> None:
    for birth in children(item, "Birth"):
        _add_birth(builder, child_text(birth, "BirthDate"), child_text(birth, "BirthPlace"),
                   child_text(birth, "BirthCountryIso2Code") or child_text(birth, "BirthCountry"))
    for document in children(item, "Document"):
        kind = "passport" if (child_text(document, "DocumentType") or "").upper() in PASSPORT_TYPES else "id"
        _add_document(builder, kind, child_text(document, "DocumentNumber"),
                      child_text(document, "DocumentCountryIso2Code") or child_text(document, "DocumentCountry"))
    for citizen in children(item, "Citizen"):
        builder.country(child_text(citizen, "CitizenCountryIso2Code") or child_text(citizen, "CitizenCountry"))
    for address in children(item, "Address"):
        _add_address(builder, _whole_address(address),
                     child_text(address, "AddressCountryIso2Code") or child_text(address, "AddressCountry"))
    builder.add("notes", child_text(item, "Remark"))


def _start(
    list_name: str, entry_id: str, kind: str | None, program: str | None, listed: str | None, link: str | None
) -> EntryBuilder:
    builder = EntryBuilder(list_name, entry_id, SCHEMAS.get((kind or "").strip().upper(), "LegalEntity"))
    builder.program(program)
    builder.listed(listed)
    builder.add("sourceUrl", link)
    return builder


def _add_name(builder: EntryBuilder, parts: list[str | None], alias: bool = False) -> None:
    """A name from its parts (first, middle, last, whole): the first one met is the name, the rest aliases."""
    first, middle, last, whole = parts
    name = whole or " ".join(filter(None, (first, middle, last)))
    if alias or builder.entry.names:
        builder.alias(name)
        return
    builder.name(name)
    for prop, value in (("firstName", first), ("middleName", middle), ("lastName", last)):
        builder.add(prop, value)


def _add_birth(builder: EntryBuilder, date: str | None, place: str | None, country: str | None) -> None:
    builder.add("birthDate", date)
    builder.add("birthPlace", place)
    builder.country(country, prop="birthCountry")


def _add_document(builder: EntryBuilder, kind: str, number: str | None, country: str | None) -> None:
    """A document number without its label or remarks; its issuing country is one of the entry's countries."""
    cleaned = DOCUMENT_LABEL.sub("", REMARK.sub(" ", number or "")).strip()
    builder.identifier(kind, cleaned or None)
    builder.country(country, prop="country")


def _add_address(builder: EntryBuilder, whole: str | None, country: str | None) -> None:
    """An address; without a country of its own, its last part when that names one ("..., Krievijas Federācija")."""
    builder.add("address", whole)
    last = REMARK.sub(" ", whole or "").rsplit(",", 1)[-1].strip()
    builder.country(country or (last if sum(char.isalpha() for char in last) > 3 else None), prop="country")


def _whole_address(address: Element) -> str | None:
    parts = ("AddressStreet", "AddressCity", "AddressCountry")
    return child_text(address, "AddressWhole") or ", ".join(filter(None, (child_text(address, p) for p in parts)))


def _gender(value: str | None) -> str | None:
    return GENDERS.get((value or "").strip().upper())


def _day(value: str | None, layout: str) -> str | None:
    """ISO date of the list's date, or None when it is missing or no date."""
    try:
        return dt.datetime.strptime((value or "").strip(), layout).date().isoformat()
    except ValueError:
        return None
