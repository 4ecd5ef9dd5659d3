"""The whole analysis of the seed article: facts with offsets, JSON round trip, storage."""

from __future__ import annotations

from pathlib import Path

from sanctionwatch.analyze import ANALYZER_VERSION, analyze_article
from sanctionwatch.extract import extract_article
from sanctionwatch.model import Analysis, RawDocument, from_dict, to_dict
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.analyses import load_analysis, save_analysis
from sanctionwatch.store.articles import save_article


def _seed(shared_dir: Path, settings: Settings) -> tuple[str, Analysis]:
    path = shared_dir / "seed" / "000_db3d2fddf79d3866.txt"
    article = extract_article(RawDocument(origin=str(path), data=path.read_bytes(), kind="text"), settings)
    return article.text, analyze_article(article, settings)


def test_seed_facts(shared_dir: Path, settings: Settings) -> None:
    text, analysis = _seed(shared_dir, settings)
    assert analysis.analyzer_version == ANALYZER_VERSION
    assert len({f.id for f in analysis.facts}) == len(analysis.facts)
    for fact in analysis.facts:
        assert text[fact.start:fact.end] == fact.text
        sentence = analysis.sentences[fact.sentence]
        assert sentence.start <= fact.start < sentence.end
    kinds = {f.kind for f in analysis.facts}
    assert kinds == {"count", "money", "date", "legal_reference", "evasion_method", "actor"}
    assert {a.stance for a in analysis.attributions} >= {"reported", "hedged"}


def test_round_trip_and_storage(shared_dir: Path, settings: Settings, store: Store) -> None:
    path = shared_dir / "seed" / "000_db3d2fddf79d3866.txt"
    article = extract_article(RawDocument(origin=str(path), data=path.read_bytes(), kind="text"), settings)
    save_article(store, article)
    analysis = analyze_article(article, settings)
    assert from_dict(Analysis, to_dict(analysis)) == analysis
    save_analysis(store, analysis)
    loaded = load_analysis(store, article.id)
    assert loaded is not None and loaded.facts == analysis.facts and loaded.assessment == analysis.assessment
