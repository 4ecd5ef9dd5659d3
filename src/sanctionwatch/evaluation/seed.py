"""The acceptance example: which of the items of ``seed/expected.yaml`` the analysis finds.

The text file in the seed layout (headline, body, "Original Source: <domain>") is read as the
pipeline reads it (``extract.extract_article``) and analysed; each expected item (countries,
organisations, persons with roles, counts, money, legal references, dates, attributions, evasion
methods, the assessment, the brief's shape) is checked against the analysis JSON. The baseline is
the plain spaCy pipeline: its entities can satisfy the country, organisation and person items.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from sanctionwatch.analyze import analyze_article
from sanctionwatch.errors import InputError
from sanctionwatch.extract import extract_article
from sanctionwatch.model import Analysis, Article, Fact, RawDocument
from sanctionwatch.settings import Settings

WORD = re.compile(r"[a-z0-9]+")
STOP = frozenset(["the", "a", "an", "of", "to", "by", "in", "on", "at", "for", "and", "or", "as", "that", "were",
     "was", "be", "been", "has", "have", "had"])


@dataclasses.dataclass
class Check:
    """One expected item: where it is in expected.yaml, whether sanctionwatch and the baseline found it."""

    section: str
    item: str
    found: bool
    baseline: bool


def evaluate_seed(expected_path: Path, text_path: Path, settings: Settings) -> dict[str, Any]:
    """The share of expected items found, by sanctionwatch and by the plain spaCy baseline."""
    expected = _read_yaml(expected_path)
    article = extract_article(RawDocument(origin=str(text_path), data=_read_bytes(text_path), kind="text"), settings)
    analysis = analyze_article(article, settings)
    checks = list(run_checks(expected, article, analysis, settings))
    return {
        "items": len(checks),
        "found": sum(c.found for c in checks),
        "share": round(sum(c.found for c in checks) / len(checks), 4) if checks else 0.0,
        "baseline_share": round(sum(c.baseline for c in checks) / len(checks), 4) if checks else 0.0,
        "checks": [dataclasses.asdict(c) for c in checks],
    }


def run_checks(expected: dict[str, Any], article: Article, analysis: Analysis, settings: Settings) -> Iterator[Check]:
    entity_texts = [e.text.lower() for e in analysis.entities]
    for section, check in SECTIONS.items():
        for item in _items(expected.get(section)):
            found = check(item, article, analysis)
            baseline = section in ("countries", "organizations", "persons") and _baseline(section, item, entity_texts)
            yield Check(section, _describe(item), found, baseline or (section == "countries" and found))
    if "brief" in expected:
        yield from _brief_checks(expected["brief"], article, analysis)


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _describe(item: Any) -> str:
    return item if isinstance(item, str) else ", ".join(f"{k}={v}" for k, v in item.items())


def _facts(analysis: Analysis, kind: str) -> list[Fact]:
    return [f for f in analysis.facts if f.kind == kind]


def _same_text(expected: str, found: str) -> bool:
    return expected.lower().strip() == found.lower().strip() or expected.lower() in found.lower()


def _values_match(item: dict[str, Any], fact: Fact, keys: tuple[str, ...]) -> bool:
    return all(fact.value.get(k) == item[k] for k in keys if k in item)


def _check_source(item: dict[str, Any], article: Article, _analysis: Analysis) -> bool:
    return article.source_domain == item.get("domain") and article.title == item.get("title")


def _check_country(item: str, _article: Article, analysis: Analysis) -> bool:
    return item in analysis.countries


def _check_organization(item: str, _article: Article, analysis: Analysis) -> bool:
    names = [str(f.value.get(k) or "") for f in _facts(analysis, "actor") for k in ("name", "canonical")]
    return any(item.lower() in name.lower() for name in names if name)


def _check_person(item: dict[str, Any], _article: Article, analysis: Analysis) -> bool:
    people = [f for f in _facts(analysis, "actor") if f.value.get("type") == "person"]
    return any(f.value.get("name") == item["name"] and (not item.get("role") or f.value.get("role") == item["role"])
               for f in people)


def _check_count(item: dict[str, Any], _article: Article, analysis: Analysis) -> bool:
    keys = ("value", "min_value", "unit", "approximate", "vague")
    return any(_same_text(item["text"], f.text) and _values_match(item, f, keys) for f in _facts(analysis, "count"))


def _check_money(item: dict[str, Any], _article: Article, analysis: Analysis) -> bool:
    keys = ("value", "currency", "period", "approximate")
    return any(_same_text(item["text"], f.text) and _values_match(item, f, keys) for f in _facts(analysis, "money"))


def _check_legal(item: dict[str, Any], _article: Article, analysis: Analysis) -> bool:
    return any(f.value.get("instrument") == item["instrument"] and _same_text(item["text"], f.text)
               for f in _facts(analysis, "legal_reference"))


def _check_date(item: dict[str, Any], _article: Article, analysis: Analysis) -> bool:
    for fact in _facts(analysis, "date"):
        if not _same_text(item["text"], fact.text):
            continue
        if "deadline" in item:
            return bool(fact.value.get("deadline")) and str(fact.value.get("iso", "")).startswith(str(item["deadline"]))
        return fact.value.get("year") == item.get("year")
    return False


def _check_attribution(item: dict[str, Any], article: Article, analysis: Analysis) -> bool:
    for found in analysis.attributions:
        source = f"{found.source} {found.source_canonical or ''}".lower()
        claim = article.text[found.claim_start:found.claim_end]
        same_cue = found.cue.lower() == str(item["cue"]).lower()
        same_stance = (found.stance == "hedged") == bool(item.get("hedged"))
        same_claim = _overlap(item["claim_about"], claim) >= 0.5
        if str(item["source"]).lower() in source and same_cue and same_stance and same_claim:
            return True
    return False


def _overlap(expected: str, found: str) -> float:
    """Share of the expected claim's content words that the found claim contains."""
    wanted = {w for w in WORD.findall(expected.lower()) if w not in STOP}
    have = set(WORD.findall(found.lower()))
    return len(wanted & have) / len(wanted) if wanted else 0.0


