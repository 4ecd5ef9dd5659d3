"""Small articles and analyses built by hand: clustering and figures tested without spaCy."""

from __future__ import annotations

from sanctionwatch.model import Analysis, Article, Attribution, Entity, Fact, Sentence


def make_article(article_id: str, title: str, text: str, published: str | None = "2024-05-01",
                 source: str = "example.org") -> Article:
    return Article(id=article_id, title=title, text=text, published=published, source_domain=source)


def make_analysis(article: Article, names: list[tuple[str, str]] = (), facts: list[Fact] = (),  # type: ignore[assignment]
                  attributions: list[Attribution] = ()) -> Analysis:  # type: ignore[assignment]
    """Entities at the first place each name occurs; one sentence per line of text."""
    entities = []
    for name, label in names:
        start = article.text.find(name)
        if start >= 0:
            entities.append(Entity(name, label, start, start + len(name)))
    sentences, start = [], 0
    for line in article.text.split("\n"):
        sentences.append(Sentence(start, start + len(line)))
        start += len(line) + 1
    return Analysis(article.id, "test", sentences, entities, [], list(facts), list(attributions))


def count_fact(fact_id: str, text: str, article: Article, value: float, unit: str, subject: str,
               place: str | None = None, sentence: int = 0) -> Fact:
    start = article.text.find(text)
    return Fact(fact_id, "count", text, start, start + len(text), sentence,
                {"value": value, "unit": unit, "subject": subject, "place": place, "approximate": True,
                 "vague": False, "min_value": None, "max_value": None})
