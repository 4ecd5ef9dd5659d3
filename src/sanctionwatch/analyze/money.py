"""Amounts of money: "$800 per month", "US$400,870,018", "5 million euros", "USD 2bn a year".

Each amount keeps its ISO 4217 currency, the period it is paid in (day, week, month, year) and what
it is paid per ("per barrel"; or "each" after a count: "4,000 workers, each earning $800" -> worker).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from sanctionwatch.analyze.numbers import (
    alternation,
    approximator_before,
    as_number,
    find_numerals,
    parse_numeral,
)
from sanctionwatch.analyze.quantities import singular
from sanctionwatch.analyze.spans import Span, SpanSet, new_fact
from sanctionwatch.kb import knowledge_base
from sanctionwatch.model import Fact

PER_NOUN = re.compile(r"\s+(?:per|a|each)\s+([a-z]+)\b")
EACH_BEFORE = re.compile(r"\beach\b", re.IGNORECASE)


def money_lexicon() -> Mapping[str, Any]:
    return knowledge_base().lexicon["money"]  # type: ignore[no-any-return]


@functools.cache
def currency_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Currency written before a number ($, US$, USD), after it (USD, dollars), and the period after that."""
    lex = money_lexicon()
    before = re.compile(rf"(?:(?P<symbol>{alternation(lex['symbols'])})|\b(?P<code>{alternation(lex['codes'])}))\s?$")
    after = re.compile(rf"\s?(?:(?P<code>{alternation(lex['codes'])})\b|(?P<name>{alternation(lex['names'])})\b)",
                       re.IGNORECASE)
    periods = alternation(lex["periods"])
    period = re.compile(rf"(?:\s*/\s*|\s+(?:per|a|an|each|every)\s+)(?P<period>{periods})\b"
                        r"|\s+(?P<adverb>monthly|annually|yearly|weekly|daily)\b", re.IGNORECASE)
    return before, after, period


def find_money(text: str, taken: Sequence[Span] = (), counts: Sequence[Fact] = ()) -> list[Fact]:
    """Every amount of money in ``text`` outside the ``taken`` spans; ``counts`` give "each ... per" units."""
    facts = _amounts(text, taken)
    link_each_unit(text, facts, counts)
    return facts


def link_each_unit(text: str, money: Sequence[Fact], counts: Sequence[Fact]) -> None:
    """Fill "per" from a count before the amount: "4,000 workers ..., each earning $800" -> per worker."""
    for fact in money:
        if fact.value.get("per") is None:
            fact.value["per"] = _each_count_unit(text, fact.start, counts)


def _amounts(text: str, taken: Sequence[Span]) -> list[Fact]:
    facts, claimed = [], SpanSet(taken)
    for start, end in find_numerals(text):
        found = _currency_around(text, start, end)
        amount = parse_numeral(text[start:end])
        if found is None or amount is None:
            continue
        currency, start, end = found
        end, period = _period_after(text, end)
        approx = approximator_before(text, start)
        start = approx[1] if approx else start
        if claimed.overlaps(start, end):
            continue
        value = {"value": as_number(amount), "currency": currency, "period": period,
                 "approximate": bool(approx and approx[0] == "approx"),
                 "bound": approx[0] if approx and approx[0] != "approx" else None}
        end = _per_after(text, end, value)
        facts.append(new_fact("money", text, start, end, value))
    return facts


def _currency_around(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    before_re, after_re, _ = currency_regexes()
    before = before_re.search(text, max(start - 5, 0), start)
    if before is not None:
        currency = _currency(before.group("symbol"), before.group("code"), None)
        return (currency, before.start(), end) if currency else None
    after = after_re.match(text, end)
    if after is not None:
        currency = _currency(None, after.group("code"), after.group("name"))
        return (currency, start, after.end()) if currency else None
    return None


def _period_after(text: str, end: int) -> tuple[int, str | None]:
    match = currency_regexes()[2].match(text, end)
    if match is None:
        return end, None
    word = (match.group("period") or match.group("adverb")).lower()
    return match.end(), str(money_lexicon()["periods"][word])


def _per_after(text: str, end: int, value: dict[str, Any]) -> int:
    per = PER_NOUN.match(text, end)
    if per and per.group(1) not in money_lexicon()["periods"]:
        value["per"] = singular(per.group(1))
        return per.end()
    value["per"] = None
    return end


def _currency(symbol: str | None, code: str | None, name: str | None) -> str | None:
    lex = money_lexicon()
    if symbol:
        return str(lex["symbols"][symbol])
    if code:
        return str(lex["code_aliases"].get(code.upper(), code.upper()))
    key = " ".join((name or "").lower().split())
    return str(lex["names"][key]) if key in lex["names"] else None


def _each_count_unit(text: str, start: int, counts: Sequence[Fact]) -> str | None:
    """The unit of the count an amount is paid per: "4,000 workers ..., each earning $800"."""
    before = [c for c in counts if c.end <= start and start - c.end <= 80 and "." not in text[c.end:start]]
    if before and EACH_BEFORE.search(text, before[-1].end, start):
        return str(before[-1].value.get("unit"))
    return None
