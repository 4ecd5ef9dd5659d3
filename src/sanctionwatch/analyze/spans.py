"""Small shared pieces for the extractors: new facts, overlaps, and which sentence holds an offset."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

from sanctionwatch.model import Fact

Span = tuple[int, int]


def new_fact(kind: str, text: str, start: int, end: int, value: dict[str, Any]) -> Fact:
    """A fact whose id and sentence are filled in once all facts of the article are known."""
    return Fact(id="", kind=kind, text=text[start:end], start=start, end=end, sentence=-1, value=value)


def overlaps(start: int, end: int, spans: Iterable[Span]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


class SpanSet:
    """Spans to test others against, each test O(log n): the starts in order and the furthest end so far.

    The same answers as ``overlaps`` over the same spans, without its cost on long texts with many facts.
    """

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self._starts, end)
        return before > 0 and self._reach[before - 1] > start


def sentence_spans(doc: Doc) -> list[Span]:
    """(start, end) characters of each sentence, from the sentence starts (fast: no Span objects)."""
    if len(doc) == 0 or not doc.has_annotation("SENT_START"):
        return [(0, len(doc.text))]
    table = doc.to_array([SENT_START, IDX, LENGTH])
    firsts = [int(i) for i in (table[:, 0] == 1).nonzero()[0]]
    if not firsts or firsts[0] != 0:
        firsts.insert(0, 0)
    ends = [*firsts[1:], len(doc)]
    return [(int(table[first, 1]), int(table[last - 1, 1] + table[last - 1, 2]))
            for first, last in zip(firsts, ends, strict=True)]


def sentence_of(starts: Sequence[int], offset: int) -> int:
    """Index of the sentence that holds character ``offset``."""
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def sentence_bounds(doc: Doc, starts: Sequence[int], index: int) -> Span:
    end = starts[index + 1] if index + 1 < len(starts) else len(doc.text)
    return starts[index], end


def longest_first(spans: Iterable[Any]) -> list[Any]:
    """Objects with start_char/end_char, keeping the longest where they overlap (the first of equals)."""
    kept_starts: list[int] = []
    kept: list[Any] = []
    for item in sorted(spans, key=lambda s: -(s.end_char - s.start_char)):
        index = bisect.bisect_left(kept_starts, item.start_char)
        before = kept[index - 1] if index > 0 else None
        after = kept[index] if index < len(kept) else None
        clear_before = before is None or before.end_char <= item.start_char
        if clear_before and (after is None or item.end_char <= after.start_char):
            kept_starts.insert(index, item.start_char)
            kept.insert(index, item)
    return kept


def group_by_sentence(
    items: Iterable[Any], starts: Sequence[int], offset: Callable[[Any], int]
) -> dict[int, list[Any]]:
    """Items grouped by the sentence that holds ``offset(item)``, in their order."""
    grouped: dict[int, list[Any]] = {}
    for item in items:
        grouped.setdefault(sentence_of(starts, offset(item)), []).append(item)
    return grouped
