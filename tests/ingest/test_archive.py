"""Archives read in parts: every record once, the same documents whatever the partitioning."""

from pathlib import Path
from typing import Any

import pytest

from sanctionwatch.errors import InputError
from sanctionwatch.ingest.archive import ArchivePart, archive_files, plan_parts, read_part
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.model import Problem, RawDocument
from sanctionwatch.settings import Settings

Item = RawDocument | Problem


def read_all(parts: list[ArchivePart], settings: Settings) -> list[Item]:
    return [item for part in parts for item in read_part(part, settings)]


def documents(items: list[Item]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


@pytest.mark.parametrize("count", [1, 2, 3, 7, 100])
def test_any_partitioning_reads_the_same_documents(archives: Any, settings: Settings, count: int) -> None:
    paths = [archives.warc, archives.jsonl]
    whole = read_all(plan_parts(paths, 1).parts, settings)
    plan = plan_parts(paths, count)
    assert not plan.problems and len(plan.parts) >= min(count, 2)
    assert read_all(plan.parts, settings) == whole
    assert len(documents(whole)) == archives.documents
    reasons = sorted(item.reason.split(" (")[0] for item in whole if isinstance(item, Problem))
    assert reasons == ["HTTP 404", "not HTML or text", "not valid JSON"]


def test_warc_documents_carry_url_date_and_offset(archives: Any, settings: Settings) -> None:
    warc = archives.warc
    found = documents(read_all(plan_parts([warc], 3).parts, settings))
    assert all(d.kind == "html" and d.url and d.url.startswith("http") and d.fetched_at for d in found)
    for document in found:
        offset = int(document.origin.rsplit("@", 1)[1])
        (first, *_rest) = read_part(ArchivePart(str(warc), "warc", offset, 1, 1), settings)
        assert first == document


def test_jsonl_parts_match_the_file_reader(archives: Any, settings: Settings) -> None:
    jsonl = archives.jsonl
    expected = list(read_paths([jsonl], settings))
    assert read_all(plan_parts([jsonl], 4).parts, settings) == expected
    assert [item.origin.rsplit(":", 1)[1] for item in expected] == ["1", "2", "3", "5", "6", "7", "8"]


def test_a_truncated_warc_keeps_what_came_before(archives: Any, settings: Settings, tmp_path: Path) -> None:
    data = archives.warc.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    plan = plan_parts([cut], 2)
    assert len(plan.problems) == 1 and "unreadable" in plan.problems[0].reason
    assert 0 < plan.records < plan_parts([archives.warc], 1).records
    assert documents(read_all(plan.parts, settings))


def test_folders_are_searched_and_other_files_refused(archives: Any, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an archive")
    assert archive_files([tmp_path]) == sorted([archives.jsonl, archives.warc])
    with pytest.raises(InputError, match="not an archive"):
        archive_files([tmp_path / "notes.txt"])
    with pytest.raises(InputError, match="no such file"):
        archive_files([tmp_path / "missing.warc.gz"])
