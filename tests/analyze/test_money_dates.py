"""Money with currency, period and unit; dates with deadlines and relative dates."""

from __future__ import annotations

import pytest

from sanctionwatch.analyze.dates import find_dates
from sanctionwatch.analyze.money import find_money
from sanctionwatch.analyze.quantities import find_counts


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        ("approximately $800 per month", "approximately $800 per month",
         {"value": 800, "currency": "USD", "period": "month", "approximate": True}),
        ("US$400,870,018 a year", "US$400,870,018 a year", {"value": 400_870_018, "period": "year"}),
        ("5 million euros", "5 million euros", {"value": 5_000_000, "currency": "EUR"}),
        ("50,000 yuan a month per licence", "50,000 yuan a month per licence",
         {"currency": "CNY", "per": "licence"}),
        ("over $25 million", "over $25 million", {"value": 25_000_000, "bound": "min", "approximate": False}),
        ("USD 500m", "USD 500m", {"value": 500_000_000, "currency": "USD"}),
    ],
)
def test_money(text: str, found: str, value: dict[str, object]) -> None:
    money = find_money(text)[0]
    assert money.text == found and {k: money.value[k] for k in value} == value


def test_money_per_counted_unit() -> None:
    text = "about 4,000 workers were there, each earning $800 per month."
    assert find_money(text, counts=find_counts(text))[0].value["per"] == "worker"


@pytest.mark.parametrize(
    ("text", "found", "iso", "deadline"),
    [
        ("return home by the end of December 2019.", "by the end of December 2019", "2019-12", True),
        ("sent workers in 2024.", "in 2024", "2024", False),
        ("adopted on 22 December 2017", "on 22 December 2017", "2017-12-22", False),
        ("E.O. of March 15, 2016", "March 15, 2016", "2016-03-15", False),
        ("no later than 25 March 2023", "no later than 25 March 2023", "2023-03-25", True),
        ("Today, the Treasury", "Today", "2024-03-28", False),
        ("last year", "last year", "2023", False),
        ("on Friday, he said", "on Friday", "2024-03-22", False),
    ],
)
def test_dates(text: str, found: str, iso: str, deadline: bool) -> None:
    date = find_dates(text, published="2024-03-28")[0]
    assert (date.text, date.value["iso"], date.value["deadline"]) == (found, iso, deadline)


def test_relative_dates_need_the_article_date() -> None:
    assert find_dates("on Friday, last year") == []
    assert find_dates("on 31 February 2020") == []
