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
