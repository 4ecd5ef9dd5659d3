"""The sanctions assessment: is it evasion, under which regimes, which provisions, what does not add up.

Provisions are implicated four ways, each with the facts that triggered it: a paragraph the report
cites; a cited instrument whose paragraph's keywords stand next to the citation; a deadline that is
a provision's deadline; and (as "supporting") the provisions an evasion method breaches. Each
carries the knowledge base's V/C/R flag, so an unconfirmed paragraph number is never shown as certain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from sanctionwatch.analyze.relevance import Evidence, score_relevance
from sanctionwatch.analyze.spans import sentence_of
from sanctionwatch.kb import Provision, knowledge_base
from sanctionwatch.model import Assessment, Fact, JSONDict

ANAPHORA = re.compile(r"\b(?:the|this|that)\s+(?:resolution|measure|order|regulation|act|provision|sanctions?)\b",
                      re.IGNORECASE)


def assess(text: str, evidence: Evidence, sentences: Sequence[tuple[int, int]]) -> Assessment:
    """The assessment of one report from its facts and cue hits."""
    score, features = score_relevance(evidence)
    evasion = score >= float(knowledge_base().relevance["threshold"])
    facts = evidence.facts
    regimes = find_regimes(evidence, evasion)
    provisions = find_provisions(text, facts, sentences, regimes, evasion)
    return Assessment(
        sanctions_evasion=evasion, score=round(score, 4), features=features, regimes=regimes,
        provisions=provisions, typologies=_typologies(facts) if evasion else [],
        discrepancies=find_discrepancies(text, facts, sentences),
    )


def _typologies(facts: Sequence[Fact]) -> list[str]:
    return list(dict.fromkeys(str(f.value["typology"]) for f in facts if f.kind == "evasion_method"))


def find_regimes(evidence: Evidence, evasion: bool) -> list[str]:
    """Regimes named through their instruments or aliases; with evasion, also a regime whose authority the
    report names in a sentence about sanctions ("US sanctions", "Treasury designated") at or next to a
    sentence naming its target country, not merely somewhere in the text."""
    kb = knowledge_base()
    found: dict[str, None] = {}
    for fact in evidence.facts:
        regime = kb.regime_of(str(fact.value.get("kb_id"))) if fact.kind == "legal_reference" else None
        if regime is not None:
            found.setdefault(regime.id)
    found.update((label.split(":", 1)[1], None) for label in evidence.hits if label.startswith("REGIME:"))
    if evasion:
        authorities = _sanctioning_authorities(evidence)
        for regime in kb.regimes.values():
            near = {s + step for s in authorities.get(regime.authority, ()) for step in (-1, 0, 1)}
            if any(near & set(evidence.target_places.get(country, ())) for country in regime.countries):
                found.setdefault(regime.id)
    return list(found)


SANCTIONS_SENTENCE_LABELS = ("SANCTIONS:terms", "SANCTIONS:evasion_phrases", "SANCTIONS:enforcement",
                             "SANCTIONS:evasion_terms", "SANCTIONS:violation_terms")


def _sanctioning_authorities(evidence: Evidence) -> dict[str, set[int]]:
    """Each authority, with the sentences that name it and speak of sanctions (their words, evasion or
    violation words, an enforcement act, an evasion method or an instrument)."""
    about_sanctions = {sentence_of(evidence.starts, h.start_char)
                       for label in SANCTIONS_SENTENCE_LABELS for h in evidence.hits.get(label, [])}
    about_sanctions |= {f.sentence for f in evidence.facts if f.kind in ("legal_reference", "evasion_method")}
    found: dict[str, set[int]] = {}
    for label, hits in evidence.hits.items():
        if label.startswith("AUTHORITY:"):
            sentences = {sentence_of(evidence.starts, h.start_char) for h in hits} & about_sanctions
            if sentences:
                found.setdefault(label.split(":", 1)[1], set()).update(sentences)
    return found


def find_provisions(text: str, facts: Sequence[Fact], sentences: Sequence[tuple[int, int]], regimes: Sequence[str],
                    evasion: bool) -> list[JSONDict]:
    merged: dict[str, JSONDict] = {}
    found = [*_cited(facts), *_by_keywords(text, facts, sentences), *_by_deadline(facts)]
    if evasion:
        found.extend(_by_method(facts, regimes))
    for provision, fact_ids, reason, role in found:
        _merge(merged, provision, fact_ids, reason, role)
    return sorted(merged.values(), key=lambda p: (p["role"] != "primary", p["provision"]))


Found = tuple[Provision, list[str], str, str]


def _cited(facts: Sequence[Fact]) -> Iterator[Found]:
    kb = knowledge_base()
    for fact in facts:
        instrument = kb.instruments.get(str(fact.value.get("kb_id"))) if fact.kind == "legal_reference" else None
        paragraph = str(fact.value.get("paragraph") or "")
        provision = instrument.provision(paragraph.removeprefix("OP")) if instrument and paragraph else None
        if provision is not None:
            yield provision, [fact.id], f"the report cites {fact.value['instrument']} {paragraph}", "primary"


def _by_keywords(text: str, facts: Sequence[Fact], sentences: Sequence[tuple[int, int]]) -> Iterator[Found]:
    kb = knowledge_base()
    for fact in facts:
        instrument = kb.instruments.get(str(fact.value.get("kb_id"))) if fact.kind == "legal_reference" else None
        if instrument is None or fact.value.get("paragraph"):
            continue
        window = _window(text, sentences, fact.sentence).lower()
        for provision in instrument.provisions:
            words = [k for k in provision.keywords if re.search(rf"\b{re.escape(k.lower())}\b", window)]
            if words:
                reason = f"the report cites {instrument.display} about {', '.join(repr(w) for w in words[:2])}"
                yield provision, [fact.id], reason, "primary"


def _by_deadline(facts: Sequence[Fact]) -> Iterator[Found]:
    deadlines = [p for i in knowledge_base().instruments.values() for p in i.provisions if p.deadline]
    for fact in facts:
        if fact.kind == "date" and fact.value.get("deadline"):
            for provision in deadlines:
                if _same_period(fact.value, str(provision.deadline)):
                    reason = f"the report's deadline ({fact.text}) is this provision's deadline ({provision.deadline})"
                    yield provision, [fact.id], reason, "primary"


def _by_method(facts: Sequence[Fact], regimes: Sequence[str]) -> Iterator[Found]:
    kb = knowledge_base()
    by_typology: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.kind == "evasion_method" and fact.value.get("strength") == "strong":
            by_typology.setdefault(str(fact.value["typology"]), []).append(fact)
    for typology_id, found in by_typology.items():
        typology = kb.typologies[typology_id]
        cues = ", ".join(dict.fromkeys(repr(f.value["cue"]) for f in found))
        for breach in typology.breaches:
            provision = kb.provision(breach)
            regime = kb.regime_of(breach.partition("#")[0])
            if provision is not None and regime is not None and regime.id in regimes:
                reason = f"the report describes {typology.name.lower()} ({cues}), which breaches it"
                yield provision, [f.id for f in found[:3]], reason, "supporting"


def _merge(merged: dict[str, JSONDict], provision: Provision, fact_ids: list[str], reason: str, role: str) -> None:
    instrument = knowledge_base().instruments[provision.instrument]
    label = f"{instrument.display} {provision.paragraph}"
    entry = merged.setdefault(label, {
        "provision": label, "instrument": instrument.display, "paragraph": provision.paragraph, "kb_id": instrument.id,
        "confidence": provision.flag, "topic": provision.topic, "summary": provision.summary, "fact_ids": [],
        "reason": "", "role": role,
    })
    entry["fact_ids"] = list(dict.fromkeys([*entry["fact_ids"], *fact_ids]))
    if reason not in entry["reason"]:
        entry["reason"] = f"{entry['reason']}; {reason}" if entry["reason"] else reason
    if role == "primary":
        entry["role"] = "primary"


def find_discrepancies(text: str, facts: Sequence[Fact], sentences: Sequence[tuple[int, int]]) -> list[JSONDict]:
    """Where the report and the knowledge base disagree: a deadline tied to the wrong instrument, a wrong year."""
    found = [*_misattributed_deadlines(text, facts, sentences), *_wrong_years(facts)]
    return list({d["message"]: d for d in found}.values())


def _misattributed_deadlines(
    text: str, facts: Sequence[Fact], sentences: Sequence[tuple[int, int]]
) -> Iterator[JSONDict]:
    kb = knowledge_base()
    deadlines = [p for i in kb.instruments.values() for p in i.provisions if p.deadline]
    dates: dict[int, list[Fact]] = {}
    for fact in facts:
        if fact.kind == "date" and fact.value.get("deadline"):
            dates.setdefault(fact.sentence, []).append(fact)
    for reference in (f for f in facts if f.kind == "legal_reference" and f.value.get("kb_id") in kb.instruments):
        for date in _dates_about(text, reference, dates, sentences):
            owner = next((p for p in deadlines if _same_period(date.value, str(p.deadline))), None)
            if owner is not None and owner.instrument != reference.value["kb_id"]:
                yield _misattribution(reference, date, owner)


def _dates_about(
    text: str, reference: Fact, dates: dict[int, list[Fact]], sentences: Sequence[tuple[int, int]]
) -> list[Fact]:
    """Deadlines in the reference's sentence, or in the next one when it speaks of "the resolution"."""
    following = reference.sentence + 1
    refers_back = following < len(sentences) and ANAPHORA.search(text, *sentences[following]) is not None
    return [*dates.get(reference.sentence, []), *(dates.get(following, []) if refers_back else [])]


