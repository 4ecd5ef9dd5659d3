"""Evasion methods from typology cues; actors with types and roles."""

from __future__ import annotations

from collections.abc import Callable

from sanctionwatch.model import Analysis, Fact

Analyse = Callable[..., Analysis]


def _facts(analysis: Analysis, kind: str) -> list[Fact]:
    return [f for f in analysis.facts if f.kind == kind]


def test_methods(analyse: Analyse) -> None:
    text = ("The tanker conducted a ship-to-ship transfer in the East China Sea after switching off its AIS. "
            "North Korean workers entered Russia on student visas.")
    methods = {(f.text, f.value["typology"], f.value["variant"]) for f in _facts(analyse(text), "evasion_method")}
    assert ("ship-to-ship transfer", "ship_to_ship", None) in methods
    assert ("AIS", "ais_manipulation", None) in methods
    assert ("student visas", "overseas_labour", "disguised_status") in methods


def test_weak_cues_need_a_sanctioned_country(analyse: Analyse) -> None:
    assert _facts(analyse("Soldiers dug through the rubble after the quake in Gansu."), "evasion_method") == []
    (weak,) = _facts(analyse("North Korean soldiers fight alongside Russian troops."), "evasion_method")
    assert weak.value == {"typology": "arms_transfers", "cue": "soldiers", "variant": None, "strength": "weak"}


def test_actors_and_roles(analyse: Analyse) -> None:
    text = ("Treasury Secretary Steven Mnuchin met Ken Gause, director of the Adversary Analytics Program, in "
            "Seoul. The NIS briefed lawmakers. The M/T Courageous delivered oil to North Korea.")
    actors = {f.value["name"]: f.value for f in _facts(analyse(text), "actor")}
    assert actors["Steven Mnuchin"]["role"] == "Treasury Secretary"
    assert actors["Ken Gause"]["role"] == "director of the Adversary Analytics Program"
    assert actors["NIS"]["canonical"] == "National Intelligence Service" and actors["NIS"]["country"] == "KR"
    assert actors["Courageous"]["type"] == "vessel"
    assert actors["North Korea"] == {"name": "North Korea", "type": "country", "role": None, "canonical": None,
                                     "country": "KP"}


def test_places_from_the_knowledge_base(analyse: Analyse) -> None:
    analysis = analyse("BELGRADE 1996-08-30\nOfficials in Pyongyang met Michael Jordan and traders from Jordan.")
    places = {e.text: e.country for e in analysis.entities if e.label == "GPE"}
    assert places.get("BELGRADE") == "RS" and places.get("Pyongyang") == "KP"
    assert "Jordan" not in places or places["Jordan"] == "JO"
    assert {"RS", "KP"} <= set(analysis.countries)
