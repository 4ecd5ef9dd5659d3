"""Fuzzing feeds and OPML: arbitrary bytes, generated RSS/Atom/JSON feeds with hostile values, OPML.

Properties: only InputError escapes; an entry's link is None or an http(s) URL with a host; every
text an entry carries can be stored (UTF-8, no NUL); an OPML list written and read back is the same
list; the plain text of entry HTML keeps no markup.
"""

from __future__ import annotations

import collections
import json
from collections.abc import Callable
from html import escape
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.errors import InputError
from sanctionwatch.ingest.feeds import (
    MAX_GUID_CHARS,
    FeedSource,
    ParsedFeed,
    feed_text,
    parse_feed,
    read_opml,
    write_opml,
)

BASE = "https://feeds.example/desk/rss"
LINKS = st.sampled_from(["https://news.example/a/1", "/relative/2", "javascript:alert(1)", "file:///etc/passwd",
                         "http://[oops/", "http://127.0.0.1:9/admin", "", "  https://news.example/b?x=1#y  "])
Tally = collections.Counter[str]
Fuzz = Callable[[int], settings]


def check_feed(data: bytes, content_type: str = "") -> ParsedFeed | None:
    try:
        parsed = parse_feed(data, BASE, content_type)
    except InputError as error:
        assert str(error).startswith(BASE) and "\n" not in str(error)
        return None
    for entry in parsed.entries:
        assert entry.url is None or (urlsplit(entry.url).scheme in ("http", "https") and urlsplit(entry.url).hostname)
        assert len(entry.guid) <= max(MAX_GUID_CHARS, 71)
        for value in (entry.guid, entry.url or "", entry.title, entry.content, entry.published or ""):
            assert "\x00" not in value and value.encode("utf-8").decode("utf-8") == value
        text = feed_text(entry.content)
        assert "<script" not in text.lower() or "<script" in entry.content.lower().replace("&lt;", "<")
    return parsed


def rss(title: str, items: list[tuple[str, str, str]], escaped: bool) -> bytes:
    quote = escape if escaped else str
    body = "".join(f"<item><title>{quote(t)}</title><link>{quote(link)}</link><description>{quote(d)}</description>"
                   f"<guid>{quote(t[:40])}</guid></item>" for t, link, d in items)
    return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{quote(title)}</title>" \
           f"{body}</channel></rss>".encode("utf-8", "surrogatepass")


def atom(title: str, items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f"<entry><id>urn:x:{i}</id><title>{escape(t)}</title><link href=\"{escape(link)}\"/>"
                   f"<content type=\"html\">{escape(d)}</content></entry>" for i, (t, link, d) in enumerate(items))
    return (f"<feed xmlns='http://www.w3.org/2005/Atom'><title>{escape(title)}</title>{body}</feed>").encode()


def json_feed(title: str, items: list[tuple[str, str, str]], surrogate: str) -> bytes:
    entries = [{"id": t[:30], "url": link, "title": t + surrogate, "content_html": d} for t, link, d in items]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title, "items": entries}).replace(
        "\\\\ud800", "\\ud800").encode()


def test_arbitrary_bytes(fuzz: Fuzz, tally: Tally) -> None:
    @fuzz(200)
    @given(data=st.one_of(st.binary(max_size=800), st.text(max_size=300).map(str.encode)),
           content_type=st.sampled_from(["", "application/rss+xml", "application/feed+json", "text/html"]))
    def check(data: bytes, content_type: str) -> None:
        tally["feeds: arbitrary bytes"] += 1
        check_feed(data, content_type)

    check()


def test_generated_feeds(fuzz: Fuzz, tally: Tally, hostile_texts: st.SearchStrategy[str]) -> None:
    items = st.lists(st.tuples(hostile_texts, LINKS, hostile_texts), max_size=5)

    @fuzz(250)
    @given(title=hostile_texts, entries=items, kind=st.sampled_from(["rss", "raw rss", "atom", "json"]),
           surrogate=st.sampled_from(["", "\\ud800"]))
    def check(title: str, entries: list[tuple[str, str, str]], kind: str, surrogate: str) -> None:
        tally[f"feeds: generated {kind}"] += 1
        document = {"rss": lambda: rss(title, entries, True), "raw rss": lambda: rss(title, entries, False),
                    "atom": lambda: atom(title, entries), "json": lambda: json_feed(title, entries, surrogate)}[kind]()
        parsed = check_feed(document)
        if parsed is not None:
            assert len(parsed.entries) + len(parsed.problems) <= len(entries)

    check()


def test_opml_round_trip(fuzz: Fuzz, tally: Tally, hostile_texts: st.SearchStrategy[str]) -> None:
    urls = st.builds("https://news.example/{}/feed?x={}".format, st.integers(0, 99), st.integers(0, 9))

    @fuzz(150)
    @given(sources=st.lists(st.builds(FeedSource, urls, st.one_of(st.none(), hostile_texts)), max_size=6,
                            unique_by=lambda s: s.url))
    def check(sources: list[FeedSource]) -> None:
        tally["opml: write then read"] += 1
        back = read_opml(write_opml(sources))
        assert [s.url for s in back] == [s.url for s in sources]
        for wrote, read in zip(sources, back, strict=True):
            title = wrote.title or ""
            plain = title.isprintable() and title == " ".join(title.split())
            assert read.title and (not plain or not title or read.title == title)

    check()


def test_opml_arbitrary_bytes(fuzz: Fuzz, tally: Tally, hostile_texts: st.SearchStrategy[str]) -> None:
    outline = st.builds('<outline text="{}" xmlUrl="{}"/>'.format, hostile_texts.map(escape), LINKS.map(escape))
    documents = st.lists(outline, max_size=5).map(lambda o: f"<opml version='2.0'><body>{''.join(o)}</body></opml>")

    @fuzz(150)
    @given(data=st.one_of(st.binary(max_size=500), documents.map(lambda d: d.encode("utf-8", "surrogatepass"))))
    def check(data: bytes) -> None:
        tally["opml: arbitrary bytes"] += 1
        try:
            found = read_opml(data)
        except InputError as error:
            assert "\n" not in str(error)
            return
        assert len({source.url for source in found}) == len(found)

    check()
