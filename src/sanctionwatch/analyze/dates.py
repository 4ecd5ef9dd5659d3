"""Dates and deadlines: "22 December 2019", "December 2019", "in 2024", "by the end of December 2019",
"last year", "on Friday" (relative dates are resolved against the article's date, when it has one).

Each date keeps year, month and day (None where the text does not say), its ISO form at the
precision given ("2019", "2019-12", "2019-12-22"), whether it is a deadline ("by", "no later than")
and whether it was relative to the article's date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from typing import Any

from sanctionwatch.analyze.numbers import alternation
from sanctionwatch.analyze.spans import Span, SpanSet, new_fact
from sanctionwatch.kb import knowledge_base
from sanctionwatch.model import Fact

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")], start=1) for name in names}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
        r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
         "year": "year", "years": "year"}


@functools.cache
def date_regex() -> re.Pattern[str]:
    absolute = (
        rf"(?P<iso>{YEAR}-[01]\d-[0-3]\d)\b|(?P<d1>{DAY})\s+(?:of\s+)?(?P<m1>{MONTH})(?:,?\s+(?P<y1>{YEAR}))?\b"
        rf"|(?P<m2>{MONTH})\s+(?P<d2>{DAY})\b(?:,?\s+(?P<y2>{YEAR})\b)?|(?P<m3>{MONTH}),?\s+(?P<y3>{YEAR})\b"
        rf"|(?<![\w$#.,])(?P<y4>{YEAR})\b(?![,.]?\d|\s*(?:%|percent|\())"
    )
    relative = (
        r"(?P<today>[Tt]oday|[Yy]esterday|[Tt]omorrow)\b|(?P<rel>[Tt]his|[Ll]ast|[Nn]ext|[Ee]arlier\s+this|[Ll]ater\s+this)\s+"
        r"(?P<unit>week|month|year)\b|(?P<n>\d{1,2}|one|two|three|four|five|six)\s+(?P<unit2>days|weeks|months|years|day|week"
        r"|month|year)\s+ago\b|(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    )
    return re.compile(rf"(?=[0-9A-Zltnye])(?:{absolute}|{relative})")


@functools.cache
def lead_regex() -> re.Pattern[str]:
    """What may stand before a date: a preposition or deadline cue, then a part ("by the end of")."""
    lex = knowledge_base().lexicon["dates"]
    lead = alternation([*lex["deadline_cues"], "in", "on", "since", "from", "during", "as of", "through", "after",
                        "before"])
    return re.compile(rf"(?:\b(?P<lead>{lead})\s+)?(?:(?P<part>{alternation(lex['parts'])})\s*)?$", re.IGNORECASE)


def find_dates(text: str, published: str | None = None, taken: Sequence[Span] = ()) -> list[Fact]:
    """Every date in ``text`` outside the ``taken`` spans; relative ones only when ``published`` is known."""
    anchor = _anchor(published)
    facts, claimed = [], SpanSet(taken)
    for match in date_regex().finditer(text):
        value = _absolute(match, anchor) or _relative(match, anchor)
        if value is None or claimed.overlaps(match.start(), match.end()):
            continue
        before = lead_regex().search(text, max(match.start() - 30, 0), match.start())
        start = before.start() if before and before.group() else match.start()
        lead = (before.group("lead") or "").lower() if before else ""
        value["deadline"] = _is_deadline(lead)
        value["part"] = _part((before.group("part") if before else None) or lead)
        facts.append(new_fact("date", text, start, match.end(), value))
    return facts


def _absolute(match: re.Match[str], anchor: dt.date | None) -> dict[str, Any] | None:
    if match.group("iso"):
        try:
            day = dt.date.fromisoformat(match.group("iso"))
        except ValueError:
            return None
        return _value(day.year, day.month, day.day, relative=False)
    month_text = match.group("m1") or match.group("m2") or match.group("m3")
    year_text = match.group("y1") or match.group("y2") or match.group("y3") or match.group("y4")
    if month_text is None and year_text is None:
        return None
    month = MONTHS.get(month_text.lower().rstrip(".")) if month_text else None
    day_text = match.group("d1") or match.group("d2")
    day_number = int(re.sub(r"\D", "", day_text)) if day_text else None
    if year_text is None:
        return _value(anchor.year, month, day_number, relative=True) if anchor else None
    return _value(int(year_text), month, day_number, relative=False)


def _relative(match: re.Match[str], anchor: dt.date | None) -> dict[str, Any] | None:
    if anchor is None or match.group("m1") or match.group("m2"):
        return None
    if match.group("today"):
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[match.group("today").lower()]
        day = anchor + dt.timedelta(days=shift)
        return _value(day.year, day.month, day.day, relative=True)
    if match.group("weekday"):
        back = (anchor.weekday() - WEEKDAYS.index(match.group("weekday").lower())) % 7
        day = anchor - dt.timedelta(days=back)
        return _value(day.year, day.month, day.day, relative=True)
    if match.group("rel"):
        return _relative_period(match.group("rel").split()[-1].lower(), match.group("unit"), anchor)
    if match.group("n"):
        return _ago(match.group("n"), match.group("unit2"), anchor)
    return None


def _relative_period(which: str, unit: str, anchor: dt.date) -> dict[str, Any] | None:
    step = {"last": -1, "next": 1}.get(which, 0)
    if unit == "year":
        return _value(anchor.year + step, None, None, relative=True)
    if unit == "month":
        month_index = anchor.year * 12 + anchor.month - 1 + step
        return _value(month_index // 12, month_index % 12 + 1, None, relative=True)
    monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
    return _value(monday.year, monday.month, monday.day, relative=True)


def _ago(count_text: str, unit: str, anchor: dt.date) -> dict[str, Any] | None:
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    count = int(count_text) if count_text.isdigit() else words[count_text.lower()]
    kind = UNITS[unit.lower()]
    if kind == "year":
        return _value(anchor.year - count, None, None, relative=True)
    if kind == "month":
        month_index = anchor.year * 12 + anchor.month - 1 - count
        return _value(month_index // 12, month_index % 12 + 1, None, relative=True)
    day = anchor - dt.timedelta(days=count * (7 if kind == "week" else 1))
    return _value(day.year, day.month, day.day, relative=True)


def _value(year: int, month: int | None, day: int | None, relative: bool) -> dict[str, Any] | None:
    if month is not None and day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    iso = str(year) if month is None else f"{year}-{month:02d}" if day is None else f"{year}-{month:02d}-{day:02d}"
    return {"year": year, "month": month, "day": day, "iso": iso, "relative": relative}


def _part(text: str) -> str | None:
    """start, middle or end when the text narrows the date ("the end of", "early", "mid-")."""
    words = " ".join(text.lower().split())
    for phrase, part in knowledge_base().lexicon["dates"]["parts"].items():
        key = str(phrase).strip("- ")
        if key and re.search(rf"(?:^|\s){re.escape(key)}(?:\s|-|$)", words):
            return str(part)
    return None


def _is_deadline(lead: str) -> bool:
    cues = {" ".join(c.lower().split()) for c in knowledge_base().lexicon["dates"]["deadline_cues"]}
    return " ".join(lead.split()) in cues


def _anchor(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
