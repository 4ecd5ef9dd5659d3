"""Feed parsing (RSS 0.91/1.0/2.0, Atom, JSON Feed), hostile and malformed XML, OPML, the defaults."""

import json
from html import escape
from pathlib import Path

import pytest

from sanctionwatch.errors import InputError
from sanctionwatch.ingest.feeds import (
    FeedSource,
    default_feeds,
    feed_text,
    parse_feed,
    read_opml,
    write_opml,
)


def corpus(shared_dir: Path, count: int = 3) -> list[dict[str, str]]:
    lines = (shared_dir / "data" / "corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:count]]


def rss2(rows: list[dict[str, str]]) -> bytes:
    items = "".join(
        f"<item><title>{escape(r['title'])}</title><link>{r['url']}</link><guid>{r['id']}</guid>"
        f"<pubDate>Thu, 28 Mar 2024 10:00:00 GMT</pubDate><description>{escape(r['text'][:200])}</description>"
        f"<content:encoded><![CDATA[<p>{escape(r['text'])}</p>]]></content:encoded></item>" for r in rows)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Sanctions desk</title>'
            f"{items}</channel></rss>").encode()


def test_rss2_entries_carry_link_guid_date_and_full_content(shared_dir: Path) -> None:
    rows = corpus(shared_dir)
    feed = parse_feed(rss2(rows), "https://desk.example/feed.xml", "application/rss+xml")
    assert feed.title == "Sanctions desk"
    assert [e.guid.rsplit("/", 1)[-1] for e in feed.entries] == [r["id"] for r in rows]
    assert [e.url for e in feed.entries] == [r["url"] for r in rows]
    assert feed.entries[0].published == "2024-03-28T10:00:00+00:00"
    assert rows[0]["text"][:100] in feed_text(feed.entries[0].content)


def test_atom_json_feed_rss1_and_rss091_with_relative_links(shared_dir: Path) -> None:
    row = corpus(shared_dir, 1)[0]
    title = escape(row["title"])
    atom = (f'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>tag:a,1</id><title>{title}</title>'
            '<link rel="alternate" href="/news/1"/><updated>2025-01-23T00:00:00Z</updated></entry></feed>').encode()
    rdf = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
           '<channel rdf:about="https://b.example/"><title>B</title><link>https://b.example/</link>'
           f'<description>d</description></channel><item rdf:about="https://b.example/2"><title>{title}</title>'
           '<link>https://b.example/2</link></item></rdf:RDF>').encode()
    rss091 = ('<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
              '0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
              '<title>Caf\xe9</title><link>https://c.example/</link><description>d</description><item>'
              f'<title>{title}</title><link>https://c.example/3</link></item></channel></rss>').encode("latin-1")
    json_feed = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "D", "items": [
        {"id": "d-1", "url": "https://d.example/4", "title": row["title"], "content_text": row["text"],
         "date_published": "2025-01-23T09:30:00-05:00"}]}).encode()
    parsed = [parse_feed(atom, "https://a.example/feed", "application/atom+xml"),
              parse_feed(rdf, "https://b.example/rss", "application/rdf+xml"),
              parse_feed(rss091, "https://c.example/rss", "text/xml"),
              parse_feed(json_feed, "https://d.example/feed.json", "application/feed+json")]
    assert [p.entries[0].url for p in parsed] == ["https://a.example/news/1", "https://b.example/2",
                                                  "https://c.example/3", "https://d.example/4"]
    assert all(p.entries[0].title == row["title"] for p in parsed)
    assert parsed[2].title == "Café"
    assert parsed[3].entries[0].published == "2025-01-23T14:30:00+00:00"


@pytest.mark.parametrize("document", [
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><title>&c;</title></channel></rss>',
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><title>&x;'
    b"</title></channel></rss>",
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><rss><channel><title>&x;<broken></rss>',
])
def test_hostile_xml_is_refused_not_expanded(document: bytes) -> None:
    with pytest.raises(InputError, match="refused"):
        parse_feed(document, "https://evil.example/feed", "application/xml")


@pytest.mark.parametrize("document", [b"/etc/passwd", b"<html><body>a page</body></html>", b"{}", b"\x00\x01"])
def test_things_that_are_not_feeds_raise_input_error(document: bytes) -> None:
    with pytest.raises(InputError, match="not"):
        parse_feed(document, "https://x.example/feed", "")


def test_malformed_feed_keeps_its_good_entries_and_reports_the_bad_ones() -> None:
    document = (b"<rss version='2.0'><channel><title>Loose & broken</title>"
                b"<item><title>kept</title><link>https://x.example/1</link></item>"
                b"<item><title>no link, no text</title></item>"
                b"<item><title>ftp link only</title><link>ftp://x.example/2</link></item></channel></rss>")
    feed = parse_feed(document, "https://x.example/feed", "application/rss+xml")
    assert [e.url for e in feed.entries] == ["https://x.example/1"]
    assert len(feed.problems) == 2
    assert all("neither a usable link nor any content" in p.reason for p in feed.problems)


def test_opml_round_trip_nested_outlines_and_refusals() -> None:
    sources = [FeedSource("https://a.example/rss", "A & Co"), FeedSource("https://b.example/atom", None)]
    document = write_opml(sources)
    assert read_opml(document) == [FeedSource("https://a.example/rss", "A & Co"),
                                   FeedSource("https://b.example/atom", "https://b.example/atom")]
    nested = (b'<opml version="1.0"><body><outline text="Korea"><outline text="NK" xmlUrl="https://n.example/f"/>'
              b'<outline text="dup" xmlUrl="https://n.example/f"/></outline></body></opml>')
    assert read_opml(nested) == [FeedSource("https://n.example/f", "NK")]
    with pytest.raises(InputError, match="hostile"):
        read_opml(b'<!DOCTYPE o [<!ENTITY x "y">]><opml><body><outline xmlUrl="&x;"/></body></opml>')
    with pytest.raises(InputError, match="not OPML"):
        read_opml(b"<rss/>")


def test_default_feeds_are_public_https_urls_for_sanctions_news() -> None:
    sources = default_feeds()
    assert len(sources) >= 10
    assert all(s.url.startswith("https://") and s.title for s in sources)
    assert len({s.url for s in sources}) == len(sources)
    hosts = " ".join(s.url for s in sources)
    assert all(name in hosts for name in ("treasury.gov", "consilium.europa.eu", "un.org", "yna.co.kr", "nknews"))
