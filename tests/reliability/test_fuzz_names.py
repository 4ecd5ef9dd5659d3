"""Fuzzing name normalisation, comparison and screening: names in any script, with bidi controls, control
characters, combining marks, legal forms and numbers, screened against the real UN DPRK list.

Properties: nothing raises; scores are finite and in [0, 1]; no name is closer to another than to
itself; every match says why; the judgement key of a mention is idempotent.
"""

from __future__ import annotations

import collections
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.link import ScreeningIndex, build_index, read_list_file, screen_name
from sanctionwatch.link.compare import compare_names
from sanctionwatch.link.names import ANY, OBJECT, ORG, PERSON, prepare_name
from sanctionwatch.link.screen import mention_key

PARTS = ["Kim", "Jong", "Un", "Ri", "Pak", "O'Brien", "Ryonbong", "كيم", "جونغ", "أون", "קים", "Ким", "Чен", "Ын",
         "김정은", "김", "金正恩", "Κιμ", "\u202e", "\u2066", "\u200b", "\u200d", "\x00", "\x1b[0m", "Ri\u0308",
         "Jong\u0301", "-", "'", ",", "Co.", "Ltd", "LLC", "JSC", "OOO", "Trading", "General", "Corporation", "Korea",
         "1", "II", "IMO 9187629", "Mr", "Dr.", "al-", "bin", "ibn"]
NAMES = st.one_of(st.text(max_size=40), st.lists(st.sampled_from(PARTS), max_size=8).map(" ".join))
KINDS = st.sampled_from([PERSON, ORG, OBJECT, ANY])
Tally = collections.Counter[str]
Fuzz = Callable[[int], settings]


@pytest.fixture(scope="module")
def un_dprk(shared_dir: Path) -> ScreeningIndex:
    parsed = read_list_file(shared_dir / "data/sanctions_lists/dprk_subsets/un_sc_dprk_2026-02.xml")
    return build_index(parsed.entries, {parsed.name: 1})


def test_prepare_and_compare(fuzz: Fuzz, tally: Tally) -> None:
    @fuzz(300)
    @given(a=NAMES, b=NAMES, kind=KINDS)
    def check(a: str, b: str, kind: str) -> None:
        tally["names: prepare and compare"] += 1
        first, second = prepare_name(a, kind), prepare_name(b, kind)
        assert all(math.isfinite(part.weight) and part.weight >= 0 for part in first.parts)
        other, itself = compare_names(first, second), compare_names(first, first)
        assert 0.0 <= other.score <= 1.0 and math.isfinite(other.score)
        assert not first.size or itself.score >= other.score - 1e-9
        assert isinstance(other.explain(first, second), str)

    check()


def test_mention_key_is_idempotent(fuzz: Fuzz, tally: Tally) -> None:
    @fuzz(300)
    @given(name=NAMES)
    def check(name: str) -> None:
        tally["names: mention key"] += 1
        key = mention_key(name)
        assert len(key) <= 255 and mention_key(key) == key

    check()


def test_screening_against_a_real_list(fuzz: Fuzz, tally: Tally, un_dprk: ScreeningIndex) -> None:
    listed = [entry.caption for entry in un_dprk.entries]

    @fuzz(150)
    @given(name=st.one_of(NAMES, st.sampled_from(listed), st.tuples(st.sampled_from(listed), NAMES).map(" ".join)),
           schema=st.sampled_from([None, "Person", "Organization", "Vessel"]))
    def check(name: str, schema: str | None) -> None:
        tally["names: screening (UN DPRK list)"] += 1
        for match in screen_name(un_dprk, name, schema, limit=5):
            assert 0.0 <= match.score <= 1.0 and match.caption in listed
            assert match.features and all(feature.explanation for feature in match.features)

    check()
