"""Analysis: sentences, entities, countries, facts, attributions and the sanctions assessment.

``analyze_article`` is the stage function: Article in, Analysis out, no I/O. The stages inside, in
order: the spaCy pipeline (NER and sentences, ``nlp.py``); one pass of the knowledge base's phrases
(``lexicon.py``); entities with their knowledge-base names (``actors.py``); facts (``facts.py``:
legal references, dates, money, counts, evasion methods, actors); attributions (``attribution.py``);
the assessment (``relevance.py``, ``assessment.py``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span

from sanctionwatch.analyze.actors import kb_entities
from sanctionwatch.analyze.assessment import assess
from sanctionwatch.analyze.attribution import find_attributions
from sanctionwatch.analyze.facts import find_facts
from sanctionwatch.analyze.lexicon import Hits, find_phrases
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.analyze.places import PLACE_LABELS, country_code
from sanctionwatch.analyze.relevance import Evidence
from sanctionwatch.analyze.spans import sentence_of, sentence_spans
from sanctionwatch.kb import knowledge_base
from sanctionwatch.model import Analysis, Article, Entity, Fact, Sentence
from sanctionwatch.settings import Settings

__all__ = ["ANALYZER_VERSION", "Prepared", "analyze_article", "analyze_articles", "analyze_doc", "prepare_doc"]

log = logging.getLogger(__name__)
ANALYZER_VERSION = "3"  # bumped whenever analyses change: stored ones are redone
SKIPPED_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "TIME"})


def analyze_article(article: Article, settings: Settings) -> Analysis:
    """Sentences, entities, countries, facts, attributions and assessment of one article."""
    nlp = load_pipeline(settings.spacy_model)
    doc = nlp(_analysed_text(article, settings, nlp.max_length))
    return analyze_doc(article.id, doc, published=article.published)


def analyze_articles(articles: Iterable[Article], settings: Settings, batch_size: int = 16) -> Iterator[Analysis]:
    """The analyses of many articles, in order, parsed in batches (``nlp.pipe``) for speed."""
    nlp = load_pipeline(settings.spacy_model)
    pairs = ((_analysed_text(a, settings, nlp.max_length), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield analyze_doc(article.id, doc, published=article.published)


def analyze_doc(article_id: str, doc: Doc, published: str | None = None) -> Analysis:
    """The analysis of an already parsed text (the batch path parses with ``nlp.pipe``)."""
    prepared = prepare_doc(doc, published)
    return Analysis(
        article_id=article_id,
        analyzer_version=ANALYZER_VERSION,
        sentences=[Sentence(start, end) for start, end in prepared.sentences],
        entities=prepared.entities,
        countries=_countries(prepared.entities),
        facts=prepared.facts,
        attributions=find_attributions(prepared.text, prepared.sentences, prepared.entities, prepared.hits),
        assessment=assess(prepared.text, prepared.evidence, prepared.sentences),
    )


def _analysed_text(article: Article, settings: Settings, model_limit: int) -> str:
    """The text analysed: at most ``max_text_chars``, and no longer than the model accepts (its ``max_length``)."""
    limit = min(settings.max_text_chars, model_limit)
    if len(article.text) > limit:
        log.warning("article %s: analysing the first %d of its %d characters", article.id, limit, len(article.text))
    return article.text[:limit]


@dataclasses.dataclass
class Prepared:
    """A parsed text with its knowledge-base phrases, entities, sentences and facts, before the assessment."""

    text: str
    hits: Hits
    entities: list[Entity]
    sentences: list[tuple[int, int]]
    facts: list[Fact]
    evidence: Evidence


def prepare_doc(doc: Doc, published: str | None = None) -> Prepared:
    """Everything the attributions and the assessment read (also what ``bench/fit_relevance.py`` reads)."""
    text = doc.text
    hits = find_phrases(doc)
    entities = kb_entities(text, [e for span in doc.ents if (e := _entity(span)) is not None], hits)
    sentences = sentence_spans(doc)
    starts = [start for start, _ in sentences]
    targets = _target_countries(entities)
    target_places: dict[str, set[int]] = {}
    for entity in entities:
        if entity.country in targets:
            target_places.setdefault(entity.country, set()).add(sentence_of(starts, entity.start))
    target_sentences = set().union(*target_places.values())
    facts = find_facts(text, starts, entities, hits, published, target_sentences)
    evidence = Evidence(hits=hits, facts=facts, starts=starts, target_sentences=target_sentences,
                        target_countries=sorted(targets & set(_countries(entities))), target_places=target_places)
    return Prepared(text, hits, entities, sentences, facts, evidence)


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
        if entity.country and entity.label in (*PLACE_LABELS, "ORG"):
            seen.setdefault(entity.country, None)
    return list(seen)


def _target_countries(entities: list[Entity]) -> set[str]:
    """Countries under a sanctions regime of the knowledge base that the text names."""
    regime_targets = {c for r in knowledge_base().regimes.values() for c in r.countries}
    return {e.country for e in entities if e.country in regime_targets}
