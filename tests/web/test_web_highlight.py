"""Highlighted text from offsets: every piece escaped, overlapping spans never break the markup."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from sanctionwatch.web.highlight import Span, analysis_spans, highlight_html

HOSTILE_TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'/=\né")), max_size=60)


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(HOSTILE_TEXT)
    bound = len(text) + 3
    spans = [Span(a, b, (draw(st.sampled_from(["ent", "fact", "x\"><y"])),), draw(HOSTILE_TEXT),
                  draw(st.one_of(st.none(), st.just('/entity?name="><script>'))))
             for a, b in draw(st.lists(st.tuples(st.integers(-2, bound), st.integers(-2, bound)), max_size=8))]
    return text, spans


@given(text_and_spans())
def test_text_survives_and_no_tag_comes_from_the_text(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    html = str(highlight_html(text, spans))
    tags = re.findall(r"<[^>]*>", html)
    assert all(re.fullmatch(r'</?(mark|a)( (class|title|href)="[^"<>]*")*>', tag) for tag in tags), tags
    assert unescape(re.sub(r"<[^>]*>", "", html)) == text
    assert html.count("<mark") == html.count("</mark>") and html.count("<a ") == html.count("</a>")


def test_nested_spans_share_a_mark_with_both_classes() -> None:
    html = str(highlight_html("about 4,000 workers", [Span(0, 19, ("fact",), "count"), Span(6, 11, ("num",))]))
    assert html == ('<mark class="fact" title="count">about </mark><mark class="fact num" title="count">4,000</mark>'
                    '<mark class="fact" title="count"> workers</mark>')


def test_analysis_spans_cover_entities_facts_claims_and_matches() -> None:
    analysis = {
        "entities": [{"text": "NIS", "label": "ORG", "start": 0, "end": 3, "country": "KR", "canonical": None}],
        "facts": [{"kind": "count", "start": 10, "end": 15, "value": {"value": 4000, "unit": "worker"}}],
        "attributions": [{"source": "NIS", "source_start": 0, "source_end": 3, "cue_start": 4, "cue_end": 8,
                          "stance": "hedged"}],
    }
    matches = [{"start": 0, "end": 3, "caption": "National Intelligence Service", "list_name": "x", "score": 0.8}]
    spans = analysis_spans(analysis, matches, "/entity?name=")
    classes = {c for span in spans for c in span.classes}
    assert {"ent", "ent-org", "fact", "fact-count", "attr-source", "attr-cue", "stance-hedged", "listed"} <= classes
    assert next(s for s in spans if "ent" in s.classes).href == "/entity?name=NIS"
    assert analysis_spans(None, [], "/entity?name=") == []
