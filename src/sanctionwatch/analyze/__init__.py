"""Analysis: sentences, named entities and countries (later: facts, attributions, assessment).

``analyze_article`` is the stage function: Article in, Analysis out, no I/O.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.analyze.places import PLACE_LABELS, country_code
from sanctionwatch.model import Analysis, Article, Entity, Sentence
from sanctionwatch.settings import Settings

ANALYZER_VERSION = "1"
SKIPPED_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "TIME"})


def analyze_article(article: Article, settings: Settings) -> Analysis:
    """Sentences, entities and countries of one article, with character offsets into its text."""
    text = article.text[: settings.max_text_chars]
    doc = load_pipeline(settings.spacy_model)(text)
    return analyze_doc(article.id, doc)


def analyze_doc(article_id: str, doc: Doc) -> Analysis:
    """The analysis of an already parsed text (the batch path parses with ``nlp.pipe``)."""
    entities = [entity for span in doc.ents if (entity := _entity(span)) is not None]
    return Analysis(
        article_id=article_id,
        analyzer_version=ANALYZER_VERSION,
        sentences=[Sentence(s.start_char, s.end_char) for s in doc.sents],
        entities=entities,
        countries=_countries(entities),
    )


def _entity(span: Span) -> Entity | None:
    if span.label_ in SKIPPED_LABELS:
        return None
    text = span.text
    start = span.start_char + (len(text) - len(text.lstrip()))
    text = text.strip()
    if not text:
        return None
    country = country_code(text) if span.label_ in PLACE_LABELS else _org_country(span)
    return Entity(text=text, label=span.label_, start=start, end=start + len(text), country=country)


def _org_country(span: Span) -> str | None:
    """An organisation named after its country ("the South Korean National Intelligence Service")."""
    if span.label_ != "ORG":
        return None
    words = [t.text for t in span if t.lower_ != "the"]
    for size in (2, 1):
        if len(words) > size and (code := country_code(" ".join(words[:size]))) is not None:
            return code
    return None


def _countries(entities: list[Entity]) -> list[str]:
    seen: dict[str, None] = {}
    for entity in entities:
        if entity.country:
            seen.setdefault(entity.country, None)
    return list(seen)
