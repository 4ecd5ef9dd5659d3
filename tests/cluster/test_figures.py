from sanctionwatch.figures import build_timelines, figure_points
from sanctionwatch.model import Attribution, Fact

from .builders import count_fact, make_analysis, make_article

SEOUL = "North Korea sent about 4,000 North Korean workers to Russia in 2024, the NIS said."
LATER = "Some 15,000 workers from North Korea are now in Russia, officials estimate."
OTHER = "About 4,500 North Korean workers were in Russia in 2024, a think tank said."


def test_counts_of_one_figure_form_one_timeline_with_date_claimant_and_stance() -> None:
    first = make_article("a1", "Workers", SEOUL, "2024-05-01", "yna.co.kr")
    year = Fact("d1", "date", "in 2024", SEOUL.find("in 2024"), SEOUL.find("in 2024") + 7, 0,
                {"year": 2024, "iso": "2024", "deadline": False, "relative": False})
    claim = Attribution("t1", "the NIS", 75, 82, "said", 83, 87, 0, 74, "reported", 0, "National Intelligence Service")
    fact = count_fact("n1", "about 4,000 North Korean workers", first, 4000, "worker", "North Korean workers", "RU")
    second = make_article("a2", "More workers", LATER, "2025-02-01", "nknews.org")
    later = count_fact("n2", "Some 15,000 workers", second, 15000, "worker", "workers", "RU")
    points = figure_points(first, make_analysis(first, facts=[fact, year], attributions=[claim]), "s1")
    points += figure_points(second, make_analysis(second, facts=[later]), "s2")
    (timeline,) = build_timelines(points)
    assert timeline.label == "North Korean workers in RU"
    assert [p.value for p in timeline.points] == [4000, 15000]
    assert timeline.points[0].as_of == "2024" and timeline.points[0].stance == "reported"
    assert timeline.points[0].claimant == "National Intelligence Service"
    assert {p.story_id for p in timeline.points} == {"s1", "s2"} and not timeline.contradictions


def test_figures_for_the_same_time_that_disagree_are_flagged() -> None:
    one, two = make_article("a1", "x", SEOUL), make_article("a2", "y", OTHER, source="think.tank")
    year_one = Fact("d1", "date", "in 2024", SEOUL.find("in 2024"), SEOUL.find("in 2024") + 7, 0, {"iso": "2024"})
    year_two = Fact("d1", "date", "in 2024", OTHER.find("in 2024"), OTHER.find("in 2024") + 7, 0, {"iso": "2024"})
    high = count_fact("n1", "About 4,500 North Korean workers", two, 9000, "worker", "North Korean workers", "RU")
    points = figure_points(one, make_analysis(one, facts=[count_fact(
        "n1", "about 4,000 North Korean workers", one, 4000, "worker", "North Korean workers", "RU"), year_one]))
    points += figure_points(two, make_analysis(two, facts=[high, year_two]))
    (timeline,) = build_timelines(points)
    (contradiction,) = timeline.contradictions
    assert contradiction["when"] == "2024" and contradiction["article_ids"] == ["a1", "a2"]
    assert "disagree" in contradiction["message"]


def test_different_things_counted_stay_apart_and_one_article_never_contradicts_itself() -> None:
    text = "Treasury designated two individuals and four entities, and 13 votes were cast."
    article = make_article("a1", "x", text)
    facts = [count_fact("n1", "two individuals", article, 2, "individual", "individuals"),
             count_fact("n2", "four entities", article, 4, "entity", "entities"),
             count_fact("n3", "13 votes", article, 13, "vote", "votes")]
    timelines = build_timelines(figure_points(article, make_analysis(article, facts=facts)))
    assert sorted(t.label for t in timelines) == ["entities", "individuals", "votes"]
    assert all(not t.contradictions for t in timelines)
