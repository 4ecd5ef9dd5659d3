"""The domain knowledge base: YAML files in this folder, loaded once and validated at load.

Each file carries a ``version`` and a ``source``; analysis results cite the knowledge base version
they were made with (``kb_version()``). ``knowledge_base()`` gives the whole of it as typed records:
regimes, instruments with their operative paragraphs, evasion typologies with their cues, claim
sources with their aliases, and the lexicon the extractors read.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml
from rigour.territories import get_territories

from sanctionwatch.errors import ConfigError
from sanctionwatch.kb.entries import (
    ClaimSource,
    Instrument,
    Provision,
    Regime,
    Typology,
    build_claim_source,
    build_instrument,
    build_regime,
    build_typology,
)

__all__ = [
    "ClaimSource", "Instrument", "KnowledgeBase", "Provision", "Regime", "Typology", "country_names", "kb_version",
    "knowledge_base", "load_kb_file", "place_aliases",
]

KB_FILES = ("places.yaml", "regimes.yaml", "instruments.yaml", "typologies.yaml", "claim_sources.yaml",
            "lexicon.yaml", "relevance.yaml")
LEXICON_SECTIONS = ("attribution", "quantities", "money", "dates", "roles", "sanctions")


@dataclasses.dataclass(frozen=True)
class KnowledgeBase:
    """Everything the analysis knows about sanctions, as loaded from the YAML files."""

    regimes: Mapping[str, Regime]
    instruments: Mapping[str, Instrument]
    typologies: Mapping[str, Typology]
    claim_sources: Mapping[str, ClaimSource]
    authorities: Mapping[str, tuple[str, ...]]
    lexicon: Mapping[str, Any]
    relevance: Mapping[str, Any]

    def regime_of(self, instrument_id: str) -> Regime | None:
        """The regime an instrument belongs to (the first that lists it)."""
        return next((r for r in self.regimes.values() if instrument_id in r.instruments), None)

    def provision(self, reference: str) -> Provision | None:
        """A provision from a breach reference such as ``UNSCR_2375#17``."""
        instrument_id, _, op = reference.partition("#")
        instrument = self.instruments.get(instrument_id)
        return instrument.provision(op) if instrument and op else None


def load_kb_file(name: str) -> dict[str, Any]:
    """One knowledge-base file, parsed and checked for its version and source."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or "version" not in data or "source" not in data:
        raise ConfigError(f"knowledge base file {name} lacks a version or a source")
    return data


@functools.cache
def place_aliases() -> dict[str, str]:
    """Lower-cased place name -> ISO country code, from places.yaml."""
    data = load_kb_file("places.yaml")
    aliases: dict[str, str] = {}
    for code, names in data["places"].items():
        if not isinstance(code, str) or len(code) != 2:
            raise ConfigError(f"places.yaml: {code!r} is not an ISO 3166-1 alpha-2 code")
        for name in names:
            aliases[str(name).lower()] = code
    return aliases


@functools.cache
def knowledge_base() -> KnowledgeBase:
    """The whole knowledge base, loaded once and cross-checked."""
    regimes_file = load_kb_file("regimes.yaml")
    kb = KnowledgeBase(
        regimes=_by_id(build_regime(r) for r in regimes_file["regimes"]),
        instruments=_by_id(build_instrument(i) for i in load_kb_file("instruments.yaml")["instruments"]),
        typologies=_by_id(build_typology(t) for t in load_kb_file("typologies.yaml")["typologies"]),
        claim_sources=_by_id(build_claim_source(s) for s in load_kb_file("claim_sources.yaml")["claim_sources"]),
        authorities={str(k): tuple(map(str, v)) for k, v in regimes_file["authorities"].items()},
        lexicon=_lexicon(load_kb_file("lexicon.yaml")),
        relevance=load_kb_file("relevance.yaml"),
    )
    _cross_check(kb)
    return kb


@functools.cache
def country_names() -> dict[str, str]:
    """Place name as written -> ISO code: places.yaml aliases and the country names of rigour's territory table,
    without the ambiguous ones ("Jordan", "Chad")."""
    ambiguous = {str(name) for name in load_kb_file("places.yaml").get("ambiguous", [])}
    names: dict[str, str] = {}
    for territory in get_territories():
        if territory.is_country and len(territory.code) == 2 and not territory.is_historical:
            for name in (territory.name, territory.full_name):
                if name:
                    names[name] = territory.code.upper()
    for code, aliases in load_kb_file("places.yaml")["places"].items():
        names.update((str(alias), str(code)) for alias in aliases)
    return {name: code for name, code in names.items() if name not in ambiguous}


@functools.cache
def kb_version() -> str:
    """The versions of every knowledge-base file, e.g. ``places-1.regimes-1...``."""
    return ".".join(f"{name.removesuffix('.yaml')}-{load_kb_file(name)['version']}" for name in KB_FILES)


def _by_id(items: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in items:
        if item.id in found:
            raise ConfigError(f"knowledge base: {item.id} is defined twice")
        found[item.id] = item
    return found


def _lexicon(data: Mapping[str, Any]) -> Mapping[str, Any]:
    missing = [name for name in LEXICON_SECTIONS if not isinstance(data.get(name), dict)]
    if missing:
        raise ConfigError(f"lexicon.yaml lacks section(s): {', '.join(missing)}")
    return data


def _cross_check(kb: KnowledgeBase) -> None:
    for regime in kb.regimes.values():
        unknown = [i for i in regime.instruments if i not in kb.instruments]
        if unknown or regime.authority not in kb.authorities:
            raise ConfigError(f"regimes.yaml: {regime.id} names unknown instruments {unknown} or authority")
    for typology in kb.typologies.values():
        for breach in typology.breaches:
            if breach.partition("#")[0] not in kb.instruments or ("#" in breach and kb.provision(breach) is None):
                raise ConfigError(f"typologies.yaml: {typology.id} breaches unknown provision {breach}")
