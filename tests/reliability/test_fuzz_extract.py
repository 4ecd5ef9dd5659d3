"""Fuzzing extraction: HTML (generated and mutated real pages), text and records, files, URLs and hashes.

Properties: only InputError ever escapes; an article has at least some text, no more than the limit,
no character PostgreSQL cannot store; its id is its content hash; extracting twice gives the same
article; ``canonical_url`` and ``content_hash`` are idempotent.
"""

from __future__ import annotations

import collections
import gzip
import html
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.errors import InputError
from sanctionwatch.extract import canonical_url, content_hash, extract_article
from sanctionwatch.ingest.files import read_file, read_jsonl
from sanctionwatch.model import Article, Problem, RawDocument
from sanctionwatch.settings import Settings, load_settings

TAGS = ["p", "div", "article", "main", "section", "span", "a", "h1", "h2", "script", "style", "table", "tr", "td",
        "nav", "footer", "iframe", "svg", "template", "noscript", "pre", "li", "br", "title", "meta"]
ATTRIBUTES = ['', ' class="story-body"', ' id="main"', ' href="javascript:alert(1)"', " onload='x()'",
              ' style="display:none"', ' lang="ar" dir="rtl"', ' itemprop="articleBody"', ' data-x="&lol;"']
SUFFIXES = [".txt", ".html", ".jsonl", ".html.gz", ".md"]
Tally = collections.Counter[str]
Fuzz = Callable[[int], settings]


@pytest.fixture(scope="module")
def limits() -> Settings:
    return load_settings({"max_text_chars": 5000}, environ={})


@pytest.fixture(scope="module")
def real_pages(shared_dir: Path) -> list[bytes]:
    folder = shared_dir / "data" / "article_extraction"
    names = sorted(json.loads((folder / "ground-truth.json").read_text(encoding="utf-8")))[:6]
    return [gzip.decompress((folder / "html" / f"{name}.html.gz").read_bytes()) for name in names]


def html_documents(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    leaf = st.one_of(texts.map(html.escape), texts)
    element = st.builds(lambda tag, attrs, kids: f"<{tag}{attrs}>{''.join(kids)}</{tag}>",
                        st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES), st.lists(leaf, max_size=4))
    tree = st.recursive(leaf, lambda kids: st.builds(
        lambda tag, attrs, inner: f"<{tag}{attrs}>{''.join(inner)}</{tag}>", st.sampled_from(TAGS),
        st.sampled_from(ATTRIBUTES), st.lists(kids, max_size=4)), max_leaves=30)
    return st.builds(lambda head, body: f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>",
                     element, tree)


def mutated(page: bytes, data: st.DataObject, pieces: st.SearchStrategy[str]) -> bytes:
    """A real page cut short, with a stretch replaced by hostile text, or with a byte changed."""
    at = data.draw(st.integers(0, len(page)))
    how = data.draw(st.sampled_from(["cut", "insert", "flip"]))
    if how == "cut":
        return page[:at]
    if how == "insert":
        return page[:at] + data.draw(pieces).encode("utf-8", "surrogatepass") + page[at + 40:]
    return page[:at] + bytes([data.draw(st.integers(0, 255))]) + page[at + 1:]


def check_article(raw: RawDocument, settings_: Settings) -> Article | None:
    """Extract ``raw`` twice; check the properties of what comes out (None when refused)."""
    try:
        article = extract_article(raw, settings_)
    except InputError as error:
        assert str(error) and "\n" not in str(error)
        return None
    assert len(article.text.strip()) >= 20 and len(article.text) <= settings_.max_text_chars
    stored = [article.text, article.title, article.url or "", article.source_domain or "", article.published or ""]
    assert not any("\x00" in value for value in stored)  # PostgreSQL cannot hold it
    assert [value.encode("utf-8").decode("utf-8") for value in stored] == stored  # no lone surrogate
    assert article.content_hash == content_hash(article.text) and article.id == article.content_hash[:16]
    again = extract_article(raw, settings_)
    assert (again.id, again.title, again.text, again.canonical_url) == (
        article.id, article.title, article.text, article.canonical_url)
    if article.canonical_url is not None:
        assert canonical_url(article.canonical_url) == article.canonical_url
    return article


def test_html_documents(fuzz: Fuzz, tally: Tally, limits: Settings, hostile_texts: st.SearchStrategy[str]) -> None:
    @fuzz(200)
    @given(document=html_documents(hostile_texts), url=st.one_of(st.none(), st.text(max_size=30)))
    def check(document: str, url: str | None) -> None:
        tally["extract: generated HTML"] += 1
        raw = RawDocument(origin="fuzz", data=document.encode("utf-8", "surrogatepass"), kind="html", url=url)
        check_article(raw, limits)

    check()


