"""The spaCy pipeline, loaded once per process: NER with a rule-based sentencizer.

The packaged English model's NER has its own tok2vec, so the tagger, parser, lemmatizer and the
shared tok2vec are excluded: the same entities, about twice as fast.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from sanctionwatch.errors import ConfigError

EXCLUDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


@functools.cache
def load_pipeline(model: str) -> Language:
    """The NER + sentencizer pipeline of the installed model package ``model``."""
    try:
        nlp = spacy.load(model, exclude=EXCLUDED)
    except OSError as exc:
        raise ConfigError(f"spaCy model {model!r} is not installed (pip install the model package)") from exc
    nlp.add_pipe("sentencizer")
    return nlp
