"""Names prepared for comparison: titles and legal forms, scripts, Korean romanisation, roles."""

import pytest

from sanctionwatch.link.korean import korean_key, looks_korean
from sanctionwatch.link.names import GENERIC, LEGAL, NAME, STOP, prepare_name
from sanctionwatch.link.transliterate import hangul_syllables, latin_forms, skeleton


def parts(text: str, kind: str) -> list[tuple[str, str]]:
    return [(part.key, part.role) for part in prepare_name(text, kind).parts]


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("Siemens Aktiengesellschaft", "org", [("siemens", NAME), ("ag", LEGAL)]),
    ("Volkswagen Gesellschaft mit beschränkter Haftung", "org", [("volkswagen", NAME), ("gmbh", LEGAL)]),
    ("The Coca-Cola Company", "org", [("coca", NAME), ("cola", NAME), ("company", LEGAL)]),
    ("Präsident Barack Obama", "person", [("barack", NAME), ("obama", NAME)]),
    ("KIM, Jong Un", "person", [("jong", NAME), ("un", NAME), ("kim", NAME)]),  # "Un" is no stop word here
    ("Bank of China (Hong Kong) Limited", "org",
     [("bank", GENERIC), ("of", STOP), ("china", GENERIC), ("hong", GENERIC), ("kong", GENERIC), ("ltd", LEGAL)]),
    ("Kim Jong Un's", "person", [("kim", NAME), ("jong", NAME), ("un", NAME)]),
])
def test_parts_and_roles(text: str, kind: str, expected: list[tuple[str, str]]) -> None:
    assert parts(text, kind) == expected


def test_scripts_get_every_usual_spelling() -> None:
    assert {"zelenskiy", "zelenskyy"} <= set(latin_forms("зеленський"))
    assert latin_forms("Κυριάκος")[0] == "kyriakos"
    assert hangul_syllables("김정은") == ["kim", "chong", "un"]
    assert [p.key for p in prepare_name("习近平", "person").parts] == ["xi", "jin", "ping"]  # one part per syllable
    assert skeleton("mohammed") == skeleton(latin_forms("محمد")[0]) == "mhmd"


@pytest.mark.parametrize(("one", "other"), [
    ("jin", "chin"), ("jong", "chong"), ("jong", "jeong"), ("kyong", "gyeong"), ("un", "eun"), ("chol", "cheol"),
    ("hyok", "hyeok"), ("ryong", "lyong"), ("joonng", "jong"),
])
def test_korean_romanisations_share_a_key(one: str, other: str) -> None:
    assert korean_key(one) == korean_key(other)


def test_korean_names_are_recognised() -> None:
    assert looks_korean(["yun", "ho", "jin"]) and looks_korean(["ri", "won", "ho"])
    assert not looks_korean(["angela", "merkel"]) and not looks_korean(["kim"])
    lee, ri = prepare_name("Lee Min Ho", "person").parts[0], prepare_name("Ri Won Ho", "person").parts[0]
    assert "KOREAN_FAMILY:ri" in lee.symbols & ri.symbols  # Lee and Ri: one family name
