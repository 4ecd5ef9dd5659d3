"""Quality floors for stories and summaries on small real-data subsets (full runs: BENCHMARKS.md)."""

import json
from pathlib import Path

import pytest

from sanctionwatch.evaluation.clustering import evaluate_clustering, read_labelled
from sanctionwatch.evaluation.summary import evaluate_summaries, read_bbc, read_frank
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


def test_ecbplus_subtopics_clustered_about_as_well_as_the_fixed_baseline(ecb_subset: Path) -> None:
    report = evaluate_clustering(read_labelled(ecb_subset, "subtopic"), Settings())
    ours, baseline = report["sanctionwatch"], report["baseline_fixed"]
    print(f"ECB+ topics 1-{ECB_TOPICS}: B3 F1 {ours['bcubed_f1']:.3f} vs baseline {baseline['bcubed_f1']:.3f} "
          f"(oracle threshold: {report['baseline']['bcubed_f1']:.3f})")
    assert ours["bcubed_f1"] >= 0.8
    assert ours["bcubed_f1"] >= baseline["bcubed_f1"] - 0.03


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
        assert systems["sanctionwatch"][metric] > systems["lead3"][metric]
