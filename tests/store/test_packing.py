"""Packed analyses: real analyses come back equal, smaller than their JSON; a damaged blob is a StoreError."""

import dataclasses
import json
import zlib
from pathlib import Path

import pytest

from sanctionwatch.analyze import analyze_article
from sanctionwatch.errors import StoreError
from sanctionwatch.extract import extract_article
from sanctionwatch.ingest.files import read_paths
from sanctionwatch.model import Analysis, Article, Entity, Fact, RawDocument, to_dict
from sanctionwatch.settings import Settings
from sanctionwatch.store.packing import PRESET, pack_analysis, unpack_analysis, unpack_items


@pytest.fixture(scope="module")
def pairs(shared_dir: Path) -> list[tuple[Article, Analysis]]:
    """Real corpus records and their analyses."""
    settings = Settings()
    articles = [extract_article(item, settings) for item in read_paths(
        [shared_dir / "data" / "corpus" / "articles.jsonl"], settings) if isinstance(item, RawDocument)][:12]
    return [(article, analyze_article(article, settings)) for article in articles]


def test_real_analyses_come_back_equal_and_smaller(pairs: list[tuple[Article, Analysis]]) -> None:
    for article, analysis in pairs:
        blob = pack_analysis(analysis, article.text)
        assert unpack_analysis(blob, article.id, article.text) == analysis
        assert len(blob) * 4 < len(json.dumps(to_dict(analysis)))
    assert sum(len(a.facts) for _, a in pairs) > 0


def test_one_list_unpacks_as_plain_dicts(pairs: list[tuple[Article, Analysis]]) -> None:
    article, analysis = pairs[0]
    blob = pack_analysis(analysis, article.text)
    assert unpack_items(blob, article.id, article.text, "facts") == to_dict(analysis.facts)


def test_a_text_the_span_does_not_reproduce_is_kept() -> None:
    text = "Pyongyang sent 4,000 workers."
    analysis = Analysis("a1", "9", entities=[Entity("Pyongyang", "GPE", 0, 9), Entity("DPRK", "GPE", 0, 9)],
                        facts=[Fact("n15", "count", "4,000 workers", 15, 28, 0, {"value": 4000})])
    blob = pack_analysis(analysis, text)
    stored = zlib.decompressobj(zdict=PRESET).decompress(blob[1:])
    assert b'"DPRK"' in stored and b'"Pyongyang"' not in stored and b'"4,000 workers"' not in stored
    assert unpack_analysis(blob, "a1", text) == analysis
    moved = dataclasses.replace(analysis, facts=[dataclasses.replace(analysis.facts[0], end=27)])
    assert unpack_analysis(pack_analysis(moved, text), "a1", text) == moved


@pytest.mark.parametrize("blob", [b"", b"\x09whatever", b"\x01not zlib at all"])
def test_a_damaged_blob_is_a_store_error(blob: bytes) -> None:
    with pytest.raises(StoreError, match="analysis of article a1"):
        unpack_analysis(blob, "a1", "text")
