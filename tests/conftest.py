"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventwire.config import Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env(environ={})


@pytest.fixture(scope="session")
def nlp(settings: Settings) -> Language:
    from eventwire.nlp.pipeline import load_pipeline

    return load_pipeline(settings.spacy_model)
