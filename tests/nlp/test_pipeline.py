"""The pipeline name read from the package must be the one the loaded pipeline reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.config import Settings
from eventwire.nlp.lookups import doc_text
from eventwire.nlp.pipeline import parse, pipeline_name

if TYPE_CHECKING:
    from spacy.language import Language


def test_pipeline_name_matches_the_loaded_pipelines_meta(settings: Settings, nlp: Language) -> None:
    meta = nlp.meta
    expected = f"{meta['lang']}_{meta['name']}-{meta['version']}"
    assert pipeline_name(settings.spacy_model) == expected


def test_pipeline_attribute_ruler_and_lemmatizer_are_the_fast_ones(nlp: Language) -> None:
    assert nlp.get_pipe_meta("attribute_ruler").factory == "eventwire_attribute_ruler"
    assert nlp.get_pipe_meta("lemmatizer").factory == "eventwire_lemmatizer"


def test_pipeline_parsed_docs_keep_their_text_in_order(settings: Settings) -> None:
    texts = ["  Talks resumed\n\nin Geneva.  ", "", "Rebels shelled\tthe town\u00a0on Monday.\n"]
    docs = list(parse(iter(texts), settings.spacy_model, batch_size=2))
    assert [d.text for d in docs] == texts
    assert [doc_text(d) for d in docs] == texts
    assert all(d.user_data["eventwire.text"] is t for d, t in zip(docs, texts, strict=True))


def test_pipeline_layers_multiply_with_numpys_blas(nlp: Language) -> None:
    from thinc.api import NumpyOps

    for name in ("tok2vec", "ner"):
        ops = nlp.get_pipe(name).model.ops
        assert isinstance(ops, NumpyOps)
        assert ops.use_blis is False


def test_pipeline_blas_runs_on_one_thread(nlp: Language) -> None:
    from threadpoolctl import threadpool_info

    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas, "numpy's BLAS should be loaded once the pipeline is"
    assert all(pool["num_threads"] == 1 for pool in blas)
