"""The knowledge base's entries as typed records, built from the YAML and checked as they are built.

A malformed entry raises ``ConfigError`` naming the file and the entry: the knowledge base is data
shipped with the package, so a bad entry is a bug to fix before release, not an item to skip.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from sanctionwatch.errors import ConfigError

FLAGS = frozenset({"V", "C", "R"})
DISPLAY = {
    "unscr": "UNSCR {}", "eo": "EO {}", "caatsa": "CAATSA {}", "cfr": "{}", "statute": "{}",
    "eu_decision": "Decision (CFSP) {}", "eu_regulation": "Regulation (EU) {}", "uk_si": "S.I. {}", "eu_measure": "{}",
}


@dataclasses.dataclass(frozen=True)
class Provision:
    """One operative paragraph (or section) of an instrument, with how well its number is confirmed."""

    instrument: str
    op: str
    topic: str
    summary: str
    flag: str
    keywords: tuple[str, ...]
    deadline: str | None
    sources: tuple[str, ...]

    @property
    def paragraph(self) -> str:
        return self.op if self.op[0].isalpha() else f"OP{self.op}"


@dataclasses.dataclass(frozen=True)
class Instrument:
    """A resolution, executive order, statute or regulation that a report may cite."""

    id: str
    kind: str
    number: str
    adopted: str | None
    flag_date: str
    provisions: tuple[Provision, ...]
    sources: tuple[str, ...]

    @property
    def display(self) -> str:
        return DISPLAY[self.kind].format(self.number)

    def provision(self, op: str) -> Provision | None:
        return next((p for p in self.provisions if p.op == op), None)


@dataclasses.dataclass(frozen=True)
class Regime:
    """A sanctions programme: its authority (UN, US, EU, UK), target countries and instruments."""

    id: str
    name: str
    authority: str
    countries: tuple[str, ...]
    instruments: tuple[str, ...]
    aliases: tuple[str, ...]
    flag: str
    sources: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Typology:
    """An evasion method: the phrases that show it and the provisions it breaches."""

    id: str
    name: str
    cues: tuple[str, ...]
    weak_cues: tuple[str, ...]
    variants: Mapping[str, tuple[str, ...]]
    breaches: tuple[str, ...]
    flag: str
    sources: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class ClaimSource:
    """Someone whose claims sanctions news reports: an agency, a UN body, a newspaper, a think tank."""

    id: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    type: str
    flag: str


def build_provision(instrument: str, data: Mapping[str, Any]) -> Provision:
    where = f"{instrument} OP{data.get('op')}"
    deadline = data.get("deadline")
    if deadline is not None:
        check_date(str(deadline), where)
    return Provision(
        instrument=instrument, op=str(_required(data, "op", where)), topic=str(_required(data, "topic", where)),
        summary=str(_required(data, "summary", where)), flag=check_flag(data.get("flag"), where),
        keywords=_strings(data.get("keywords", []), where), deadline=str(deadline) if deadline else None,
        sources=_strings(data.get("sources", []), where),
    )


def build_instrument(data: Mapping[str, Any]) -> Instrument:
    ident = str(_required(data, "id", "instrument"))
    kind = str(_required(data, "kind", ident))
    if kind not in DISPLAY:
        raise ConfigError(f"instruments.yaml: {ident} has unknown kind {kind!r}")
    adopted = data.get("adopted")
    if adopted is not None:
        check_date(str(adopted), ident)
    provisions = tuple(build_provision(ident, p) for p in data.get("provisions") or [])
    return Instrument(
        id=ident, kind=kind, number=str(_required(data, "number", ident)), adopted=str(adopted) if adopted else None,
        flag_date=check_flag(data.get("flag_date"), ident), provisions=provisions,
        sources=_strings(data.get("sources", []), ident),
    )


def build_regime(data: Mapping[str, Any]) -> Regime:
    ident = str(_required(data, "id", "regime"))
    countries = _strings(data.get("countries", []), ident)
    if any(len(code) != 2 for code in countries):
        raise ConfigError(f"regimes.yaml: {ident} lists a country that is not an ISO alpha-2 code")
    return Regime(
        id=ident, name=str(_required(data, "name", ident)), authority=str(_required(data, "authority", ident)),
        countries=countries, instruments=_strings(data.get("instruments", []), ident),
        aliases=_strings(data.get("aliases", []), ident), flag=check_flag(data.get("flag"), ident),
        sources=_strings(data.get("sources", []), ident),
    )


def build_typology(data: Mapping[str, Any]) -> Typology:
    ident = str(_required(data, "id", "typology"))
    variants = {str(k): _strings(v, ident) for k, v in (data.get("variants") or {}).items()}
    cues = _strings(_required(data, "cues", ident), ident)
    if not cues:
        raise ConfigError(f"typologies.yaml: {ident} has no cues")
    return Typology(
        id=ident, name=str(_required(data, "name", ident)), cues=cues,
        weak_cues=_strings(data.get("weak_cues", []), ident), variants=variants,
        breaches=_strings(data.get("breaches", []), ident), flag=check_flag(data.get("flag"), ident),
        sources=_strings(data.get("sources", []), ident),
    )


def build_claim_source(data: Mapping[str, Any]) -> ClaimSource:
    ident = str(_required(data, "id", "claim source"))
    aliases = _strings(_required(data, "aliases", ident), ident)
    if not aliases:
        raise ConfigError(f"claim_sources.yaml: {ident} has no aliases")
    country = data.get("country")
    return ClaimSource(
        id=ident, name=str(_required(data, "name", ident)), aliases=aliases,
        country=str(country) if country else None, type=str(data.get("type", "")),
        flag=check_flag(data.get("flag"), ident),
    )


def check_flag(value: Any, where: str) -> str:
    if value not in FLAGS:
        raise ConfigError(f"knowledge base: {where} has flag {value!r}, expected one of V, C, R")
    return str(value)


def check_date(value: str, where: str) -> None:
    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"knowledge base: {where} has a date {value!r} that is not YYYY-MM-DD") from exc


def _required(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] is None:
        raise ConfigError(f"knowledge base: {where} lacks {key!r}")
    return data[key]


def _strings(values: Any, where: str) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise ConfigError(f"knowledge base: {where} has {values!r} where a list was expected")
    return tuple(str(v) for v in values)
