"""A decompression bomb inside a JSON Lines archive: one gzipped line of 100 MB between two good records.

Planning the parts and reading them must hold no more than the input limit of any line in memory,
refuse the huge record with its reason, and keep the records around it.
"""

from __future__ import annotations

import json
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sanctionwatch.ingest.archive import plan_parts, read_part
from sanctionwatch.model import Problem, RawDocument
from sanctionwatch.settings import load_settings

MB = 1_000_000
RECORD = {"title": "Workers", "text": "North Korea sent about 4,000 workers to Russia in 2024, officials said."}


def write_bomb(path: Path, line_bytes: int) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    parts = [packer.compress(json.dumps(RECORD).encode() + b"\n" + b'{"text": "')]
    parts += [packer.compress(b"x" * MB) for _ in range(line_bytes // MB)]
    parts += [packer.compress(b'"}\n' + json.dumps({**RECORD, "title": "After"}).encode() + b"\n"), packer.flush()]
    path.write_bytes(b"".join(parts))


def test_huge_line_in_an_archive(tmp_path: Path, scale: int, tally: Callable[..., Any]) -> None:
    archive = tmp_path / "news.jsonl.gz"
    write_bomb(archive, 100 * MB * min(scale, 5))
    settings = load_settings({"max_input_bytes": MB}, environ={})
    tracemalloc.start()
    try:
        plan = plan_parts([archive], 2)
        items = [item for part in plan.parts for item in read_part(part, settings)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert plan.problems == [] and plan.records == 3
    assert [type(item) for item in items] == [RawDocument, Problem, RawDocument]
    assert isinstance(items[1], Problem) and "longer than the limit of 1.0 MB" in items[1].reason
    assert peak < 10 * MB, f"peak {peak / MB:.0f} MB while reading a {100 * min(scale, 5)} MB line"
    tally["hostile: gzip bomb line in a JSON Lines archive"] += 1
