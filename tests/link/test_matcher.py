"""The declarative features: each gives a contribution and a sentence; a person is never a vessel."""

from sanctionwatch.link import FEATURES, Query, ScreeningIndex, score_entry
from sanctionwatch.link.index import candidates


def scored(index: ScreeningIndex, query: Query, entry_id: str) -> dict[str, tuple[float, str]]:
    position = next(i for i, entry in enumerate(index.entries) if entry.entry_id == entry_id)
    names = [index.names[i] for i in index.names_of[position]]
    result = score_entry(query, index.entries[position], names)
    assert result is not None
    features = {feature.name: (feature.weight, feature.explanation) for feature in result.features}
    return {"score": (result.score, result.matched_name), **features}


def test_features_are_declared_with_weights() -> None:
    assert [feature.name for feature in FEATURES] == [
        "name_similarity", "weak_alias", "schema", "country_overlap", "identifier"]
    assert all(feature.weight > 0 for feature in FEATURES)


def test_a_person_is_never_a_vessel(index: ScreeningIndex) -> None:
    found = scored(index, Query.of("Wise Honest", "Person"), "NK-1")
    assert found["score"][0] == 0.0 and found["name_similarity"][0] == 1.0
    assert found["schema"] == (-0.3, "a Person is never a Vessel")
    assert scored(index, Query.of("Wise Honest", "Vessel"), "NK-1")["score"][0] == 1.0


def test_weak_alias_and_countries(index: ScreeningIndex) -> None:
    weak = scored(index, Query.of("Mr Yun", "Person", frozenset({"KP"})), "KPi.001")
    assert weak["weak_alias"][0] == -0.1 and "weak alias" in weak["weak_alias"][1]
    assert weak["country_overlap"] == (0.05, "the article and the entry both concern KP")
    elsewhere = scored(index, Query.of("Yun Ho Chin", "Person", frozenset({"FR"})), "KPi.001")
    assert elsewhere["country_overlap"][0] == -0.05 and "weak_alias" not in elsewhere
    assert elsewhere["score"] == (0.95, "Yun Ho-chin")


def test_an_imo_number_matches_outright(index: ScreeningIndex) -> None:
    query = Query.of("", None, identifiers=frozenset({("imo", "8905490")}))
    assert [index.entries[i].entry_id for i in candidates(index, query)] == ["NK-1"]
    found = scored(index, query, "NK-1")
    assert found["score"][0] == 1.0 and "IMO 8905490" in found["identifier"][1]
    imo = frozenset({("imo", "8905490")})
    assert scored(index, Query.of("Wise Honesty", "Vessel", identifiers=imo), "NK-1")["score"][0] == 1.0
    other_ship = scored(index, Query.of("Honest Trader", "Vessel", identifiers=imo), "NK-1")  # another ship in the text
    assert "identifier" not in other_ship and other_ship["score"][0] < 0.7
