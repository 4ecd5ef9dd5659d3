"""Screening: the people, organisations and vessels an article names, and the IMO numbers in its text,
matched against the loaded lists.

``match_mentions`` is the stage function (Article + Analysis + index -> matches, no I/O);
``screen_name`` screens one name typed by a person.
"""

from __future__ import annotations

import functools
import re

from followthemoney.types import registry

from sanctionwatch.kb import load_kb_file
from sanctionwatch.link.index import ScreeningIndex, candidates
from sanctionwatch.link.matcher import Query, score_entry
from sanctionwatch.link.readers.common import IMO_IN_TEXT, imo_numbers_in
from sanctionwatch.link.vocabulary import name_tokens
from sanctionwatch.model import Analysis, Article, Entity, Match
from sanctionwatch.settings import Settings

MENTION_SCHEMAS = {"PERSON": "Person", "ORG": "Organization", "FAC": "Vessel", "PRODUCT": "Vessel"}
MIN_MENTION_CHARS = 3
CLOSE_TO_BEST = 0.1  # a mention keeps the matches within this of its best one (not every sub-unit of it)
TRAILING_POSSESSIVE = re.compile(r"['’]s$")


@functools.cache
def _mention_prefix() -> re.Pattern[str]:
    data = load_kb_file("names.yaml")["mention_prefixes"]
    issuers = "|".join(re.escape(str(word)) for word in data["issuers"])
    words = "|".join(re.escape(str(word)).replace(r"\ ", r"\s+") for word in data["words"])
    return re.compile(rf"^(?:the\s+)?(?:(?:{issuers})[-\s]+)?(?:(?:{words})[-\s]+)+", re.IGNORECASE)


def clean_mention(text: str) -> str:
    """The mention without the words news puts before a name ("the U.S.-designated Foreign Trade Bank")."""
    cleaned = _mention_prefix().sub("", text.strip())
    return cleaned if cleaned.strip() else text


def mention_key(text: str) -> str:
    """The normalised form of a mention that analysts' judgements are keyed by ("Kim Jong-un" -> "kim jong un")."""
    return " ".join(name_tokens(text))[:255]


def match_mentions(article: Article, analysis: Analysis, index: ScreeningIndex, settings: Settings) -> list[Match]:
    """Matches at or above ``settings.match_threshold`` for every screened mention and IMO number."""
    countries = frozenset(analysis.countries)
    imos = find_imo_numbers(article.text)
    identifiers = frozenset(("imo", number) for number, _start, _end in imos)
    found: list[Match] = []
    for entity in analysis.entities:
        schema = MENTION_SCHEMAS.get(entity.label)
        if schema is not None and len(entity.text) >= MIN_MENTION_CHARS and not _is_country(entity.text):
            query = Query.of(clean_mention(entity.text), schema, countries, identifiers)
            found += _matches(index, query, entity, article.id, settings.match_threshold)
    for number, start, end in imos:
        query = Query.of("", None, countries, frozenset({("imo", number)}))
        mention = Entity(article.text[start:end], "IMO", start, end)
        found += _matches(index, query, mention, article.id, settings.match_threshold)
    return sorted(found, key=lambda match: (match.start, -match.score))


def screen_name(
    index: ScreeningIndex, text: str, schema: str | None = None, countries: frozenset[str] = frozenset(),
    threshold: float = 0.0, limit: int = 10,
) -> list[Match]:
    """The best matches for one name, scored with the same features as in the pipeline."""
    identifiers = frozenset(("imo", number) for number, _s, _e in find_imo_numbers(text))
    query = Query.of("" if identifiers and not _has_name(text) else text, schema, countries, identifiers)
    mention = Entity(text, "QUERY", 0, len(text))
    return _matches(index, query, mention, "", threshold)[:limit]


def find_imo_numbers(text: str) -> list[tuple[str, int, int]]:
    """Valid IMO numbers written as "IMO 9187629" (or "IMO No. ...") with their spans."""
    return imo_numbers_in(text)


def _is_country(text: str) -> bool:
    """A mention that only names a country ("the Democratic People's Republic of Korea"): not a listed party."""
    cleaned = TRAILING_POSSESSIVE.sub("", text.strip())
    cleaned = cleaned[4:] if cleaned.lower().startswith("the ") else cleaned
    return registry.country.clean(cleaned) is not None


def _has_name(text: str) -> bool:
    return bool(IMO_IN_TEXT.sub("", text).strip(" ,;:"))


def _matches(index: ScreeningIndex, query: Query, mention: Entity, article_id: str, threshold: float) -> list[Match]:
    found = []
    for position, name_positions in candidates(index, query).items():
        entry = index.entries[position]
        names = [index.names[i] for i in name_positions]
        scored = score_entry(query, entry, names, threshold=threshold)
        if scored is not None and scored.score >= threshold and scored.score > 0:
            found.append(Match(
                article_id=article_id, mention=mention.text, start=mention.start, end=mention.end,
                list_name=entry.list_name, list_version_id=index.version_ids.get(entry.list_name, 0),
                entry_id=entry.entry_id, caption=entry.caption, schema=entry.schema, score=scored.score,
                features=scored.features, matched_name=scored.matched_name, mention_key=mention_key(mention.text),
            ))
    found.sort(key=lambda match: match.score, reverse=True)
    return [match for match in found if match.score >= found[0].score - CLOSE_TO_BEST]
