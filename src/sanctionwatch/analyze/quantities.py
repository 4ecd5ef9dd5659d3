"""Counts ("about 4,000 workers", "thousands of laborers") and plain quantity spans ("300 °C").

A count is a number (or a vague magnitude) with the noun it counts; its value keeps the
approximator ("about" -> approximate, "more than" -> a lower bound) and the unit is the noun's
singular, filed under the lexicon's name for it ("laborers" -> worker).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from typing import Any

from sanctionwatch.analyze.numbers import (
    alternation,
    approximator_before,
    as_number,
    find_numerals,
    is_year,
    numeral_pattern,
    parse_numeral,
    quantities_lexicon,
)
from sanctionwatch.analyze.spans import Span, SpanSet, new_fact
from sanctionwatch.model import Entity, Fact

WORD = re.compile(r"[ \t]*([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
DATE_WORDS = re.compile(r"(?:\b(?:in|since|by|from|until|through|during|of|for|and|to|between|year|fiscal|mid|early"
                        r"|late)|[-–])\s*$", re.IGNORECASE)
PLACE_PREPOSITION = re.compile(r"\b(?:in|to|across|at|inside|throughout|from|into)\s+(?:the\s+)?$", re.IGNORECASE)
ADJACENT = re.compile(r"^(?:[-‑–][A-Za-z]|\s*(?:%|percent\b|per\s*cent\b|:\d|[/.]\d))", re.IGNORECASE)
QUANTITY_UNIT = re.compile(r"[ \t]?(%|°\s?[CFK]?|[A-Za-zµμΩÅ][A-Za-z0-9µμΩÅ/·^²³⁻−-]{0,12}"
                           r"(?:[ \t][a-zA-Z]{1,3}[−-]\d)?)")
QUANTITY_START = re.compile(r"[~∼≈<>≤≥]\s*$")
QUANTITY_UNIT_START = re.compile(r"\s?(?:%|°|[A-Za-zµμ]{1,3}\b)")
NOT_A_MEASUREMENT = re.compile(r"(?:\b(?:Figs?|Figure|Tables?|Sections?|Sect|Refs?|Eqs?|Equation|Chapter|No|Step|"
                               r"Experiment|Sample|phase|stage|site)\.?|et\s+al\.?,?\s*\(?|,)\s*\(?$")
SPELLED_UNITS = frozenset(["second", "minute", "hour", "day", "week", "month", "year", "metre", "meter", "gram",
     "litre", "liter", "ton", "tonne", "degree", "percent", "kilometre", "kilometer", "mile", "foot", "inch",
     "barrel", "dollar", "euro", "cycle", "time", "fold"])
FUNCTION_WORDS = frozenset(["of", "in", "on", "at", "to", "from", "by", "for", "with", "and", "or", "but", "the",
     "a", "an", "that", "which", "who", "is", "are", "was", "were", "be", "as", "than", "per", "each", "into",
     "over", "under"])


@functools.cache
def magnitude_regex() -> re.Pattern[str]:
    """Vague magnitudes ("thousands of") and "several"/"a few" with a scale ("several thousand")."""
    lex = quantities_lexicon()
    scales = alternation(s for s in lex["scales"] if len(s) > 2)
    return re.compile(
        rf"\b(?=[tdhmbsaTDHMBSA])(?:(?P<vague>{alternation(lex['vague'])})\s+of\b"
        rf"|(?P<several>{alternation(lex['several'])})\s+(?P<scale>{scales})\b)",
        re.IGNORECASE,
    )


def find_counts(text: str, taken: Sequence[Span] = (), entities: Sequence[Entity] = ()) -> list[Fact]:
    """Every count in ``text`` outside the ``taken`` spans (money, dates, legal references)."""
    facts, claimed = [], SpanSet(taken)
    for start, end, value in _magnitudes(text):
        if claimed.overlaps(start, end):
            continue
        noun = _unit_after(text, end, value.get("value") == 1)
        if noun is not None:
            unit, subject_start, noun_end = noun
            value.update(unit=unit, subject=text[subject_start:noun_end], place=_place_after(text, noun_end, entities))
            facts.append(new_fact("count", text, start, noun_end, value))
    return facts


def _magnitudes(text: str, counting: bool = True) -> list[tuple[int, int, dict[str, Any]]]:
    """(start, end, value) of every number or vague magnitude, with its approximator."""
    found = []
    for match in magnitude_regex().finditer(text):
        found.append((match.start(), match.end(), _vague_value(match)))
    vague = list(found)  # numerals never overlap one another: look only among the vague magnitudes
    skip = _not_a_count if counting else _not_a_measurement
    for start, end in find_numerals(text):
        if any(s <= start < e for s, e, _ in vague) or skip(text, start, end):
            continue
        number = parse_numeral(text[start:end])
        if number is not None:
            found.append((start, end, {"value": as_number(number)}))
    return [_with_approximator(text, *item) for item in sorted(found, key=lambda f: f[0])]


def _with_approximator(text: str, start: int, end: int, value: dict[str, Any]) -> tuple[int, int, dict[str, Any]]:
    approx = approximator_before(text, start)
    kind = approx[0] if approx else None
    if "vague" not in value:
        number = value["value"]
        value.update(min_value=number if kind == "min" else None, max_value=number if kind == "max" else None,
                     approximate=kind == "approx", vague=False)
    return (approx[1] if approx else start), end, value


def _not_a_count(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    if ADJACENT.match(text[end:end + 8]) or before in "$€£¥#":
        return True
    return is_year(text[start:end]) and bool(DATE_WORDS.search(text[max(start - 12, 0):start]))


def _not_a_measurement(text: str, start: int, end: int) -> bool:
    """Figure, table and reference numbers, citation years, "[23]" and "HNF-4" are not quantities."""
    before = text[start - 1] if start > 0 else " "
    if before in "[-‐#" or (is_year(text[start:end]) and not QUANTITY_UNIT_START.match(text, end)):
        return True
    return bool(NOT_A_MEASUREMENT.search(text, max(start - 16, 0), start))


def _vague_value(match: re.Match[str]) -> dict[str, Any]:
    lex = quantities_lexicon()
    if match.group("vague"):
        bounds = lex["vague"][" ".join(match.group("vague").lower().split())]
        return {"value": None, "min_value": bounds["min"], "max_value": bounds["max"], "approximate": True,
                "vague": True}
    scale = lex["scales"][match.group("scale").lower()]
    low = lex["several"][" ".join(match.group("several").lower().split())] * scale
    return {"value": None, "min_value": low, "max_value": None, "approximate": True, "vague": True}


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
    """The country of "in/to/across PLACE" just after a count (entities are sorted by start)."""
    for entity in entities[bisect.bisect_left(entities, end, key=lambda e: e.start):]:
        if entity.start > end + 60:
            break
        if entity.country and entity.label in ("GPE", "LOC", "NORP"):
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
    return (len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ous", "ics"))) or (
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
    for start, end, value in _magnitudes(text, counting=False):
        if spans and start < spans[-1][1]:
            continue
        end = _range_end(text, end) if not value.get("vague") else end
        unit = QUANTITY_UNIT.match(text, end)
        if unit and _is_unit(unit.group(1)):
            end = unit.end()
        prefix = QUANTITY_START.search(text, max(start - 3, 0), start)
        spans.append((prefix.start() if prefix else start, end))
    return spans
def _is_unit(word: str) -> bool:
    """A symbol (%, °C, mg/L, kW), a short unit (nm, s), a spelled unit (days) or a counted plural (items)."""
    lower = word.lower()
    if lower in FUNCTION_WORDS:
        return False
    if not word.isalpha() or len(word) <= 3 or any(c.isupper() for c in word[1:]):
        return True
    return singular(word) in SPELLED_UNITS or (_looks_plural(word) and word.islower())


@functools.cache
def _range_regex() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:±|\+/-|–|—|-|to|and)\s*(?:{numeral_pattern()})|\s*[×x]\s*10[−-]?\d+")


def _range_end(text: str, end: int) -> int:
    while (match := _range_regex().match(text, end)) is not None and match.end() > end:
        end = match.end()
    return end
