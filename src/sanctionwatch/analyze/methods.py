"""Evasion methods: the typology cues of the knowledge base found in the text.

A strong cue ("ship-to-ship transfer", "student visas") is a method on its own; a weak cue
("soldiers", "tanker") counts only in a sentence that names a sanctioned country or its people, and
only once per typology that has no strong cue in the text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sanctionwatch.analyze.lexicon import Hit, Hits
from sanctionwatch.analyze.spans import longest_first, new_fact, sentence_of
from sanctionwatch.model import Fact

PRIORITY = {"TYPOLOGY": 0, "VARIANT": 1, "WEAK": 2}


def find_evasion_methods(
    text: str, hits: Hits, starts: Sequence[int], target_sentences: Collection[int]
) -> list[Fact]:
    """One fact per strong cue, and the first weak cue of each otherwise unseen typology."""
    chosen = longest_first(_typology_hits(hits))
    strong = [h for h in chosen if not h.label.startswith("WEAK:")]
    facts = [_fact(text, hit) for hit in strong]
    seen = {_typology(hit) for hit in strong}
    for hit in chosen:
        typology = _typology(hit)
        in_target = sentence_of(starts, hit.start_char) in target_sentences
        if hit.label.startswith("WEAK:") and typology not in seen and in_target:
            facts.append(_fact(text, hit))
            seen.add(typology)
    return sorted(facts, key=lambda f: f.start)


def _typology_hits(hits: Hits) -> list[Hit]:
    found = [h for label, group in hits.items() if label.split(":")[0] in PRIORITY for h in group]
    found.sort(key=lambda h: PRIORITY[h.label.split(":")[0]])
    return found


def _typology(hit: Hit) -> str:
    return hit.label.split(":")[1]


def _fact(text: str, hit: Hit) -> Fact:
    kind, _, rest = hit.label.partition(":")
    typology, _, variant = rest.partition(":")
    value = {"typology": typology, "cue": hit.text.lower(), "variant": variant or None,
             "strength": "weak" if kind == "WEAK" else "strong"}
    return new_fact("evasion_method", text, hit.start_char, hit.end_char, value)
