"""The pipeline name, the fast components and the BLAS choice of the loaded pipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from eventwire.config import Settings
from eventwire.nlp.lookups import doc_text
from eventwire.nlp.pipeline import parse, pipeline_name

if TYPE_CHECKING:
    from spacy.language import Language

SRC = Path(__file__).parents[2] / "src"


def test_pipeline_name_matches_the_loaded_pipelines_meta(settings: Settings, nlp: Language) -> None:
    meta = nlp.meta
    expected = f"{meta['lang']}_{meta['name']}-{meta['version']}"
    assert pipeline_name(settings.spacy_model) == expected


def test_pipeline_attribute_ruler_and_lemmatizer_are_the_fast_ones(nlp: Language) -> None:
    assert nlp.get_pipe_meta("attribute_ruler").factory == "eventwire_attribute_ruler"
    assert nlp.get_pipe_meta("lemmatizer").factory == "eventwire_lemmatizer"


def test_pipeline_parsed_docs_keep_their_text_in_order(settings: Settings) -> None:
    texts = ["  Talks resumed\n\nin Geneva.  ", "", "Rebels shelled\tthe town\u00a0on Monday.\n"]
    docs = list(parse(iter(texts), settings.spacy_model, batch_size=2, single_thread_blas=True))
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


# Run in a fresh process: the BLAS choice is process-wide, and this test process has already
# loaded the pipeline. Three threads first, so that a limit of one is visible as a change.
_BLAS_PROBE = """
import json
from thinc.api import get_current_ops
from threadpoolctl import threadpool_info, threadpool_limits
from eventwire.config import Settings
from eventwire.nlp.pipeline import load_pipeline

threadpool_limits(limits=3, user_api="blas")
ops = get_current_ops()

def threads():
    return sorted({p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"})

before = threads()
settings = Settings.from_env()
nlp = load_pipeline(settings.spacy_model, single_thread_blas=settings.single_thread_blas)
layer_ops = nlp.get_pipe("ner").model.ops
print(json.dumps({
    "before": before,
    "after": threads(),
    "same_ops": get_current_ops() is ops,
    "layer_blis": getattr(layer_ops, "use_blis", None),
}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("value", ["true", "false"])
def test_pipeline_single_thread_blas_setting_decides_the_processs_blas(value: str) -> None:
    env = {**os.environ, "EVENTWIRE_SINGLE_THREAD_BLAS": value}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", _BLAS_PROBE], env=env, capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["before"] == [3]
    if value == "true":
        assert seen["after"] == [1]
        assert not seen["same_ops"] and seen["layer_blis"] is False
    else:
        assert seen["after"] == [3]  # left as they were
        assert seen["same_ops"] and seen["layer_blis"] is True  # thinc's default ops
