import json
from pathlib import Path

import pytest

from sanctionwatch.errors import InputError
from sanctionwatch.evaluation.clustering import baseline_labels, input_orders, read_labelled, score_clusters


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


def test_input_orders_start_with_the_file_and_repeat_with_the_seed() -> None:
    orders = input_orders(30, 3, seed=5)
    assert [name for name, _ in orders] == ["file", "seed 5", "seed 6", "seed 7"]
    assert orders[0][1] == list(range(30)) and all(sorted(order) == list(range(30)) for _, order in orders)
    assert len({tuple(order) for _, order in orders}) == 4 and input_orders(30, 3, seed=5) == orders


def test_a_broken_line_is_one_input_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "1", "text": "a", "event": "E1"}\n{"id": 2, "text": \n')
    with pytest.raises(InputError, match=r"x.jsonl:2: not JSON"):
        read_labelled(path, "event")
    with pytest.raises(InputError, match="half must be one of"):
        read_labelled(path, "event", half="third")
