"""The "In conclusion, ..." paragraph: what the report means in sanctions terms.

Composed from the assessment (regimes, provisions, methods, discrepancies), never stronger than
the source: claims stay attributed to the report, and hedged claims stay hedged.
"""

from __future__ import annotations

from sanctionwatch.model import Analysis, Article, BriefSentence

HEDGED_STANCES = frozenset({"hedged", "reported"})


def write_conclusion(article: Article, analysis: Analysis) -> BriefSentence:
    """One sentence beginning "In conclusion," built from the assessment, with the facts it used."""
    assessment = analysis.assessment
    if assessment is None:
        return _from_article(article, analysis)
    if not assessment.sanctions_evasion:
        text = "In conclusion, the report does not describe sanctions evasion"
        return BriefSentence(text=f"{text} (score {assessment.score:.2f}).", article_id=article.id)
    parts = [f"In conclusion, {_claim_frame(analysis)} {_what(assessment.typologies)}"]
    provisions = [p for p in assessment.provisions if p.get("provision")]
    if provisions:
        parts.append(f" in breach of {_join([_provision_label(p) for p in provisions])}")
    if assessment.regimes:
        parts.append(f", under the {_join([_regime_label(r) for r in assessment.regimes])} sanctions regime")
    text = "".join(parts) + "."
    text += "".join(f" {d['message'].rstrip('.')}." for d in assessment.discrepancies if d.get("message"))
    fact_ids = [fid for p in provisions for fid in p.get("fact_ids", [])]
    return BriefSentence(text=text, article_id=article.id, fact_ids=fact_ids)


def _claim_frame(analysis: Analysis) -> str:
    stances = {a.stance for a in analysis.attributions}
    if stances & HEDGED_STANCES:
        return "the report says, partly on hedged or second-hand claims, that the activity it describes amounts to"
    return "the report describes"


def _what(typologies: list[str]) -> str:
    if not typologies:
        return "sanctions evasion"
    return "sanctions evasion through " + _join([t.replace("_", " ") for t in typologies])


def _provision_label(provision: dict[str, object]) -> str:
    label = str(provision["provision"])
    return label if provision.get("confidence", "V") == "V" else f"{label} (paragraph unconfirmed)"


def _regime_label(regime: str) -> str:
    return regime.replace("_", " ")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _from_article(article: Article, analysis: Analysis) -> BriefSentence:
    """Without an assessment: the report's own concluding sentence, else the countries it names."""
    for sentence in analysis.sentences:
        raw = article.text[sentence.start:sentence.end]
        if raw.lstrip().lower().startswith("in conclusion,"):
            start = sentence.start + len(raw) - len(raw.lstrip())
            text = raw.strip()
            return BriefSentence(text=text, article_id=article.id, spans=[(start, start + len(text))])
    names = _join(analysis.countries) or "no country sanctionwatch recognises"
    return BriefSentence(text=f"In conclusion, the report concerns {names}.", article_id=article.id)
