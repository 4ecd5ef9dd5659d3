"""The intake commands: feeds add|list|remove|import|export, watch, eval extraction and eval dedup."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from sanctionwatch.ingest.feeds import default_feeds

Run = Callable[..., Any]


@pytest.fixture
def local_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.no_handler_status_code = 404
    server.start()
    yield server
    server.stop()


def test_feeds_add_list_export_remove_and_import(run_cli: Run, tmp_path: Path) -> None:
    added = run_cli("feeds", "add", "https://a.example/rss", "https://b.example/atom", "--interval", "900")
    assert added.code == 0 and "2 feed(s) added" in added.err
    assert "already followed" in run_cli("feeds", "add", "https://a.example/rss").out
    listed = json.loads(run_cli("feeds", "list", "--json").out)
    assert [(f["url"], f["interval_s"], f["items"]) for f in listed] == [
        ("https://a.example/rss", 900, {}), ("https://b.example/atom", 900, {})]
    opml = tmp_path / "feeds.opml"
    assert run_cli("feeds", "export", str(opml)).code == 0
    assert run_cli("feeds", "remove", "https://a.example/rss").code == 0
    assert run_cli("feeds", "remove", str(listed[1]["id"])).code == 0
    assert json.loads(run_cli("feeds", "list", "--json").out) == []
    imported = run_cli("feeds", "import", str(opml))
    assert imported.code == 0 and "2 feed(s) added" in imported.err


@pytest.mark.parametrize(("args", "message"), [
    (("feeds", "add", "file:///etc/passwd"), "not an http(s) feed URL"),
    (("feeds", "add"), "give a feed URL"),
    (("feeds", "remove", "https://nowhere.example/rss"), "no feed"),
    (("watch", "--once"), "no feeds to watch"),
])
def test_bad_requests_are_one_error_line(run_cli: Run, args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args)
    assert result.code == 1 and message in result.err and len(result.err.strip().splitlines()) == 1


def test_defaults_are_added_all_at_once(run_cli: Run) -> None:
    assert run_cli("feeds", "add", "--defaults").code == 0
    assert len(json.loads(run_cli("feeds", "list", "--json").out)) == len(default_feeds())


def test_watch_once_reports_what_it_did(run_cli: Run, local_server: HTTPServer, shared_dir: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [json.loads(line) for line in
            (shared_dir / "data" / "corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:2]]
    items = ""
    for row in rows:
        body = "".join(f"<p>{p}</p>" for p in row["text"].split("\n"))
        local_server.expect_request(f"/{row['id']}").respond_with_data(
            f"<html><body><article>{body}</article></body></html>", content_type="text/html")
        items += f"<item><title>{row['id']}</title><link>{local_server.url_for('/' + row['id'])}</link></item>"
    local_server.expect_request("/rss").respond_with_data(f"<rss><channel><title>T</title>{items}</channel></rss>",
                                                          content_type="application/rss+xml")
    monkeypatch.setenv("SANCTIONWATCH_FETCH_ALLOW_PRIVATE", "127.0.0.1")
    monkeypatch.setenv("SANCTIONWATCH_FETCH_PER_HOST_DELAY", "0")
    assert run_cli("feeds", "add", local_server.url_for("/rss")).code == 0
    result = run_cli("watch", "--once", "--no-analyze", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert (report["passes"], len(report["ingested"]), report["stopped"]) == (1, 2, False)
    assert "pass done" in result.err and "ingested" in result.err
    assert "2 ingested" in run_cli("feeds", "list").out


def test_eval_commands_print_both_methods(run_cli: Run, shared_dir: Path, tmp_path: Path) -> None:
    data = shared_dir / "data"
    extraction = run_cli("eval", "extraction", "--benchmark", str(data / "article_extraction"), "--limit", "4",
                         "--json")
    assert extraction.code == 0, extraction.err
    scores = json.loads(extraction.out)
    assert scores["pages"] == 4 and 0 < scores["ours"]["f1"] <= 1 and 0 < scores["baseline"]["f1"] <= 1
    dedup = run_cli("eval", "dedup", "--jsonl", str(tmp_path / "pairs.jsonl"), "--build", str(data))
    assert dedup.code == 0, dedup.err
    assert "sanctionwatch (containment)" in dedup.out and "exact text hash" in dedup.out
    assert (tmp_path / "pairs.jsonl").stat().st_size > 0
