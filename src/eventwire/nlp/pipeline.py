"""The spaCy pipeline: loaded once per process, run over batches with ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_model_meta, get_package_path, is_package

from eventwire.nlp.rules import speed_up_attribute_ruler


@cache
def load_pipeline(model: str) -> Language:
    """The installed spaCy pipeline package ``model``, loaded on first use and kept.

    Its attribute ruler is swapped for an equivalent faster one (same token attributes).
    """
    nlp = spacy.load(model)
    # Article length is bounded by Settings.max_article_chars before parsing; spaCy's own
    # guard must not be the tighter one.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    speed_up_attribute_ruler(nlp)
    return nlp


def _meta(model: str) -> dict[str, Any]:
    # The package's meta.json is what spacy.load gives the pipeline as its meta; reading it
    # spares a process that only needs the name (the parent of worker processes) the model.
    if is_package(model):
        return dict(get_model_meta(get_package_path(model)))
    if Path(model, "meta.json").is_file():
        return dict(get_model_meta(Path(model)))
    return dict(load_pipeline(model).meta)


def pipeline_name(model: str) -> str:
    """``name-version`` of the pipeline ``model``, part of eventwire's pipeline version."""
    meta = _meta(model)
    return f"{meta.get('lang', 'xx')}_{meta['name']}-{meta['version']}"


def parse(texts: Iterable[str], model: str, batch_size: int) -> Iterator[Doc]:
    """Parsed Docs of ``texts``, in order, streamed through ``nlp.pipe``."""
    yield from load_pipeline(model).pipe(texts, batch_size=batch_size)
