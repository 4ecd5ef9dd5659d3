"""Legal references resolved to knowledge-base instruments."""

from __future__ import annotations

import pytest

from sanctionwatch.analyze.legal import find_legal_references


@pytest.mark.parametrize(
    ("text", "instrument", "kb_id", "paragraph"),
    [
        ("United Nations Security Council Resolution 2375", "UNSCR 2375", "UNSCR_2375", None),
        ("paragraph 17 of resolution 2375 (2017)", "UNSCR 2375", "UNSCR_2375", "OP17"),
        ("UN Security Council resolution 2397, paragraph 8", "UNSCR 2397", "UNSCR_2397", "OP8"),
        ("Executive Order (E.O.) 13722 of March 15", "EO 13722", "EO_13722", None),
        ("Section 321(b) of CAATSA", "CAATSA 321", "CAATSA_321", "321(b)"),
        ("31 C.F.R. § 510.201", "31 CFR 510", "CFR_31_510", "§510.201"),
        ("Council Regulation (EU) 2017/1509", "Regulation (EU) 2017/1509", "EU_REG_2017_1509", None),
        ("Decision 2014/512/CFSP", "Decision (CFSP) 2014/512", "EU_DEC_2014_512", None),
        ("the North Korea Sanctions and Policy Enhancement Act of 2016", "NKSPEA", "NKSPEA", None),
        ("UNSCR 2231", "UNSCR 2231", "UNSCR_2231", None),
        ("resolution 2999 (2031)", "UNSCR 2999", None, None),
    ],
)
def test_references(text: str, instrument: str, kb_id: str | None, paragraph: str | None) -> None:
    (found,) = find_legal_references(text)
    assert (found.value["instrument"], found.value["kb_id"], found.value["paragraph"]) == (instrument, kb_id, paragraph)


def test_lists_of_resolutions_and_years() -> None:
    found = find_legal_references("UNSCRs 2371, 2375 and 2397; resolution 1718 (2006)")
    assert [f.value["instrument"] for f in found] == ["UNSCR 2371", "UNSCR 2375", "UNSCR 2397", "UNSCR 1718"]
    assert found[-1].value["year"] == 2006 and found[1].text == "2375"


def test_no_reference_in_plain_numbers() -> None:
    assert find_legal_references("In 2017, 2375 workers left; the committee met.") == []
