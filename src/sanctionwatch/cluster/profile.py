"""What clustering needs of an article: its words, the names it gives, its figures, its date.

A profile is computed once per article (``profile_article``) and stored with its story assignment,
so the story index can be rebuilt from the store without reading or parsing articles again.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from sanctionwatch.cluster.terms import tokenize
from sanctionwatch.model import Analysis, Article, Entity, Fact

MAX_TERMS = 200
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
LEAD_CHARS = 400
NAME_NOISE = re.compile(r"^(the|a|an)\s+|(['’]s)$")


@dataclasses.dataclass
class ArticleProfile:
    """An article as the story index sees it. Keys: words, ``@name`` entity keys, ``#kind:value`` facts."""

    article_id: str
    title: str
    date: str | None = None  # YYYY-MM-DD
    source: str | None = None
    terms: dict[str, int] = dataclasses.field(default_factory=dict)
    names: dict[str, str] = dataclasses.field(default_factory=dict)  # @key -> the name as written
    lead: list[str] = dataclasses.field(default_factory=list)  # @keys named in the headline or first sentence
    facts: dict[str, str] = dataclasses.field(default_factory=dict)  # #key -> the fact as written


def profile_article(article: Article, analysis: Analysis | None = None) -> ArticleProfile:
    """The profile of an article; without an analysis it has words and a date but no names or facts."""
    words = Counter(tokenize(article.title) * 2 + tokenize(article.text))
    profile = ArticleProfile(
        article_id=article.id,
        title=article.title,
        date=article_date(article),
        source=article.source_domain,
        terms=dict(words.most_common(MAX_TERMS)),
    )
    if analysis is not None:
        profile.names = _names(analysis.entities)
        profile.lead = _lead(article, analysis)
        profile.facts = _facts(analysis.facts)
    return profile


def article_date(article: Article) -> str | None:
    """The day an article speaks for: published, else fetched, else ingested (None when none is known)."""
    for value in (article.published, article.fetched_at, article.ingested_at):
        if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
            return value[:10]
    return None


def name_keys(entity: Entity) -> list[str]:
    """The keys a name is known by: its normalised form, and a person's family name (4+ letters)."""
    name = NAME_NOISE.sub("", (entity.canonical or entity.text).strip().lower()).strip()
    if not name:
        return []
    keys = [f"@{name}"]
    words = name.split()
    if entity.label == "PERSON" and len(words) > 1 and len(words[-1]) >= 4:
        keys.append(f"@{words[-1]}")
    return keys


def _names(entities: list[Entity]) -> dict[str, str]:
    found: dict[str, str] = {}
    for entity in entities:
        if entity.label in NAME_LABELS:
            for key in name_keys(entity):
                found.setdefault(key, entity.canonical or entity.text)
    return found


def _lead(article: Article, analysis: Analysis) -> list[str]:
    """Names in the headline or the first sentence: who the report is about."""
    first_end = analysis.sentences[0].end if analysis.sentences else LEAD_CHARS
    title = article.title.lower()
    keys: dict[str, None] = {}
    for entity in analysis.entities:
        if entity.label in NAME_LABELS and (entity.start < first_end or entity.text.lower() in title):
            keys.update(dict.fromkeys(name_keys(entity)))
    return list(keys)


def _facts(facts: list[Fact]) -> dict[str, str]:
    found: dict[str, str] = {}
    for fact in facts:
        key = fact_key(fact)
        if key is not None:
            found.setdefault(key, fact.text)
    return found


def fact_key(fact: Fact) -> str | None:
    """A key two reports of the same figure, date or instrument share; None for facts too common to tell."""
    value = fact.value
    if fact.kind == "count" and not value.get("vague"):
        return f"#count:{_number(value.get('value'))}:{value.get('unit') or ''}"
    if fact.kind == "money":
        return f"#money:{_number(value.get('value'))}:{value.get('currency') or ''}"
    if fact.kind == "date" and len(str(value.get("iso") or "")) >= 7 and not value.get("relative"):
        return f"#date:{value['iso']}"
    if fact.kind == "legal_reference" and value.get("kb_id"):
        return f"#law:{value['kb_id']}"
    return None


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