def test_mutated_real_pages(fuzz: Fuzz, tally: Tally, limits: Settings, real_pages: list[bytes],
                            hostile_texts: st.SearchStrategy[str]) -> None:
    @fuzz(100)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        tally["extract: mutated real HTML pages"] += 1
        page = mutated(data.draw(st.sampled_from(real_pages)), data, hostile_texts)
        check_article(RawDocument(origin="fuzz", data=page, kind="html", url="https://news.example/a"), limits)

    check()


def test_text_and_records(fuzz: Fuzz, tally: Tally, limits: Settings, hostile_texts: st.SearchStrategy[str]) -> None:
    fields = st.fixed_dictionaries({}, optional={"title": hostile_texts, "url": hostile_texts, "date": hostile_texts,
                                                 "source": hostile_texts, "language": st.text(max_size=5)})

    @fuzz(200)
    @given(body=st.one_of(st.binary(max_size=600), hostile_texts.map(lambda t: t.encode("utf-8", "surrogatepass"))),
           record=fields, kind=st.sampled_from(["text", "record"]))
    def check(body: bytes, record: dict[str, str], kind: str) -> None:
        tally[f"extract: {kind}"] += 1
        if kind == "record":
            body = body.decode("utf-8", "replace").encode("utf-8")  # records arrive as decoded JSON strings
        check_article(RawDocument(origin="fuzz", data=body, kind=kind, fields=record), limits)

    check()


def test_json_lines_records(fuzz: Fuzz, tally: Tally, limits: Settings, hostile_texts: st.SearchStrategy[str]) -> None:
    values = st.one_of(hostile_texts, st.integers(), st.none(), st.lists(st.integers(), max_size=2))
    records = st.dictionaries(st.sampled_from(["title", "text", "body", "url", "date", "source", "html", "id"]), values)

    @fuzz(200)
    @given(record=st.one_of(records, values), surrogate=st.sampled_from(["", "\\ud83d", "\\udc00x", "\\u0000"]))
    def check(record: object, surrogate: str) -> None:
        tally["ingest: JSON Lines record"] += 1
        line = json.dumps(record).replace("North", surrogate + "North")  # escapes JSON allows and UTF-8 does not
        for item in read_jsonl(line.encode(), "fuzz.jsonl"):
            if isinstance(item, RawDocument):
                check_article(item, limits)
            else:
                assert item.reason and item.origin == "fuzz.jsonl:1"

    check()


def test_files_never_raise(fuzz: Fuzz, tally: Tally, limits: Settings, tmp_path: Path) -> None:
    @fuzz(150)
    @given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES), compress=st.booleans())
    def check(data: bytes, suffix: str, compress: bool) -> None:
        tally["ingest: read_file"] += 1
        path = tmp_path / f"item{suffix}"
        path.write_bytes(gzip.compress(data) if compress and suffix.endswith(".gz") else data)
        for item in read_file(path, limits):
            assert isinstance(item, RawDocument | Problem)
            if isinstance(item, Problem):
                assert item.reason and "\n" not in item.reason

    check()


def test_canonical_url_is_idempotent(fuzz: Fuzz, tally: Tally, hostile_texts: st.SearchStrategy[str]) -> None:
    hosts = st.sampled_from(["news.example", "NEWS.Example:443", "[::1]", "[oops", "127.0.0.1:8080", "bücher.example",
                             "xn--80ak6aa92e.com", "a.example:99999", ""])
    urls = st.builds("{}://{}{}{}".format, st.sampled_from(["http", "https", "HTTP", "ftp", "javascript"]), hosts,
                     hostile_texts, st.sampled_from(["", "?utm_source=x&id=7", "#top", "?a=1&a=2&b"]))

    @fuzz(300)
    @given(url=st.one_of(urls, hostile_texts))
    def check(url: str) -> None:
        tally["extract: canonical_url"] += 1
        once = canonical_url(url)
        assert once is None or (once and canonical_url(once) == once)

    check()


def test_content_hash_ignores_spacing_and_normal_form(fuzz: Fuzz, tally: Tally,
                                                      hostile_texts: st.SearchStrategy[str]) -> None:
    @fuzz(300)
    @given(text=hostile_texts, spacing=st.sampled_from([" ", "  ", "\n", "\t ", "\u3000"]))
    def check(text: str, spacing: str) -> None:
        tally["extract: content_hash"] += 1
        respaced = spacing.join(text.split())
        assert content_hash(respaced) == content_hash(text) == content_hash(unicodedata.normalize("NFD", text))

    check()
