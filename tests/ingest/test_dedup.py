"""URL keys, shingles, signatures and the near-duplicate index, on real texts from the corpus."""

import json
from pathlib import Path

import pytest

from sanctionwatch.ingest.dedup import DuplicateIndex, Signature, shingles, text_signature, url_key


def corpus_texts(shared_dir: Path) -> dict[str, str]:
    lines = (shared_dir / "data" / "corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["id"]: row["text"] for row in map(json.loads, lines)}


@pytest.mark.parametrize(("first", "second"), [
    ("https://www.Example.com/world/story-1/?utm_source=rss&utm_medium=feed#top", "http://example.com/world/story-1"),
    ("https://example.com/world/story-1/amp", "https://example.com/world/story-1?outputType=amp"),
    ("https://example.com/a?b=2&a=1&fbclid=x", "https://example.com/a?a=1&b=2"),
    ("https://example.com:443/a", "https://example.com/a/"),
])
def test_url_key_ignores_tracking_scheme_www_amp_and_order(first: str, second: str) -> None:
    assert url_key(first) == url_key(second)


@pytest.mark.parametrize(("first", "second"), [
    ("https://example.com/story?articleId=1", "https://example.com/story?articleId=2"),
    ("https://example.com/World/Story", "https://example.com/world/story"),
    ("https://example.com:8080/a", "https://example.com/a"),
    ("https://news.example.com/a", "https://example.com/a"),
])
def test_url_key_keeps_what_names_another_page(first: str, second: str) -> None:
    assert url_key(first) != url_key(second)


def test_shingles_fold_case_and_unicode_forms_and_signatures_survive_storage(shared_dir: Path) -> None:
    assert shingles("North Korea sends workers abroad") == shingles("NORTH  korea\nsends ＷＯＲＫＥＲＳ abroad.")
    text = corpus_texts(shared_dir)["treasury-jy2790"]
    signature = text_signature(text)
    assert signature is not None and signature.shingles == len(shingles(text))
    again = Signature.from_bytes(signature.to_bytes(), signature.shingles)
    assert again.minhash.jaccard(signature.minhash) == 1.0
    assert text_signature("Too short to compare by shingles.") is None


def test_copies_are_linked_to_the_original_and_other_reports_are_not(shared_dir: Path) -> None:
    texts = corpus_texts(shared_dir)
    index = DuplicateIndex(0.7)
    for article_id, text in texts.items():
        signature = text_signature(text)
        assert signature is not None
        assert index.find(signature, f"corpus/{article_id}") is None, article_id  # distinct reports stay apart
        index.add(article_id, signature, f"corpus/{article_id}")
    original = texts["un-sc15648"]
    sentences = original.split(". ")
    copies = {
        "boilerplate": "By staff writers\n\n" + original.replace("\n", "\n\nAdvertisement\n\n") + "\n\n(c) 2026",
        "truncated": ". ".join(sentences[: len(sentences) // 2]) + ". Read the full story at press.un.org",
    }
    for kind, text in copies.items():
        signature = text_signature(text)
        assert signature is not None
        match = index.find(signature, "mirror.example/" + kind)
        assert match is not None and match.original_id == "un-sc15648", kind
        assert match.score >= 0.7 and {f.name for f in match.features} >= {"containment", "resemblance"}
        assert "un-sc15648" in match.features[0].explanation


def test_a_revision_at_the_same_url_is_not_a_copy_even_of_copies_made_elsewhere(shared_dir: Path) -> None:
    text = corpus_texts(shared_dir)["voa-20230908-suez-rajan"]
    signature, index = text_signature(text), DuplicateIndex(0.7)
    revised = text_signature(text + "\nUpdate: the tanker's cargo was later sold, officials said on Friday.")
    assert signature is not None and revised is not None
    index.add("original", signature, "voa.example/suez-rajan")
    assert index.find(revised, "voa.example/suez-rajan") is None
    copy = index.find(signature, "mirror.example/1")
    assert copy is not None and copy.original_id == "original"
    index.add("copy-1", signature, "mirror.example/1", copy.original_id)
    assert index.root("copy-1") == "original"
    assert index.find(revised, "voa.example/suez-rajan") is None  # the mirror's copy does not make it one
    elsewhere = index.find(revised, "mirror.example/2")
    assert elsewhere is not None and elsewhere.original_id == "original"
