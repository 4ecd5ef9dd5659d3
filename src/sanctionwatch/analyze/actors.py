"""Actors: the people, organisations, countries and vessels a report is about, each with its role.

People and organisations come from the named entities, and from the knowledge base's claim
sources ("NIS" -> National Intelligence Service) where the model missed them; a title before a
name ("Democratic Party of Korea Representative Wi Sung-lac") or an apposition after it ("Ken Gause,
director of ...") gives the role. One fact per actor, at its first mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from sanctionwatch.analyze.lexicon import Hit, Hits
from sanctionwatch.analyze.spans import new_fact
from sanctionwatch.kb import knowledge_base
from sanctionwatch.model import Entity, Fact

TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "country"}
VESSEL = re.compile(r"\b(?:M/[VT]|M\.[VT]\.|MV|MT|[Vv]essel|[Tt]anker|[Ff]reighter|[Ss]hip)\s+[\"“']?"
                    r"(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2})[\"”']?")
APPOSITION = re.compile(r",\s+(?P<role>(?:the\s+|a\s+|an\s+)?[^,.;()]{3,90}?)\s*(?=[,.;]|$)")
ROLE_WORDS = re.compile(r"\b(?:director|head|chief|executive|minister|secretary|spokes\w+|official|representative|"
                        r"ambassador|chairman|chair|president|founder|analyst|expert|professor|lawmaker|member|leader|"
                        r"commander|envoy|adviser|advisor|officer|attorney|agent)\b", re.IGNORECASE)


def find_actors(text: str, entities: Sequence[Entity], hits: Hits) -> list[Fact]:
    """One fact per distinct person, organisation, country or vessel, at its first mention."""
    actors: dict[tuple[str, str], Fact] = {}
    for fact in [*_entity_actors(text, entities, hits), *_vessels(text)]:
        key = (fact.value["type"], str(fact.value["canonical"] or fact.value["country"] if fact.value["type"] == "country"
                                       else fact.value["canonical"] or fact.value["name"]).lower())
        if key not in actors:
            actors[key] = fact
        elif not actors[key].value.get("role") and fact.value.get("role"):
            actors[key].value["role"] = fact.value["role"]
    return sorted(actors.values(), key=lambda f: f.start)


def _entity_actors(text: str, entities: Sequence[Entity], hits: Hits) -> Iterator[Fact]:
    for entity in entities:
        kind = TYPES.get(entity.label)
        if kind is None or (kind == "country" and not entity.country):
            continue
        name = re.sub(r"^(?:the|The)\s+", "", entity.text)
        value: dict[str, Any] = {"name": name, "type": kind, "role": None, "canonical": entity.canonical,
                                 "country": entity.country}
        start = entity.start
        if kind == "person":
            start, value["role"] = _role(text, entity, entities, hits)
        yield new_fact("actor", text, start, entity.end, value)


def _role(text: str, person: Entity, entities: Sequence[Entity], hits: Hits) -> tuple[int, str | None]:
    """Where the person's mention starts (with its title) and the role the title or apposition gives."""
    title = next((h for h in hits.get("TITLE", []) if _ends_before(text, h.end_char, person.start)), None)
    if title is not None:
        start = title.start_char
        org = next((e for e in entities if e.label in ("ORG", "NORP", "GPE") and _ends_before(text, e.end, start)), None)
        start = org.start if org is not None else start
        return start, text[start:title.end_char]
    apposition = APPOSITION.match(text, person.end)
    if apposition and ROLE_WORDS.search(apposition.group("role")):
        return person.start, apposition.group("role").strip()
    return person.start, None


def _ends_before(text: str, end: int, start: int) -> bool:
    return 0 <= start - end <= 1 and text[end:start].strip() == ""


def _vessels(text: str) -> Iterator[Fact]:
    for match in VESSEL.finditer(text):
        name = match.group("name")
        value = {"name": name, "type": "vessel", "role": None, "canonical": None, "country": None}
        yield new_fact("actor", text, match.start("name"), match.end("name"), value)


def kb_entities(text: str, entities: Sequence[Entity], hits: Hits) -> list[Entity]:
    """The named entities with the knowledge base's names: canonical names set, missed claim sources added."""
    sources = knowledge_base().claim_sources
    found = [*entities]
    for hit in _source_hits(hits):
        source = sources[hit.label.split(":", 1)[1]]
        inside = [e for e in found if e.start <= hit.start_char and hit.end_char <= e.end]
        for entity in inside:
            entity.canonical = entity.canonical or source.name
            entity.country = entity.country or source.country
        if not inside and not any(e.start < hit.end_char and hit.start_char < e.end for e in found):
            found.append(Entity(text=hit.text, label="ORG", start=hit.start_char, end=hit.end_char,
                                country=source.country, canonical=source.name))
    return sorted(found, key=lambda e: e.start)


def _source_hits(hits: Hits) -> list[Hit]:
    found = [h for label, group in hits.items() if label.startswith("SOURCE:") for h in group]
    return sorted(found, key=lambda h: (h.start_char, -(h.end_char - h.start_char)))
