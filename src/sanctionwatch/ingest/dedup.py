"""Deduplication: URL keys, and near-duplicate copies across feeds and publishers (MinHash LSH).

Three checks, cheapest first (the watch loop runs them in this order):
  1. ``url_key``: the same page under another URL (tracking parameters, "www.", scheme, trailing
     slash, AMP variants): not fetched again.
  2. the exact text hash (``extract.content_hash``; the store keeps each text once).
  3. ``DuplicateIndex.find``: a republished copy. Texts become sets of word 5-grams ("shingles");
     a MinHash signature of each set goes into an LSH index that returns stored articles sharing
     enough shingles. A candidate is a copy when most of the *shorter* text's shingles occur in the
     longer one (containment, estimated from the signatures and the set sizes), which catches
     copies with other boilerplate, reflowed white space and truncated republishes alike, while
     two reports of the same event in different words share few 5-grams.

A revised article at the same URL is a new version of it, never a copy: candidates with the
same URL key are skipped. Copies of copies are linked to the first article of the chain.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

import numpy as np
from courlan import normalize_url
from datasketch import LeanMinHash, MinHash, MinHashLSH

from sanctionwatch.model import DuplicateMatch, Feature

SHINGLE_WORDS = 5
NUM_PERM = 128
SCHEME = f"minhash-w{SHINGLE_WORDS}-p{NUM_PERM}"
CANDIDATE_JACCARD = 0.2  # LSH recall threshold: a copy cut to a quarter of the original still comes up
MIN_LENGTH_RATIO = 0.25  # a text with under a quarter of the other's shingles is a quote, not a copy
MIN_SHINGLES = 20  # shorter texts are left to the exact hash: too few shingles to estimate from
WORD = re.compile(r"\w+")
AMP_PATH = re.compile(r"(?:/amp/?|\.amp)$|^/amp(?=/)")
AMP_PARAMS = frozenset({"amp", "outputtype", "output", "_amp", "usqp", "amp_js_v", "amp_gsa"})
_PERMUTATIONS = MinHash(num_perm=NUM_PERM).permutations


@dataclasses.dataclass
class Signature:
    """A text's MinHash signature and the number of distinct shingles it was made from."""

    minhash: LeanMinHash
    shingles: int

    def to_bytes(self) -> bytes:
        return np.asarray(self.minhash.hashvalues, dtype="<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, shingles: int) -> Signature:
        values = np.frombuffer(data, dtype="<u4").astype(np.uint64)
        return cls(LeanMinHash(seed=1, hashvalues=values), shingles)


@dataclasses.dataclass
class IndexedText:
    signature: Signature
    url_key: str | None
    root_id: str


def url_key(url: str | None) -> str | None:
    """The URL as deduplication compares it: host without "www.", no scheme, default port,
    fragment, tracking parameters, trailing slash or AMP marker; path case and real parameters kept."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(normalize_url(url.strip(), strict=False, trailing_slash=False))
        port = parts.port
    except (ValueError, AttributeError):
        return url.strip()
    host = (parts.hostname or "").removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = AMP_PATH.sub("", parts.path).rstrip("/") or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if k.lower() not in AMP_PARAMS))
    return f"{host}{path}" + (f"?{query}" if query else "")


def shingles(text: str) -> set[str]:
    """The text's distinct word 5-grams, case and Unicode compatibility forms folded."""
    words = WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def text_signature(text: str) -> Signature | None:
    """The signature of a text, or None when it is too short to compare by shingles."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=NUM_PERM, permutations=_PERMUTATIONS)
    minhash.update_batch([shingle.encode("utf-8") for shingle in found])
    return Signature(LeanMinHash(minhash), len(found))


def compare(new: Signature, old: Signature) -> tuple[float, float, float]:
    """Estimated (containment of the shorter in the longer, Jaccard resemblance, length ratio)."""
    jaccard = float(new.minhash.jaccard(old.minhash))
    shorter, longer = sorted((new.shingles, old.shingles))
    shared = jaccard * (shorter + longer) / (1.0 + jaccard)
    return min(1.0, shared / shorter), jaccard, shorter / longer


class DuplicateIndex:
    """Signatures of stored articles in an LSH index; finds the stored article a new one copies."""

    def __init__(self, threshold: float = 0.7) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
        self._texts: dict[str, IndexedText] = {}

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._texts

    def add(self, article_id: str, signature: Signature, key: str | None = None, root_id: str | None = None) -> None:
        """Index an article; ``root_id`` is the original it copies (itself when it is one)."""
        if article_id in self._texts:
            return
        self._texts[article_id] = IndexedText(signature, key, root_id or article_id)
        self._lsh.insert(article_id, signature.minhash)

    def root(self, article_id: str) -> str:
        found = self._texts.get(article_id)
        return found.root_id if found else article_id

    def find(self, signature: Signature, key: str | None = None) -> DuplicateMatch | None:
        """The original that a text with this signature republishes, or None."""
        ranked = []
        for candidate in self._lsh.query(signature.minhash):
            indexed = self._texts[candidate]
            if self._same_page(indexed, key):
                continue  # a revision of the page (or of the original it copies), not a copy
            containment, jaccard, ratio = compare(signature, indexed.signature)
            if containment >= self.threshold and ratio >= MIN_LENGTH_RATIO:
                ranked.append((containment, jaccard, candidate))
        return self._match(signature, max(ranked)[2]) if ranked else None

    def _same_page(self, indexed: IndexedText, key: str | None) -> bool:
        if key is None:
            return False
        root = self._texts.get(indexed.root_id)
        return indexed.url_key == key or (root is not None and root.url_key == key)

    def _match(self, signature: Signature, candidate: str) -> DuplicateMatch:
        indexed = self._texts[candidate]
        containment, jaccard, ratio = compare(signature, indexed.signature)
        features = [
            Feature("containment", round(containment, 3),
                    f"{containment:.0%} of the shorter text's word 5-grams also occur in article {candidate}"),
            Feature("resemblance", round(jaccard, 3),
                    f"Jaccard resemblance {jaccard:.2f} (MinHash estimate over {NUM_PERM} hashes)"),
            Feature("length_ratio", round(ratio, 3),
                    f"the shorter text has {ratio:.0%} as many distinct 5-grams as the longer"),
        ]
        if indexed.root_id != candidate:
            features.append(Feature("copy_of_copy", 0.0,
                                    f"article {candidate} is itself a copy of {indexed.root_id}; linked to that"))
        return DuplicateMatch(original_id=indexed.root_id, score=round(containment, 3), features=features)
