from sanctionwatch.brief.render import render_text
from sanctionwatch.brief.story import write_story_brief
from sanctionwatch.figures import build_timelines, figure_points
from sanctionwatch.model import Story

from ..cluster.builders import count_fact, make_analysis, make_article

FIRST = ("Russia vetoed the renewal of the UN panel that monitors North Korea sanctions on Thursday.\n"
         "The panel had reported about 4,000 North Korean workers in Russia despite the ban.\n"
         "China abstained in the vote, which 13 members supported.")
SECOND = ("Russia vetoed the renewal of the UN panel that monitors North Korea sanctions on Thursday!\n"
          "Diplomats said Western states would look for other ways to monitor the sanctions.\n"
          "The panel said some 6,000 North Korean workers were in Russia.")


def members() -> list:  # type: ignore[type-arg]
    one = make_article("a1", "Russia vetoes UN panel", FIRST, "2024-03-28", "press.un.org")
    two = make_article("a2", "Panel to close", SECOND, "2024-03-29", "news.un.org")
    facts_one = [count_fact("n1", "about 4,000 North Korean workers", one, 4000, "worker", "North Korean workers",
                            "RU", sentence=1)]
    facts_two = [count_fact("n1", "some 6,000 North Korean workers", two, 6000, "worker", "North Korean workers",
                            "RU", sentence=2)]
    return [(two, make_analysis(two, facts=facts_two)), (one, make_analysis(one, facts=facts_one))]


def test_story_brief_has_house_format_and_every_sentence_is_traceable() -> None:
    found = members()
    timelines = build_timelines([p for a, an in found for p in figure_points(a, an)])
    brief = write_story_brief(Story("s1", "Russia vetoes UN panel", ["a1", "a2"]), found, timelines)
    lines = render_text(brief).rstrip("\n").split("\n")
    assert lines[0] == "Russia vetoes UN panel" and lines[-1] == "Original Sources: press.un.org, news.un.org"
    assert any(line.startswith(("In conclusion, the report from press.un.org (one of 2) concerns",
                                "In conclusion, the report from news.un.org (one of 2) concerns")) for line in lines)
    texts = {a.id: a.text for a, _ in found}
    for paragraph in brief.paragraphs[:-1]:
        for sentence in paragraph.sentences:
            (start, end), = sentence.spans
            assert texts[sentence.article_id][start:end] == sentence.text
    figures = brief.paragraphs[-1].sentences[-1]
    assert "4,000" in figures.text and "6,000" in figures.text and "a1/n1" in figures.fact_ids


def test_story_summary_draws_on_each_source_without_repeating_itself() -> None:
    brief = write_story_brief(Story("s1", "t", ["a1", "a2"]), members())
    summary = brief.paragraphs[0].sentences
    assert {s.article_id for s in summary} == {"a1", "a2"}
    vetoes = [s for p in brief.paragraphs[:-1] for s in p.sentences if s.text.startswith("Russia vetoed")]
    assert len(vetoes) == 1
