"""Local files and folders: plain text, HTML (also gzipped), and JSON Lines with a field mapping."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from sanctionwatch.errors import InputError
from sanctionwatch.model import Problem, RawDocument
from sanctionwatch.settings import Settings

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
KNOWN_SUFFIXES = HTML_SUFFIXES | JSONL_SUFFIXES | TEXT_SUFFIXES
RECORD_FIELDS = ("id", "url", "title", "text", "html", "date", "source", "language")
DEFAULT_MAPPING: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "articleBody"),
    "html": ("html", "raw_html"),
    "date": ("date", "published", "pubdate", "datePublished"),
    "source": ("domain", "source", "source_domain", "publisher"),
    "language": ("language", "lang"),
}

# What a record's JSON may escape ("\\ud83d", "\\u0000") but no store can hold: lone surrogates, control characters
UNSTORABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
Item = RawDocument | Problem


def read_paths(paths: Iterable[Path], settings: Settings, mapping: Mapping[str, str] | None = None) -> Iterator[Item]:
    """Every document under the given files and folders, in a stable order; bad ones as Problems."""
    for path in paths:
        if not path.exists():
            yield Problem(str(path), "no such file or directory")
        elif path.is_dir():
            for child in _files_under(path):
                yield from read_file(child, settings, mapping)
        else:
            yield from read_file(path, settings, mapping)


def read_file(path: Path, settings: Settings, mapping: Mapping[str, str] | None = None) -> Iterator[Item]:
    """The documents in one file: one for text or HTML, one per line for JSON Lines."""
    try:
        data = _read_bytes(path, settings.max_input_bytes)
        suffix = _suffix(path)
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(data, str(path), mapping)
        else:
            yield _document(path, data, suffix)
    except InputError as error:
        yield Problem(str(path), str(error))


def read_jsonl(data: bytes, origin: str, mapping: Mapping[str, str] | None = None) -> Iterator[Item]:
    """One record per line; a bad line is a Problem naming its line number."""
    fields = resolve_mapping(mapping)
    text = _decode_utf8(data)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield _record(line, f"{origin}:{number}", fields)


def resolve_mapping(mapping: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """The record fields to read for each of ours; ``mapping`` overrides the defaults ("text=body")."""
    fields = dict(DEFAULT_MAPPING)
    for ours, theirs in (mapping or {}).items():
        if ours not in RECORD_FIELDS:
            raise InputError(f"unknown field {ours!r} in mapping; known: {', '.join(RECORD_FIELDS)}")
        fields[ours] = (theirs,)
    return fields


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["text=body", "url=link"]`` -> ``{"text": "body", "url": "link"}``."""
    mapping = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise InputError(f"field mapping {pair!r} is not of the form ours=theirs")
        mapping[ours.strip()] = theirs.strip()
    return mapping


def _record(line: str, origin: str, fields: Mapping[str, tuple[str, ...]]) -> Item:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Problem(origin, f"not valid JSON ({error.msg} at column {error.colno})")
    except RecursionError:
        return Problem(origin, "not valid JSON (nested too deeply)")
    if not isinstance(record, dict):
        return Problem(origin, "a JSON Lines record must be an object")
    found = {ours: _first(record, names) for ours, names in fields.items()}
    if not found["text"] and not found["html"]:
        return Problem(origin, "record has neither text nor html")
    values = {k: UNSTORABLE.sub("\ufffd", str(v)) for k, v in found.items() if v not in (None, "")}
    body = values.get("html") or values["text"]
    kind = "html" if values.get("html") else "record"
    return RawDocument(origin=origin, data=body.encode("utf-8"), kind=kind, url=values.get("url"), fields=values)


def _first(record: Mapping[str, Any], names: tuple[str, ...]) -> object:
    for name in names:
        if record.get(name) not in (None, ""):
            return record[name]
    return None


def _document(path: Path, data: bytes, suffix: str) -> RawDocument:
    kind = "html" if suffix in HTML_SUFFIXES or _looks_like_html(data) else "text"
    if kind == "text":
        _decode_utf8(data)
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).isoformat(timespec="seconds")
    return RawDocument(origin=str(path), data=data, kind=kind, fetched_at=mtime)


def _read_bytes(path: Path, limit: int) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"file too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB)")
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        data = _gunzip(data, limit)
    data = _utf16_to_utf8(data)
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:8192]:
        raise InputError("binary file or UTF-16/32 text without a byte-order mark (contains NUL bytes); "
                         "expected UTF-8 text, HTML or JSON Lines")
    return data


def _utf16_to_utf8(data: bytes) -> bytes:
    """A UTF-16 file with its byte-order mark (as Windows editors save "Unicode" text), re-encoded as UTF-8."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data.startswith(codecs.BOM_UTF32_LE):
        return data
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"not valid UTF-16 (at byte offset {error.start})") from error


def _gunzip(data: bytes, limit: int) -> bytes:
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        out = decompressor.decompress(data, limit + 1)
    except zlib.error as error:
        raise InputError(f"not a valid gzip file ({error})") from error
    if len(out) > limit or decompressor.unconsumed_tail:
        raise InputError(f"decompresses to more than the limit of {limit / 1e6:.1f} MB")
    if not decompressor.eof:
        raise InputError("not a valid gzip file (truncated or corrupt)")
    return out


def _decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})") from error


def _looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower()


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    return suffixes[-1] if suffixes else ""


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if path.is_file() and not hidden and _suffix(path) in KNOWN_SUFFIXES:
            yield path


