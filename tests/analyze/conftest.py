"""The spaCy pipeline, loaded once for the analysis tests, and a helper to analyse a snippet."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from sanctionwatch.analyze import analyze_doc
from sanctionwatch.analyze.nlp import load_pipeline
from sanctionwatch.model import Analysis
from sanctionwatch.settings import load_settings


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(load_settings(environ={}).spacy_model)


@pytest.fixture(scope="session")
def analyse(nlp: Language) -> Callable[..., Analysis]:
    def run(text: str, published: str | None = None) -> Analysis:
        return analyze_doc("test", nlp(text), published=published)

    return run
