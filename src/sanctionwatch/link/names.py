"""Names prepared for comparison: parts with their spellings, role, weight and symbols.

``prepare_name`` is the one normalisation both sides of a comparison go through:

1. titles and honorifics go (rigour: "Dr.", "President", "Shaikh"); for organisations legal forms are
   rewritten to one comparison form (rigour: "Aktiengesellschaft" -> "ag", "Sp. z o.o." -> "spzoo");
2. the name is case-folded and split into parts (hyphens, dots and apostrophes handled as rigour does);
3. each part gets its ASCII spellings (transliterated from Cyrillic, Greek, kana, Arabic ...; Hangul is
   split into syllables), a role (name, initial, stop word, legal form, generic word, number), a weight,
   and the symbols it shares with other spellings of the same name;
4. a romanised Korean name also gets a Korean key per part (see ``korean.py``).
"""

from __future__ import annotations

import dataclasses
import math
import re

from sanctionwatch.link import korean
from sanctionwatch.link.transliterate import hangul_syllables, is_abjad, latin_forms, script_of, skeleton
from sanctionwatch.link.vocabulary import (
    country_names,
    find_phrases,
    name_tokens,
    number_words,
    org_words,
    person_symbols,
    rewrite_legal_forms,
    stopwords,
    strip_prefixes,
)

