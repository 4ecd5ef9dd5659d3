"""Comparing two prepared names part by part, with a reason for every pair of parts.

Parts are paired greedily, most similar first (order does not matter: "KIM Jong Un" is "Jong Un Kim");
two adjacent parts may pair with one ("Ho Jin" / "Hojin", "Alisher Usmanov" / "AlisherUsmanov"). The score
is the weighted share of the parts that agree. A part left over on one side only (a middle name, a
patronymic, a legal form) counts a little against the match; parts left over on both sides contradict
each other ("Boris Abramovich" / "Roman Abramovich") and count fully.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import NamedTuple

from rapidfuzz.distance import DamerauLevenshtein

from sanctionwatch.link.names import (
    ANY,
    GENERIC,
    INITIAL,
    LEGAL,
    NUMBER,
    OBJECT,
    ORG,
    PERSON,
    SIGNIFICANT,
    STOP,
    WHOLE_SCRIPTS,
    Part,
    PreparedName,
)
from sanctionwatch.link.transliterate import skeleton

# A part only one side has, by the kind of name: (in the mention, in the listed name). A person's listed
# name often has a patronymic or middle name the news leaves out; an organisation's listed name with
# words the mention lacks is more often another organisation ("Central Bank of ...", "... Air Force").
EXTRA_WEIGHTS = {PERSON: (0.3, 0.3), ORG: (0.4, 1.0), OBJECT: (0.4, 1.0), ANY: (0.35, 0.6)}
THIN_EVIDENCE = 0.7  # one part agreeing against a name of several
NO_NAME_EVIDENCE = 0.5  # only generic words ("Department", "Financial") against a name
CONFLICT_WEIGHT = 2.0  # parts each side has and the other lacks
JOIN_FLOOR = 0.8  # two parts joined must spell one part of the other side this well
SYLLABLE = 5  # the longest Korean key of one syllable ("hwang", "kyong")
SAME, TRANSLITERATED, VARIANT, KOREAN, INITIAL_OF, SKELETON, SPELLING, JOINED = (
    "same", "transliteration", "name variant", "Korean romanisation", "initial", "same consonants",
    "spelling", "joined",
)
JOINABLE = SIGNIFICANT | {STOP}
CONFLICTING = SIGNIFICANT | {LEGAL, GENERIC}
SAME_COUNTRY, SAME_WORD, KOREAN_FAMILY = "same country", "same word", "one Korean family name"
SYMBOL_REASONS = {"LOC": SAME_COUNTRY, "ORG": SAME_WORD, "KOREAN_FAMILY": KOREAN_FAMILY}
REASON_SCORES = {SAME: 1.0, TRANSLITERATED: 0.95, KOREAN: 0.95, VARIANT: 0.9, SKELETON: 0.85, INITIAL_OF: 0.8,
                 SAME_COUNTRY: 0.9, SAME_WORD: 0.95, KOREAN_FAMILY: 0.95}


class PartPair(NamedTuple):
    """Parts of the query and of the candidate that stand for each other, how alike, and why."""

    query: tuple[int, ...]
    candidate: tuple[int, ...]
    score: float
    reason: str


@dataclasses.dataclass(frozen=True)
class NameComparison:
    score: float
    pairs: tuple[PartPair, ...]
    query_left: tuple[int, ...]  # parts of the query name nothing paired with
    candidate_left: tuple[int, ...]
    conflict: bool

    def explain(self, query: PreparedName, candidate: PreparedName) -> str:
        """One sentence: which parts agree and how, and which are left over."""
        shown = [pair for pair in self.pairs if any(query.parts[i].role != STOP for i in pair.query)]
        agreed = "; ".join(_describe_pair(pair, query, candidate) for pair in shown) or "none agrees"
        counted = sum(1 for part in query.parts if part.role != STOP)
        covered = sum(1 for pair in shown for i in pair.query if query.parts[i].role != STOP)
        text = f"{covered} of {counted} parts of the name agree ({agreed})"
        extra = _left_over(self.query_left, query, "only in the mention")
        extra += _left_over(self.candidate_left, candidate, "only in the listed name")
        return text + extra + (", which contradict each other" if self.conflict else "")


def compare_names(query: PreparedName, candidate: PreparedName) -> NameComparison:
    """How far two names agree, in [0, 1], with the pairs of parts behind it."""
    korean = query.korean and candidate.korean
    pairs = _align(query.parts, candidate.parts, korean)
    used_q = {i for pair in pairs for i in pair.query}
    used_c = {j for pair in pairs for j in pair.candidate}
    left_q = tuple(i for i in range(len(query.parts)) if i not in used_q)
    left_c = tuple(j for j in range(len(candidate.parts)) if j not in used_c)
    conflict = _any_conflicting(query.parts, left_q) and _any_conflicting(candidate.parts, left_c)
    if korean and (_any_significant(query.parts, left_q) or _any_significant(candidate.parts, left_c)):
        conflict = True  # a Korean given name is its syllables: one more or less is another name
    complete = not _any_conflicting(query.parts, left_q) and not _any_conflicting(candidate.parts, left_c)
    sizes = _sizes(query, candidate, pairs, (left_q, left_c))
    score = _score(query, candidate, pairs, (left_q, left_c), conflict) * _evidence_factor(sizes, complete)
    return NameComparison(score, pairs, left_q, left_c, conflict)


def _align(query: tuple[Part, ...], candidate: tuple[Part, ...], korean: bool) -> tuple[PartPair, ...]:
    options = _single_options(query, candidate, korean)
    alone_q, alone_c = _alone(query, options, 0), _alone(candidate, options, 1)
    if alone_q and alone_c:
        options += _joined_options(query, candidate, korean, alone_q, alone_c)
    options.sort(key=lambda pair: (pair.score, len(pair.query) + len(pair.candidate)), reverse=True)
    taken_q: set[int] = set()
    taken_c: set[int] = set()
    chosen = []
    for pair in options:
        if taken_q.isdisjoint(pair.query) and taken_c.isdisjoint(pair.candidate):
            chosen.append(pair)
            taken_q.update(pair.query)
            taken_c.update(pair.candidate)
    return tuple(sorted(chosen, key=lambda pair: pair.query))


def _alone(parts: tuple[Part, ...], options: list[PartPair], side: int) -> set[int]:
    """The joinable parts on one side without a good partner on their own."""
    paired = {(pair.query if side == 0 else pair.candidate)[0] for pair in options if pair.score >= JOIN_FLOOR}
    return {i for i, part in enumerate(parts) if part.role in JOINABLE and i not in paired}


def _single_options(query: tuple[Part, ...], candidate: tuple[Part, ...], korean: bool) -> list[PartPair]:
    options = []
    for i, q in enumerate(query):
        for j, c in enumerate(candidate):
            score, reason = (1.0, SAME) if q.uid == c.uid else part_similarity(q, c, korean)
            if score > 0:
                options.append(PartPair((i,), (j,), score, reason))
    return options


def _joined_options(query: tuple[Part, ...], candidate: tuple[Part, ...], korean: bool,
                    alone_q: set[int], alone_c: set[int]) -> list[PartPair]:
    """Two adjacent parts on one side spelling one part on the other, where a part is left alone."""
    forward = [PartPair((i, i + 1), (j,), score, JOINED) for i, j, score in _joins(query, candidate, korean,
                                                                                   alone_q, alone_c)]
    backward = [PartPair((i,), (j, j + 1), score, JOINED) for j, i, score in _joins(candidate, query, korean,
                                                                                    alone_c, alone_q)]
    return forward + backward


def _joins(pieces: tuple[Part, ...], wholes: tuple[Part, ...], korean: bool, alone_pieces: set[int],
           alone_wholes: set[int]) -> list[tuple[int, int, float]]:
    """(i, j, score) for parts i and i+1 of one side that together spell part j of the other."""
    found = []
    for i in range(len(pieces) - 1):
        if i in alone_pieces or i + 1 in alone_pieces:
            for j in alone_wholes:
                pair = pieces[i:i + 2]
                score = _joined_similarity(pair, wholes[j], korean) if _lengths_fit(pair, wholes[j]) else 0.0
                if score >= JOIN_FLOOR:
                    found.append((i, j, score))
    return found


def _lengths_fit(pieces: tuple[Part, ...], whole: Part) -> bool:
    joined, single = len(pieces[0].key) + len(pieces[1].key), len(whole.key)
    return abs(joined - single) <= allowed_edits(max(joined, single))


def _joined_similarity(pieces: tuple[Part, ...], whole: Part, korean: bool) -> float:
    """How well two adjacent parts written together spell one part ("ho" + "jin" ~ "hojin")."""
    if whole.role not in JOINABLE or any(piece.role not in JOINABLE for piece in pieces):
        return 0.0
    if korean:
        return spelling_similarity("".join(p.korean for p in pieces), whole.korean)
    joined = "".join(p.key for p in pieces)
    if any(p.skeleton for p in (*pieces, whole)) and skeleton(joined) == _skeleton_of(whole):
        return REASON_SCORES[SKELETON]
    return max(spelling_similarity(joined, form) for form in whole.forms or (whole.text,))


@functools.lru_cache(maxsize=500_000)
def part_similarity(a: Part, b: Part, korean: bool = False) -> tuple[float, str]:
    """How alike two parts are, in [0, 1], and why (same, transliteration, name variant, spelling ...)."""
    if a.role == NUMBER or b.role == NUMBER:
        return (1.0, SAME) if a.symbols == b.symbols and a.role == b.role else (0.0, "")
    if a.script == b.script and a.script in WHOLE_SCRIPTS:
        return (1.0, SAME) if a.text == b.text else (0.0, "")
    reason = _exact_reason(a, b, korean)
    syllables = korean and max(len(a.korean), len(b.korean)) <= SYLLABLE
    if syllables and reason not in (SAME, TRANSLITERATED, KOREAN, KOREAN_FAMILY):
        return 0.0, ""  # one romanised syllable against another: the same key, or another syllable
    if reason:
        return REASON_SCORES[reason], reason
    if INITIAL in (a.role, b.role):
        return (REASON_SCORES[INITIAL_OF], INITIAL_OF) if _is_initial_of(a, b) else (0.0, "")
    if len(a.forms) == 1 and len(b.forms) == 1:
        score = spelling_similarity(a.key, b.key)
    else:
        score = max(spelling_similarity(x, y) for x in a.forms or (a.text,) for y in b.forms or (b.text,))
    if korean and a.korean and b.korean:
        score = max(score, spelling_similarity(a.korean, b.korean))
    return (score, SPELLING) if score > 0 else (0.0, "")


def _exact_reason(a: Part, b: Part, korean: bool) -> str:
    if a.text == b.text or a.key == b.key:
        return SAME
    if len(a.forms) + len(b.forms) > 2 and not set(a.forms).isdisjoint(b.forms):
        return TRANSLITERATED
    if korean and a.korean and a.korean == b.korean:
        return KOREAN
    shared = a.symbols & b.symbols
    if shared:
        return SYMBOL_REASONS.get(min(shared).split(":", 1)[0], VARIANT)
    if (a.skeleton or b.skeleton) and len(a.key) > 1 and _skeleton_of(a) == _skeleton_of(b):
        return SKELETON
    return ""


def _skeleton_of(part: Part) -> str:
    return part.skeleton or skeleton(part.key)


def _is_initial_of(a: Part, b: Part) -> bool:
    initial, full = (a, b) if a.role == INITIAL else (b, a)
    return full.role != INITIAL and full.key[:1] == initial.key


@functools.lru_cache(maxsize=500_000)
def spelling_similarity(x: str, y: str) -> float:
    """1 - edits/length when the edits are few enough for the length to be a misspelling, else 0."""
    if x == y:
        return 1.0
    longest = max(len(x), len(y))
    distance = DamerauLevenshtein.distance(x, y, score_cutoff=allowed_edits(longest))
    if distance > allowed_edits(longest):
        return 0.0
    return 1.0 - distance / longest


def allowed_edits(length: int) -> int:
    """How many edits a part of this length may take and still be the same name misspelt."""
    if length <= 2:
        return 0
    if length <= 5:
        return 1
    if length <= 9:
        return 2
    return 3


def _any_conflicting(parts: tuple[Part, ...], indexes: tuple[int, ...]) -> bool:
    return any(parts[i].role in CONFLICTING for i in indexes)


def _any_significant(parts: tuple[Part, ...], indexes: tuple[int, ...]) -> bool:
    return any(parts[i].role in SIGNIFICANT for i in indexes)


def _score(query: PreparedName, candidate: PreparedName, pairs: tuple[PartPair, ...],
           left: tuple[tuple[int, ...], tuple[int, ...]], conflict: bool) -> float:
    """The weighted share of agreement; one part against one part must agree closely (squared)."""
    power = 2 if query.size <= 1 and candidate.size <= 1 else 1
    agreed = total = 0.0
    for pair in pairs:
        weight = sum(query.parts[i].weight for i in pair.query) + sum(candidate.parts[j].weight for j in pair.candidate)
        agreed += pair.score**power * weight
        total += weight
    left_q = sum(query.parts[i].weight for i in left[0])
    left_c = sum(candidate.parts[j].weight for j in left[1])
    if conflict:
        total += (left_q + left_c) * CONFLICT_WEIGHT
    else:
        extra_q, extra_c = EXTRA_WEIGHTS.get(candidate.kind, EXTRA_WEIGHTS[ANY])
        total += (left_q * extra_q + left_c * extra_c) * _extra_factor(pairs, query.parts, len(left[0]) + len(left[1]))
    return agreed / total if total else 0.0


def _extra_factor(pairs: tuple[PartPair, ...], query: tuple[Part, ...], left: int) -> float:
    """Left-over parts weigh more when they outnumber the parts that agree."""
    agreeing = sum(1 for pair in pairs if any(query[i].role in SIGNIFICANT for i in pair.query))
    return max(1.0, left / max(agreeing, 1))


def _sizes(query: PreparedName, candidate: PreparedName, pairs: tuple[PartPair, ...],
           left: tuple[tuple[int, ...], tuple[int, ...]]) -> tuple[int, int]:
    """How many distinctive parts each name has, a pair counting for both when either side is distinctive
    (a misspelt "Shpping" is no generic word, but it stands for one)."""
    paired = sum(1 for pair in pairs if any(query.parts[i].role in SIGNIFICANT for i in pair.query)
                 or any(candidate.parts[j].role in SIGNIFICANT for j in pair.candidate))
    alone_q = sum(1 for i in left[0] if query.parts[i].role in SIGNIFICANT)
    alone_c = sum(1 for j in left[1] if candidate.parts[j].role in SIGNIFICANT)
    return paired + alone_q, paired + alone_c


def _evidence_factor(sizes: tuple[int, int], complete: bool) -> float:
    """A name with no distinctive part (unless every word agrees), or one part against several, is thin evidence."""
    fewer, more = sorted(sizes)
    if fewer == 0 and (more > 0 or not complete):
        return NO_NAME_EVIDENCE
    if fewer == 1 and more > 1:
        return THIN_EVIDENCE
    return 1.0


def _describe_pair(pair: PartPair, query: PreparedName, candidate: PreparedName) -> str:
    left = " ".join(query.parts[i].text for i in pair.query)
    right = " ".join(candidate.parts[j].text for j in pair.candidate)
    if pair.reason == SAME:
        return left
    return f"{left} ~ {right}: {pair.reason}"


def _left_over(indexes: tuple[int, ...], name: PreparedName, where: str) -> str:
    if not indexes:
        return ""
    return f"; {', '.join(name.parts[i].text for i in indexes)} {where}"
