"""``sanctionwatch batch``: both engines through the CLI, one-line errors, failed parts in the exit status."""

import json
from collections.abc import Callable
from typing import Any


def test_local_then_dask_on_one_database(archives: Any, run_cli: Callable[..., Any]) -> None:
    first = run_cli("batch", str(archives.warc), str(archives.jsonl), "--partitions", "3", "--json")
    assert first.code == 0, first.err
    report = json.loads(first.out)
    assert report["new"] == report["analysed"] == report["stored"] == archives.documents
    assert report["skipped"] == 3 and "HTTP 404" in first.err
    again = run_cli("batch", str(archives.warc.parent), "--engine", "dask", "--workers", "1", "--json")
    assert again.code == 0, again.err
    second = json.loads(again.out)
    assert second["parts"] >= 4 and not second["failed_parts"]  # four parts per worker by default
    assert (second["new"], second["analysed"], second["duplicates"]) == (0, 0, archives.documents)
    assert (second["records"], second["skipped"], second["stored"]) == (report["records"], 3, report["stored"])


def test_bad_arguments_are_one_line_errors(archives: Any, run_cli: Callable[..., Any]) -> None:
    wrong_engine = run_cli("batch", str(archives.warc), "--scheduler", "tcp://127.0.0.1:1")
    assert wrong_engine.code == 1 and "needs --engine dask" in wrong_engine.err
    not_archive = run_cli("batch", str(archives.warc.with_name("notes.txt")))
    assert not_archive.code == 1 and "no such file" in not_archive.err
    assert len(not_archive.err.strip().splitlines()) == 1
