from sanctionwatch.brief.summarize import choose_details, choose_summary, near_duplicate, rank_sentences

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