def _check_method(item: dict[str, Any], _article: Article, analysis: Analysis) -> bool:
    return any(_same_text(item["text"], f.text) and f.value.get("typology") == item["typology"]
               for f in _facts(analysis, "evasion_method"))


def _check_assessment(item: dict[str, Any], _article: Article, analysis: Analysis) -> bool:
    found = analysis.assessment
    if found is None or found.sanctions_evasion != item.get("sanctions_evasion", found.sanctions_evasion):
        return False
    provisions = {str(p["provision"]) for p in found.provisions}
    if "regime" in item and item["regime"] not in found.regimes:
        return False
    if not set(item.get("implicated_provisions", [])) <= provisions:
        return False
    return "note" not in item or _note_found(str(item["note"]), found.discrepancies)


def _note_found(note: str, discrepancies: list[dict[str, Any]]) -> bool:
    """A discrepancy names every instrument number the note names (e.g. 2375 and 2397 OP8)."""
    wanted = set(re.findall(r"\b\d{4}\b(?:\s+OP\d+)?", note))
    wanted = {re.sub(r"\s+", " ", w) for w in wanted if not re.fullmatch(r"(19|20)\d\d", w) or "OP" in w}
    return any(all(w in str(d.get("message", "")) for w in wanted) for d in discrepancies)


def _baseline(section: str, item: Any, entity_texts: list[str]) -> bool:
    name = item["name"] if isinstance(item, dict) else str(item)
    return section != "countries" and any(name.lower() in text for text in entity_texts)


def _brief_checks(expected: dict[str, Any], article: Article, analysis: Analysis) -> Iterator[Check]:
    lines = _brief_lines(article, analysis)
    yield Check("brief", "first_line: a headline", bool(lines and lines[0].strip()), False)
    start = str(expected.get("has_paragraph_starting", "In conclusion,"))
    yield Check("brief", f"has_paragraph_starting={start}", any(line.startswith(start) for line in lines), False)
    last = str(expected.get("last_line", ""))
    yield Check("brief", f"last_line={last}", bool(lines) and lines[-1].strip() == last, False)


def _brief_lines(article: Article, analysis: Analysis) -> list[str]:
    """The brief's text lines, when the brief writer is installed (it belongs to another stage)."""
    try:
        from sanctionwatch.brief import write_article_brief
        from sanctionwatch.brief.render import render_text
    except ImportError:
        return []
    return [line for line in render_text(write_article_brief(article, analysis)).splitlines() if line.strip()]


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the expected items ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping of sections")
    return data


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc


SECTIONS: dict[str, Callable[[Any, Article, Analysis], bool]] = {
    "source": _check_source, "countries": _check_country, "organizations": _check_organization,
    "persons": _check_person, "counts": _check_count, "money": _check_money, "legal_references": _check_legal,
    "dates": _check_date, "attributions": _check_attribution, "evasion_methods": _check_method,
    "assessment": _check_assessment,
}
