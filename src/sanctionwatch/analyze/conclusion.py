"""The parts of a brief's "In conclusion, ..." paragraph, worded from the assessment.

Each part is one clause a brief writer can join; none is firmer than the report: a claim the report
hedges is introduced as what the report "suggests", one it attributes as what its source "reports",
and a paragraph number the knowledge base has not confirmed is marked as such.
"""

from __future__ import annotations

from sanctionwatch.kb import knowledge_base
from sanctionwatch.model import Analysis, JSONDict


def conclusion_parts(analysis: Analysis) -> list[str]:
    """Clauses for the conclusion: what the report says happened, under which regime, which provisions, what is off."""
    assessment = analysis.assessment
    if assessment is None:
        return []
    if not assessment.sanctions_evasion:
        return [f"the report does not describe sanctions evasion (score {assessment.score:.2f})"]
    parts = [f"{_frame(analysis)} {_methods(assessment.typologies)}"]
    regimes = [knowledge_base().regimes[r].name for r in assessment.regimes if r in knowledge_base().regimes]
    if regimes:
        parts.append("under " + _join(regimes))
    primary = [p for p in assessment.provisions if p.get("role") == "primary"]
    if primary:
        parts.append("implicating " + _join([_provision(p) for p in primary]))
    parts.extend(str(d["message"]) for d in assessment.discrepancies)
    return parts


def _frame(analysis: Analysis) -> str:
    stances = {a.stance for a in analysis.attributions}
    if "hedged" in stances:
        return "the report suggests, partly on hedged claims,"
    if "reported" in stances or "denied" in stances:
        return "the report, citing its sources, describes"
    return "the report describes"


def _methods(typologies: list[str]) -> str:
    names = [knowledge_base().typologies[t].name.lower() for t in typologies if t in knowledge_base().typologies]
    return "sanctions evasion" + (" through " + _join(names) if names else "")


def _provision(provision: JSONDict) -> str:
    label = str(provision["provision"])
    return label if provision.get("confidence") == "V" else f"{label} (paragraph number unconfirmed)"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
