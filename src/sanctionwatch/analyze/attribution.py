"""Attributions: who claims what, through which cue, and how firmly.

Rules over the named entities and the lexicon's cues, sentence by sentence (no parser):
- "according to / as indicated by SOURCE": the source follows the cue, the claim is the rest of the
  sentence;
- "SOURCE said / suggests / denied (that) CLAIM": the source is the nearest name (or a source noun such
  as "officials", "he") before the verb, the claim follows it;
- "CLAIM, SOURCE said." and "CLAIM, said SOURCE.": the claim comes first;
- "reportedly" / "allegedly" with no source: a reported or hedged claim with an empty source.
The stance comes from the cue (said -> asserted, according to -> reported, suggest -> hedged, denied ->
denied) and turns hedged when the claim itself hedges ("may", "appears", "believed to").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from sanctionwatch.analyze.lexicon import Hit, Hits
from sanctionwatch.analyze.spans import Span, group_by_sentence, longest_first
from sanctionwatch.kb import knowledge_base
from sanctionwatch.model import Attribution, Entity

SOURCE_LABELS = ("PERSON", "ORG", "NORP", "GPE")
SKIPPED_BEFORE_VERB = frozenset(
    ["has", "have", "had", "also", "previously", "reportedly", "further", "recently", "repeatedly", "publicly",
     "later", "then", "once", "again", "not", "never", "will", "would", "could", "can", "may", "might", "must",
     "should", "is", "are", "was", "were", "been", "being", "did", "does", "do", "just", "already", "still",
     "often", "subsequently", "separately", "similarly", "earlier"])
NOUN_PHRASE_WORDS = frozenset(
    ["the", "a", "an", "another", "one", "two", "three", "several", "many", "some", "senior", "top", "government",
     "intelligence", "administration", "campaign", "anonymous", "other", "foreign", "military", "his", "her",
     "their", "its", "our", "u.s.", "us", "american", "federal", "state", "local", "former", "unnamed",
     "two-page"])
NOUN_MARKERS = frozenset(
    ["the", "a", "an", "with", "of", "in", "for", "to", "on", "by", "these", "those", "their", "his", "her", "its",
     "our", "this", "that", "such", "any", "no", "new", "recent", "earlier", "previous", "media", "news", "press"])
BE_FORMS = frozenset(["is", "are", "was", "were", "be", "been"])
APPOSITION_GAP = re.compile(r"^\s*(?:,[^,;.]{0,120},|\([^)]{0,80}\))\s*$")
WORD_BEFORE = re.compile(r"([\w.'’-]+)\s*$")
LEADING = re.compile(r"[\s,:;\"“”'‘’]*(?:that\s+)?")
TRAILING = re.compile(r"[\s,:;\"“”'‘’.]*$")
PARENTHETICAL = re.compile(r"\s*\([A-Z][A-Za-z.]{1,10}\)")
NOUN_AFTER_CUE = re.compile(r"\s*((?:[\w.'’&-]+\s*){1,8}?)(?=[,.;:()\"“”]|\s+(?:that|who|which|and|on|in|at)\b|$)")


def find_attributions(
    text: str, sentences: Sequence[Span], entities: Sequence[Entity], hits: Hits
) -> list[Attribution]:
    """Every attribution in ``text``, sentence by sentence."""
    starts = [start for start, _ in sentences]
    cues = _by_sentence([h for label, group in hits.items() if label.startswith("CUE:") for h in group], starts)
    cues = {index: longest_first(group) for index, group in cues.items()}
    unsourced = _by_sentence(hits.get("UNATTRIBUTED", []), starts)
    hedges = _by_sentence(hits.get("HEDGE", []), starts)
    aliases = _by_sentence([h for label, group in hits.items() if label.startswith("SOURCE:") for h in group], starts)
    names = group_by_sentence(entities, starts, lambda e: e.start)
    found: list[Attribution] = []
    for index in sorted(set(cues) | set(unsourced)):
        sentence, local = sentences[index], names.get(index, [])
        made = [a for cue in cues.get(index, []) if (a := _attribution(text, sentence, index, cue, local)) is not None]
        made = _without_nested(made) or list(_unattributed(text, sentence, index, unsourced.get(index, [])))
        found.extend(_with_canonical(_with_stance(a, hedges.get(index, [])), local, aliases.get(index, []))
                     for a in made)
    return found


def _by_sentence(hits: Sequence[Hit], starts: Sequence[int]) -> dict[int, list[Hit]]:
    return group_by_sentence(hits, starts, lambda h: h.start_char)


def _attribution(text: str, sentence: Span, index: int, cue: Hit, entities: Sequence[Entity]) -> Attribution | None:
    kind = cue.label.split(":", 1)[1]
    if kind == "before_source":
        return _source_after_cue(text, sentence, index, cue, entities)
    if _follows_noun_marker(text, sentence[0], cue):
        return None
    source = _source_before(text, sentence, cue, entities)
    if source is not None and not _adjacent(text, source[1], cue.start_char):
        source = None
    if source is None:
        source = _inverted_source(text, cue, entities)
        if source is None:
            return None
        return _make(text, index, cue, kind, source, _trimmed(text, sentence[0], cue.start_char))
    claim = _claim_after(text, sentence, cue.end_char)
    if claim[1] - claim[0] < 12:
        claim = _trimmed(text, sentence[0], source[0])
    return _make(text, index, cue, kind, source, claim)


def _source_after_cue(
    text: str, sentence: Span, index: int, cue: Hit, entities: Sequence[Entity]
) -> Attribution | None:
    entity = next((e for e in entities if e.label in SOURCE_LABELS and 0 <= e.start - cue.end_char <= 5
                   and text[cue.end_char:e.start].strip().lower() in ("", "the")), None)
    if entity is not None:
        source = (entity.start, _with_acronym(text, entity.end))
    else:
        match = NOUN_AFTER_CUE.match(text, cue.end_char, sentence[1])
        if match is None or not match.group(1).strip():
            return None
        source = (match.start(1), match.start(1) + len(match.group(1).rstrip()))
    before = text[sentence[0]:cue.start_char].strip(" ,\n\"“”")
    claim = _trimmed(text, source[1], sentence[1]) if len(before) < 12 else _trimmed(text, sentence[0], cue.start_char)
    return _make(text, index, cue, "reported", source, claim)


def _follows_noun_marker(text: str, floor: int, cue: Hit) -> bool:
    """ "with reports indicating", "Trump's tweets", "there were claims": the cue is a noun here, not a verb."""
    word = WORD_BEFORE.search(text, floor, cue.start_char)
    if word is None:
        return False
    before = word.group(1).lower()
    plural_after_be = before in BE_FORMS and cue.text.lower().endswith("s")
    return before in NOUN_MARKERS or before.endswith(("'s", "’s")) or plural_after_be


def _adjacent(text: str, end: int, start: int) -> bool:
    """Only auxiliaries, adverbs, an apposition or a parenthesis stand between a source and its verb."""
    gap = text[end:start]
    if APPOSITION_GAP.match(gap):
        return True
    return all(word.lower() in SKIPPED_BEFORE_VERB for word in re.findall(r"[\w'’]+", gap)) and "." not in gap


def _source_before(text: str, sentence: Span, cue: Hit, entities: Sequence[Entity]) -> Span | None:
    """The subject of a reporting verb: the nearest name in its clause, else the noun phrase just before it."""
    marks = [text.rfind(mark, sentence[0], cue.start_char) + 1 for mark in ("“", '"', ";")]
    clause_start = max(sentence[0], *marks)
    names = [e for e in entities if e.label in SOURCE_LABELS and clause_start <= e.start and e.end <= cue.start_char]
    if names:
        name = max(names, key=lambda e: e.end)
        return name.start, _with_acronym(text, name.end)
    return _noun_phrase_before(text, clause_start, cue.start_char)


def _noun_phrase_before(text: str, floor: int, end: int) -> Span | None:
    position = end
    while (match := WORD_BEFORE.search(text, floor, position)) and match.group(1).lower() in SKIPPED_BEFORE_VERB:
        position = match.start()
    head = WORD_BEFORE.search(text, floor, position)
    if head is None or not _is_source_word(head.group(1)):
        return None
    start = head.start(1)
    while (word := WORD_BEFORE.search(text, floor, start)) and (
        word.group(1).lower() in NOUN_PHRASE_WORDS or word.group(1)[:1].isupper()
    ) and start - word.start(1) < 40:
        start = word.start(1)
    return start, head.end(1)


def _is_source_word(word: str) -> bool:
    nouns = knowledge_base().lexicon["attribution"]["source_nouns"]
    return word.lower() in nouns or (word[:1].isupper() and word.lower() not in SKIPPED_BEFORE_VERB)


def _inverted_source(text: str, cue: Hit, entities: Sequence[Entity]) -> Span | None:
    """ "..., said Ken Gause" : a name right after the verb, when a comma or quote comes before it."""
    if not re.search(r"[,\"”]\s*$", text[max(cue.start_char - 3, 0):cue.start_char]):
        return None
    entity = next((e for e in entities if e.label in SOURCE_LABELS and 0 <= e.start - cue.end_char <= 5), None)
    if entity is not None:
        return entity.start, entity.end
    return _noun_phrase_after(text, cue.end_char)


def _noun_phrase_after(text: str, start: int) -> Span | None:
    match = re.match(r"\s+((?:the|a|an|one|another)\s+)?([a-z]+)\b", text[start:start + 40])
    if match and match.group(2) in knowledge_base().lexicon["attribution"]["source_nouns"]:
        return start + match.start(1 if match.group(1) else 2), start + match.end(2)
    return None


def _claim_after(text: str, sentence: Span, start: int) -> Span:
    return _trimmed(text, start, sentence[1])


def _trimmed(text: str, start: int, end: int) -> Span:
    lead = LEADING.match(text, start, end)
    start = lead.end() if lead else start
    trail = TRAILING.search(text, start, end)
    return start, max(trail.start() if trail else end, start)


def _with_acronym(text: str, end: int) -> int:
    match = PARENTHETICAL.match(text, end)
    return match.end() if match else end


def _make(text: str, index: int, cue: Hit, stance: str, source: Span, claim: Span) -> Attribution:
    return Attribution(
        id=f"a{cue.start_char}", source=text[source[0]:source[1]], source_start=source[0], source_end=source[1],
        cue=cue.text, cue_start=cue.start_char, cue_end=cue.end_char, claim_start=claim[0], claim_end=claim[1],
        stance=stance, sentence=index,
    )


def _without_nested(made: list[Attribution]) -> list[Attribution]:
    """Drop an attribution whose cue lies inside another's source (e.g. "the report said" in a source)."""
    return [a for a in made if not any(b is not a and b.source_start <= a.cue_start < b.source_end for b in made)]


