import math
from collections import Counter

import numpy as np
import pytest

from sanctionwatch.brief.summarize import (
    FEATURES,
    PARTS,
    choose_details,
    choose_summary,
    content_words,
    estimate,
    near_duplicate,
    rank_sentences,
    sentence_features,
    sentence_graph,
)

from ..cluster.builders import make_analysis, make_article

TEXT = ("North Korea sent thousands of workers to Russia in 2024, South Korea's spy agency said.\n"
        "North Korea sent thousands of workers to Russia in 2024, the spy agency of South Korea said.\n"
        "The weather in Seoul was mild on the day of the briefing.\n"
        "The workers earn about $800 a month, most of which goes to the North Korean state.\n"
        "Russia has denied hiring North Korean workers, saying it respects the sanctions on North Korea.\n"
        "In conclusion, the workers help Pyongyang evade sanctions.")


def test_near_duplicates_are_recognised() -> None:
    first, second, other = TEXT.split("\n")[:3]
    assert near_duplicate(first, second)
    assert not near_duplicate(first, other)


def test_summary_skips_repeats_and_the_reports_own_conclusion() -> None:
    article = make_article("a1", "North Korean workers keep arriving in Russia", TEXT)
    ranked = rank_sentences(article.text, make_analysis(article), article.title)
    summary = choose_summary(ranked, 3, article.text)
    chosen = [article.text[c.start:c.end] for c in summary]
    assert chosen[0].startswith("North Korea sent") and len(chosen) == 3
    assert sum(s.startswith("North Korea sent") for s in chosen) == 1
    assert not any(s.startswith("In conclusion") for s in chosen)
    assert [c.index for c in summary] == sorted(c.index for c in summary)
    details = choose_details(ranked, summary, 4, article.text)
    assert not {c.index for c in details} & {c.index for c in summary}
    assert all(not near_duplicate(article.text[d.start:d.end], s) for d in details for s in chosen)


def test_central_sentences_outrank_an_aside() -> None:
    article = make_article("a1", "North Korean workers in Russia", TEXT)
    ranked = rank_sentences(article.text, make_analysis(article), article.title)
    order = [c.index for c in ranked]
    assert order.index(2) > order.index(3) and order.index(2) > order.index(4)


def test_sentence_graph_weighs_shared_words_by_log_lengths() -> None:
    bags = [Counter(content_words(s)) for s in ("Russia hired workers from North Korea",
                                                 "North Korean workers arrived in Russia",
                                                 "The weather was mild")]
    graph = sentence_graph(bags)
    shared = sum(min(bags[0][w], bags[1][w]) for w in bags[0])
    expected = shared / (math.log(sum(bags[0].values())) + math.log(sum(bags[1].values())))
    assert graph[0, 1] == pytest.approx(expected) and graph[1, 0] == graph[0, 1]
    assert graph[0, 2] == 0 and all(graph[i, i] == 0 for i in range(3))


def test_a_lead_the_report_elaborates_outranks_an_aside() -> None:
    text = ("Customs seized a tanker carrying Iranian oil off Malaysia on Monday.\n"
            "Heavy rain fell across the region through the afternoon.\n"
            "The tanker had switched off its transponder near Malaysia before the transfer.\n"
            "Iranian oil reached buyers through the tanker, customs said.")
    article = make_article("a2", "", text)
    ranked = rank_sentences(article.text, make_analysis(article))
    assert ranked[0].index == 0
    assert [c.index for c in ranked].index(1) > [c.index for c in ranked].index(2)


def test_every_score_is_the_sum_of_its_named_parts() -> None:
    article = make_article("a1", "North Korean workers in Russia", TEXT)
    for candidate in rank_sentences(article.text, make_analysis(article), article.title):
        assert set(candidate.parts) == set(PARTS)
        assert candidate.score == pytest.approx(sum(candidate.parts.values()))


def test_a_text_without_usable_sentences_ranks_nothing() -> None:
    article = make_article("a3", "Short", "Too short.\nIn conclusion, this is all the report says.")
    assert rank_sentences(article.text, make_analysis(article), article.title) == []


def test_the_tree_sends_a_value_at_its_threshold_to_the_first_branch() -> None:
    tree = ("coverage", 0.5, ("position", 0.3, 0.1, 0.2), 0.9)
    features = {"coverage": np.array([0.5, 0.5, 0.7]), "position": np.array([1.0, 0.3, 1.0])}
    assert [estimate(tree, features, row) for row in range(3)] == [0.2, 0.1, 0.9]


def test_features_are_relative_to_the_report() -> None:
    sentences = TEXT.split("\n")[:5]
    features = sentence_features(sentences, "North Korean workers in Russia")
    assert set(features) == set(FEATURES)
    assert all(len(values) == 5 and values.max() <= 1.0 for values in features.values())
    assert features["centrality"][2] == 0 and features["centrality_rank"][2] == 1.0  # the weather aside
    assert features["forward"][4] == 0  # nothing follows the last sentence
