"""Latin spellings of a name part written in another script.

A Cyrillic, Greek or Japanese kana part gets every spelling the usual systems give it (ICU's BGN/PCGN
transliterators and its generic one), so "Зеленський" meets both "Zelenskiy" and "Zelenskyy". Hangul
is romanised syllable by syllable from ``kb/names.yaml``. Arabic and Hebrew, written without short
vowels, also get a consonant skeleton to compare with the skeleton of a Latin spelling.
"""

from __future__ import annotations

import functools
import unicodedata

import icu  # type: ignore[import-untyped]
from normality import ascii_text

from sanctionwatch.kb import load_kb_file

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
ABJAD_PREFIXES = ("ARABIC", "HEBREW", "SYRIAC")
SCRIPT_TRANSLITERATORS = {
    "CYRILLIC": ("Russian-Latin/BGN", "Ukrainian-Latin/BGN", "Belarusian-Latin/BGN", "Serbian-Latin/BGN"),
    "GREEK": ("Greek-Latin/BGN",),
    "KATAKANA": ("Katakana-Latin/BGN",),
    "ARMENIAN": ("Armenian-Latin/BGN",),
    "GEORGIAN": ("Georgian-Latin/BGN",),
}
SKELETON_DROP = frozenset("aeiouwy")  # vowels, and the letters Arabic uses for long vowels


def script_of(text: str) -> str:
    """The script of the first letter of ``text`` (LATIN, CYRILLIC, HANGUL, CJK, ARABIC ...), or ''."""
    for char in text:
        if char.isalpha():
            return _char_script(char)
    return ""


@functools.lru_cache(maxsize=4096)
def _char_script(char: str) -> str:
    if HANGUL_FIRST <= ord(char) <= HANGUL_LAST:
        return "HANGUL"
    name = unicodedata.name(char, "")
    if name.startswith("CJK"):
        return "CJK"
    return name.split(" ", 1)[0]


def is_abjad(text: str) -> bool:
    """Whether the part is written in a script that leaves out short vowels (Arabic, Hebrew)."""
    return script_of(text).startswith(ABJAD_PREFIXES)


@functools.lru_cache(maxsize=200_000)
def latin_forms(part: str) -> tuple[str, ...]:
    """Every lower-case ASCII spelling of one name part, the plainest first; () when it has none."""
    spellings = [ascii_text(part)]
    for transliterator_id in SCRIPT_TRANSLITERATORS.get(script_of(part), ()):
        spellings.append(ascii_text(_transliterator(transliterator_id).transliterate(part)))
    forms: dict[str, None] = {}
    for spelling in spellings:
        cleaned = "".join(char for char in spelling.lower() if char.isalnum())
        if cleaned:
            forms.setdefault(cleaned, None)
    return tuple(forms)


def skeleton(form: str) -> str:
    """The consonants of an ASCII spelling, doubled letters once: "mohammed" and "mhmd" both give "mhmd"."""
    letters = [char for char in form if char not in SKELETON_DROP]
    return "".join(char for i, char in enumerate(letters) if i == 0 or letters[i - 1] != char)


def hangul_syllables(part: str) -> list[str]:
    """The McCune-Reischauer spelling of each Hangul syllable of ``part`` ("김정은" -> kim, chong, un)."""
    table = _hangul_table()
    syllables = []
    for char in part:
        offset = ord(char) - HANGUL_FIRST
        if 0 <= offset <= HANGUL_LAST - HANGUL_FIRST:
            initial, rest = divmod(offset, 21 * 28)
            medial, final = divmod(rest, 28)
            syllables.append(table["initials"][initial] + table["medials"][medial] + table["finals"][final])
    return syllables


@functools.cache
def _hangul_table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = load_kb_file("names.yaml")["hangul"]
    return table


@functools.cache
def _transliterator(transliterator_id: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(transliterator_id)
