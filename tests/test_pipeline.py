from pathlib import Path

from sanctionwatch import pipeline
from sanctionwatch.analyze import ANALYZER_VERSION
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import load_analysis, load_brief, pending_article_ids
from sanctionwatch.store.articles import count_articles

FIXTURES = Path(__file__).parent / "fixtures"


def test_seed_end_to_end(shared_dir: Path, store: Store, settings: Settings) -> None:
    seed = shared_dir / "seed" / "000_db3d2fddf79d3866.txt"
    report = pipeline.process(store, read_paths([seed], settings), settings)
    (article_id,) = report.ingest.new
    analysis = load_analysis(store, article_id)
    assert analysis is not None and {"KP", "RU", "UA", "KR"} <= set(analysis.countries)
    assert any(e.text == "Wi Sung-lac" and e.label == "PERSON" for e in analysis.entities)
    brief = load_brief(store, f"article:{article_id}")
    assert brief is not None and brief.sources == ["www.straitstimes.com"]
    assert report.stages.briefs[article_id].rstrip().endswith("Original Source: www.straitstimes.com")


def test_ingest_twice_adds_nothing(shared_dir: Path, store: Store, settings: Settings) -> None:
    inputs = [shared_dir / "seed", FIXTURES / "report.html"]
    first = pipeline.ingest_documents(store, read_paths(inputs, settings), settings)
    second = pipeline.ingest_documents(store, read_paths(inputs, settings), settings)
    assert len(first.new) == 2 and not second.new and len(second.duplicates) == 2
    assert count_articles(store) == 2


def test_analysis_resumes_where_it_stopped(shared_dir: Path, store: Store, settings: Settings) -> None:
    pipeline.ingest_documents(store, read_paths([shared_dir / "seed", FIXTURES / "report.html"], settings), settings)
    first_pending = pending_article_ids(store, ANALYZER_VERSION)
    pipeline.analyze_stored(store, settings, first_pending[:1])
    assert pending_article_ids(store, ANALYZER_VERSION) == first_pending[1:]
    pipeline.analyze_stored(store, settings)
    assert pending_article_ids(store, ANALYZER_VERSION) == []


def test_bad_items_are_counted_and_the_rest_stored(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "good.txt").write_text("Headline\n\nNorth Korea sent workers to Russia in breach of sanctions.")
    report = pipeline.ingest_documents(store, read_paths([tmp_path, tmp_path / "missing.txt"], settings), settings)
    assert len(report.new) == 1 and len(report.problems) == 2
