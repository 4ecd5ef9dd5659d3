"""Fuzzing the brief writer and its renderings on report-like, arbitrary and hostile articles.

Properties: nothing raises; the brief keeps the house layout (headline, "In conclusion, ...", the
source line); every copied sentence is the article text at its span; every fact id it cites exists;
rendering is idempotent (the same brief renders the same, and the JSON form read back renders the
same text); the HTML rendering lets no markup from the article through.
"""

from __future__ import annotations

import collections
import json
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.brief import write_article_brief
from sanctionwatch.brief.render import RENDERERS, render_html, render_json, render_text
from sanctionwatch.extract import content_hash
from sanctionwatch.model import Analysis, Article, Brief, from_dict

DOMAINS = st.sampled_from([None, "www.straitstimes.com", "evil.example\u202e", "news.example"])
Tally = collections.Counter[str]
Fuzz = Callable[[int], settings]


def check_brief(article: Article, analysis: Analysis, brief: Brief) -> None:
    """The house layout, copied sentences that are the article's text, cited facts that exist."""
    assert brief.headline.text and brief.subject == f"article:{article.id}"
    assert brief.paragraphs[-1].role == "conclusion"
    assert brief.paragraphs[-1].sentences[0].text.startswith("In conclusion,")
    facts = {fact.id for fact in analysis.facts}
    for sentence in (s for paragraph in brief.paragraphs for s in paragraph.sentences):
        assert all(article.text[start:end] == sentence.text for start, end in sentence.spans)
        assert set(sentence.fact_ids) <= facts


def test_brief_and_renderings(fuzz: Fuzz, tally: Tally, blank: Language, hostile_texts: st.SearchStrategy[str]) -> None:
    @fuzz(200)
    @given(title=hostile_texts, text=hostile_texts, domain=DOMAINS)
    def check(title: str, text: str, domain: str | None) -> None:
        tally["brief: write and render"] += 1
        article = Article(id=content_hash(text)[:16], title=title, text=text, source_domain=domain)
        analysis = analyze_doc(article.id, blank(text))
        brief = write_article_brief(article, analysis)
        check_brief(article, analysis, brief)
        rendered = {name: render(brief) for name, render in RENDERERS.items()}
        assert rendered == {name: render(brief) for name, render in RENDERERS.items()}
        text_form = rendered["text"]
        assert text_form.splitlines()[-1].startswith(("Original Source: ", "Original Sources: "))
        assert render_text(from_dict(Brief, json.loads(render_json(brief)))) == text_form
        page = render_html(brief)
        assert "<script" not in page and "<img" not in page and page.count("<p") == len(brief.paragraphs) + 1

    check()
