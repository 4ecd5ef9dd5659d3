import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sanctionwatch.settings import Settings

Run = Callable[..., Any]


def test_ingest_then_brief_by_id(run_cli: Run, shared_dir: Path) -> None:
    ingested = run_cli("ingest", str(shared_dir / "seed"), "--json")
    assert ingested.code == 0, ingested.err
    report = json.loads(ingested.out)
    assert report["new"] == 1 and report["analysed"] == 1
    again = json.loads(run_cli("ingest", str(shared_dir / "seed"), "--json").out)
    assert again["new"] == 0 and again["duplicates"] == 1
    brief = run_cli("brief", report["ids"][0][:8])
    assert brief.code == 0 and brief.out.rstrip().endswith("Original Source: www.straitstimes.com")


def test_analyze_file_json(run_cli: Run, shared_dir: Path) -> None:
    result = run_cli("analyze", str(shared_dir / "seed" / "000_db3d2fddf79d3866.txt"), "--json")
    data = json.loads(result.out)
    assert data["article"]["source_domain"] == "www.straitstimes.com"
    text_entities = [e for e in data["entities"] if e["text"] == "Wi Sung-lac"]
    assert text_entities and text_entities[0]["label"] == "PERSON"
    assert {"sentences", "entities", "countries", "facts", "attributions", "assessment"} <= data.keys()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"\x00\x01\x02binary", "binary file"), (b"caf\xe9 au lait", "not valid UTF-8")],
)
def test_bad_file_is_one_error_line(run_cli: Run, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    for command in (("analyze", str(path)), ("ingest", str(path))):
        result = run_cli(*command)
        assert result.code == 1
        assert message in result.err and result.err.count("error:") == 1


def test_missing_target_is_one_error_line(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("brief", str(tmp_path / "nothing.txt"))
    assert result.code == 1 and result.err.startswith("error: ") and result.err.count("\n") == 1


def test_newer_database_is_refused_and_kept(run_cli: Run, shared_dir: Path, settings: Settings) -> None:
    assert run_cli("ingest", str(shared_dir / "seed")).code == 0
    path = settings.db.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_info SET value = '99' WHERE key = 'version'")
    result = run_cli("ingest", str(shared_dir / "seed"))
    assert result.code == 1 and "newer than this sanctionwatch" in result.err
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_usage_error_exits_2(run_cli: Run) -> None:
    assert run_cli("brief", "x", "--format", "pdf").code == 2


def test_demo_tells_each_event_as_one_story(run_cli: Run, tmp_path: Path) -> None:
    """The demo's two pairs of reports are two events (a UN panel's end, DPRK workers in Russia) that share
    countries and bodies: each pair is one story, and the two are not merged."""
    result = run_cli("demo", "--out", str(tmp_path / "demo"))
    assert result.code == 0, result.err
    assert "6 sample reports ingested" in result.out and "list matches" in result.out
    assert "2 told by more than one source" in result.out
    stories = [line for line in result.out.splitlines() if re.match(r"  [0-9a-f]{8}  .*\]$", line)]
    sources = sorted(sorted(line.rsplit("[", 1)[1].rstrip("]").split(", ")) for line in stories)
    assert sources == [["en.yna.co.kr", "www.straitstimes.com"], ["news.un.org", "press.un.org"]]
    assert "Figure timeline:" in result.out and (tmp_path / "demo" / "briefs").is_dir()
