"""Two names compared part by part: what should match, what should not, and the reasons given."""

import pytest

from sanctionwatch.link.compare import compare_names
from sanctionwatch.link.names import prepare_name

MATCHES = [
    ("person", "Yun Ho Chin", "YUN HO-JIN"),  # Korean romanisations, hyphenated syllables
    ("person", "Kim Jong-un", "KIM, Jong Un"),  # surname first with a comma
    ("person", "Kim Jung-eun", "김정은"),  # Revised Romanization against Hangul
    ("person", "Vladimir Putin", "PUTIN, Vladimir Vladimirovich"),  # a patronymic left out
    ("person", "Сергей Лавров", "Sergey Lavrov"),  # Cyrillic
    ("person", "Alexandr Lukashnko", "Alexander Lukashenko"),  # misspellings
    ("person", "Moammar Qaddafi", "Muammar Gaddafi"),  # transliterations that share a Wikidata name
    ("person", "AlisherUsmanov", "Alisher Usmanov"),  # words joined
    ("org", "Korea Ryonbong General Corp", "KOREA RYONBONG GENERAL CORPORATION"),
    ("org", "Namgang Trading Corporation", "KOREA NAMGANG TRADING CORPORATION"),  # the country word dropped
    ("org", "Siemens AG", "Siemens Aktiengesellschaft"),  # legal forms
]
NON_MATCHES = [
    ("person", "Boris Abramovich", "Roman Abramovich"),  # another given name
    ("person", "KIM SONG MIN", "KIM SONG CHOL"),  # another Korean given-name syllable
    ("person", "Park Jin", "PARK, Jin Hyok"),  # a Korean given name of one syllable less
    ("person", "Song", "CHOE SONG IL"),  # one part of a longer name
    ("org", "Saudi Arabian Gas Company", "Saudi Arabian Oil Company"),  # contradicting words
    ("org", "Democratic People's Republic of Korea", "CENTRAL BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA"),
    ("org", "Financial", "BUSINESS-FINANCE"),  # nothing but generic words
]


@pytest.mark.parametrize(("kind", "one", "other"), MATCHES)
def test_matches(kind: str, one: str, other: str) -> None:
    assert compare_names(prepare_name(one, kind), prepare_name(other, kind)).score >= 0.7


@pytest.mark.parametrize(("kind", "one", "other"), NON_MATCHES)
def test_non_matches(kind: str, one: str, other: str) -> None:
    assert compare_names(prepare_name(one, kind), prepare_name(other, kind)).score < 0.7


def test_order_does_not_matter_and_identical_names_score_one() -> None:
    one, other = prepare_name("Jong Un Kim", "person"), prepare_name("Kim Jong Un", "person")
    assert compare_names(one, other).score == compare_names(other, one).score == 1.0


def test_explanations_name_the_parts() -> None:
    query, listed = prepare_name("Yun Ho Chin", "person"), prepare_name("YUN HO-JIN", "person")
    text = compare_names(query, listed).explain(query, listed)
    assert text.startswith("3 of 3 parts of the name agree") and "chin ~ jin: Korean romanisation" in text
    query, listed = prepare_name("Boris Abramovich", "person"), prepare_name("Roman Abramovich", "person")
    text = compare_names(query, listed).explain(query, listed)
    assert "boris only in the mention; roman only in the listed name, which contradict each other" in text
