"""Who claims what: sources, cues, claims and stances."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sanctionwatch.model import Analysis

Analyse = Callable[..., Analysis]


@pytest.mark.parametrize(
    ("text", "source", "cue", "stance", "claim_start"),
    [
        ("North Korea has reportedly sent thousands of workers to Russia in 2024, as indicated by the South Korean "
         "National Intelligence Service (NIS).", "the South Korean National Intelligence Service (NIS)",
         "as indicated by", "reported", "North Korea has reportedly"),
        ("Government officials, including Representative Wi Sung-lac, suggest that North Korean workers may be "
         "filling gaps.", "Wi Sung-lac", "suggest", "hedged", "North Korean workers"),
        ("The Justice Department said the tanker delivered oil to North Korea.", "The Justice Department", "said",
         "asserted", "the tanker delivered"),
        ("According to the UN Panel of Experts, the ships switched off their transponders.",
         "the UN Panel of Experts", "According to", "reported", "the ships switched"),
        ("Moscow denied that any North Korean workers were employed in Russia.", "Moscow", "denied", "denied",
         "any North Korean workers"),
        ("\"Russia does not want to follow the sanctions,\" said Ken Gause, a director at CNA.", "Ken Gause",
         "said", "asserted", "Russia does not want"),
    ],
)
def test_attributions(analyse: Analyse, text: str, source: str, cue: str, stance: str, claim_start: str) -> None:
    (found,) = analyse(text).attributions
    assert (found.source, found.cue, found.stance) == (source, cue, stance)
    assert text[found.claim_start:found.claim_end].startswith(claim_start)
    assert text[found.source_start:found.source_end] == found.source


def test_canonical_source_and_unattributed_claims(analyse: Analyse) -> None:
    (nis,) = analyse("About 4,000 workers are in Russia, the NIS said.").attributions
    assert nis.source_canonical == "National Intelligence Service" and nis.stance == "asserted"
    (unsourced,) = analyse("The tanker allegedly transferred oil at sea.").attributions
    assert unsourced.source == "" and unsourced.stance == "hedged"


def test_nouns_are_not_cues(analyse: Analyse) -> None:
    assert analyse("There were reports of workers in Russia and claims about ships.").attributions == []
