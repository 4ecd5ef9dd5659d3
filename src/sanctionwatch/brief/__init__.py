"""Briefs in the house format: headline, summary, details, "In conclusion, ...", sources.

Every sentence carries where it came from: the article id and character span it was copied from,
or the fact ids it was composed from.
"""

from __future__ import annotations

from sanctionwatch.brief.conclusion import write_conclusion
from sanctionwatch.brief.summarize import Candidate, choose_details, choose_summary, rank_sentences
from sanctionwatch.model import Analysis, Article, Brief, BriefParagraph, BriefSentence

__all__ = ["write_article_brief"]


def write_article_brief(article: Article, analysis: Analysis) -> Brief:
    """The brief of one article: extractive summary and details, composed conclusion."""
    ranked = rank_sentences(article.text, analysis, article.title)
    summary = choose_summary(ranked, text=article.text)
    details = choose_details(ranked, summary, text=article.text)
    paragraphs = [BriefParagraph("summary", _sentences(article, summary))]
    if details:
        paragraphs.append(BriefParagraph("details", _sentences(article, details)))
    paragraphs.append(BriefParagraph("conclusion", [write_conclusion(article, analysis)]))
    headline = BriefSentence(text=article.title or "Untitled report", article_id=article.id)
    return Brief(
        subject=f"article:{article.id}",
        headline=headline,
        paragraphs=paragraphs,
        sources=[article.source_domain or "unknown source"],
    )


def _sentences(article: Article, chosen: list[Candidate]) -> list[BriefSentence]:
    return [
        BriefSentence(text=article.text[c.start:c.end], article_id=article.id, spans=[(c.start, c.end)])
        for c in chosen
    ]
