"""Relevance on hard cases the team wrote (not from the development corpus): other senses of the words,
tax evasion, an arms-embargo breach, dark ship-to-ship transfers, export controls, a new sanctions package,
and evasion of programmes other than the DPRK's (Venezuela, Syria), each naming its regime."""

import pytest

from sanctionwatch.analyze import analyze_article
from sanctionwatch.model import Article
from sanctionwatch.settings import Settings

CASES = [
    (False, "The Football Association has sanctioned the midfielder with a six-match ban and a fine after he was "
            "found guilty of abusive language towards a referee. The club said it would not appeal the sanction."),
    (False, "A businessman was sentenced to four years in prison for evading more than 2 million dollars in income "
            "taxes by hiding money in offshore accounts. Prosecutors said he used shell companies to conceal the "
            "income from the Internal Revenue Service. He pleaded guilty to tax evasion."),
    (True, "A UN panel of experts said several countries had violated the arms embargo on Libya by supplying "
           "weapons and armoured vehicles to the warring parties, in breach of Security Council resolution 1970."),
    (True, "A tanker suspected of carrying Iranian crude to China turned off its automatic identification system "
           "for two weeks and met another vessel in a ship-to-ship transfer. Analysts said the manoeuvre is a "
           "common way to hide the origin of oil subject to US sanctions."),
    (False, "The European Union adopted its fourteenth package of sanctions against Russia, targeting liquefied "
            "natural gas re-exports and adding 116 individuals and entities to its list."),
    (True, "A US distributor agreed to pay 3 million dollars to settle charges that it shipped microchips to Russia "
           "through intermediaries in Armenia and Kyrgyzstan after export controls were tightened in 2022."),
    (False, "Parliament sanctioned the government's budget for next year after a twelve-hour debate; it raises "
            "spending on hospitals by 4 percent and cuts fuel subsidies."),
]

REGIME_CASES = [
    ("US_VENEZUELA", "Several tankers carrying Venezuelan crude switched off their transponders and moved cargo "
                     "between ships off Malaysia, a tactic used to evade US sanctions on the state oil company PDVSA. "
                     "The oil was then relabelled as a Malaysian blend before delivery to refiners in China."),
    ("US_SYRIA", "The Treasury said a network of front companies in Lebanon shipped Iranian fuel to Syria in "
                 "violation of US sanctions, hiding the cargo's destination with forged bills of lading."),
]


@pytest.mark.parametrize(("expected", "text"), CASES)
def test_hard_cases(expected: bool, text: str) -> None:
    analysis = analyze_article(Article(id="hard", title="", text=text), Settings())
    assert analysis.assessment is not None
    assert analysis.assessment.sanctions_evasion is expected, analysis.assessment.features


@pytest.mark.parametrize(("regime", "text"), REGIME_CASES)
def test_evasion_of_other_programmes_names_the_regime(regime: str, text: str) -> None:
    analysis = analyze_article(Article(id="hard", title="", text=text), Settings())
    assert analysis.assessment is not None
    assert analysis.assessment.sanctions_evasion, analysis.assessment.features
    assert regime in analysis.assessment.regimes


def test_a_regime_needs_its_authority_speaking_of_sanctions_near_its_target() -> None:
    text = ("North Korea shipped coal to China through ship-to-ship transfers in violation of UN sanctions, the "
            "panel of experts said. Russia blocked the renewal of the panel in March. Officials of the United States "
            "and Britain said they would keep watching the Korean peninsula.")
    analysis = analyze_article(Article(id="hard", title="", text=text), Settings())
    assert analysis.assessment is not None and analysis.assessment.sanctions_evasion
    assert "UN_1718" in analysis.assessment.regimes
    assert not {"US_RUSSIA", "UK_DPRK", "UK_RUSSIA", "US_OFAC_NKSR"} & set(analysis.assessment.regimes)
