"""Numbers as written in reports, counts and quantity spans."""

from __future__ import annotations

import pytest

from sanctionwatch.analyze.numbers import parse_numeral
from sanctionwatch.analyze.quantities import find_counts, find_quantity_spans, singular


@pytest.mark.parametrize(
    ("text", "value"),
    [("4,000", 4000), ("2.5 million", 2_500_000), ("1.2bn", 1_200_000_000), ("twelve", 12),
     ("forty-five thousand", 45_000), ("Six", 6), ("a dozen", 12), ("many", None)],
)
def test_parse_numeral(text: str, value: float | None) -> None:
    assert parse_numeral(text) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 4,000 workers", {"value": 4000, "unit": "worker", "approximate": True, "vague": False}),
        ("thousands of laborers", {"value": None, "min_value": 1000, "unit": "worker", "vague": True}),
        ("more than 3,600 people", {"value": 3600, "min_value": 3600, "unit": "person"}),
        ("up to 9 million rounds", {"value": 9_000_000, "max_value": 9_000_000, "unit": "round"}),
        ("several thousand troops", {"min_value": 2000, "unit": "soldier", "vague": True}),
        ("19 Russian individuals and five entities", {"value": 19, "unit": "individual",
                                                      "subject": "Russian individuals"}),
    ],
)
def test_counts(text: str, expected: dict[str, object]) -> None:
    count = find_counts(text)[0]
    assert {k: count.value.get(k) for k in expected} == expected
    assert text.startswith(count.text)


@pytest.mark.parametrize("text", ["in 2024 the", "the 15-nation organ", "rose 11.9%", "at 10:15 a.m.", "$800 each"])
def test_not_counts(text: str) -> None:
    assert find_counts(text) == []


@pytest.mark.parametrize(
    ("text", "spans"),
    [("heated to 300±15 °C for 6 months", ["300±15 °C", "6 months"]), ("about 99.9% pure", ["about 99.9%"]),
     ("(Smith et al., 2001) and Fig. 2", []), ("~15kR", ["~15kR"])],
)
def test_quantity_spans(text: str, spans: list[str]) -> None:
    assert [text[a:b] for a, b in find_quantity_spans(text)] == spans


def test_singular() -> None:
    assert [singular(w) for w in ("workers", "entities", "people", "boxes", "crisis")] == [
        "worker", "entity", "person", "box", "crisis"]
