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
from thinc.api import NumpyOps, set_current_ops
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from eventwire.nlp.lemmas import speed_up_lemmatizer
from eventwire.nlp.lookups import remember_text
from eventwire.nlp.rules import speed_up_attribute_ruler


@cache
def load_pipeline(model: str, *, single_thread_blas: bool) -> Language:
    """The installed spaCy pipeline package ``model``, loaded on first use and kept.

    Its attribute ruler and lemmatizer are swapped for equivalent faster ones (same token
    attributes, same lemmas). With ``single_thread_blas`` (Settings.single_thread_blas), its
    layers multiply matrices with the BLAS numpy links to, on one thread; the choice is
    process-wide, so the first load in a process decides it.
    """
    if single_thread_blas:
        use_single_thread_blas()
    nlp = spacy.load(model)
    # Article length is bounded by Settings.max_article_chars before parsing; spaCy's own
    # guard must not be the tighter one.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    speed_up_attribute_ruler(nlp)
    speed_up_lemmatizer(nlp)
    return nlp


def use_single_thread_blas() -> None:
    """Make thinc layers built from now on multiply matrices with numpy's BLAS on one thread.

    thinc's default gemm is its bundled BLIS, which measured 26 GFLOP/s on one core here
    against 70-80 for numpy's OpenBLAS: the tagger, parser and NER take a third less CPU, with
    the same tags, arcs and entities on the benchmark articles. One thread, because a process
    is one worker: eventwire scales with worker processes, and BLAS threads in each would
    compete with the other workers for the same cores.
    """
    threadpool_limits(limits=1, user_api="blas")
    set_current_ops(NumpyOps(use_blis=False))


def _meta(model: str) -> dict[str, Any]:
    # The package's meta.json is what spacy.load gives the pipeline as its meta; reading it
    # spares a process that only needs the name (the parent of worker processes) the model.
    if is_package(model):
        return dict(get_model_meta(get_package_path(model)))
    if Path(model, "meta.json").is_file():
        return dict(get_model_meta(Path(model)))
    # Only a pipeline without meta.json ("blank:en") gets here: it has no layers that
    # multiply matrices, so the BLAS choice is left to a later load.
    return dict(load_pipeline(model, single_thread_blas=False).meta)


def pipeline_name(model: str) -> str:
    """``name-version`` of the pipeline ``model``, part of eventwire's pipeline version."""
    meta = _meta(model)
    return f"{meta.get('lang', 'xx')}_{meta['name']}-{meta['version']}"


def parse(
    texts: Iterable[str], model: str, batch_size: int, *, single_thread_blas: bool
) -> Iterator[Doc]:
    """Parsed Docs of ``texts``, in order, streamed through ``nlp.pipe`` of
    ``load_pipeline(model, single_thread_blas=...)``; each keeps its text for the extractors
    (nlp/lookups.doc_text)."""
    nlp = load_pipeline(model, single_thread_blas=single_thread_blas)
    pairs = ((text, text) for text in texts)
    for doc, text in nlp.pipe(pairs, batch_size=batch_size, as_tuples=True):
        remember_text(doc, text)
        yield doc
