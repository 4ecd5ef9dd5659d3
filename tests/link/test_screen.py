"""The stage function: an article's mentions and IMO numbers screened, with offsets and reasons."""

from pathlib import Path
from typing import Any

from sanctionwatch.link import ScreeningIndex, build_index, match_mentions, mention_key, read_list_file
from sanctionwatch.link.screen import clean_mention
from sanctionwatch.model import Analysis, Article, Entity
from sanctionwatch.settings import load_settings

TEXT = ("Yun Ho Chin met officials of the Democratic People's Republic of Korea in Pyongyang. The U.S.-designated "
        "Korea Ryonbong General Corporation chartered the tanker WISE HONEST (IMO 8905490).")


def analysed(text: str, names: list[tuple[str, str]]) -> tuple[Article, Analysis]:
    entities = [Entity(name, label, text.index(name), text.index(name) + len(name)) for name, label in names]
    return Article(id="a1", title="t", text=text), Analysis("a1", "test", entities=entities, countries=["KP"])


def test_mentions_and_imo_numbers_are_matched(index: ScreeningIndex) -> None:
    article, analysis = analysed(TEXT, [
        ("Yun Ho Chin", "PERSON"), ("the Democratic People's Republic of Korea", "ORG"), ("Pyongyang", "GPE"),
        ("U.S.-designated Korea Ryonbong General Corporation", "ORG"), ("WISE HONEST", "PRODUCT")])
    matches = match_mentions(article, analysis, index, load_settings({}, environ={}))
    found = [(m.mention, m.list_name, m.entry_id, m.list_version_id) for m in matches]
    assert found == [("Yun Ho Chin", "un_sc", "KPi.001", 1),
                     ("U.S.-designated Korea Ryonbong General Corporation", "ofac_sdn", "103", 2),
                     ("WISE HONEST", "demo_vessels", "NK-1", 3), ("IMO 8905490", "demo_vessels", "NK-1", 3)]
    for match in matches:
        assert TEXT[match.start:match.end] == match.mention and match.article_id == "a1"
        assert match.features[0].explanation and match.mention_key == mention_key(match.mention)


def test_threshold_comes_from_settings(index: ScreeningIndex) -> None:
    article, analysis = analysed("Yun Ho met Kim.", [("Yun Ho", "PERSON")])
    assert match_mentions(article, analysis, index, load_settings({"match_threshold": 0.3}, environ={}))
    assert not match_mentions(article, analysis, index, load_settings({}, environ={}))


def test_only_the_closest_of_related_entries(samples: Any) -> None:
    lines = [f'{{"id": "{i}", "schema": "Organization", "properties": {{"name": ["{name}"]}}}}' for i, name in
             enumerate(["ISLAMIC REVOLUTIONARY GUARD CORPS", "ISLAMIC REVOLUTIONARY GUARD CORPS AIR FORCE"])]
    index = build_index(read_list_file(samples.write("irgc.json", "\n".join(lines) + "\n")).entries)
    article, analysis = analysed("The Islamic Revolutionary Guard Corps said", [
        ("The Islamic Revolutionary Guard Corps", "ORG")])
    assert [m.caption for m in match_mentions(article, analysis, index, load_settings({}, environ={}))] == [
        "ISLAMIC REVOLUTIONARY GUARD CORPS"]


def test_mentions_are_cleaned_and_keyed() -> None:
    assert clean_mention("the U.S.-designated Foreign Trade Bank") == "Foreign Trade Bank"
    assert clean_mention("sanctioned tanker Courageous") == "Courageous"
    assert mention_key("Kim Jong-un's") == "kim jong un" == mention_key("KIM JONG UN")


def test_seed_article_has_no_listed_party(shared_dir: Path, index: ScreeningIndex) -> None:
    text = (shared_dir / "seed" / "000_db3d2fddf79d3866.txt").read_text(encoding="utf-8")
    article, analysis = analysed(text, [("Wi Sung-lac", "PERSON"), ("National Intelligence Service", "ORG"),
                                        ("NIS", "ORG"), ("Democratic Party of Korea", "ORG")])
    assert match_mentions(article, analysis, index, load_settings({}, environ={})) == []
