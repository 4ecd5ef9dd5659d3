import json
from pathlib import Path

import pytest

from sanctionwatch.analyze import analyze_article
from sanctionwatch.brief import write_article_brief
from sanctionwatch.brief.render import render, render_html, render_text, source_line
from sanctionwatch.errors import InputError
from sanctionwatch.extract import extract_article
from sanctionwatch.model import Article, Brief, BriefSentence, RawDocument
from sanctionwatch.settings import Settings


@pytest.fixture(scope="module")
def seed_brief(shared_dir: Path) -> tuple[Article, Brief]:
    path = shared_dir / "seed" / "000_db3d2fddf79d3866.txt"
    article = extract_article(RawDocument(str(path), path.read_bytes(), "text"), Settings())
    return article, write_article_brief(article, analyze_article(article, Settings()))


def test_seed_brief_has_house_structure(seed_brief: tuple[Article, Brief]) -> None:
    article, brief = seed_brief
    lines = render_text(brief).rstrip("\n").split("\n")
    assert lines[0] == article.title and lines[1] == ""
    assert any(line.startswith("In conclusion,") for line in lines[2:-1])
    assert lines[-1] == "Original Source: www.straitstimes.com"
    assert brief.paragraphs[0].role == "summary" and brief.paragraphs[-1].role == "conclusion"


def test_every_extracted_sentence_points_at_its_source_text(seed_brief: tuple[Article, Brief]) -> None:
    article, brief = seed_brief
    copied = [s for p in brief.paragraphs for s in p.sentences if s.spans]
    assert len(copied) >= 3
    for sentence in copied:
        assert sentence.article_id == article.id
        assert "".join(article.text[a:b] for a, b in sentence.spans) == sentence.text


def test_summary_sentences_are_not_repeated_in_details(seed_brief: tuple[Article, Brief]) -> None:
    _, brief = seed_brief
    texts = [s.text for p in brief.paragraphs for s in p.sentences]
    assert len(texts) == len(set(texts))


def test_json_and_html_renderings(seed_brief: tuple[Article, Brief]) -> None:
    _, brief = seed_brief
    data = json.loads(render(brief, "json"))
    assert data["paragraphs"][0]["sentences"][0]["spans"] and data["text"].endswith("straitstimes.com\n")
    assert render(brief, "markdown").startswith("# North Korea")
    with pytest.raises(InputError):
        render(brief, "pdf")


def test_html_rendering_escapes_content(seed_brief: tuple[Article, Brief]) -> None:
    _, brief = seed_brief
    brief.headline.text = "<script>alert(1)</script>"
    assert "<script>" not in render_html(brief) and "&lt;script&gt;" in render_html(brief)


def test_several_sources_are_listed() -> None:
    brief = Brief(subject="story:x", headline=BriefSentence(text="Headline"), paragraphs=[], sources=["a.org", "b.org"])
    assert source_line(brief) == "Original Sources: a.org, b.org"
