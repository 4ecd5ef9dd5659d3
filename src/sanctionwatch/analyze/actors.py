"""Actors: the people, organisations, countries and vessels a report is about, each with its role.

People and organisations come from the named entities, and from the knowledge base's claim
sources ("NIS" -> National Intelligence Service) where the model missed them; a title before a
name ("Democratic Party of Korea Representative Wi Sung-lac") or an apposition after it ("Ken Gause,
director of ...") gives the role. One fact per actor, at its first mention.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import Any

from sanctionwatch.analyze.lexicon import Hit, Hits
from sanctionwatch.analyze.spans import longest_first, new_fact
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
        key = _actor_key(fact)
        if key not in actors:
            actors[key] = fact
        elif not actors[key].value.get("role") and fact.value.get("role"):
            actors[key].value["role"] = fact.value["role"]
    return sorted(actors.values(), key=lambda f: f.start)


def _actor_key(fact: Fact) -> tuple[str, str]:
    """Countries are one actor per country code; others one per canonical name, else per name."""
    value = fact.value
    if value["type"] == "country":
        return "country", str(value["country"])
    return str(value["type"]), str(value["canonical"] or value["name"]).lower()


def _entity_actors(text: str, entities: Sequence[Entity], hits: Hits) -> Iterator[Fact]:
    titles = {h.end_char: h for h in hits.get("TITLE", [])}
    groups = {e.end: e for e in entities if e.label in ("ORG", "NORP", "GPE")}
    for entity in entities:
        kind = TYPES.get(entity.label)
        if kind is None or (kind == "country" and not entity.country):
            continue
        name = re.sub(r"^(?:the|The)\s+", "", entity.text)
        value: dict[str, Any] = {"name": name, "type": kind, "role": None, "canonical": entity.canonical,
                                 "country": entity.country}
        start = entity.start
        if kind == "person":
            start, value["role"] = _role(text, entity, titles, groups)
        yield new_fact("actor", text, start, entity.end, value)


def _role(text: str, person: Entity, titles: dict[int, Hit], groups: dict[int, Entity]) -> tuple[int, str | None]:
    """Where the person's mention starts (with its title) and the role the title or apposition gives.

    ``titles`` are the title hits by their end, ``groups`` the organisations and places by their end."""
    title = _ending_before(text, titles, person.start)
    if title is not None:
        start = title.start_char
        org = _ending_before(text, groups, start)
        start = org.start if org is not None else start
        return start, text[start:title.end_char]
    apposition = APPOSITION.match(text, person.end)
    if apposition and ROLE_WORDS.search(apposition.group("role")):
        return person.start, apposition.group("role").strip()
    return person.start, None


def _ending_before(text: str, by_end: dict[int, Any], start: int) -> Any:
    """The item that ends right before ``start`` (at most one space between), or None."""
    for end in (start, start - 1):
        if end in by_end and text[end:start].strip() == "":
            return by_end[end]
    return None


def _vessels(text: str) -> Iterator[Fact]:
    for match in VESSEL.finditer(text):
        name = match.group("name")
        value = {"name": name, "type": "vessel", "role": None, "canonical": None, "country": None}
        yield new_fact("actor", text, match.start("name"), match.end("name"), value)


def kb_entities(text: str, entities: Sequence[Entity], hits: Hits) -> list[Entity]:
    """The named entities with the knowledge base's names: canonical names set, missed claim sources and
    places added, and a title the model took into a person's name ("Representative Wi Sung-lac") left out."""
    sources = knowledge_base().claim_sources
    titles = {h.start_char: h for h in hits.get("TITLE", [])}
    found = sorted((_without_title(text, e, titles) for e in entities), key=lambda e: e.start)
    for hit in _source_hits(hits):
        source = sources[hit.label.split(":", 1)[1]]
        nearby = found[max(bisect.bisect_left(found, hit.start_char, key=lambda e: e.start) - 8, 0):]
        nearby = [e for e in nearby[:16] if e.start < hit.end_char]
        inside = [e for e in nearby if e.start <= hit.start_char and hit.end_char <= e.end]
        for entity in inside:
            entity.canonical = entity.canonical or source.name
            entity.country = entity.country or source.country
        if not inside and not any(e.start < hit.end_char and hit.start_char < e.end for e in nearby):
            bisect.insort(found, Entity(text=hit.text, label="ORG", start=hit.start_char, end=hit.end_char,
                                        country=source.country, canonical=source.name), key=lambda e: e.start)
    return _with_places(found, hits)


def _with_places(found: list[Entity], hits: Hits) -> list[Entity]:
    """Country names and capitals the model missed become GPE entities; one it took for a person or an
    organisation ("Sri Lanka" as PERSON) is relabelled, when the span is exactly the name."""
    places = longest_first(h for label, group in hits.items() if label.startswith("PLACE:") for h in group)
    for hit in places:
        code = hit.label.split(":", 1)[1]
        nearby = found[max(bisect.bisect_left(found, hit.start_char, key=lambda e: e.start) - 8, 0):]
        nearby = [e for e in nearby[:16] if e.start < hit.end_char and hit.start_char < e.end]
        if not nearby:
            bisect.insort(found, Entity(text=hit.text, label="GPE", start=hit.start_char, end=hit.end_char,
                                        country=code), key=lambda e: e.start)
        elif len(nearby) == 1 and nearby[0].label in ("PERSON", "ORG") and (nearby[0].start, nearby[0].end) == (
                hit.start_char, hit.end_char):
            nearby[0].label, nearby[0].country = "GPE", code
    return found


def _without_title(text: str, entity: Entity, titles: dict[int, Hit]) -> Entity:
    title = titles.get(entity.start) if entity.label == "PERSON" else None
    if title is None or title.end_char >= entity.end:
        return entity
    start = title.end_char + len(text[title.end_char:entity.end]) - len(text[title.end_char:entity.end].lstrip())
    return Entity(text=text[start:entity.end], label="PERSON", start=start, end=entity.end, country=entity.country,
                  canonical=entity.canonical)


def _source_hits(hits: Hits) -> list[Hit]:
    found = [h for label, group in hits.items() if label.startswith("SOURCE:") for h in group]
    return sorted(found, key=lambda h: (h.start_char, -(h.end_char - h.start_char)))
