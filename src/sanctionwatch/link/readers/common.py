"""What every list reader shares: safe XML, text decoding, and building entries as FtM entities."""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree
from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry
from rigour.ids import IMO

from sanctionwatch.errors import ListFormatError
from sanctionwatch.model import ListAlias, ListEntry

Element = ET.Element
TRAILING_ACRONYM = re.compile(r"^(.*[^\s(])\s*\(([A-Z][A-Z0-9&.\-]{1,11})\)$")
COUNTRY_PROPERTIES = {"Person": "nationality", "Vessel": "flag"}
CONTROLS = re.compile("[\x00-\x1f\x7f]")  # never part of a name (NUL cannot even be stored in PostgreSQL)


def parse_xml(data: bytes, origin: str) -> Element:
    """The root element of an XML list, refusing DTDs, entity declarations and external references."""
    try:
        root: Element = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as error:
        raise ListFormatError(f"{origin}: refused XML ({type(error).__name__}: DTDs and entities are not "
                              "allowed in a sanctions list)") from error
    except ET.ParseError as error:
        raise ListFormatError(f"{origin}: malformed or truncated XML ({error})") from error
    return root


def local_name(element: Element) -> str:
    """A tag without its namespace: "{http://...}sdnEntry" -> "sdnEntry"."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def children(element: Element, name: str) -> list[Element]:
    """The child elements called ``name`` (in any namespace)."""
    return [child for child in element if local_name(child) == name]


def child_text(element: Element, *path: str) -> str | None:
    """The stripped text at a path of child names, or None when absent or empty."""
    node: Element | None = element
    for name in path:
        node = next(iter(children(node, name)), None) if node is not None else None
    text = (node.text or "").strip() if node is not None else ""
    return text or None


def decode_text(data: bytes, origin: str) -> str:
    """Text of a CSV or JSON list: UTF-8 (or UTF-16 with a byte-order mark), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", origin)
    if b"\x00" in data:
        raise ListFormatError(f"{origin}: binary data or an unknown encoding (NUL bytes), not a list")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _decode(data, "cp1252", origin)


def _decode(data: bytes, encoding: str, origin: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ListFormatError(f"{origin}: text is neither UTF-8 nor {encoding} ({error.reason})") from error


def country_code(value: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code (upper case) of a country name or code, via followthemoney."""
    cleaned = registry.country.clean(value) if value else None
    return cleaned.upper() if cleaned and len(cleaned) == 2 else None


IMO_IN_TEXT = re.compile(r"\bIMO\b[^0-9\n]{0,24}?(\d{7})\b", re.IGNORECASE)


def imo_numbers_in(text: str) -> list[tuple[str, int, int]]:
    """Valid IMO numbers written in prose ("IMO 9187629", "IMO No. ...", "(IMO) Number: ...") with spans."""
    found = []
    for hit in IMO_IN_TEXT.finditer(text):
        number = imo_number(hit.group(1))
        if number is not None:
            found.append((number, hit.start(), hit.end()))
    return found


def imo_number(value: str) -> str | None:
    """The seven digits of a valid IMO number found in ``value`` ("IMO 9187629" -> "9187629")."""
    normalised = IMO.normalize(value.upper())
    return normalised[3:] if normalised else None


class EntryBuilder:
    """Collects one listed entity's data into a ``ListEntry`` and its followthemoney entity."""

    def __init__(self, list_name: str, entry_id: str, schema: str) -> None:
        self.proxy: EntityProxy = model.make_entity(schema)
        self.proxy.id = f"{list_name}-{entry_id}" if list_name else entry_id
        self.entry = ListEntry(entry_id=entry_id, list_name=list_name, schema=schema, caption="")

    def name(self, value: str | None) -> None:
        """A name as published; "FOREIGN TRADE BANK (FTB)" also gives "FOREIGN TRADE BANK" and the alias FTB."""
        value = _clean(value)
        if value and value not in self.entry.names:
            self.entry.names.append(value)
            self.add("name", value)
            found = TRAILING_ACRONYM.match(value)
            if found is not None and country_code(found.group(2)) is None:  # "(USA)" is a place, not a name
                self.name(found.group(1))
                self.alias(found.group(2))

    def alias(self, value: str | None, weak: bool = False, kind: str = "aka") -> None:
        value = _clean(value)
        if not value or value in self.entry.names or any(a.name == value for a in self.entry.aliases):
            return
        self.entry.aliases.append(ListAlias(value, weak=weak, kind=kind))
        self.add("weakAlias" if weak else ("previousName" if kind == "fka" else "alias"), value)

    def country(self, value: str | None, prop: str | None = None) -> None:
        code = country_code(value)
        if code is not None and code not in self.entry.countries:
            self.entry.countries.append(code)
        if code is not None:
            self.add(prop or COUNTRY_PROPERTIES.get(self.entry.schema, "country"), code.lower())

    def program(self, value: str | None) -> None:
        value = _clean(value)
        if value and value not in self.entry.programs:
            self.entry.programs.append(value)
            self.add("program", value)

    def reference(self, value: str | None) -> None:
        value = _clean(value)
        if value and value not in self.entry.references:
            self.entry.references.append(value)

    def listed(self, value: str | None) -> None:
        date = registry.date.clean(value) if value else None
        if date and (self.entry.listed_on is None or date < self.entry.listed_on):
            self.entry.listed_on = date

    def identifier(self, kind: str, value: str | None) -> None:
        value = imo_number(value) if kind == "imo" and value else _clean(value)
        if value and value not in self.entry.identifiers.get(kind, []):
            self.entry.identifiers.setdefault(kind, []).append(value)
            self.add({"imo": "imoNumber", "passport": "passportNumber"}.get(kind, "idNumber"), value)

    def add(self, prop: str, value: str | None) -> None:
        """Set a followthemoney property when the schema has it (dates, countries cleaned by FtM)."""
        value = _clean(value)
        if value and prop in self.proxy.schema.properties:
            self.proxy.add(prop, value, quiet=True, fuzzy=True)

    def build(self) -> ListEntry | None:
        """The entry, or None when it has no name at all."""
        if not self.entry.names:
            if not self.entry.aliases:
                return None
            self.name(self.entry.aliases.pop(0).name)
        self.entry.caption = self.entry.names[0]
        self.proxy.add("topics", "sanction")
        self.entry.entity = self.proxy.to_dict()
        return self.entry


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(CONTROLS.sub("", value).replace("\u00a0", " ").split()).strip(" ;,")
    return cleaned or None
