"""Shared check for the fast spaCy components: a plain pipeline and a sped-up one must agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import spacy

from eventwire.cli import sample_paths
from eventwire.config import Settings
from eventwire.ingest import read_inputs
from eventwire.ingest.base import RawArticle

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def assert_fast_component_agrees(
    settings: Settings,
    speed_up: Callable[[Language], bool],
    component: str,
    fast_type: type,
    tricky: list[str],
    same: Callable[[Doc, Doc], None],
    rounds: int = 1,
) -> None:
    """Run the sample articles plus `tricky` through plain spaCy and through a pipeline whose
    `component` was replaced by `speed_up`; `same` asserts each pair of docs agrees."""
    plain = spacy.load(settings.spacy_model)
    fast = spacy.load(settings.spacy_model)
    assert speed_up(fast)
    assert isinstance(fast.get_pipe(component), fast_type)
    assert plain.pipe_names == fast.pipe_names
    texts = [r.text for r in read_inputs(sample_paths(), settings) if isinstance(r, RawArticle)]
    texts += tricky
    for _ in range(rounds):
        for a, b in zip(plain.pipe(texts), fast.pipe(texts), strict=True):
            same(a, b)
