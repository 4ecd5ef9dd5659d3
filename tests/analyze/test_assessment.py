"""The assessment: evasion or not (hard negatives included), regimes, provisions, discrepancies."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sanctionwatch.brief.conclusion import conclusion_parts
from sanctionwatch.model import Analysis

Analyse = Callable[..., Analysis]

NEGATIVES = [
    "The lawyer pleaded guilty to income tax evasion and failing to file tax returns, the IRS said.",
    "The league sanctioned the club with a points deduction after a disciplinary hearing.",
    "The council officially sanctioned the marathon, an event that draws thousands of runners.",
    "North Korea launched a ballistic missile on Monday, the Security Council was told at a briefing.",
    "Rescuers searched the rubble after the earthquake killed 94 people in Gansu province.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_hard_negatives(analyse: Analyse, text: str) -> None:
    assessment = analyse(text).assessment
    assert assessment is not None and not assessment.sanctions_evasion and assessment.score < 0.5


def test_evasion_report(analyse: Analyse) -> None:
    text = ("The U.S. Treasury sanctioned two front companies that helped North Korea evade UN sanctions through "
            "ship-to-ship transfers of refined petroleum in violation of UN Security Council resolutions.")
    assessment = analyse(text).assessment
    assert assessment is not None and assessment.sanctions_evasion and assessment.score > 0.6
    assert {"UN_1718", "US_OFAC_NKSR"} <= set(assessment.regimes)
    assert {"front_companies", "ship_to_ship", "oil_procurement"} <= set(assessment.typologies)
    assert all(f.explanation and f.weight for f in assessment.features)
    supporting = {p["provision"]: p for p in assessment.provisions}
    assert supporting["UNSCR 2375 OP11"]["confidence"] == "C" and supporting["UNSCR 2375 OP11"]["role"] == "supporting"


def test_cited_paragraph_wrong_year_and_misattributed_deadline(analyse: Analyse) -> None:
    text = ("Under paragraph 17 of resolution 2375 (2016), work permits are banned. The resolution also required "
            "all workers to return home by December 2019.")
    assessment = analyse(text).assessment
    assert assessment is not None
    cited = next(p for p in assessment.provisions if p["provision"] == "UNSCR 2375 OP17")
    assert cited["role"] == "primary" and cited["fact_ids"]
    kinds = {d["kind"]: d for d in assessment.discrepancies}
    assert "2017-09-11" in kinds["wrong_year"]["message"]
    assert kinds["misattributed_deadline"]["expected"] == "UNSCR 2397 OP8"


def test_conclusion_keeps_hedges(analyse: Analyse) -> None:
    text = ("Officials suggest that North Korea may be sending workers to Russia on student visas to evade "
            "UN sanctions.")
    parts = conclusion_parts(analyse(text))
    assert parts[0].startswith("the report suggests") and "overseas labour export" in parts[0]
    negative = conclusion_parts(analyse(NEGATIVES[0]))
    assert negative[0].startswith("the report does not describe sanctions evasion")
