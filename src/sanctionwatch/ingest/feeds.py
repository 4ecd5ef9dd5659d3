"""Feeds: RSS 0.9x, 1.0 and 2.0 and Atom (feedparser), JSON Feed, and OPML lists of feeds.

    parse_feed(bytes, url, content type) -> ParsedFeed: title and FeedEntries, bad entries as Problems
    read_opml(bytes) -> [FeedSource];  write_opml([FeedSource]) -> bytes
    default_feeds() -> [FeedSource]: the public feeds in kb/feeds.yaml

XML is screened with defusedxml before feedparser sees it: a document that declares entities
(the "billion laughs") or refers to external ones is refused, never expanded. Otherwise malformed
XML goes to feedparser's forgiving parser. feedparser is always handed a stream, never a string,
so feed bytes can never be taken for a file name or a URL to open.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html.parser
import io
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import defusedxml
import defusedxml.ElementTree
import feedparser

from sanctionwatch.errors import InputError
from sanctionwatch.kb import load_kb_file
from sanctionwatch.model import FeedEntry, Problem

JSON_FEED_VERSION = "https://jsonfeed.org/version/"
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
MAX_GUID_CHARS = 512
MAX_ENTRIES = 1000
# What neither XML nor a store can hold: lone surrogates (a JSON Feed may escape one), NUL and other controls
UNSTORABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
                        "article", "ul", "ol", "table", "pre", "hr"})
EntryBuilder = Callable[[Mapping[str, Any], str], FeedEntry | Problem]


@dataclasses.dataclass
class FeedSource:
    """A feed to follow, as a list (OPML, the defaults) names it."""

    url: str
    title: str | None = None


@dataclasses.dataclass
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]
    problems: list[Problem] = dataclasses.field(default_factory=list)


def parse_feed(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The entries of an RSS, Atom or JSON feed; InputError when the bytes are no feed at all."""
    if _looks_like_json(data, content_type):
        return parse_json_feed(data, url)
    screen_xml(data, url)
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, resolve_relative_uris=True,
                              sanitize_html=True)
    title = _text(parsed.feed.get("title"))
    if not parsed.entries and not title:
        reason = parsed.get("bozo_exception") or "no entries and no title"
        raise InputError(f"{url}: not a feed ({str(reason).splitlines()[0][:200]})")
    return _collect(title, parsed.entries[:MAX_ENTRIES], url, _xml_entry)


def parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    """A JSON Feed (version 1 or 1.1)."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:  # RecursionError: nested too deeply
        raise InputError(f"{url}: not valid JSON ({error})") from error
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(JSON_FEED_VERSION):
        raise InputError(f"{url}: not a JSON Feed (no JSON Feed version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise InputError(f"{url}: JSON Feed without an items list")
    return _collect(_text(document.get("title")), items[:MAX_ENTRIES], url, _json_entry)


def screen_xml(data: bytes, origin: str) -> None:
    """InputError for XML that declares entities or refers to external resources."""
    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as error:
        raise InputError(f"{origin}: refused hostile XML ({type(error).__name__})") from error
    except ElementTree.ParseError as error:
        if ENTITY_DECLARATION.search(data):
            raise InputError(f"{origin}: refused malformed XML that declares entities") from error


def read_opml(data: bytes) -> list[FeedSource]:
    """The feeds an OPML file lists (outlines with an xmlUrl, at any depth), each once."""
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as error:
        raise InputError(f"refused hostile OPML ({type(error).__name__})") from error
    except ElementTree.ParseError as error:
        raise InputError(f"not valid OPML ({error})") from error
    if root.tag.lower() != "opml":
        raise InputError(f"not OPML: the root element is <{root.tag}>")
    found: dict[str, FeedSource] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in found:
            found[url] = FeedSource(url, _text(outline.get("title") or outline.get("text")))
    return list(found.values())


def write_opml(feeds: Iterable[FeedSource], title: str = "sanctionwatch feeds") -> bytes:
    """An OPML 2.0 document listing the feeds."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    ElementTree.SubElement(head, "dateCreated").text = _http_date(dt.datetime.now(dt.UTC))
    body = ElementTree.SubElement(root, "body")
    for feed in feeds:
        name = _text(feed.title) or feed.url
        ElementTree.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=feed.url)
    ElementTree.indent(root)
    return bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def feed_text(content: str) -> str:
    """The plain text of the HTML (or text) a feed entry carries, one paragraph a line."""
    reader = _TextReader()
    reader.feed(content)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).split("\n"))
    return "\n".join(line for line in lines if line)


