"""Extract: RawDocument -> Article (text and metadata).

HTML goes through trafilatura (main text, title, date, site); plain text in the house layout is
understood (first line the headline, a trailer ``Original Source: <domain>``); JSON Lines records
bring their own fields. The article id is derived from its text, so the same text is one article.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import trafilatura
from courlan import normalize_url

from sanctionwatch.errors import InputError
from sanctionwatch.model import Article, RawDocument, utc_now
from sanctionwatch.settings import Settings

SOURCE_TRAILER = re.compile(r"^\s*Original Sources?:\s*(?P<domains>\S.*?)\s*$", re.IGNORECASE)
HOSTNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
MIN_TEXT_CHARS = 20
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")  # C0 controls but tab and line ends, DEL, stray BOMs
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never inside a UTF-8 sequence
TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9]{0,20})\b[^<>]{0,2000}?(/?)>")
VOID_ELEMENTS = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())
MAX_HTML_DEPTH = 255  # libxml2 stops building the tree below this depth (without its "huge" option)
log = logging.getLogger(__name__)


def extract_article(raw: RawDocument, settings: Settings) -> Article:
    """The article in a raw document; InputError when there is none to be had."""
    if raw.kind == "html":
        article = _from_html(raw)
    elif raw.kind == "record":
        article = _from_text(raw.data.decode("utf-8"), raw, headline_first=not raw.fields.get("title"))
    else:
        article = _from_text(_decode(raw.data), raw, headline_first=True)
    article.text, article.title = _storable(article.text), _storable(article.title)
    if len(article.text) > settings.max_text_chars:
        log.warning("%s: text cut to the first %d characters (max_text_chars)", raw.origin, settings.max_text_chars)
        article.text = article.text[: settings.max_text_chars]
    if len(article.text.strip()) < MIN_TEXT_CHARS:
        raise InputError("no article text found")
    return _finish(article, raw)


def canonical_url(url: str | None) -> str | None:
    """The URL with tracking parameters, fragments and default ports removed, host lower-cased
    (a URL that cannot be parsed, such as ``http://[oops``, is kept as written)."""
    if not url or not url.strip():
        return None
    try:
        normalised = str(normalize_url(url.strip(), strict=False))
        return urlunsplit(urlsplit(normalised)._replace(fragment="")).strip() or None
    except (ValueError, AttributeError):
        return url.strip()


def content_hash(text: str) -> str:
    """SHA-256 of the text with Unicode and white space normalised: equal for the same text."""
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _from_text(text: str, raw: RawDocument, headline_first: bool) -> Article:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    domain = _trailer_domain(lines)
    if domain is not None:
        lines = lines[: _last_content_line(lines)]
    title = str(raw.fields.get("title", ""))
    if headline_first and not title:
        title, lines = _split_headline(lines)
    body = _drop_leading_title("\n".join(lines).strip(), title)
    return Article(id="", title=title.strip(), text=body, source_domain=domain)


def _from_html(raw: RawDocument) -> Article:
    result = trafilatura.bare_extraction(  # without control bytes: libxml2 stops reading at a NUL or an ESC
        CONTROL_BYTES.sub(b"", raw.data), url=raw.url, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=False, as_dict=True,
    )
    meta: dict[str, Any] = result if isinstance(result, dict) else {}
    if not meta.get("text"):
        if _nesting_depth(raw.data) > MAX_HTML_DEPTH:
            raise InputError(f"no article found in the HTML: its elements nest deeper than {MAX_HTML_DEPTH} levels, "
                             "more than the HTML parser (libxml2) reads")
        raise InputError("no article found in the HTML")
    text = str(meta.get("text") or raw.fields.get("text") or "")
    title = str(raw.fields.get("title") or meta.get("title") or "")
    text = _drop_leading_title(text, title)
    article = Article(id="", title=title.strip(), text=text.strip())
    article.url = raw.url or meta.get("url")
    article.published = meta.get("date")
    article.language = meta.get("language")
    article.source_domain = _domain(article.url) or _domain(meta.get("hostname"))
    article.meta = {k: meta[k] for k in ("author", "sitename", "source-hostname") if meta.get(k)}
    return article


def _finish(article: Article, raw: RawDocument) -> Article:
    fields = raw.fields
    article.url = _storable(str(article.url or fields.get("url") or raw.url or "")) or None
    article.canonical_url = canonical_url(article.url)
    article.source_domain = _domain(fields.get("source")) or article.source_domain or _domain(article.url)
    article.published = _date(fields.get("date")) or _date(article.published)
    article.language = _storable(str(fields.get("language") or article.language or "")) or None
    article.title = article.title or _first_sentence(article.text)
    article.content_hash = content_hash(article.text)
    article.raw_hash = hashlib.sha256(raw.data).hexdigest()
    article.id = article.content_hash[:16]
    article.origin = raw.origin
    article.fetched_at = raw.fetched_at
    article.ingested_at = utc_now()
    if fields.get("id"):
        article.meta["source_id"] = fields["id"]
    return article


def _nesting_depth(data: bytes) -> int:
    """How deep the HTML's elements nest (a rough count from the tags; stops once past the parser's limit)."""
    depth = deepest = 0
    for tag in TAG.finditer(data):
        closing, name, self_closing = tag.groups()
        if name.lower() in VOID_ELEMENTS or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
        if deepest > MAX_HTML_DEPTH:
            break
    return deepest


def _storable(text: str) -> str:
    """Text without the control characters no store should hold (NUL cannot go into PostgreSQL at all)."""
    return UNSTORABLE.sub("", text)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})") from error


def _trailer_domain(lines: list[str]) -> str | None:
    index = _last_content_line(lines)
    match = SOURCE_TRAILER.match(lines[index]) if index >= 0 else None
    return _domain(match.group("domains").split(",")[0]) if match else None


def _last_content_line(lines: list[str]) -> int:
    """Index of the last line with content (0 when none has any)."""
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return index
    return 0


def _split_headline(lines: list[str]) -> tuple[str, list[str]]:
    content = [i for i, line in enumerate(lines) if line.strip()]
    if len(content) < 2 or len(lines[content[0]]) > 300:
        return "", lines
    return lines[content[0]], lines[content[0] + 1:]


def _drop_leading_title(text: str, title: str) -> str:
    first, _, rest = text.partition("\n")
    return rest.strip() if title and first.strip() == title.strip() and rest.strip() else text


def _domain(value: object) -> str | None:
    if not value:
        return None
    text = str(value).strip()
    try:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    except ValueError:  # "[" or "http://[oops": no host to be had
        return None
    match = HOSTNAME.match(host)
    return match.group(0).lower() if match and "." in match.group(0) else None


def _date(value: object) -> str | None:
    if not value:
        return None
    match = DATE_PREFIX.match(str(value).strip())
    return match.group(0) if match else None


def _first_sentence(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return first[:200]
