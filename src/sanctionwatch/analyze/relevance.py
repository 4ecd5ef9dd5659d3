"""Is a report about sanctions evasion? A calibrated score from knowledge-base cue features.

Each feature counts one kind of evidence (see ``FEATURES``) and is worth ``weight * log(1 + count)``;
the score is the logistic function of their sum plus a bias, with the weights in
``kb/relevance.yaml``. Words in another sense count against: "tax evasion", "sanctioned by the
league", "an officially sanctioned event".
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection, Mapping, Sequence

from sanctionwatch.analyze.lexicon import Hit, Hits
from sanctionwatch.analyze.spans import sentence_of
from sanctionwatch.kb import knowledge_base
from sanctionwatch.model import Fact, Feature


@dataclasses.dataclass(frozen=True)
class Evidence:
    """What the relevance features read: the phrase hits, facts, and which sentences name a target country."""

    hits: Hits
    facts: Sequence[Fact]
    starts: Sequence[int]
    target_sentences: Collection[int]
    target_countries: Sequence[str]
    target_places: Mapping[str, Collection[int]] = dataclasses.field(default_factory=dict)  # country -> sentences


def score_relevance(evidence: Evidence) -> tuple[float, list[Feature]]:
    """The probability that the report is about sanctions evasion, and the features behind it."""
    config = knowledge_base().relevance
    total = float(config["bias"])
    features = []
    for name, examples in feature_examples(evidence).items():
        spec = config["features"][name]
        contribution = float(spec["weight"]) * math.log1p(len(examples))
        total += contribution
        if examples:
            text = spec["explanation"].format(count=len(examples), examples=", ".join(_distinct(examples)[:3]))
            features.append(Feature(name=name, weight=round(contribution, 3), explanation=text))
    features.sort(key=lambda f: -abs(f.weight))
    return 1.0 / (1.0 + math.exp(-total)), features


def feature_examples(evidence: Evidence) -> dict[str, list[str]]:
    """For each feature, the pieces of text that count for it."""
    hits = evidence.hits
    context = _sanctions_context(evidence)
    other = _group(hits, "OTHER:")
    other_sentences = {sentence_of(evidence.starts, h.start_char) for h in other}
    phrases = [*hits.get("SANCTIONS:evasion_phrases", []), *_evasion_near_sanctions(evidence)]
    return {
        "evasion_phrases": [h.text for h in phrases],
        "evasion_terms": [h.text for h in hits.get("SANCTIONS:evasion_terms", []) if _in(evidence, h, context)
                          and not _inside(h, phrases) and not _in(evidence, h, other_sentences)],
        "typologies": [f"{f.value['typology']}: {f.value['cue']}" for f in evidence.facts
                       if f.kind == "evasion_method"],
        "enforcement": [h.text for h in hits.get("SANCTIONS:enforcement", []) if _in(evidence, h, context)],
        "instruments": sorted({str(f.value["instrument"]) for f in evidence.facts if f.kind == "legal_reference"}),
        "target_countries": list(evidence.target_countries),
        "sanctions_terms": [h.text for h in hits.get("SANCTIONS:terms", []) if not _in(evidence, h, other_sentences)],
        "other_senses": [h.text for h in other],
    }


def _evasion_near_sanctions(evidence: Evidence) -> list[Hit]:
    """An evasion or violation word within a few words of "sanctions" ("dodging U.N. sanctions"), or a
    violation word just before a sanctions instrument ("in breach of Executive Order 13850")."""
    hits = evidence.hits
    words = [*hits.get("SANCTIONS:evasion_terms", []), *hits.get("SANCTIONS:violation_terms", [])]
    violations = {(h.start_char, h.end_char) for h in hits.get("SANCTIONS:violation_terms", [])}
    sanctions = [(h.start_char, h.end_char, h.text) for h in hits.get("SANCTIONS:terms", [])
                 if h.text.lower().startswith("sanction")]
    instruments = [(f.start, f.end, f.text) for f in evidence.facts if f.kind == "legal_reference"]
    phrases = hits.get("SANCTIONS:evasion_phrases", [])
    found = []
    for word in words:
        sentence = sentence_of(evidence.starts, word.start_char)
        near = [text for start, end, text in sanctions if -40 <= start - word.end_char <= 40
                and word.start_char - end <= 40 and sentence_of(evidence.starts, start) == sentence]
        if (word.start_char, word.end_char) in violations:
            near += [text for start, _end, text in instruments if 0 <= start - word.end_char <= 25
                     and sentence_of(evidence.starts, start) == sentence]
        if near and not _inside(word, phrases):
            found.append(Hit(word.label, word.start, word.end, word.start_char, word.end_char,
                             f"{word.text} ... {near[0]}"))
    return found


def _sanctions_context(evidence: Evidence) -> set[int]:
    """Sentences that speak of sanctions: a sanctions word, an evasion method or a sanctioned country."""
    words = [*evidence.hits.get("SANCTIONS:terms", []), *evidence.hits.get("SANCTIONS:evasion_phrases", [])]
    found = {sentence_of(evidence.starts, h.start_char) for h in words}
    found |= {f.sentence for f in evidence.facts if f.kind in ("evasion_method", "legal_reference")}
    return found | set(evidence.target_sentences)


def _group(hits: Hits, prefix: str) -> list[Hit]:
    return [h for label, group in hits.items() if label.startswith(prefix) for h in group]


def _in(evidence: Evidence, hit: Hit, sentences: Collection[int]) -> bool:
    return sentence_of(evidence.starts, hit.start_char) in sentences


def _inside(hit: Hit, spans: Sequence[Hit]) -> bool:
    return any(s.start_char <= hit.start_char and hit.end_char <= s.end_char for s in spans)


def _distinct(examples: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(e.lower() for e in examples))
