"""Small shared pieces for the extractors: new facts, overlaps, and which sentence holds an offset."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

from spacy.tokens import Doc

from sanctionwatch.model import Fact

Span = tuple[int, int]


def new_fact(kind: str, text: str, start: int, end: int, value: dict[str, Any]) -> Fact:
    """A fact whose id and sentence are filled in once all facts of the article are known."""
    return Fact(id="", kind=kind, text=text[start:end], start=start, end=end, sentence=-1, value=value)


def overlaps(start: int, end: int, spans: Iterable[Span]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def sentence_starts(doc: Doc) -> list[int]:
    """Character offset of each sentence start (one sentence from 0 when the doc has no sentences)."""
    if not doc.has_annotation("SENT_START"):
        return [0]
    return [sent.start_char for sent in doc.sents] or [0]


def sentence_of(starts: Sequence[int], offset: int) -> int:
    """Index of the sentence that holds character ``offset``."""
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def sentence_bounds(doc: Doc, starts: Sequence[int], index: int) -> Span:
    end = starts[index + 1] if index + 1 < len(starts) else len(doc.text)
    return starts[index], end


def longest_first(spans: Iterable[Any]) -> list[Any]:
    """Objects with start_char/end_char, keeping the longest where they overlap."""
    kept: list[Any] = []
    for item in sorted(spans, key=lambda s: (-(s.end_char - s.start_char), s.start_char)):
        if not any(item.start_char < k.end_char and k.start_char < item.end_char for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda s: s.start_char)