class _TextReader(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skipping += tag in ("script", "style")
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._skipping -= tag in ("script", "style") and self._skipping > 0
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def default_feeds() -> list[FeedSource]:
    """The public sanctions-news feeds shipped in kb/feeds.yaml."""
    data = load_kb_file("feeds.yaml")
    sources = []
    for item in data["feeds"]:
        if not isinstance(item, dict) or not str(item.get("url", "")).startswith(("http://", "https://")):
            raise InputError(f"kb/feeds.yaml: bad feed entry {item!r}")
        sources.append(FeedSource(str(item["url"]), item.get("title")))
    return sources


def _collect(title: str | None, raw_entries: list[Any], url: str, build: EntryBuilder) -> ParsedFeed:
    feed = ParsedFeed(title=title, entries=[])
    for number, raw in enumerate(raw_entries, start=1):
        item = build(raw, url) if isinstance(raw, Mapping) else Problem(f"{url}#{number}", "entry is not an object")
        if isinstance(item, Problem):
            feed.problems.append(item)
        else:
            feed.entries.append(item)
    return feed


def _xml_entry(raw: Mapping[str, Any], base: str) -> FeedEntry | Problem:
    link = _http_link(raw.get("link") or _alternate_link(raw.get("links")), base)
    contents = [part.get("value", "") for part in raw.get("content") or [] if isinstance(part, Mapping)]
    content = max([*contents, str(raw.get("summary") or "")], key=len)
    updated = _struct_date(dict.get(raw, "updated_parsed")) if isinstance(raw, dict) else None
    published = _struct_date(raw.get("published_parsed")) or updated
    return _entry(raw.get("id"), link, _text(raw.get("title")), published, updated, content, base)


def _json_entry(raw: Mapping[str, Any], base: str) -> FeedEntry | Problem:
    link = _http_link(raw.get("url") or raw.get("external_url"), base)
    content = str(raw.get("content_html") or raw.get("content_text") or raw.get("summary") or "")
    published = _iso_date(raw.get("date_published")) or _iso_date(raw.get("date_modified"))
    return _entry(raw.get("id"), link, _text(raw.get("title")), published,
                  _iso_date(raw.get("date_modified")), content, base)


def _entry(
    guid: object, link: str | None, title: str | None, published: str | None, updated: str | None,
    content: str, base: str,
) -> FeedEntry | Problem:
    content = _storable(content)
    key = _storable(str(guid)).strip() if guid not in (None, "") else (link or _fingerprint(title, published, content))
    if len(key) > MAX_GUID_CHARS:
        key = "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    if not link and not content.strip():
        return Problem(f"{base}#{key[:80]}", "entry has neither a usable link nor any content")
    return FeedEntry(guid=key, url=link, title=title or "", published=published, updated=updated, content=content)


def _alternate_link(links: object) -> str | None:
    for link in links if isinstance(links, list) else []:
        if isinstance(link, Mapping) and link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _http_link(value: object, base: str) -> str | None:
    if not value or not isinstance(value, str):
        return None
    try:
        url = urljoin(base, value.strip())
        return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname else None
    except ValueError:  # "http://[oops/": not a URL at all
        return None


def _fingerprint(title: str | None, published: str | None, content: str) -> str:
    basis = "\n".join([title or "", published or "", content[:2000]])
    return "sha256:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()


def _struct_date(value: object) -> str | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return dt.datetime(*value[:6], tzinfo=dt.UTC).isoformat(timespec="seconds")
    except (TypeError, ValueError):
        return None


def _iso_date(value: object) -> str | None:
    try:
        when = dt.datetime.fromisoformat(str(value).strip()) if value else None
    except ValueError:
        return None
    if when is None:
        return None
    when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat(timespec="seconds")


def _text(value: object) -> str | None:
    text = " ".join(_storable(str(value)).split()) if value else ""
    return text or None


def _storable(text: str) -> str:
    return UNSTORABLE.sub("", text)


def _looks_like_json(data: bytes, content_type: str) -> bool:
    return "json" in content_type.lower() or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _http_date(when: dt.datetime) -> str:
    return when.strftime("%a, %d %b %Y %H:%M:%S GMT")
