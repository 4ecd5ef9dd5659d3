"""Fuzzing the analysis: each fact extractor alone, the whole analysis on a blank pipeline (fast), and the
whole analysis with the real model, on report-like, arbitrary and hostile text (other scripts, bidi
controls, control characters, odd digits).

Properties: nothing raises; every offset lies inside the text and slices to the reported text; every
fact and attribution sits in a sentence that holds it; the score is in [0, 1] and every feature behind
it says why; the same text analysed twice gives the same analysis.
"""

from __future__ import annotations

import collections
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.analyze.dates import find_dates
from sanctionwatch.analyze.legal import find_legal_references
from sanctionwatch.analyze.money import find_money
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.analyze.quantities import find_counts, find_quantity_spans
from sanctionwatch.analyze.spans import SpanSet, overlaps
from sanctionwatch.model import Analysis, Fact, to_dict
from sanctionwatch.settings import load_settings

EXTRACTORS: dict[str, Callable[[str, str | None], list[Fact]]] = {
    "legal references": lambda text, _published: find_legal_references(text),
    "dates": find_dates,
    "money": lambda text, _published: find_money(text),
    "counts": lambda text, _published: find_counts(text),
}
PUBLISHED = st.one_of(st.none(), st.dates().map(str), st.text(max_size=12), st.just("2024-02-30"))
Tally = collections.Counter[str]
Fuzz = Callable[[int], settings]


@pytest.fixture(scope="module")
def model() -> Language:
    return load_pipeline(load_settings(environ={}).spacy_model)


def check_spans(text: str, analysis: Analysis) -> None:
    """Offsets inside the text, slicing to what is reported, in the sentence that holds them."""
    sentences = [(s.start, s.end) for s in analysis.sentences]
    assert all(0 <= start <= end <= len(text) for start, end in sentences)
    for entity in analysis.entities:
        assert 0 <= entity.start < entity.end <= len(text) and text[entity.start:entity.end] == entity.text
    for fact in analysis.facts:
        assert 0 <= fact.start < fact.end <= len(text) and text[fact.start:fact.end] == fact.text
        assert sentences[fact.sentence][0] <= fact.start
    for found in analysis.attributions:
        assert text[found.cue_start:found.cue_end] == found.cue and 0 <= found.sentence < len(sentences)
        for start, end in ((found.source_start, found.source_end), (found.claim_start, found.claim_end)):
            assert 0 <= start <= end <= len(text)
    assessment = analysis.assessment
    assert assessment is not None and 0.0 <= assessment.score <= 1.0
    assert all(feature.name and feature.explanation for feature in assessment.features)


@pytest.mark.parametrize("name", sorted(EXTRACTORS))
def test_each_extractor(name: str, fuzz: Fuzz, tally: Tally, hostile_texts: st.SearchStrategy[str]) -> None:
    extract = EXTRACTORS[name]

    @fuzz(200)
    @given(text=hostile_texts, published=PUBLISHED)
    def check(text: str, published: str | None) -> None:
        tally[f"analyze: {name}"] += 1
        facts = extract(text, published)
        for fact in facts:
            assert 0 <= fact.start < fact.end <= len(text) and text[fact.start:fact.end] == fact.text
        assert to_dict(extract(text, published)) == to_dict(facts)

    check()


def test_quantity_spans(fuzz: Fuzz, tally: Tally, hostile_texts: st.SearchStrategy[str]) -> None:
    @fuzz(150)
    @given(text=hostile_texts)
    def check(text: str) -> None:
        tally["analyze: quantity spans"] += 1
        spans = find_quantity_spans(text)
        assert all(0 <= start < end <= len(text) for start, end in spans) and find_quantity_spans(text) == spans

    check()


def test_whole_analysis_blank_pipeline(fuzz: Fuzz, tally: Tally, blank: Language,
                                       hostile_texts: st.SearchStrategy[str]) -> None:
    @fuzz(200)
    @given(text=hostile_texts, published=PUBLISHED)
    def check(text: str, published: str | None) -> None:
        tally["analyze: whole analysis (blank pipeline)"] += 1
        analysis = analyze_doc("fuzz", blank(text), published=published)
        check_spans(text, analysis)
        assert to_dict(analyze_doc("fuzz", blank(text), published=published)) == to_dict(analysis)

    check()


def test_whole_analysis_real_model(fuzz: Fuzz, tally: Tally, model: Language,
                                   hostile_texts: st.SearchStrategy[str]) -> None:
    @fuzz(60)
    @given(text=hostile_texts, published=PUBLISHED)
    def check(text: str, published: str | None) -> None:
        tally["analyze: whole analysis (real model)"] += 1
        check_spans(text, analyze_doc("fuzz", model(text), published=published))

    check()


def test_span_set_agrees_with_overlaps(fuzz: Fuzz, tally: Tally) -> None:
    spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1])), max_size=12)

    @fuzz(300)
    @given(taken=spans, start=st.integers(0, 70), width=st.integers(0, 15))
    def check(taken: list[tuple[int, int]], start: int, width: int) -> None:
        tally["analyze: SpanSet against overlaps"] += 1
        assert SpanSet(taken).overlaps(start, start + width) == overlaps(start, start + width, taken)

    check()
