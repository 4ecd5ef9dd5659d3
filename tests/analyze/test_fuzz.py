"""Malformed input never makes an extractor raise, and offsets stay inside the text."""

from __future__ import annotations

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.analyze.dates import find_dates
from sanctionwatch.analyze.legal import find_legal_references
from sanctionwatch.analyze.money import find_money
from sanctionwatch.analyze.quantities import find_counts, find_quantity_spans

# Text drawn from the pieces reports are made of, so that the fuzzer reaches the extractors' branches.
PIECES = ["$", "US$", "€", "4,000", "2.5", "million", "about", "more than", "thousands of", "workers", " ", ",", ".",
          "per month", "each", "resolution", "2375", "(2017)", "paragraph 17 of", "E.O.", "13722", "CAATSA",
          "Section 321(b)", "by the end of", "December", "2019", "22", "Friday", "last year", "said", "according to",
          "NIS", "North Korea", "student visas", "ship-to-ship", "sanctions", "evade", "-", "%", "°C", "\n", "“", "("]
TEXTS = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
DATES = st.one_of(st.none(), st.text(max_size=12), st.dates().map(str))
BLANK = spacy.blank("en")
BLANK.add_pipe("sentencizer")


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, published=DATES)
def test_text_extractors(text: str, published: str | None) -> None:
    facts = [*find_legal_references(text), *find_dates(text, published), *find_money(text), *find_counts(text)]
    for fact in facts:
        assert 0 <= fact.start < fact.end <= len(text) and text[fact.start:fact.end] == fact.text
    for start, end in find_quantity_spans(text):
        assert 0 <= start < end <= len(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, published=DATES)
def test_whole_analysis(text: str, published: str | None) -> None:
    analysis = analyze_doc("fuzz", BLANK(text), published=published)
    for fact in analysis.facts:
        assert 0 <= fact.start < fact.end <= len(text) and 0 <= fact.sentence < len(analysis.sentences)
    for found in analysis.attributions:
        spans = [(found.source_start, found.source_end), (found.cue_start, found.cue_end),
                 (found.claim_start, found.claim_end)]
        assert all(0 <= a <= b <= len(text) for a, b in spans)
    assert analysis.assessment is not None and 0.0 <= analysis.assessment.score <= 1.0
