"""The spaCy pipeline: loaded once per process, run over batches with ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc


@cache
def load_pipeline(model: str) -> Language:
    """The installed spaCy pipeline package ``model``, loaded on first use and kept."""
    nlp = spacy.load(model)
    # Article length is bounded by Settings.max_article_chars before parsing; spaCy's own
    # guard must not be the tighter one.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def pipeline_name(model: str) -> str:
    """``name-version`` of the loaded pipeline, part of eventwire's pipeline version."""
    meta = load_pipeline(model).meta
    return f"{meta.get('lang', 'xx')}_{meta['name']}-{meta['version']}"


def parse(texts: Iterable[str], model: str, batch_size: int) -> Iterator[Doc]:
    """Parsed Docs of ``texts``, in order, streamed through ``nlp.pipe``."""
    yield from load_pipeline(model).pipe(texts, batch_size=batch_size)
