import json
from pathlib import Path

import pytest

from sanctionwatch.errors import InputError
from sanctionwatch.evaluation.clustering import baseline_labels, read_labelled, score_clusters


def test_bcubed_and_pairwise_scores_on_a_worked_example() -> None:
    scores = score_clusters(["x", "x", "x", "y"], ["a", "a", "b", "b"])
    assert scores.bcubed_precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert scores.bcubed_recall == pytest.approx((1 + 1 + 1 / 2 + 1 / 2) / 4)
    assert scores.pairwise_precision == pytest.approx(1 / 3) and scores.pairwise_recall == pytest.approx(1 / 2)
    assert score_clusters(["p", "q"], ["a", "b"]).bcubed_f1 == 1.0


def test_unlabelled_records_are_stories_of_their_own_and_month_dates_count(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    rows = [{"id": "1", "text": "a", "event": "E1", "date": "2024-11"}, {"id": "2", "text": "b", "event": None},
            {"id": "3", "text": "c", "event": None, "date": "2024-03-28"}]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    records = read_labelled(path, "event")
    assert len({r.label for r in records}) == 3
    assert [r.date for r in records] == ["2024-11-15", None, "2024-03-28"]
    with pytest.raises(InputError):
        read_labelled(path, "nothing")


def test_baseline_joins_near_copies_and_separates_unrelated_texts(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    texts = ["oil tanker seized off Singapore", "tanker with oil seized near Singapore", "earthquake in Nepal"]
    path.write_text("\n".join(json.dumps({"id": str(i), "text": t, "l": str(i)}) for i, t in enumerate(texts)))
    labels = baseline_labels(read_labelled(path, "l"), 0.2)
    assert labels[0] == labels[1] != labels[2]
