"""Words with a meaning of their own in names, from the OpenSanctions ``rigour`` data, loaded once.

- person-name symbols: spellings of one given or family name in any script share a Wikidata id
  ("Sergey" / "Sergei" / "Сергей"), nicknames share a symbol ("Ted" / "Theodore");
- organisation words: legal forms ("LLC", "Aktiengesellschaft" -> "ag") and generic words ("Bank",
  "Corporation", "International") that say little about which organisation is meant;
- numbers written as words or ordinals ("First", "1st", "II").
"""

from __future__ import annotations

import functools

from rigour.data.names.data import ORG_SYMBOLS, PERSON_NAME_PARTS, PERSON_NICK, STOPWORDS
from rigour.data.names.org_types import ORG_TYPES
from rigour.data.text.ordinals import ORDINALS
from rigour.names import load_person_names_mapping, tokenize_name

LEGAL_SYMBOLS = frozenset({"CO", "CORP", "ORG"})  # "Company", "Corporation": as weak as a legal form
MAX_LEGAL_WORDS = 3


def name_tokens(text: str) -> list[str]:
    """The case-folded parts of a name, split on spaces and punctuation (dots and apostrophes dropped)."""
    return tokenize_name(text.casefold())


@functools.cache
def person_symbols() -> dict[str, frozenset[str]]:
    """Case-folded name part -> the symbols of the names it spells (Wikidata ids, nicknames)."""
    mapping = load_person_names_mapping(normalizer=_fold, min_mappings=2)
    symbols: dict[str, set[str]] = {form: set(qids) for form, qids in mapping.items()}
    for prefix, table in (("NICK", PERSON_NICK), ("NAME", PERSON_NAME_PARTS)):
        for key, forms in table.items():
            for form in forms:
                symbols.setdefault(form.casefold(), set()).add(f"{prefix}:{key}")
    return {form: frozenset(values) for form, values in symbols.items()}


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
def legal_forms() -> frozenset[str]:
    """Legal forms as rigour's comparison form writes them ("llc", "ag", "sp z oo"), as token strings."""
    forms = set()
    for org_type in ORG_TYPES:
        for key in ("compare", "display"):
            value = org_type.get(key)
            tokens = name_tokens(value) if value else []
            if 0 < len(tokens) <= MAX_LEGAL_WORDS:
                forms.add(" ".join(tokens))
    forms.update(word for word, symbol in org_words().items() if symbol in LEGAL_SYMBOLS)
    return frozenset(forms)


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
