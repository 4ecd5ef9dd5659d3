"""The knowledge base's phrases as one spaCy PhraseMatcher pass over a parsed text.

Every cue list (typology cues, reporting verbs, sanctions words, claim-source aliases, titles) is
loaded into two matchers built once per vocabulary: phrases with an acronym ("OFAC", "IT workers")
match case-sensitively, all others case-insensitively, each also in its plural or singular form,
with hyphen or space, in British or American spelling. ``find_phrases`` runs both and returns the
hits by label, so each extractor reads what it needs without scanning the text again.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
from collections.abc import Iterable, Iterator

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from sanctionwatch.kb import KnowledgeBase, country_names, knowledge_base

SPELLINGS = (("labour", "labor"), ("licence", "license"), ("isation", "ization"), ("ise", "ize"), ("elled", "eled"))


@dataclasses.dataclass(frozen=True)
class Hit:
    """A phrase found in the text: its label, token span and character span."""

    label: str
    start: int
    end: int
    start_char: int
    end_char: int
    text: str


Hits = dict[str, list[Hit]]


def find_phrases(doc: Doc) -> Hits:
    """Every knowledge-base phrase in ``doc``, grouped by label, longest match first at each place."""
    found: Hits = collections.defaultdict(list)
    for matcher in _matchers(doc.vocab):
        for match_id, start, end in matcher(doc):
            span = doc[start:end]
            label = doc.vocab.strings[match_id]
            found[label].append(Hit(label, start, end, span.start_char, span.end_char, span.text))
    for hits in found.values():
        hits.sort(key=lambda h: (h.start_char, -h.end_char))
    return dict(found)


def labelled_phrases(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """(label, phrase) for every phrase the analysis looks for."""
    lex = kb.lexicon
    for stance, verbs in lex["attribution"]["verbs"].items():
        yield from ((f"CUE:{stance}", v) for v in verbs)
    yield from (("CUE:before_source", c) for c in lex["attribution"]["before_source"])
    yield from (("HEDGE", h) for h in lex["attribution"]["hedges"])
    yield from (("UNATTRIBUTED", h) for h in lex["attribution"]["unattributed_reported"])
    yield from (("TITLE", t) for t in lex["roles"]["titles"])
    for name in ("terms", "evasion_phrases", "evasion_terms", "enforcement", "violation_terms"):
        yield from ((f"SANCTIONS:{name}", p) for p in lex["sanctions"][name])
    for sense, phrases in lex["sanctions"]["other_senses"].items():
        yield from ((f"OTHER:{sense}", p) for p in phrases)
    yield from _kb_phrases(kb)


def _kb_phrases(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    for typology in kb.typologies.values():
        yield from ((f"TYPOLOGY:{typology.id}", c) for c in typology.cues)
        yield from ((f"WEAK:{typology.id}", c) for c in typology.weak_cues)
        for variant, cues in typology.variants.items():
            yield from ((f"VARIANT:{typology.id}:{variant}", c) for c in cues)
    for source in kb.claim_sources.values():
        yield from ((f"SOURCE:{source.id}", a) for a in source.aliases)
    for regime in kb.regimes.values():
        yield from ((f"REGIME:{regime.id}", a) for a in regime.aliases)
    for authority, names in kb.authorities.items():
        yield from ((f"AUTHORITY:{authority}", n) for n in names)
    for name, code in country_names().items():
        yield f"PLACE:{code}", name


def is_case_sensitive(phrase: str) -> bool:
    """Phrases with an acronym ("OFAC", "IT workers", "US") must match in capitals."""
    return any(len(word.strip(".$")) >= 2 and word.replace(".", "").isupper() for word in phrase.split())


def phrase_forms(phrase: str) -> set[str]:
    """The phrase, its last word in singular and plural, hyphen/space and spelling variants."""
    forms = {phrase}
    head, _, last = phrase.rpartition(" ")
    for word in (_plural(last), _singular(last)):
        forms.add(f"{head} {word}".strip())
    forms |= {f.replace("-", " ") for f in forms if "-" in f}
    for british, american in SPELLINGS:
        forms |= {f.replace(british, american) for f in forms} | {f.replace(american, british) for f in forms}
    return {f for f in forms if f.strip()}


def _plural(word: str) -> str:
    if not word.isalpha() or word.isupper() or word.endswith("s"):
        return word
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("ch", "sh", "x")) else "s")


def _singular(word: str) -> str:
    if not word.isalpha() or word.isupper() or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-2] if word.endswith(("ches", "shes", "xes")) else word[:-1]


@functools.lru_cache(maxsize=8)
def _matchers(vocab: Vocab) -> tuple[PhraseMatcher, PhraseMatcher]:
    tokenizer = spacy.blank("en", vocab=vocab).tokenizer
    lower = PhraseMatcher(vocab, attr="LOWER")
    exact = PhraseMatcher(vocab, attr="ORTH")
    grouped: dict[tuple[str, bool], set[str]] = collections.defaultdict(set)
    for label, phrase in labelled_phrases(knowledge_base()):
        sensitive = is_case_sensitive(phrase) or label.startswith("PLACE:")
        forms = _forms(label, phrase, sensitive)
        grouped[(label, sensitive)] |= forms if sensitive else {f.lower() for f in forms}
    for (label, sensitive), forms in grouped.items():
        (exact if sensitive else lower).add(label, list(_pattern_docs(tokenizer, forms)))
    return lower, exact


def _forms(label: str, phrase: str, sensitive: bool) -> set[str]:
    """Places as written and in capitals (datelines); acronyms as written; other phrases in all their forms."""
    if label.startswith("PLACE:"):
        return {phrase, phrase.upper()}
    return {phrase} if sensitive and len(phrase.split()) == 1 else phrase_forms(phrase)


def _pattern_docs(tokenizer: object, forms: Iterable[str]) -> Iterator[Doc]:
    for form in sorted(forms):
        yield tokenizer(form)  # type: ignore[operator]
