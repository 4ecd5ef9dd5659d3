"""Korean names in their many romanisations: one comparison key per syllable or name part.

"Yun Ho-jin" and "Yun Ho Chin", "Kim Jong Un" and "Kim Jung-eun", "Choe" and "Choi" get the same keys.
The rules are data (``kb/names.yaml``, ``korean_key`` and ``korean_surnames``), checked at load.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

from sanctionwatch.errors import ConfigError
from sanctionwatch.kb import load_kb_file

MAX_SYLLABLE = 6  # "hwang", "chong", "kyong": longer parts are joined syllables or not Korean


@dataclasses.dataclass(frozen=True)
class KoreanRules:
    replace: tuple[tuple[str, str], ...]
    letters: dict[str, str]
    surnames: dict[str, str]  # spelling -> the family name's key


@functools.cache
def korean_rules() -> KoreanRules:
    """The romanisation rules of ``kb/names.yaml``, validated."""
    data = load_kb_file("names.yaml")
    replace = tuple((str(a), str(b)) for a, b in data["korean_key"]["replace"])
    letters = {str(k): str(v) for k, v in data["korean_key"]["letters"].items()}
    surnames: dict[str, str] = {}
    for key, spellings in data["korean_surnames"].items():
        for spelling in spellings:
            if spelling in surnames:
                raise ConfigError(f"names.yaml: Korean surname spelling {spelling!r} is in two families")
            surnames[str(spelling)] = str(key)
    return KoreanRules(replace, letters, surnames)


@functools.lru_cache(maxsize=100_000)
def korean_key(form: str) -> str:
    """The key of a romanised syllable or joined given name (lower-case ASCII without apostrophes)."""
    rules = korean_rules()
    form = _single_letters(form)  # "Joonng" is "Jong" mistyped
    for old, new in rules.replace:
        form = form.replace(old, new)
    return _single_letters("".join(rules.letters.get(char, char) for char in form))


def _single_letters(form: str) -> str:
    return "".join(char for i, char in enumerate(form) if i == 0 or form[i - 1] != char)


def surname_key(form: str) -> str | None:
    """The family-name key of a spelling ("park" -> "pak"), or None if it is no Korean family name."""
    return korean_rules().surnames.get(form)


def looks_korean(forms: Sequence[str]) -> bool:
    """Whether a name reads as a romanised Korean name: a Korean family name first or last, then syllables."""
    if not 2 <= len(forms) <= 4 or any(len(form) > 2 * MAX_SYLLABLE for form in forms):
        return False
    ends = (forms[0], forms[-1])
    return any(surname_key(form) is not None for form in ends) and all(len(f) <= MAX_SYLLABLE for f in forms[1:-1])