def _unattributed(text: str, sentence: Span, index: int, hits: Sequence[Hit]) -> Iterator[Attribution]:
    for hit in hits:
        stance = "reported" if hit.text.lower() == "reportedly" else "hedged"
        claim = _trimmed(text, *sentence)
        yield Attribution(
            id=f"a{hit.start_char}", source="", source_start=hit.start_char, source_end=hit.start_char, cue=hit.text,
            cue_start=hit.start_char, cue_end=hit.end_char, claim_start=claim[0], claim_end=claim[1], stance=stance,
            sentence=index,
        )
        return


def _with_stance(attribution: Attribution, hedges: Sequence[Hit]) -> Attribution:
    claim = (attribution.claim_start, attribution.claim_end)
    if attribution.stance in ("asserted", "reported") and any(claim[0] <= h.start_char < claim[1] for h in hedges):
        attribution.stance = "hedged"
    return attribution


def _with_canonical(attribution: Attribution, entities: Sequence[Entity], aliases: Sequence[Hit]) -> Attribution:
    """The knowledge base's name for the source, from an entity or a claim-source alias inside it."""
    span = (attribution.source_start, attribution.source_end)
    named = next((e.canonical for e in entities if e.canonical and span[0] <= e.start and e.end <= span[1]), None)
    if named is None:
        hit = next((h for h in aliases if span[0] <= h.start_char and h.end_char <= span[1]), None)
        named = knowledge_base().claim_sources[hit.label.split(":", 1)[1]].name if hit else None
    attribution.source_canonical = named
    return attribution
