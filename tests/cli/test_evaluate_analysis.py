"""The ``sanctionwatch eval`` commands of the analysis: tables, JSON and clean errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

Run = Callable[..., Any]


def test_eval_seed_table_and_json(run_cli: Run, shared_dir: Path) -> None:
    seed = shared_dir / "seed"
    table = run_cli("eval", "seed", "--expected", str(seed / "expected.yaml"), str(seed / "000_db3d2fddf79d3866.txt"))
    assert table.code == 0 and "found 22/22 = 100%" in table.out
    data = json.loads(run_cli("eval", "seed", "--expected", str(seed / "expected.yaml"),
                              str(seed / "000_db3d2fddf79d3866.txt"), "--json").out)
    assert data["share"] == 1.0 and data["baseline_share"] < 1.0


def test_eval_quantities_json(run_cli: Run, shared_dir: Path) -> None:
    folder = str(shared_dir / "data" / "measeval")
    result = run_cli("eval", "quantities", "--measeval", folder, "--limit", "5", "--json")
    assert result.code == 0
    assert set(json.loads(result.out)["scores"]) == {"sanctionwatch_exact", "sanctionwatch_overlap", "spacy_exact",
                                                     "spacy_overlap"}


def test_eval_errors_are_one_line(run_cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "corpus.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = run_cli("eval", "relevance", "--jsonl", str(bad))
    assert result.code == 1 and result.err.startswith("error:") and len(result.err.strip().splitlines()) == 1
