"""Counts ("about 4,000 workers", "thousands of laborers") and plain quantity spans ("300 °C").

A count is a number (or a vague magnitude) with the noun it counts; its value keeps the
approximator ("about" -> approximate, "more than" -> a lower bound) and the unit is the noun's
singular, filed under the lexicon's name for it ("laborers" -> worker).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from sanctionwatch.analyze.numbers import (
    alternation,
    approximator_kind,
    approximator_pattern,
    as_number,
    is_year,
    numeral_pattern,
    parse_numeral,
    quantities_lexicon,
)
from sanctionwatch.analyze.spans import Span, new_fact, overlaps
from sanctionwatch.model import Entity, Fact

WORD = re.compile(r"[ \t]*([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
DATE_WORDS = re.compile(r"(?:\b(?:in|since|by|from|until|through|during|of|for|and|to|between|year|fiscal|mid|early|late)"
                        r"|[-–])\s*$", re.IGNORECASE)
PLACE_PREPOSITION = re.compile(r"\b(?:in|to|across|at|inside|throughout|from|into)\s+(?:the\s+)?$", re.IGNORECASE)
ADJACENT = re.compile(r"^(?:[-‑–][A-Za-z]|\s*(?:%|percent\b|per\s*cent\b|:\d|[/.]\d))", re.IGNORECASE)
QUANTITY_UNIT = re.compile(r"[ \t]?(%|°\s?[CFK]?|[A-Za-zµμΩÅ][A-Za-z0-9µμΩÅ/·^²³⁻−-]{0,12}(?:[ \t][a-zA-Z]{1,3}[−-]\d)?)")
QUANTITY_START = re.compile(r"[~∼≈<>≤≥]\s*$")


@functools.cache
def count_regex() -> re.Pattern[str]:
    lex = quantities_lexicon()
    scales = alternation(s for s in lex["scales"] if len(s) > 2)
    return re.compile(
        rf"(?:(?<![\w-])(?P<approx>{approximator_pattern()})\s+)?"
        rf"(?:\b(?P<vague>{alternation(lex['vague'])})\s+of\b"
        rf"|\b(?P<several>{alternation(lex['several'])})\s+(?P<scale>{scales})\b"
        rf"|(?P<num>{numeral_pattern()}))",
        re.IGNORECASE,
    )


def find_counts(text: str, taken: Sequence[Span] = (), entities: Sequence[Entity] = ()) -> list[Fact]:
    """Every count in ``text`` outside the ``taken`` spans (money, dates, legal references)."""
    facts = []
    for match in count_regex().finditer(text):
        if overlaps(match.start(), match.end(), taken) or _not_a_count(text, match):
            continue
        value = _count_value(match)
        noun = _unit_after(text, match.end(), value.get("value") == 1)
        if value and noun is not None:
            unit, subject_start, end = noun
            value.update(unit=unit, subject=text[subject_start:end], place=_place_after(text, end, entities))
            facts.append(new_fact("count", text, match.start(), end, value))
    return facts


def _not_a_count(text: str, match: re.Match[str]) -> bool:
    number = match.group("num")
    if number is None:
        return False
    if ADJACENT.match(text[match.end():match.end() + 8]) or text[max(match.start() - 1, 0):match.start()] in "$€£¥#":
        return True
    return is_year(number) and bool(DATE_WORDS.search(text[max(match.start() - 12, 0):match.start()]))


def _count_value(match: re.Match[str]) -> dict[str, Any]:
    lex = quantities_lexicon()
    kind = approximator_kind(match.group("approx") or "")
    if match.group("vague"):
        bounds = lex["vague"][" ".join(match.group("vague").lower().split())]
        return {"value": None, "min_value": bounds["min"], "max_value": bounds["max"], "approximate": True,
                "vague": True}
    if match.group("several"):
        scale = lex["scales"][match.group("scale").lower()]
        low = lex["several"][" ".join(match.group("several").lower().split())] * scale
        return {"value": None, "min_value": low, "max_value": None, "approximate": True, "vague": True}
    number = parse_numeral(match.group("num"))
    if number is None:
        return {}
    value = as_number(number)
    return {"value": value, "min_value": value if kind == "min" else None,
            "max_value": value if kind == "max" else None, "approximate": kind == "approx", "vague": False}


def _unit_after(text: str, pos: int, singular: bool) -> tuple[str, int, int] | None:
    """The counted noun after a number: (unit lemma, start of the noun phrase, end of the noun)."""
    stop = _stop_words()
    words: list[tuple[str, int, int]] = []
    while len(words) < 5 and (match := WORD.match(text, pos)) is not None:
        word = match.group(1)
        if word.lower() in stop:
            break
        words.append((word, match.start(1), match.end(1)))
        pos = match.end()
    for word, _, end in words:
        if word[0].islower() and (singular or _looks_plural(word) or _lemma(word) in _units()):
            return _units().get(_lemma(word), _lemma(word)), words[0][1], end
    return None


def _place_after(text: str, end: int, entities: Sequence[Entity]) -> str | None:
    for entity in entities:
        if end <= entity.start <= end + 60 and entity.country and entity.label in ("GPE", "LOC", "NORP"):
            between = text[end:entity.start]
            if "." not in between and ";" not in between and PLACE_PREPOSITION.search(between):
                return entity.country
    return None


def singular(word: str) -> str:
    """The singular of an English plural noun (workers -> worker, entities -> entity, people -> person)."""
    lower = word.lower()
    irregular = quantities_lexicon()["irregular_plurals"]
    if lower in irregular:
        return str(irregular[lower])
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("sses", "ches", "shes", "xes")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return lower[:-1]
    return lower


def _lemma(word: str) -> str:
    return singular(word)


def _looks_plural(word: str) -> bool:
    lower = word.lower()
    return len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ous", "ics")) or (
        lower in quantities_lexicon()["irregular_plurals"]
    )


@functools.cache
def _stop_words() -> frozenset[str]:
    return frozenset(str(w).lower() for w in quantities_lexicon()["stop_words"])


@functools.cache
def _units() -> dict[str, str]:
    return {str(k): str(v) for k, v in quantities_lexicon()["units"].items()}


def find_quantity_spans(text: str) -> list[Span]:
    """Spans of every quantity with its unit, the way measurement annotations mark them ("300 °C", "~15 kR")."""
    spans: list[Span] = []
    for match in count_regex().finditer(text):
        start, end = match.start(), match.end()
        if match.group("num") is not None:
            end = _range_end(text, end)
            unit = QUANTITY_UNIT.match(text, end)
            if unit and unit.group(1).lower() not in _stop_words():
                end = unit.end()
        prefix = QUANTITY_START.search(text, max(start - 3, 0), start)
        spans.append((prefix.start() if prefix else start, end))
    return spans


@functools.cache
def _range_regex() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:±|\+/-|–|—|-|to|and)\s*(?:{numeral_pattern()})|\s*[×x]\s*10[−-]?\d+")


def _range_end(text: str, end: int) -> int:
    while (match := _range_regex().match(text, end)) is not None and match.end() > end:
        end = match.end()
    return end
