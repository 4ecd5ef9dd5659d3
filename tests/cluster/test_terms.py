import math

import pytest

from sanctionwatch.cluster.terms import Centroid, TermStats, normalise, tokenize, weigh


@pytest.mark.parametrize(("text", "expected"), [
    ("North Korean workers said", ["north", "korean", "worker"]),
    ("The Treasury's sanctions on 4,000 companies", ["treasury", "sanction", "4,000", "company"]),
    ("It is what it is", []),
])
def test_tokenize_drops_stop_words_and_folds_plurals(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_rare_terms_weigh_more_than_common_ones() -> None:
    stats = TermStats()
    for keys in (["tanker", "oil"], ["oil"], ["oil"]):
        stats.add(keys)
    vector = weigh({"tanker": 1, "oil": 1}, stats)
    assert vector["tanker"] > vector["oil"]
    assert math.isclose(sum(v * v for v in vector.values()), 1.0)


def test_centroid_cosine_add_and_remove_are_consistent() -> None:
    a, b = normalise({"x": 1.0, "y": 1.0}), normalise({"y": 1.0, "z": 2.0})
    centroid = Centroid()
    centroid.add(a)
    centroid.add(b)
    assert math.isclose(centroid.norm2, sum(v * v for v in centroid.weights.values()))
    centroid.remove(b)
    assert math.isclose(centroid.cosine(a), 1.0)
    assert "z" not in centroid.weights
