"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from eventwire.config import Settings

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env(environ={})


@pytest.fixture(scope="session")
def nlp(settings: Settings) -> Language:
    from eventwire.nlp.pipeline import load_pipeline

    return load_pipeline(settings.spacy_model, single_thread_blas=settings.single_thread_blas)
