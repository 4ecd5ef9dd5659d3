"""Fixtures shared by every test: where the shared data lives, settings on a throwaway database."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sanctionwatch.cli import run
from sanctionwatch.settings import Settings, load_settings
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.pgcluster import (
    PgCluster,
    create_database,
    drop_database,
    find_server_binaries,
    throwaway_cluster,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SANCTIONWATCH_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seed" / "000_db3d2fddf79d3866.txt"
TESTS = Path(__file__).resolve().parent
BACKENDS = ("sqlite", "postgresql")
# Tests under these paths run on every back-end; elsewhere on SQLite unless marked @pytest.mark.backends(...).
ALL_BACKEND_PATHS = ("store", "test_pipeline.py")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "backends(*names): run this test on these store back-ends only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the store tests on SQLite and PostgreSQL (SANCTIONWATCH_TEST_BACKENDS=sqlite for SQLite only)."""
    if "backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("backends")
    parts = metafunc.definition.path.relative_to(TESTS).parts
    names = tuple(marker.args) if marker else BACKENDS if parts[0] in ALL_BACKEND_PATHS else ("sqlite",)
    wanted = os.environ.get("SANCTIONWATCH_TEST_BACKENDS", ",".join(BACKENDS)).split(",")
    kept = tuple(name for name in names if name in wanted)
    names = kept if kept else names[:1]
    if names != ("sqlite",):
        metafunc.parametrize("backend", names, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PgCluster]:
    """A throwaway PostgreSQL server on 127.0.0.1 for the whole run (skipped only without its binaries)."""
    if find_server_binaries() is None:
        pytest.skip("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: run scripts/system-deps.sh")
    with throwaway_cluster(Path(tempfile.mkdtemp(prefix="sanctionwatch-pg-"))) as cluster:
        yield cluster


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new empty database on the test's back-end: a SQLite file, or a PostgreSQL database dropped afterwards."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    cluster: PgCluster = request.getfixturevalue("postgres_cluster")
    name = f"test_{uuid.uuid4().hex[:16]}"
    url = create_database(cluster, name)
    request.addfinalizer(lambda: drop_database(cluster, name))
    return url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return load_settings({"db": database_url, "out_dir": str(tmp_path / "out")}, environ={})


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


@dataclasses.dataclass
class Archives:
    warc: Path
    jsonl: Path
    documents: int  # records that hold an article (the rest are request records, a 404, an image, a bad line)


@pytest.fixture
def archives(shared_dir: Path, tmp_path: Path) -> Archives:
    """A CC-NEWS-like .warc.gz of real news pages and a .jsonl.gz of real corpus records, made for the test."""
    extraction = shared_dir / "data" / "article_extraction"
    pages = sorted(json.loads((extraction / "ground-truth.json").read_text()).items())[:5]
    warc = tmp_path / "news.warc.gz"
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record("news.warc.gz", {"software": "sanctionwatch tests"}))
        for key, page in pages:
            html = gzip.decompress((extraction / "html" / f"{key}.html.gz").read_bytes())
            _write_response(writer, page["url"], "200 OK", "text/html; charset=utf-8", html)
            writer.write_record(writer.create_warc_record(page["url"], "request", payload=io.BytesIO(b"GET /")))
        _write_response(writer, "https://example.org/gone", "404 Not Found", "text/html", b"<html>gone</html>")
        _write_response(writer, "https://example.org/logo.png", "200 OK", "image/png", b"\x89PNG....")
    lines = (shared_dir / "data" / "corpus" / "articles.jsonl").read_text().splitlines()[:6]
    jsonl = tmp_path / "corpus.jsonl.gz"
    jsonl.write_bytes(gzip.compress("\n".join([*lines[:3], "", "{not json", *lines[3:]]).encode() + b"\n"))
    return Archives(warc=warc, jsonl=jsonl, documents=len(pages) + len(lines))


def _write_response(writer: WARCWriter, url: str, status: str, media: str, body: bytes) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", media)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
