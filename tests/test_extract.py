from pathlib import Path

import pytest

from sanctionwatch.errors import InputError
from sanctionwatch.extract import canonical_url, content_hash, extract_article
from sanctionwatch.model import RawDocument
from sanctionwatch.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


def test_seed_layout_gives_headline_body_and_source(shared_dir: Path) -> None:
    path = shared_dir / "seed" / "000_db3d2fddf79d3866.txt"
    article = extract_article(RawDocument(str(path), path.read_bytes(), "text"), Settings())
    assert article.title == "North Korea Sends Thousands of Workers to Russia Amid Sanctions Violations"
    assert article.source_domain == "www.straitstimes.com"
    assert article.text.startswith("North Korea has dispatched") and "Original Source" not in article.text
    assert article.id == article.content_hash[:16]


def test_html_goes_through_trafilatura_with_metadata() -> None:
    raw = RawDocument("report.html", (FIXTURES / "report.html").read_bytes(), "html")
    article = extract_article(raw, Settings())
    assert article.title == "Tanker seized for carrying oil to North Korea"
    assert "ship-to-ship transfer" in article.text
    assert "newsletter" not in article.text and "Sport" not in article.text
    assert article.published == "2021-07-30"
    assert article.source_domain == "wire.example.org"


def test_html_without_article_is_an_input_error() -> None:
    raw = RawDocument("empty.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "html")
    with pytest.raises(InputError, match="no article"):
        extract_article(raw, Settings())


def test_html_too_deep_for_the_parser_says_so() -> None:
    paragraph = "<p>" + "Seoul said North Korea sent 4,000 workers to Russia in breach of UN sanctions. " * 5 + "</p>"
    for depth, deep in ((300, True), (40, False)):
        page = f"<html><body>{'<div><br>' * depth}{paragraph * 3}{'</div>' * depth}</body></html>".encode()
        try:
            extract_article(RawDocument("deep.html", page, "html"), Settings())
        except InputError as error:
            assert deep and "nest deeper than 255 levels" in str(error)
        else:
            assert not deep


def test_same_text_same_hash_despite_whitespace() -> None:
    assert content_hash("North  Korea\nsent workers") == content_hash("North Korea sent workers ")
    assert content_hash("North Korea sent workers") != content_hash("North Korea sent soldiers")


def test_canonical_url_strips_tracking() -> None:
    assert canonical_url("HTTPS://Example.ORG/a?utm_source=rss&id=3#top") == "https://example.org/a?id=3"


def test_control_characters_are_dropped_before_offsets() -> None:
    data = ("Headline\n\nNorth Korea\x00 sent \x07workers to Russia.\tAgain." + "x" * 9000 + "\x00end").encode()
    article = extract_article(RawDocument("nul.txt", data, "text"), Settings())
    assert "\x00" not in article.text and "\x07" not in article.text and "\t" in article.text
    assert article.text.startswith("North Korea sent workers")