def _misattribution(reference: Fact, date: Fact, owner: Provision) -> JSONDict:
    owner_label = f"{knowledge_base().instruments[owner.instrument].display} {owner.paragraph}"
    message = (f"The report ties the deadline '{date.text}' to {reference.value['instrument']}; in the knowledge base "
               f"that deadline ({owner.deadline}) is set by {owner_label}")
    return {"kind": "misattributed_deadline", "message": message, "fact_ids": [reference.id, date.id],
            "expected": owner_label}


def _wrong_years(facts: Sequence[Fact]) -> Iterator[JSONDict]:
    kb = knowledge_base()
    for fact in facts:
        instrument = kb.instruments.get(str(fact.value.get("kb_id"))) if fact.kind == "legal_reference" else None
        year = fact.value.get("year")
        if instrument and instrument.adopted and year and int(instrument.adopted[:4]) != year:
            message = (f"The report dates {instrument.display} to {year}; the knowledge base has it adopted on "
                       f"{instrument.adopted} (flag {instrument.flag_date})")
            yield {"kind": "wrong_year", "message": message, "fact_ids": [fact.id]}


def _same_period(value: dict[str, Any], deadline: str) -> bool:
    """A date fact falls on a KB deadline at the precision the report gives (year, month or day)."""
    iso = str(value.get("iso") or "")
    return bool(iso) and deadline.startswith(iso) and len(iso) >= 7


def _window(text: str, sentences: Sequence[tuple[int, int]], index: int) -> str:
    """The sentence of a reference and, when it speaks of "the resolution", the next one."""
    start, end = sentences[index]
    if index + 1 < len(sentences) and ANAPHORA.search(text, *sentences[index + 1]):
        end = sentences[index + 1][1]
    return text[start:end]
