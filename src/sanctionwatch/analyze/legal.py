"""Legal references: UN Security Council resolutions (with operative paragraphs), US executive orders,
CAATSA sections, statutes, CFR parts, EU decisions and regulations, UK statutory instruments.

Each reference is resolved to a knowledge-base instrument where one exists ("resolution 2375 (2017)"
-> UNSCR_2375), keeping the paragraph it names ("paragraph 17 of resolution 2375" -> OP17) and the
year it gives (so that a wrong year can be reported as a discrepancy).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from sanctionwatch.analyze.spans import new_fact
from sanctionwatch.kb import knowledge_base
from sanctionwatch.kb.entries import DISPLAY
from sanctionwatch.model import Fact

UN_BODY = r"(?:(?:the\s+)?(?:United\s+Nations|UN|U\.N\.)\s+)?(?:Security\s+Council\s+)?"
PARAGRAPH = r"(?:(?:operative\s+)?paragraphs?|para\.|OP)\s*(?P<{}>\d{{1,2}}(?:\s*\([a-z]\))?)"
NUMBER_LIST = r"\d{3,4}(?:\s*\(\d{4}\))?(?:\s*(?:,\s*and|,|and|&)\s*\d{3,4}(?:\s*\(\d{4}\))?)*"
UNSCR = re.compile(
    rf"(?:{PARAGRAPH.format('before')}\s+of\s+(?:the\s+)?)?{UN_BODY}"
    rf"(?:UNSCRs?|UNSC\s+[Rr]esolutions?|[Rr]esolutions?)\s+(?:No\.?\s*)?(?P<numbers>{NUMBER_LIST})"
    rf"(?:,?\s+{PARAGRAPH.format('after')})?"
)
ONE_NUMBER = re.compile(r"(?P<number>\d{3,4})(?:\s*\((?P<year>\d{4})\))?")
COMMITTEE = re.compile(r"\b(?P<number>\d{3,4})\s+(?:Sanctions\s+)?Committee\b")
EXECUTIVE_ORDER = re.compile(
    r"\b(?:Executive\s+Orders?|E\.\s?O\.s?|EOs?)\s*(?:\(E\.O\.\)\s*)?(?:No\.?\s*)?"
    r"(?P<numbers>\d{5}(?:\s*(?:,\s*and|,|and|or)\s*(?:E\.\s?O\.\s*)?\d{5})*)"
)
CAATSA = re.compile(
    r"(?:(?:[Ss]ection|§|s\.)\s*(?P<before>\d{3})(?:\s*\((?P<sub1>[a-z])\))?\s+of\s+(?:the\s+)?)?"
    r"(?:CAATSA|Countering\s+America['’]s\s+Adversaries\s+Through\s+Sanctions\s+Act"
    r"(?:\s+of\s+2017)?(?:\s*\(CAATSA\))?)"
    r"(?:,?\s+(?:[Ss]ection|§|s\.)\s*(?P<after>\d{3})(?:\s*\((?P<sub2>[a-z])\))?)?"
)
STATUTES = {
    "NKSPEA": re.compile(r"North\s+Korea\s+Sanctions\s+and\s+Policy\s+Enhancement\s+Act(?:\s+of\s+2016)?"
                         r"(?:\s*\(NKSPEA\))?|\bNKSPEA\b"),
    "IEEPA": re.compile(r"International\s+Emergency\s+Economic\s+Powers\s+Act(?:\s*\(IEEPA\))?|\bIEEPA\b"),
    "BRINK": re.compile(r"(?:Otto\s+Warmbier\s+)?(?:Banking\s+Restrictions\s+Involving\s+North\s+Korea\s+"
                        r"\(BRINK\)\s+Act|BRINK\s+Act)"),
}
CFR = re.compile(r"\b(?P<title>\d{1,2})\s+C\.?\s?F\.?\s?R\.?\s+(?:[Pp]art\s+|§+\s*)?(?P<part>\d{2,4})"
                 r"(?:\.(?P<section>\d+))?")
EU_REGULATION = re.compile(
    r"(?:Council\s+)?(?:Implementing\s+)?Regulation\s+\((?:EU|EC|EEC)\)\s+(?:No\.?\s*)?(?P<number>\d{1,4}/\d{2,4})")
EU_DECISION = re.compile(r"(?:Council\s+)?Decision\s+(?:\(CFSP\)\s+(?P<number>\d{4}/\d{1,4})"
                         r"|(?P<number2>\d{4}/\d{1,4})/CFSP)")
UK_SI = re.compile(r"\bS\.I\.\s+(?P<number>\d{4}/\d{1,4})")


def find_legal_references(text: str) -> list[Fact]:
    """Every legal reference in ``text``, longest first where two overlap."""
    found: list[Fact] = []
    for finder, words in FINDERS:
        if not any(word in text for word in words):
            continue
        for fact in finder(text):
            if not any(fact.start < kept.end and kept.start < fact.end for kept in found):
                found.append(fact)
    return sorted(found, key=lambda f: f.start)


def _resolutions(text: str) -> Iterator[Fact]:
    for match in UNSCR.finditer(text):
        paragraph = _op(match.group("before") or match.group("after"))
        numbers = list(ONE_NUMBER.finditer(match.group("numbers")))
        offset = match.start("numbers")
        for index, number in enumerate(numbers):
            start = match.start() if index == 0 else offset + number.start()
            end = match.end() if index == len(numbers) - 1 else offset + number.end()
            value = _reference("unscr", number.group("number"), paragraph if len(numbers) == 1 else None)
            value["year"] = int(number.group("year")) if number.group("year") else None
            yield new_fact("legal_reference", text, start, end, value)


def _committees(text: str) -> Iterator[Fact]:
    for match in COMMITTEE.finditer(text):
        value = _reference("unscr", match.group("number"), None)
        value["committee"] = True
        yield new_fact("legal_reference", text, match.start(), match.end(), value)


def _executive_orders(text: str) -> Iterator[Fact]:
    for match in EXECUTIVE_ORDER.finditer(text):
        numbers = list(re.finditer(r"\d{5}", match.group("numbers")))
        for index, number in enumerate(numbers):
            start = match.start() if index == 0 else match.start("numbers") + number.start()
            end = match.start("numbers") + number.end()
            yield new_fact("legal_reference", text, start, end, _reference("eo", number.group(), None))


def _caatsa(text: str) -> Iterator[Fact]:
    for match in CAATSA.finditer(text):
        section = match.group("before") or match.group("after")
        sub = match.group("sub1") or match.group("sub2")
        value = _reference("caatsa", section, f"{section}({sub})" if section and sub else section)
        if section is None:
            value.update(instrument="CAATSA", kb_id=None)
        yield new_fact("legal_reference", text, match.start(), match.end(), value)


def _statutes(text: str) -> Iterator[Fact]:
    for number, pattern in STATUTES.items():
        for match in pattern.finditer(text):
            yield new_fact("legal_reference", text, match.start(), match.end(), _reference("statute", number, None))


def _regulations(text: str) -> Iterator[Fact]:
    for match in CFR.finditer(text):
        part = f"{match.group('title')} CFR {match.group('part')}"
        section = f"§{match.group('part')}.{match.group('section')}" if match.group("section") else None
        yield new_fact("legal_reference", text, match.start(), match.end(), _reference("cfr", part, section))
    for kind, pattern in (("eu_regulation", EU_REGULATION), ("eu_decision", EU_DECISION), ("uk_si", UK_SI)):
        for match in pattern.finditer(text):
            number = match.group("number") or match.groupdict().get("number2") or ""
            yield new_fact("legal_reference", text, match.start(), match.end(), _reference(kind, number, None))


# Each finder runs only when the text holds one of its words (a cheap test before the regexes).
FINDERS: tuple[tuple[Callable[[str], Iterator[Fact]], tuple[str, ...]], ...] = (
    (_resolutions, ("esolution", "UNSCR")), (_executive_orders, ("Executive Order", "E.O", "EO")),
    (_caatsa, ("CAATSA", "Countering America")), (_statutes, ("NKSPEA", "Enhancement Act", "IEEPA", "Emergency Econ",
                                                              "BRINK")),
    (_regulations, ("CFR", "C.F.R", "Regulation (", "Decision", "S.I.")), (_committees, ("Committee",)),
)


def _reference(kind: str, number: str | None, paragraph: str | None) -> dict[str, Any]:
    kb_id = _instrument_ids().get((kind, number or ""))
    instrument = knowledge_base().instruments.get(kb_id) if kb_id else None
    display = instrument.display if instrument else _display(kind, number or "")
    if paragraph and kind == "unscr":
        paragraph = "OP" + paragraph
    return {"instrument": display, "kb_id": kb_id, "paragraph": paragraph}


def _display(kind: str, number: str) -> str:
    return DISPLAY.get(kind, "{}").format(number)


def _op(text: str | None) -> str | None:
    return re.sub(r"\s+", "", text) if text else None


@functools.cache
def _instrument_ids() -> dict[tuple[str, str], str]:
    return {(i.kind, i.number): i.id for i in knowledge_base().instruments.values()}
