"""Fixtures shared by every test: where the shared data lives, settings on a throwaway database."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sanctionwatch.cli import run
from sanctionwatch.settings import Settings, load_settings
from sanctionwatch.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SANCTIONWATCH_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seed" / "000_db3d2fddf79d3866.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings({"db": f"sqlite:///{tmp_path / 'test.db'}", "out_dir": str(tmp_path / "out")}, environ={})


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    opened = open_store(settings)
    yield opened
    opened.close()


@dataclasses.dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run ``sanctionwatch`` in-process on the test database; returns exit code, stdout and stderr."""
    monkeypatch.setenv("SANCTIONWATCH_DB", settings.db)
    monkeypatch.setenv("SANCTIONWATCH_OUT_DIR", settings.out_dir)

    def invoke(*args: str) -> CliResult:
        runner = CliRunner(mix_stderr=False)
        with runner.isolation() as (out, err):
            code = run(list(args))
            return CliResult(code, out.getvalue().decode(), err.getvalue().decode() if err else "")

    return invoke