PERSON, ORG, OBJECT, ANY = "person", "org", "object", "any"
NAME, INITIAL, STOP, LEGAL, GENERIC, NUMBER = "name", "initial", "stop", "legal", "generic", "number"
SIGNIFICANT = frozenset({NAME, INITIAL, NUMBER})
WHOLE_SCRIPTS = frozenset({"HANGUL", "CJK"})  # a character is a syllable: compared as written
ROLE_WEIGHT = {NAME: 1.0, INITIAL: 0.5, STOP: 0.15, LEGAL: 0.25, GENERIC: 0.8}
NUMBER_WEIGHT = 1.2  # "Office 39", "Unit 180": a number tells organisations apart like a word does
SCHEMA_KINDS = {
    "Person": PERSON, "Organization": ORG, "Company": ORG, "LegalEntity": ANY, "PublicBody": ORG,
    "Vessel": OBJECT, "Airplane": OBJECT,
}
ROMAN = re.compile(r"^(?=[ivxlc]+$)(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
SURNAME_FIRST = re.compile(r"^\s*([^,]+),\s*([^,]+)$")


@dataclasses.dataclass(frozen=True, slots=True)
class Part:
    """One part of a name, with everything a comparison needs precomputed (``make_part`` builds one).

    Parts are equal when their ``uid`` is: the same text, role, script, Korean key and symbols.
    """

    text: str = dataclasses.field(compare=False)
    forms: tuple[str, ...] = dataclasses.field(compare=False)
    role: str = dataclasses.field(compare=False)
    weight: float = dataclasses.field(compare=False)
    symbols: frozenset[str] = dataclasses.field(compare=False)
    korean: str = dataclasses.field(compare=False)
    skeleton: str = dataclasses.field(compare=False)
    script: str = dataclasses.field(compare=False)
    key: str = dataclasses.field(compare=False)  # the plainest ASCII spelling (or the text itself)
    uid: str


def make_part(text: str, forms: tuple[str, ...], role: str, weight: float, symbols: frozenset[str] = frozenset(),
              korean: str = "", skeleton: str = "", script: str = "LATIN") -> Part:
    uid = "|".join((role, script, text, korean, *sorted(symbols)))
    key = forms[0] if forms else text
    return Part(text, forms, role, weight, symbols, korean, skeleton, script, key, uid)


@dataclasses.dataclass(frozen=True, slots=True)
class PreparedName:
    text: str
    kind: str
    parts: tuple[Part, ...]
    korean: bool = False
    joined: str = ""  # the significant parts written together ("alisherusmanov")
    size: int = 0  # how many significant parts (names, initials, numbers) it has


def kind_of(schema: str | None) -> str:
    """The kind of name a followthemoney schema carries (person, org, object or any)."""
    return SCHEMA_KINDS.get(schema or "", ANY)


def prepare_name(text: str, kind: str = ANY) -> PreparedName:
    """The name ``text`` (of a person, org, object or any) ready for ``compare.compare_names``."""
    if kind == PERSON and (found := SURNAME_FIRST.match(text)) is not None:
        text = f"{found.group(2)} {found.group(1)}"
    tokens = strip_prefixes(name_tokens(text), kind)
    legal = [False] * len(tokens)
    if kind in (ORG, ANY):
        tokens, legal = rewrite_legal_forms(tokens)
    places = find_phrases(tokens, country_names()) if kind == ORG else [None] * len(tokens)
    parts = [part for token, is_legal, place in zip(tokens, legal, places, strict=True)
             for part in _make_parts(token, is_legal, kind, place)]
    forms = [part.key for part in parts if part.role != STOP]
    is_korean = any(part.script == "HANGUL" for part in parts) or korean.looks_korean(forms)
    if is_korean:
        parts = _with_korean_keys(parts)
    significant = [part for part in parts if part.role in SIGNIFICANT]
    joined = "".join(part.korean or part.key for part in significant)
    return PreparedName(text, kind, tuple(parts), is_korean, joined, len(significant))


def _make_parts(token: str, is_legal: bool, kind: str, place: str | None = None) -> list[Part]:
    script = script_of(token)
    if script == "HANGUL":
        return [_hangul_part(char, syllable) for char, syllable in zip(token, hangul_syllables(token), strict=False)]
    if script == "CJK" and len(token) > 1 and token not in person_symbols():
        return [part for char in token for part in _make_parts(char, is_legal, kind, place)]
    forms = latin_forms(token)
    role = LEGAL if is_legal else (GENERIC if place else _role(token, forms, kind))
    symbols = frozenset({f"LOC:{place}"}) if place and not is_legal else _symbols(token, forms, role, kind)
    weight = NUMBER_WEIGHT if role == NUMBER else ROLE_WEIGHT[role] * _length_weight(forms[0] if forms else token)
    shape = skeleton(forms[0]) if forms and is_abjad(token) else ""
    return [make_part(token, forms, role, weight, symbols, skeleton=shape, script=script or "LATIN")]


def _hangul_part(char: str, syllable: str) -> Part:
    return make_part(char, (syllable,), NAME, _length_weight(syllable), script="HANGUL")


def _role(token: str, forms: tuple[str, ...], kind: str) -> str:
    key = forms[0] if forms else token
    if kind == PERSON and len(key) == 1:
        return INITIAL
    if token in stopwords():
        return STOP
    if key.isdigit() or (kind != PERSON and (token in number_words() or ROMAN.match(key) is not None)):
        return NUMBER
    if kind in (ORG, ANY) and token in org_words():
        return GENERIC
    return NAME


def _symbols(token: str, forms: tuple[str, ...], role: str, kind: str) -> frozenset[str]:
    if role == NUMBER:
        return frozenset({f"NUM:{_number(token, forms)}"})
    if role in (GENERIC, LEGAL) and token in org_words():
        return frozenset({f"ORG:{org_words()[token]}"})
    if kind in (PERSON, ANY) and role == NAME:
        return person_symbols().get(token, frozenset())
    return frozenset()


def _number(token: str, forms: tuple[str, ...]) -> int:
    key = forms[0] if forms else token
    if key.isdigit():
        return int(key)
    if token in number_words():
        return number_words()[token]
    return _roman_value(key)


def _roman_value(numeral: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for i, char in enumerate(numeral):
        value = values[char]
        total += -value if i + 1 < len(numeral) and values[numeral[i + 1]] > value else value
    return total


def _length_weight(form: str) -> float:
    """Longer parts say more about who is meant, with diminishing returns."""
    return math.sqrt(min(len(form), 12))


def _with_korean_keys(parts: list[Part]) -> list[Part]:
    """Each part's Korean key; a family-name spelling also gets its family's symbol ("Lee" ~ "Ri")."""
    keyed = []
    for part in parts:
        symbols = part.symbols
        if (family := korean.surname_key(part.key)) is not None:
            symbols = symbols | {f"KOREAN_FAMILY:{family}"}
        role, weight = part.role, part.weight
        if role == STOP:  # "Un", "Il", "An" are syllables of a Korean name, not stop words
            role, weight = NAME, _length_weight(part.key)
        keyed.append(make_part(part.text, part.forms, role, weight, symbols, korean.korean_key(part.key),
                               part.skeleton, part.script))
    return keyed
