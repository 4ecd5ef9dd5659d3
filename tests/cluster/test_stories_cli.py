import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

Run = Callable[..., Any]
SAMPLES = Path(str(resources.files("sanctionwatch") / "samples"))


def test_cluster_stories_and_figures_commands(run_cli: Run) -> None:
    paths = [str(SAMPLES / name) for name in ("000_db3d2fddf79d3866.txt", "101_nis_workers_followup.txt",
                                              "105_tax_fraud_verdict.txt")]
    assert run_cli("ingest", *paths, "--no-analyze").code == 0
    assert json.loads(run_cli("cluster", "--json").out) == []  # nothing analysed yet, nothing to cluster
    assert run_cli("ingest", *paths).code == 0  # the pipeline analyses, then clusters what is new
    clustered = run_cli("cluster", "--json")
    assert clustered.code == 0 and json.loads(clustered.out) == [], clustered.err
    listed = json.loads(run_cli("stories", "--json").out)
    assert len(listed) == 2
    (pair,) = [s for s in listed if len(s["article_ids"]) == 2]
    shown = run_cli("stories", pair["id"][:8])
    assert shown.code == 0 and "In conclusion," in shown.out
    assert "Original Sources: " in shown.out and "score" in shown.out
    figures = json.loads(run_cli("figures", "--story", pair["id"], "--json").out)
    workers = [t for t in figures if t["measure"] == "worker"]
    assert workers and len({p["article_id"] for p in workers[0]["points"]}) == 2
    table = run_cli("figures")
    assert table.code == 0 and "North Korean workers" in table.out


def test_unknown_story_and_bad_eval_arguments_are_one_error_line(run_cli: Run) -> None:
    missing = run_cli("stories", "ffffffff")
    assert missing.code == 1 and missing.err.startswith("error: ") and missing.err.count("\n") == 1
    both = run_cli("eval", "summary")
    assert both.code == 1 and "exactly one of" in both.err


def write_labelled(path: Path) -> Path:
    rows = [("Russia vetoed the renewal of the UN panel of experts on North Korea sanctions.", 1, "veto"),
            ("The UN panel on North Korea sanctions closes after a Russian veto of its renewal.", 1, "veto"),
            ("A strong earthquake struck Nepal, killing hundreds near Kathmandu.", 2, "quake"),
            ("Rescue teams searched the rubble in Kathmandu after the Nepal earthquake.", 2, "quake"),
            ("Treasury sanctioned a shipping company for oil transfers to North Korea.", 3, None)]
    path.write_text("\n".join(json.dumps({"id": str(n), "text": text, "topic": topic, "event": label})
                              for n, (text, topic, label) in enumerate(rows)), encoding="utf-8")
    return path


def test_eval_clustering_reports_each_order_and_the_spread(run_cli: Run, tmp_path: Path) -> None:
    path = str(write_labelled(tmp_path / "labelled.jsonl"))
    shown = run_cli("eval", "clustering", "--jsonl", path, "--label", "event", "--orders", "2", "--seed", "7")
    assert shown.code == 0, shown.err
    orders = [line.split()[0:2] for line in shown.out.splitlines() if "sanctionwatch " in line[:30]]
    assert orders == [["file", "sanctionwatch"], ["seed", "7"], ["seed", "8"]]
    assert "over 3 order(s), sanctionwatch: median" in shown.out
    report = json.loads(run_cli("eval", "clustering", "--jsonl", path, "--label", "event", "--orders", "1",
                                "--json").out)
    assert [run["order"] for run in report["runs"]] == ["file", "seed 1"]
    assert report["spread"]["sanctionwatch"]["min"] <= report["spread"]["sanctionwatch"]["median"]


def test_eval_clustering_takes_one_half_of_the_topics(run_cli: Run, tmp_path: Path) -> None:
    path = write_labelled(tmp_path / "labelled.jsonl")
    odd = json.loads(run_cli("eval", "clustering", "--jsonl", str(path), "--label", "event", "--half", "odd",
                             "--orders", "0", "--json").out)
    assert odd["records"] == 3 and odd["gold_clusters"] == 2  # topics 1 and 3: the veto pair and one alone
    path.write_text(path.read_text(encoding="utf-8") + '\n{"id": "9", "text": "x", "event": "e"}', encoding="utf-8")
    failed = run_cli("eval", "clustering", "--jsonl", str(path), "--label", "event", "--half", "even")
    assert failed.code == 1 and "no integer field 'topic'" in failed.err and failed.err.count("\n") == 1


def test_eval_clustering_option_overrides_are_checked(run_cli: Run, tmp_path: Path) -> None:
    path = str(write_labelled(tmp_path / "labelled.jsonl"))
    for bad, message in (("nope=1", "NAME one of"), ("threshold=high", "is not a number"), ("threshold", "NAME=VALUE")):
        failed = run_cli("eval", "clustering", "--jsonl", path, "--label", "event", "--set", bad)
        assert failed.code == 1 and message in failed.err and failed.err.count("\n") == 1
    stricter = json.loads(run_cli("eval", "clustering", "--jsonl", path, "--label", "event", "--orders", "0",
                                  "--set", "threshold=0.99", "--json").out)
    assert stricter["sanctionwatch"]["clusters"] == 5  # nothing joins at 0.99: each text its own story
