"""Real analyses of the first corpus records, with their articles stored (for the store's tests)."""

from pathlib import Path

from sanctionwatch.analyze import analyze_article
from sanctionwatch.extract import extract_article
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.model import Analysis, RawDocument
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import save_analysis
from sanctionwatch.store.articles import save_article


def corpus_analyses(shared_dir: Path, settings: Settings, store: Store, count: int,
                    save: bool) -> list[Analysis]:
    """The analyses of the first ``count`` corpus records; each article is stored, its analysis if ``save``."""
    found: list[Analysis] = []
    for item in read_paths([shared_dir / "data" / "corpus" / "articles.jsonl"], settings):
        if isinstance(item, RawDocument) and len(found) < count:
            article = extract_article(item, settings)
            save_article(store, article)
            found.append(analyze_article(article, settings))
            if save:
                save_analysis(store, found[-1])
    return found
