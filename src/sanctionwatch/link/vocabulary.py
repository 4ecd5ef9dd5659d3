"""Words with a meaning of their own in names, from the OpenSanctions ``rigour`` data, loaded once.

- person-name symbols: spellings of one given or family name in any script share a Wikidata id
  ("Sergey" / "Sergei" / "Сергей"), nicknames share a symbol ("Ted" / "Theodore");
- organisation words: legal forms ("LLC", "Aktiengesellschaft" -> "ag") and generic words ("Bank",
  "Corporation", "International") that say little about which organisation is meant;
- numbers written as words or ordinals ("First", "1st", "II").
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

from rigour.data import read_jsonl
from rigour.data.names.data import (
    OBJ_NAME_PREFIXES,
    ORG_NAME_PREFIXES,
    ORG_SYMBOLS,
    PERSON_NAME_PARTS,
    PERSON_NAME_PREFIXES,
    PERSON_NICK,
    STOPWORDS,
)
from rigour.data.names.org_types import ORG_TYPES
from rigour.data.text.ordinals import ORDINALS
from rigour.names import load_person_names
from rigour.territories.territory import TERRITORIES_FILE

from sanctionwatch.kb import load_kb_file, place_aliases

# How characters split a name into parts, after rigour.names.tokenize_name, except that spacing marks
# (Unicode Mc, the vowel signs of Bengali, Devanagari, Khmer...) stay inside their part.
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)  # "Kim Jong Un's" -> "Kim Jong Un"
DROPPED_CHARACTERS = frozenset(".'’`´")
DROPPED_CATEGORIES = frozenset({"Cf", "Co", "Cn", "Lm", "Mn", "Me", "No", "Sc", "Sk"})
SEPARATOR_CATEGORIES = frozenset({"Cc", "Zs", "Zl", "Zp", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "So"})

LEGAL_SYMBOLS = frozenset({"CO", "CORP", "ORG"})  # "Company", "Corporation": as weak as a legal form
MAX_PHRASE_WORDS = 6
Phrase = tuple[str, ...]


def name_tokens(text: str) -> list[str]:
    """The case-folded parts of a name, split on spaces and punctuation (dots and apostrophes dropped)."""
    tokens: list[str] = []
    current: list[str] = []
    for char in POSSESSIVE.sub("", text).casefold():
        category = unicodedata.category(char)
        if char in DROPPED_CHARACTERS or category in DROPPED_CATEGORIES:
            continue
        if category in SEPARATOR_CATEGORIES:
            tokens.extend(["".join(current)] if current else [])
            current = []
        else:
            current.append(char)
    return tokens + (["".join(current)] if current else [])


@functools.cache
def person_symbols() -> dict[str, frozenset[str]]:
    """Case-folded name part -> the symbols of the names it spells (Wikidata ids, nicknames).

    Built in one pass over rigour's name file (a name with a single spelling says nothing and is left
    out), holding a lone symbol as a plain string until a second one comes, and sharing equal sets:
    about 450,000 spellings fit in a fifth of the memory a set per spelling would take (measured peak
    RSS of a fresh process: 210 MB against 490 MB), which every screening process and worker pays.
    """
    found: dict[str, str | set[str]] = {}

    def add(form: str, symbol: str) -> None:
        held = found.get(form)
        if held is None:
            found[form] = symbol
        elif isinstance(held, str):
            found[form] = {held, symbol}
        else:
            held.add(symbol)

    for qid, aliases in load_person_names():
        forms = {form for alias in aliases if (form := _fold(alias))}
        if len(forms) >= 2:
            for form in forms:
                add(form, sys.intern(qid))
    for prefix, table in (("NICK", PERSON_NICK), ("NAME", PERSON_NAME_PARTS)):
        for key, spellings in table.items():
            for spelling in spellings:
                add(spelling.casefold(), sys.intern(f"{prefix}:{key}"))
    shared: dict[frozenset[str], frozenset[str]] = {}
    return {form: shared.setdefault(symbols := frozenset((held,) if isinstance(held, str) else held), symbols)
            for form, held in found.items()}


@functools.cache
def org_words() -> dict[str, str]:
    """Case-folded generic organisation word -> its symbol ("corporation" -> "CORP")."""
    words: dict[str, str] = {}
    for symbol, forms in ORG_SYMBOLS.items():
        for form in forms:
            tokens = name_tokens(form)
            if len(tokens) == 1:
                words.setdefault(tokens[0], symbol)
    return words


@functools.cache
def legal_forms() -> dict[Phrase, Phrase]:
    """Every spelling of a legal form -> the one form rigour compares ("aktiengesellschaft" -> "ag")."""
    table: dict[Phrase, Phrase] = {}
    for org_type in ORG_TYPES:
        display = org_type.get("display")
        compare = tuple(name_tokens(org_type.get("compare", display) or ""))
        spellings = [*org_type.get("aliases", []), *([display] if display else [])]
        for spelling in spellings:
            phrase = tuple(name_tokens(spelling))
            if 0 < len(phrase) <= MAX_PHRASE_WORDS:
                table.setdefault(phrase, compare)
    for word, symbol in org_words().items():
        if symbol in LEGAL_SYMBOLS:
            table.setdefault((word,), (word,))
    return table


@functools.cache
def country_names() -> dict[Phrase, str]:
    """Country names as tokens -> ISO code ("north korea" -> "kp"): rigour's names (not its weak ones, which
    include words such as "Sina" or "Iron"), kb/places.yaml, and the place words of kb/names.yaml."""
    table: dict[Phrase, str] = {}
    for territory in read_jsonl(TERRITORIES_FILE):
        if territory.get("is_country") or territory.get("is_jurisdiction"):
            names = [territory["name"], territory.get("full_name") or "", *territory.get("names_strong", [])]
            table.update(_phrases(names, str(territory["code"]).upper()))
    for name, code in place_aliases().items():
        table.update(_phrases([name], code))
    for code, words in load_kb_file("names.yaml")["org_place_words"].items():
        table.update(_phrases(words, str(code)))
    return table


def _phrases(names: list[str], code: str) -> dict[Phrase, str]:
    phrases = (tuple(name_tokens(name)) for name in names)
    return {phrase: code for phrase in phrases if 0 < len(phrase) <= MAX_PHRASE_WORDS}


def find_phrases(tokens: list[str], table: dict[Phrase, str]) -> list[str | None]:
    """For each token, the value of the longest phrase of ``table`` it is part of (or None)."""
    found: list[str | None] = [None] * len(tokens)
    start = 0
    while start < len(tokens):
        size = next((n for n in range(min(MAX_PHRASE_WORDS, len(tokens) - start), 0, -1)
                     if tuple(tokens[start:start + n]) in table), 0)
        if size:
            found[start:start + size] = [table[tuple(tokens[start:start + size])]] * size
        start += max(size, 1)
    return found


def rewrite_legal_forms(tokens: list[str]) -> tuple[list[str], list[bool]]:
    """The tokens with each legal form in its comparison form, and which of them are legal forms."""
    table = legal_forms()
    out: list[str] = []
    legal: list[bool] = []
    start = 0
    while start < len(tokens):
        for size in range(min(MAX_PHRASE_WORDS, len(tokens) - start), 0, -1):
            form = table.get(tuple(tokens[start:start + size]))
            if form is not None:
                out.extend(form)
                legal.extend([True] * len(form))
                start += size
                break
        else:
            out.append(tokens[start])
            legal.append(False)
            start += 1
    return out, legal


def strip_prefixes(tokens: list[str], kind: str) -> list[str]:
    """The tokens without leading titles ("Dr", "President") or article/ship prefixes ("The", "MV")."""
    prefixes = _prefixes()[kind]
    start = 0
    while start < len(tokens) - 1:
        size = next((n for n in (3, 2, 1) if tuple(tokens[start:start + n]) in prefixes), 0)
        if not size or start + size >= len(tokens):
            break
        start += size
    return tokens[start:]


@functools.cache
def _prefixes() -> dict[str, frozenset[Phrase]]:
    sources = {"person": PERSON_NAME_PREFIXES, "org": ORG_NAME_PREFIXES, "object": OBJ_NAME_PREFIXES}
    prefixes = {kind: frozenset(tuple(name_tokens(p)) for p in values) for kind, values in sources.items()}
    return {**prefixes, "any": prefixes["person"] | prefixes["org"]}


@functools.cache
def number_words() -> dict[str, int]:
    """Case-folded number word or ordinal -> its value ("first" -> 1, "1st" -> 1, "ii" -> 2)."""
    numbers: dict[str, int] = {}
    for value, forms in ORDINALS.items():
        for form in forms:
            tokens = name_tokens(form)
            if len(tokens) == 1 and not tokens[0].isdigit():
                numbers.setdefault(tokens[0], value)
    return numbers


@functools.cache
def stopwords() -> frozenset[str]:
    return frozenset(word.casefold() for word in STOPWORDS)


def _fold(text: str | None) -> str | None:
    return text.casefold() if text else None
