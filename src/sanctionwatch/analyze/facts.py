"""All the facts of one text, in the order the extractors need them, with ids and sentences.

Legal references first (their numbers are not years or counts), then dates, money, counts (outside
the spans already taken), evasion methods and actors. Each fact gets a stable id (kind letter + start
offset, e.g. ``n107`` for the count at offset 107) and the index of its sentence.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sanctionwatch.analyze.actors import find_actors
from sanctionwatch.analyze.dates import find_dates
from sanctionwatch.analyze.legal import find_legal_references
from sanctionwatch.analyze.lexicon import Hits
from sanctionwatch.analyze.methods import find_evasion_methods
from sanctionwatch.analyze.money import find_money, link_each_unit
from sanctionwatch.analyze.quantities import find_counts
from sanctionwatch.analyze.spans import Span, sentence_of
from sanctionwatch.model import Entity, Fact

PREFIX = {"count": "n", "money": "m", "date": "d", "legal_reference": "l", "evasion_method": "e", "actor": "p"}


def find_facts(
    text: str, starts: Sequence[int], entities: Sequence[Entity], hits: Hits, published: str | None = None,
    target_sentences: Collection[int] = (),
) -> list[Fact]:
    """Every fact in ``text``: counts, money, dates, legal references, evasion methods and actors."""
    legal = find_legal_references(text)
    dates = find_dates(text, published, taken=_spans(legal))
    money = find_money(text, taken=_spans([*legal, *dates]))
    counts = find_counts(text, taken=_spans([*legal, *dates, *money]), entities=entities)
    link_each_unit(text, money, counts)
    methods = find_evasion_methods(text, hits, starts, target_sentences)
    actors = find_actors(text, entities, hits)
    return number_facts([*counts, *money, *dates, *legal, *methods, *actors], starts)


def number_facts(facts: list[Fact], starts: Sequence[int]) -> list[Fact]:
    """Give each fact its id and sentence; order by position."""
    seen: set[str] = set()
    for fact in sorted(facts, key=lambda f: (f.start, f.kind)):
        ident = f"{PREFIX.get(fact.kind, 'x')}{fact.start}"
        while ident in seen:
            ident += "b"
        seen.add(ident)
        fact.id, fact.sentence = ident, sentence_of(starts, fact.start)
    return sorted(facts, key=lambda f: (f.start, f.kind))


def _spans(facts: Sequence[Fact]) -> list[Span]:
    return [(f.start, f.end) for f in facts]
