"""Quality floors of the analysis on real data, each next to its baseline (subsets, to stay quick)."""

from __future__ import annotations

from pathlib import Path

from sanctionwatch.evaluation.attribution import evaluate_attribution
from sanctionwatch.evaluation.ner import evaluate_ner
from sanctionwatch.evaluation.quantities import evaluate_quantities
from sanctionwatch.evaluation.relevance import evaluate_relevance
from sanctionwatch.evaluation.seed import evaluate_seed
from sanctionwatch.settings import Settings


def test_seed_finds_every_expected_item(shared_dir: Path, settings: Settings) -> None:
    result = evaluate_seed(shared_dir / "seed" / "expected.yaml", shared_dir / "seed" / "000_db3d2fddf79d3866.txt",
                           settings)
    missing = [c for c in result["checks"] if not c["found"]]
    print(f"seed: {result['share']:.0%} (baseline {result['baseline_share']:.0%})")
    assert result["share"] == 1.0, missing
    assert result["baseline_share"] < result["share"]


def test_relevance_f1(shared_dir: Path, settings: Settings) -> None:
    result = evaluate_relevance(shared_dir / "data" / "corpus" / "articles.jsonl", settings)
    ours, baseline = result["sanctionwatch"]["f1"], result["keyword_baseline"]["f1"]
    print(f"relevance F1 {ours} (keywords {baseline}), Brier {result['brier']}")
    assert ours >= 0.90 and ours > baseline
    assert result["brier"] < 0.15


def test_attribution_sources(shared_dir: Path, settings: Settings) -> None:
    result = evaluate_attribution(shared_dir / "data" / "polnear", settings, "dev", limit=25)
    scores = result["scores"]
    print({k: v["f1"] for k, v in scores.items()})
    assert scores["sanctionwatch_overlap"]["f1"] >= 0.45
    assert scores["sanctionwatch_overlap"]["f1"] > scores["baseline_overlap"]["f1"]
    assert scores["sanctionwatch_exact"]["precision"] > scores["baseline_exact"]["precision"]


def test_quantity_spans(shared_dir: Path, settings: Settings) -> None:
    scores = evaluate_quantities(shared_dir / "data" / "measeval", settings, limit=100)["scores"]
    print({k: v["f1"] for k, v in scores.items()})
    assert scores["sanctionwatch_overlap"]["f1"] >= 0.7
    assert scores["sanctionwatch_exact"]["f1"] > scores["spacy_exact"]["f1"]


def test_ner_keeps_the_model_quality(shared_dir: Path, settings: Settings) -> None:
    scores = evaluate_ner(shared_dir / "data" / "conll2003" / "eng.testa", settings, limit=600)["scores"]
    print({who: s["ALL"]["f1"] for who, s in scores.items()})
    assert scores["sanctionwatch"]["ALL"]["f1"] >= scores["spacy"]["ALL"]["f1"]
    assert scores["sanctionwatch"]["LOC"]["f1"] > scores["spacy"]["LOC"]["f1"]
