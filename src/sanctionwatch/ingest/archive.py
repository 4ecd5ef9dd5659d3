"""Archives (JSON Lines, WARC) read in parts, so that many workers can share one archive.

    plan_parts(paths, count)            one quick pass over each file: where its records start, in ~count parts
    read_part(part, settings, mapping)  what a worker runs: the documents of one part, bad ones as Problems

A part is a run of consecutive records of one file: where the first starts and how many there are.
WARC offsets are positions in the file (each record of a ``.warc.gz`` is its own gzip member, as in
Common Crawl's CC-NEWS), so a worker seeks straight to its part. JSON Lines offsets are positions in
the decompressed text (a ``.jsonl.gz`` part is reached by decompressing what comes before it).
``response``, ``resource`` and ``conversion`` WARC records of HTML or plain text become documents;
request, metadata and warcinfo records are passed over; a failed response or another media type is
a Problem that names the record (``path@offset``), like a bad JSON Lines line (``path:line``).
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import math
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from sanctionwatch.errors import InputError
from sanctionwatch.ingest.files import read_jsonl
from sanctionwatch.model import Problem, RawDocument
from sanctionwatch.settings import Settings

FORMATS = {".warc": "warc", ".warc.gz": "warc", ".jsonl": "jsonl", ".jsonl.gz": "jsonl", ".ndjson": "jsonl",
           ".ndjson.gz": "jsonl"}
BLOCK = 1 << 16
DOCUMENT_RECORDS = frozenset({"response", "resource", "conversion"})
Item = RawDocument | Problem


@dataclasses.dataclass(frozen=True)
class ArchivePart:
    """Consecutive records of one archive file: ``records`` of them from byte ``start``."""

    path: str
    format: str  # warc | jsonl
    start: int
    records: int
    number: int  # the first record's line number (JSON Lines) or position in the file (WARC), from 1

    @property
    def label(self) -> str:
        return f"{self.path} records {self.number}-{self.number + self.records - 1}"


@dataclasses.dataclass
class ArchivePlan:
    parts: list[ArchivePart]
    problems: list[Problem]

    @property
    def records(self) -> int:
        return sum(part.records for part in self.parts)


def archive_format(path: Path) -> str | None:
    """``warc`` or ``jsonl`` from the file name, None for anything else."""
    name = path.name.lower()
    return next((kind for suffix, kind in FORMATS.items() if name.endswith(suffix)), None)


def archive_files(paths: Iterable[Path]) -> list[Path]:
    """The archive files named or found under the given folders; InputError for anything else."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and archive_format(p))
        elif not path.is_file():
            raise InputError(f"{path}: no such file or directory")
        elif archive_format(path) is None:
            raise InputError(f"{path}: not an archive (expected {', '.join(FORMATS)})")
        else:
            found.append(path)
    return found


def plan_parts(paths: Iterable[Path], count: int) -> ArchivePlan:
    """About ``count`` parts of similar size over the records of every archive (a part never spans two files)."""
    indexed = [(path, *_index(path)) for path in archive_files(paths)]
    total = sum(len(starts) for _path, starts, _numbers, _problem in indexed)
    size = max(1, math.ceil(total / max(1, count)))
    parts, problems = [], []
    for path, starts, numbers, problem in indexed:
        kind = archive_format(path) or ""
        for first in range(0, len(starts), size):
            chunk = starts[first:first + size]
            parts.append(ArchivePart(str(path), kind, chunk[0], len(chunk), numbers[first]))
        problems += [problem] if problem else []
    return ArchivePlan(parts, problems)


def read_part(part: ArchivePart, settings: Settings, mapping: Mapping[str, str] | None = None) -> Iterator[Item]:
    """The documents of one part, in file order."""
    if part.format == "warc":
        yield from _read_warc(part, settings.max_input_bytes)
    else:
        yield from _read_jsonl(part, settings.max_input_bytes, mapping)


def _index(path: Path) -> tuple[list[int], list[int], Problem | None]:
    """Where each record starts, its number, and the problem that stopped the pass early (if one did)."""
    starts: list[int] = []
    numbers: list[int] = []
    try:
        if archive_format(path) == "warc":
            _index_warc(path, starts, numbers)
        else:
            _index_jsonl(path, starts, numbers)
    except (OSError, EOFError, ArchiveLoadFailed, ValueError) as error:
        where = f"{path}@{starts[-1]}" if starts else str(path)
        return starts, numbers, Problem(where, f"archive unreadable after {len(starts)} record(s): {error}")
    return starts, numbers, None


