"""Numbers as reports write them: digits with separators and scales, number words, approximators.

``NUMERAL`` is a regular expression for one number ("4,000", "2.5 million", "$"-less "1.2bn",
"twelve", "forty-five thousand"); ``parse_numeral`` turns its text into a value. The words come
from the lexicon (``quantities``) in the knowledge base.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sanctionwatch.kb import knowledge_base

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
YEAR = re.compile(r"^(1[89]|20)\d\d$")


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any white space."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def quantities_lexicon() -> Mapping[str, Any]:
    return knowledge_base().lexicon["quantities"]  # type: ignore[no-any-return]


@functools.cache
def numeral_pattern() -> str:
    """The regex text for one number, digits or words, with an optional scale word (case as written)."""
    lex = quantities_lexicon()
    words = alternation(_both_cases(lex["number_words"]))
    scales = alternation(s for s in lex["scales"] if len(s) > 1)
    short = alternation(s for s in lex["scales"] if len(s) <= 2)
    digits = rf"(?:{DIGITS})(?:\s*(?:{scales})\b|(?:{short})\b)?"
    spelled = rf"(?:{words})(?:[\s-](?:{words}))?(?:\s+(?:{scales})\b)?"
    return rf"(?<![\w.,])(?:{digits}|\b{spelled}\b)"


@functools.cache
def numeral_regex() -> re.Pattern[str]:
    return re.compile(numeral_pattern())


@functools.lru_cache(maxsize=4)
def find_numerals(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of every numeral in ``text`` (computed once per text for all extractors)."""
    return tuple(m.span() for m in numeral_regex().finditer(text))


@functools.cache
def approximator_regex() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{approximator_pattern()})\s+$", re.IGNORECASE)


def approximator_before(text: str, start: int) -> tuple[str, int] | None:
    """The approximator right before ``start`` ("about ", "more than "): its kind and where it starts."""
    window = max(start - 24, 0)
    match = approximator_regex().search(text, window, start)
    if match is None:
        return None
    kind = approximator_kind(match.group().strip())
    return (kind, match.start()) if kind else None


def _both_cases(words: Iterable[str]) -> list[str]:
    return [form for word in words for form in (word, word[:1].upper() + word[1:])]


@functools.cache
def approximator_pattern() -> str:
    lex = quantities_lexicon()["approximators"]
    return alternation(w for group in lex.values() for w in group)


def approximator_kind(text: str) -> str | None:
    """approx, min or max for an approximator phrase ("about", "more than", "up to")."""
    phrase = " ".join(text.lower().split())
    for kind, words in quantities_lexicon()["approximators"].items():
        if phrase in {w.lower() for w in words}:
            return str(kind)
    return None


def parse_numeral(text: str) -> float | None:
    """The value of a numeral's text ("4,000" -> 4000, "2.5 million" -> 2500000, "twelve" -> 12)."""
    lex = quantities_lexicon()
    cleaned = " ".join(text.lower().replace(",", "").replace("-", " ").split())
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-z]*)", cleaned)
    if match:
        scale = lex["scales"].get(match.group(2), 1 if not match.group(2) else None)
        return None if scale is None else float(match.group(1)) * scale
    return _spelled_value(cleaned, lex["number_words"], lex["scales"])


def _spelled_value(text: str, words: Mapping[str, int], scales: Mapping[str, int]) -> float | None:
    if text in words:
        return float(words[text])
    value, found = 0.0, False
    for word in text.split():
        if word in words:
            value, found = value + words[word], True
        elif word in scales and found:
            value *= scales[word]
        elif word not in ("a", "and"):
            return None
    return value if found else None


def as_number(value: float) -> int | float:
    """An int when the value is whole (4000.0 -> 4000)."""
    return int(value) if float(value).is_integer() else value


def is_year(text: str) -> bool:
    return bool(YEAR.match(text))
