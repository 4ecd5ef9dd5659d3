"""``sanctionwatch batch``: both engines through the CLI, one-line errors, failed parts in the exit status."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEMO_LIST = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "samples" / "sanctions_demo.ftm.json"


def test_local_then_dask_on_one_database(archives: Any, run_cli: Callable[..., Any]) -> None:
    assert run_cli("lists", "load", str(DEMO_LIST)).code == 0
    first = run_cli("batch", str(archives.warc), str(archives.jsonl), "--partitions", "3", "--json")
    assert first.code == 0, first.err
    report = json.loads(first.out)
    assert report["new"] == report["analysed"] == report["stored"] == archives.documents
    assert report["skipped"] == 3 and "HTTP 404" in first.err
    assert report["matches"] >= 1 and report["stories"] >= 1  # the demo list names Department 53 of one text
    again = run_cli("batch", str(archives.warc.parent), "--engine", "dask", "--workers", "1", "--json")
    assert again.code == 0, again.err
    second = json.loads(again.out)
    assert second["parts"] >= 4 and not second["failed_parts"]  # four parts per worker by default
    assert (second["new"], second["analysed"], second["duplicates"]) == (0, 0, archives.documents)
    assert (second["records"], second["skipped"], second["stored"]) == (report["records"], 3, report["stored"])
    assert second["matches"] == second["stories"] == 0  # nothing new to link or cluster


def test_no_stories_leaves_the_stories_to_the_next_ingest(archives: Any, run_cli: Callable[..., Any]) -> None:
    batch = run_cli("batch", str(archives.jsonl), "--no-stories", "--json")
    assert batch.code == 0, batch.err
    assert json.loads(batch.out)["stories"] == 0 and run_cli("stories", "--json").out.strip() in ("[]", "")
    later = run_cli("ingest", str(archives.jsonl), "--json")
    assert later.code == 0, later.err
    assert json.loads(later.out)["new"] == 0 and json.loads(run_cli("stories", "--json").out)


def test_bad_arguments_are_one_line_errors(archives: Any, run_cli: Callable[..., Any]) -> None:
    wrong_engine = run_cli("batch", str(archives.warc), "--scheduler", "tcp://127.0.0.1:1")
    assert wrong_engine.code == 1 and "needs --engine dask" in wrong_engine.err
    not_archive = run_cli("batch", str(archives.warc.with_name("notes.txt")))
    assert not_archive.code == 1 and "no such file" in not_archive.err
    assert len(not_archive.err.strip().splitlines()) == 1
