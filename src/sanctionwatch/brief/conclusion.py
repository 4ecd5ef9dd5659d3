"""The "In conclusion, ..." paragraph: what the report means in sanctions terms.

Composed from the assessment (regimes, provisions, methods, discrepancies) and never firmer than the
report: a claim the report hedges is introduced as what the report "suggests", one it attributes as
what its sources report, and a paragraph number the knowledge base has not confirmed is marked so.
"""

from __future__ import annotations

from sanctionwatch.kb import knowledge_base
from sanctionwatch.model import Analysis, Article, BriefSentence, JSONDict


def write_conclusion(article: Article, analysis: Analysis, subject: str = "the report") -> BriefSentence:
    """One paragraph beginning "In conclusion," built from the assessment, with the facts it used.

    ``subject`` names what speaks: "the report" in an article brief; a story brief names which of its
    reports the assessment comes from.
    """
    parts = conclusion_parts(analysis, subject)
    if not parts:
        return _from_article(article, analysis, subject)
    first, *rest = parts
    text = f"In conclusion, {first}" + "".join(f", {p}" for p in rest if not _is_sentence(p)) + "."
    text += "".join(f" {p.rstrip('.')}." for p in rest if _is_sentence(p))
    provisions = analysis.assessment.provisions if analysis.assessment else []
    fact_ids = [str(f) for p in provisions if p.get("role") == "primary" for f in p.get("fact_ids", [])]
    return BriefSentence(text=text, article_id=article.id, fact_ids=fact_ids)


def _is_sentence(part: str) -> bool:
    return part[:1].isupper()


def conclusion_parts(analysis: Analysis, subject: str = "the report") -> list[str]:
    """Clauses for the conclusion: what the report says happened, under which regime, which provisions, what is off."""
    assessment = analysis.assessment
    if assessment is None:
        return []
    if not assessment.sanctions_evasion:
        return [f"{subject} does not describe sanctions evasion (score {assessment.score:.2f})"]
    parts = [f"{_frame(analysis, subject)} {_methods(assessment.typologies)}"]
    regimes = [knowledge_base().regimes[r].name for r in assessment.regimes if r in knowledge_base().regimes]
    if regimes:
        parts.append("under " + _join(regimes))
    primary = [p for p in assessment.provisions if p.get("role") == "primary"]
    if primary:
        parts.append("implicating " + _join([_provision(p) for p in primary]))
    parts.extend(str(d["message"]) for d in assessment.discrepancies)
    return parts


def _frame(analysis: Analysis, subject: str) -> str:
    stances = {a.stance for a in analysis.attributions}
    if "hedged" in stances:
        return f"{subject} suggests, partly on hedged claims,"
    if "reported" in stances or "denied" in stances:
        return f"{subject}, citing its sources, describes"
    return f"{subject} describes"


def _methods(typologies: list[str]) -> str:
    names = [knowledge_base().typologies[t].name.lower() for t in typologies if t in knowledge_base().typologies]
    return "sanctions evasion" + (" through " + _join(names) if names else "")


def _provision(provision: JSONDict) -> str:
    label = str(provision["provision"])
    return label if provision.get("confidence") == "V" else f"{label} (paragraph number unconfirmed)"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _from_article(article: Article, analysis: Analysis, subject: str) -> BriefSentence:
    """Without an assessment: the report's own concluding sentence, else the countries it names."""
    for sentence in analysis.sentences:
        raw = article.text[sentence.start:sentence.end]
        if raw.lstrip().lower().startswith("in conclusion,"):
            start = sentence.start + len(raw) - len(raw.lstrip())
            text = raw.strip()
            return BriefSentence(text=text, article_id=article.id, spans=[(start, start + len(text))])
    names = ", ".join(analysis.countries) or "no country sanctionwatch recognises"
    return BriefSentence(text=f"In conclusion, {subject} concerns {names}.", article_id=article.id)
