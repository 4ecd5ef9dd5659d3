"""Quality floors of name matching and screening on real data, next to rapidfuzz WRatio in the same run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sanctionwatch.analyze import analyze_article
from sanctionwatch.evaluation.names import evaluate_names
from sanctionwatch.link import build_index, match_mentions, read_list_file
from sanctionwatch.model import Article, Match
from sanctionwatch.settings import Settings

# Parties named in the corpus (DPRK reports) that are on the UN or OFAC DPRK lists: (article, mention, entry)
LISTED = [
    ("crs-in12355-2024-05-06", "Kim Jong-un", "ofac_sdn:20157"),
    ("treasury-sm481-silverstar", "Yanbian Silverstar Network Technology Co., Ltd.", "ofac_sdn:24977"),
    ("treasury-sm481-silverstar", "Jong Song Hwa", "ofac_sdn:24979"),
    ("state-20220527-dprk-wmd-designations", "Far Eastern Bank", "ofac_sdn:37517"),
    ("state-20220527-dprk-wmd-designations", "U.S.-designated Foreign Trade Bank", "un_sc:KPe.047"),
    ("state-20220527-dprk-wmd-designations", "U.S.-designated Second Academy of Natural Sciences", "un_sc:KPe.018"),
    ("voa-courageous-tanker-seized", "Kwek Kee Seng", "ofac_sdn:37878"),
    ("treasury-20201119-mokran-cholsan-workers", "Korea Cholsan General Trading Corporation", "ofac_sdn:30082"),
    ("treasury-20200114-namgang-workers", "Namgang Trading Corporation", "ofac_sdn:27383"),
    ("treasury-20180223-shipping-advisory-excerpt", "KOTI", "un_sc:KPe.067"),
]
NOT_LISTED = {"Park Jin", "Kim", "Song", "NIS", "the Democratic People's Republic of Korea", "Wi Sung-lac"}


def test_name_bench_f1_at_the_default_threshold(shared_dir: Path) -> None:
    bench = shared_dir / "data" / "name_matching"
    report = evaluate_names(bench / "nomenklatura_name_bench" / "cases.csv", Settings().match_threshold,
                            bench / "watchman" / "cross_script_pairs.csv")
    ours, wratio = report["scorers"]["sanctionwatch"], report["scorers"]["rapidfuzz_wratio"]
    print(json.dumps({"ours": ours["f1"], "wratio": wratio["f1"], "cross_script": report["cross_script"]}))
    assert ours["f1"] >= 0.85 and ours["precision"] >= 0.85 and ours["recall"] >= 0.85
    assert ours["f1"] > wratio["best"]["f1"]  # better at 0.7 than WRatio at its best threshold
    cross = report["cross_script"]
    assert cross["sanctionwatch"]["recall"] >= 0.75 > cross["rapidfuzz_wratio"]["recall"]


@pytest.fixture(scope="module")
def corpus_matches(shared_dir: Path) -> dict[str, list[Match]]:
    lists = shared_dir / "data" / "sanctions_lists" / "dprk_subsets"
    entries = [e for name in ("un_sc_dprk_2026-02.xml", "ofac_sdn_dprk_2024-05-03.csv")
               for e in read_list_file(lists / name).entries]
    index, settings = build_index(entries, {"un_sc": 1, "ofac_sdn": 2}), Settings()
    found = {}
    for line in (shared_dir / "data" / "corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "DPRK" in (record.get("country") or ""):
            article = Article(id=record["id"], title=record["title"], text=record["text"])
            found[article.id] = match_mentions(article, analyze_article(article, settings), index, settings)
    seed = Article(id="seed", title="", text=(shared_dir / "seed" / "000_db3d2fddf79d3866.txt").read_text())
    found["seed"] = match_mentions(seed, analyze_article(seed, settings), index, settings)
    return found


def test_listed_parties_in_the_corpus_are_matched_with_reasons(corpus_matches: dict[str, list[Match]]) -> None:
    missing = []
    for article_id, mention, entry in LISTED:
        hits = [m for m in corpus_matches[article_id]
                if m.mention == mention and f"{m.list_name}:{m.entry_id}" == entry]
        missing += [] if hits else [(article_id, mention, entry)]
        assert all(m.features[0].name == "name_similarity" and m.features[0].explanation for m in hits)
    print(f"listed parties matched: {len(LISTED) - len(missing)} of {len(LISTED)}")
    assert not missing


def test_no_namesakes_countries_or_fragments(corpus_matches: dict[str, list[Match]]) -> None:
    wrong = [(m.article_id, m.mention, m.caption) for found in corpus_matches.values() for m in found
             if m.mention in NOT_LISTED]
    assert not wrong and corpus_matches["seed"] == []