def _index_warc(path: Path, starts: list[int], numbers: list[int]) -> None:
    with path.open("rb") as stream:
        records = ArchiveIterator(stream, no_record_parse=True)
        for record in records:
            size = _drain(record.raw_stream)
            if record.length is not None and size < int(record.length):
                raise ValueError(f"a record is cut short ({size} of {record.length} bytes)")
            starts.append(records.get_record_offset())
            numbers.append(len(starts))


def _drain(stream: Any) -> int:
    """Read a record's block to its end; how many bytes it really had."""
    size = 0
    while block := stream.read(BLOCK):
        size += len(block)
    return size


def _index_jsonl(path: Path, starts: list[int], numbers: list[int]) -> None:
    """Lines are read a block at a time: a huge one (a decompression bomb) never sits in memory whole."""
    with _open_jsonl(path) as stream:
        offset, number, start, fresh, counted = 0, 0, 0, True, False
        while block := stream.readline(BLOCK):
            if fresh:
                number, start, counted = number + 1, offset, False
            if not counted and block.strip():
                starts.append(start)
                numbers.append(number)
                counted = True
            offset += len(block)
            fresh = block.endswith(b"\n")


def _read_jsonl(part: ArchivePart, limit: int, mapping: Mapping[str, str] | None) -> Iterator[Item]:
    with _open_jsonl(Path(part.path)) as stream:
        stream.seek(part.start)
        number, left = part.number, part.records
        while left > 0:
            line = stream.readline(limit + 1)
            if not line:
                yield Problem(f"{part.path}:{number}", "archive ended before the part did")
                return
            if len(line) > limit and not line.endswith(b"\n"):
                _skip_rest_of_line(stream)  # an oversized line is one Problem, not two records
            if line.strip():
                left -= 1
                yield _jsonl_item(line, f"{part.path}:{number}", limit, mapping)
            number += 1


def _skip_rest_of_line(stream: io.BufferedIOBase) -> None:
    while (block := stream.readline(BLOCK)) and not block.endswith(b"\n"):
        continue


def _jsonl_item(line: bytes, origin: str, limit: int, mapping: Mapping[str, str] | None) -> Item:
    if len(line) > limit:
        return Problem(origin, f"record longer than the limit of {limit / 1e6:.1f} MB")
    try:
        item = next(read_jsonl(line, origin, mapping))
    except InputError as error:
        return Problem(origin, str(error))
    return dataclasses.replace(item, origin=origin)


def _read_warc(part: ArchivePart, limit: int) -> Iterator[Item]:
    with Path(part.path).open("rb") as stream:
        stream.seek(part.start)
        records = ArchiveIterator(stream)
        for _number, record in zip(range(part.records), records, strict=False):
            item = _warc_item(record, part.path, limit)
            if item is not None:
                yield dataclasses.replace(item, origin=f"{part.path}@{records.get_record_offset()}")


def _warc_item(record: Any, path: str, limit: int) -> Item | None:
    """A document from a WARC record, a Problem, or None for records that never hold one."""
    if record.rec_type not in DOCUMENT_RECORDS:
        return None
    headers = record.http_headers if record.rec_type == "response" else None
    status = str(headers.get_statuscode() or "") if headers is not None else ""
    media = str((headers or record.rec_headers).get_header("Content-Type") or "").lower()
    kind = "html" if "html" in media else "text" if media.startswith("text/plain") else None
    if status and not status.startswith("2"):
        return Problem(path, f"HTTP {status}")
    if kind is None:
        return Problem(path, f"not HTML or text ({media or 'no media type'})")
    data = record.content_stream().read(limit + 1)
    if len(data) > limit or not data.strip():
        return Problem(path, "record larger than the input limit" if data.strip() else "empty record")
    headers = record.rec_headers
    return RawDocument(origin=path, data=data, kind=kind, url=headers.get_header("WARC-Target-URI"),
                       fetched_at=headers.get_header("WARC-Date"))


def _open_jsonl(path: Path) -> io.BufferedIOBase:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")
