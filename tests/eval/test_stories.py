"""Quality floors for stories and summaries on small real-data subsets (full runs: BENCHMARKS.md)."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sanctionwatch.errors import InputError
from sanctionwatch.evaluation.clustering import evaluate_clustering, read_labelled
from sanctionwatch.evaluation.summary import evaluate_summaries, read_bbc, read_frank, split_half
from sanctionwatch.settings import Settings

ECB_TOPICS = 6


@pytest.fixture(scope="module")
def ecb_subset(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documents of the first ECB+ topics (both subtopics of each), as a JSON Lines file."""
    lines = (shared_dir / "data" / "ecbplus" / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if json.loads(line)["topic"] <= ECB_TOPICS]
    path = tmp_path_factory.mktemp("ecb") / "docs.jsonl"
    path.write_text("\n".join(kept), encoding="utf-8")
    return path


def test_ecbplus_subtopics_clustered_better_than_the_baseline_in_any_order(ecb_subset: Path) -> None:
    report = evaluate_clustering(read_labelled(ecb_subset, "subtopic"), Settings(), orders=2, seed=11)
    spread = report["spread"]
    print(f"ECB+ topics 1-{ECB_TOPICS}, 3 orders: B3 F1 median {spread['sanctionwatch']['median']:.3f} "
          f"(min {spread['sanctionwatch']['min']:.3f}) vs baseline {spread['baseline_fixed']['median']:.3f} "
          f"(oracle threshold: {spread['baseline']['median']:.3f})")
    assert spread["sanctionwatch"]["min"] >= 0.85
    assert spread["sanctionwatch"]["median"] >= spread["baseline_fixed"]["median"]


def test_ecbplus_subtopics_fed_one_at_a_time_still_beat_the_baseline(ecb_subset: Path) -> None:
    """A stream: each report is its own batch, and only the latest stored reports of a story may move."""
    report = evaluate_clustering(read_labelled(ecb_subset, "subtopic"), Settings(), orders=2, seed=11, batch_size=1)
    spread = report["spread"]
    print(f"ECB+ topics 1-{ECB_TOPICS} one at a time, 3 orders: B3 F1 median {spread['sanctionwatch']['median']:.3f} "
          f"(min {spread['sanctionwatch']['min']:.3f}) vs baseline {spread['baseline_fixed']['median']:.3f}")
    assert spread["sanctionwatch"]["min"] >= 0.85
    assert spread["sanctionwatch"]["median"] >= spread["baseline_fixed"]["median"] + 0.02


def test_sanctions_corpus_events_are_not_merged(shared_dir: Path) -> None:
    records = read_labelled(shared_dir / "data" / "corpus" / "articles.jsonl", "event")
    report = evaluate_clustering(records, Settings())
    print(f"corpus events: B3 F1 {report['sanctionwatch']['bcubed_f1']:.3f}")
    assert report["sanctionwatch"]["bcubed_f1"] >= 0.95


def test_summary_beats_graph_baselines_on_frank(shared_dir: Path) -> None:
    cases = read_frank(shared_dir / "data" / "frank" / "frank_flat.jsonl", limit=40)
    systems = evaluate_summaries(cases, Settings())["systems"]
    print({name: round(100 * row["rouge1"], 2) for name, row in systems.items()})
    ours = systems["sanctionwatch"]
    assert ours["rouge1"] > systems["lexrank"]["rouge1"] and ours["rouge1"] > systems["textrank"]["rouge1"]
    assert ours["rouge2"] >= systems["lead3"]["rouge2"] - 0.01


def test_summary_beats_lead3_and_lexrank_on_bbc(shared_dir: Path) -> None:
    cases = read_bbc(shared_dir / "data" / "bbc_news_summary")[::40]
    systems = evaluate_summaries(cases, Settings())["systems"]
    print({name: round(100 * row["rouge1"], 2) for name, row in systems.items()})
    for metric in ("rouge1", "rouge2", "rougeL"):
        assert systems["sanctionwatch"][metric] > max(systems["lead3"][metric], systems["lexrank"][metric])
    assert systems["sanctionwatch"]["rouge1"] >= 0.85 * systems["textrank"]["rouge1"]


def test_tuning_and_held_out_halves_split_the_cases(shared_dir: Path) -> None:
    cases = read_frank(shared_dir / "data" / "frank" / "frank_flat.jsonl")
    even, odd = split_half(cases, "even"), split_half(cases, "odd")
    ids = sorted(c.id for c in cases)
    assert [c.id for c in even] == ids[::2] and [c.id for c in odd] == ids[1::2]
    with pytest.raises(InputError):
        split_half(cases, "third")


def test_eval_summary_reports_the_held_out_half_and_the_ratio(shared_dir: Path, run_cli: Callable[..., Any]) -> None:
    path = shared_dir / "data" / "frank" / "frank_flat.jsonl"
    result = run_cli("eval", "summary", "--frank", str(path), "--limit", "10", "--half", "odd", "--json")
    report = json.loads(result.out)
    assert result.code == 0 and report["documents"] == 5
    ratios = report["ratio_to_best_baseline"]
    best = max(report["systems"][n]["rouge1"] for n in ("lead3", "lexrank", "textrank"))
    assert ratios["rouge1"]["ratio"] == pytest.approx(report["systems"]["sanctionwatch"]["rouge1"] / best)
