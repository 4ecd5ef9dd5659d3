"""Quality floors for intake on real data: body extraction and copy detection, next to baselines."""

from pathlib import Path

from sanctionwatch.evaluation.dedup import build_dedup_set, evaluate_dedup
from sanctionwatch.evaluation.extraction import evaluate_extraction
from sanctionwatch.settings import Settings


def test_body_extraction_keeps_up_with_trafilatura_defaults(shared_dir: Path, settings: Settings) -> None:
    report = evaluate_extraction(shared_dir / "data" / "article_extraction", settings, limit=30)
    print(f"extraction on {report.pages} pages: ours {report.ours}, trafilatura {report.baseline}")
    assert report.pages == 30
    assert report.ours.f1 >= 0.90 and report.ours.precision >= 0.88
    assert report.ours.f1 >= report.baseline.f1 - 0.02


def test_copies_are_found_without_false_links(shared_dir: Path, settings: Settings) -> None:
    records = build_dedup_set(shared_dir / "data")
    report = evaluate_dedup(records, settings.dedup_threshold)
    ours, exact, jaccard = report.methods
    for method in report.methods:
        print(f"{method.name}: P={method.precision} R={method.recall} F1={method.f1} {method.recall_by_kind}")
    assert report.copies >= 150 and report.records >= 500
    assert ours.precision >= 0.97 and ours.recall >= 0.9
    assert ours.recall_by_kind["truncated"] >= 0.8 and ours.recall_by_kind["exact"] == 1.0
    assert ours.f1 > jaccard.f1 and ours.f1 > exact.f1
