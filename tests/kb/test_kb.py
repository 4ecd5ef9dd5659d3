"""The knowledge base loads, is cross-checked, and refuses malformed entries."""

from __future__ import annotations

import pytest

from sanctionwatch.errors import ConfigError
from sanctionwatch.kb import country_names, kb_version, knowledge_base
from sanctionwatch.kb.entries import build_instrument, build_regime, build_typology


def test_typologies_have_cues_and_known_breaches() -> None:
    kb = knowledge_base()
    assert len(kb.typologies) >= 12
    for typology in kb.typologies.values():
        assert typology.cues and typology.flag in "VCR"
        assert all(kb.provision(b) is not None for b in typology.breaches if "#" in b)


def test_repatriation_deadline_belongs_to_2397_op8() -> None:
    kb = knowledge_base()
    provision = kb.provision("UNSCR_2397#8")
    assert provision is not None and provision.deadline == "2019-12-22" and provision.flag == "V"
    assert all(p.deadline is None for p in kb.instruments["UNSCR_2375"].provisions)
    assert kb.regime_of("UNSCR_2375") is kb.regimes["UN_1718"]


def test_claim_sources_and_versions() -> None:
    kb = knowledge_base()
    assert "NIS" in kb.claim_sources["ROK_NIS"].aliases
    assert {"UN_POE", "MSMT", "US_TREASURY_OFAC", "ROK_MOU"} <= set(kb.claim_sources)
    assert all(name in kb_version() for name in ("regimes-", "instruments-", "typologies-", "lexicon-"))


@pytest.mark.parametrize(
    ("builder", "entry", "message"),
    [
        (build_instrument, {"id": "X", "kind": "unscr", "number": "1", "flag_date": "Q"}, "flag"),
        (build_instrument, {"id": "X", "kind": "unscr", "number": "1", "flag_date": "V", "adopted": "2017-13-01"},
         "date"),
        (build_instrument, {"id": "X", "kind": "treaty", "number": "1", "flag_date": "V"}, "kind"),
        (build_typology, {"id": "t", "name": "T", "cues": [], "flag": "V"}, "no cues"),
        (build_regime, {"id": "R", "name": "R", "authority": "UN", "countries": ["KOR"], "flag": "V"}, "ISO"),
    ],
)
def test_malformed_entries_are_refused(builder: object, entry: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        builder(entry)  # type: ignore[operator]


def test_country_names_leave_out_ambiguous_ones() -> None:
    names = country_names()
    assert names["North Korea"] == "KP" and names["Pyongyang"] == "KP" and names["Belgrade"] == "RS"
    assert "Jordan" not in names and "Chad" not in names
