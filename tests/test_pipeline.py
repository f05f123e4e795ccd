from __future__ import annotations

from datetime import date

import pytest

from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.model import Record
from eventwire.pipeline import Skipped, article_id, normalize_text, prepare, run

STORY = (
    "KATHMANDU, April 27, 2015 (Test Wire) - Rescuers reached the village of Barpak "
    "on Monday. Prime Minister Sushil Koirala said the army would fly in tents."
)


def test_pipeline_article_id_ignores_whitespace_but_not_words() -> None:
    assert article_id("a  b\nc", None) == article_id("a b c", None)
    assert article_id("a b c", None) != article_id("a b d", None)
    assert article_id("a b c", "https://x.example/1") != article_id("a b c", None)


def test_pipeline_normalize_text_unifies_newlines_and_composes_accents() -> None:
    assert normalize_text("Le\u0301oga\u0302ne \r\nport  \r") == "Léogâne\nport"


@pytest.mark.parametrize(
    ("given", "metadata", "expected", "source"),
    [
        (date(2015, 4, 28), date(2015, 4, 26), "2015-04-28", "given"),
        (None, date(2015, 4, 26), "2015-04-26", "metadata"),
        (None, None, "2015-04-27", "text"),
    ],
)
def test_pipeline_publication_date_precedence(
    settings: Settings, given: date | None, metadata: date | None, expected: str, source: str
) -> None:
    raw = RawArticle(origin="t", text=STORY, published=metadata)
    article = prepare(raw, settings, given).article
    assert (article.published, article.published_from) == (expected, source)


def test_pipeline_no_publication_date_is_flagged(settings: Settings) -> None:
    raw = RawArticle(origin="t", text="Rescuers reached the village of Barpak on Monday.")
    prepared = prepare(raw, settings)
    assert prepared.article.published is None
    assert prepared.article.published_from == "none"
    assert [n.code for n in prepared.notes] == ["W202"]


def test_pipeline_rejects_over_long_article(settings: Settings) -> None:
    small = Settings.from_env(environ={}, max_article_chars=50)
    with pytest.raises(InputError, match="E104"):
        prepare(RawArticle(origin="t", text=STORY), small)


@pytest.mark.slow
def test_pipeline_run_keeps_order_and_skips_non_english(settings: Settings) -> None:
    inputs: list[RawArticle | InputFailure] = [
        RawArticle(origin="one", text=STORY),
        InputFailure("two", InputError(Code.E102)),
        RawArticle(
            origin="three",
            text="Les secours ont atteint le village de Barpak lundi, "
            "a déclaré le Premier ministre.",
        ),
        RawArticle(origin="four", text=STORY),
    ]
    outcomes = list(run(inputs, settings))
    assert isinstance(outcomes[0], Record)
    assert outcomes[0].entities, "an English article gets entities"
    assert isinstance(outcomes[1], InputFailure)
    french = outcomes[2]
    assert isinstance(french, Record)
    assert french.article.language == "fr"
    assert french.entities == []
    assert [n.code for n in french.notes] == ["W201", "W202"]
    assert isinstance(outcomes[3], Skipped), "the same text twice in one run is parsed once"


@pytest.mark.slow
def test_pipeline_run_skips_articles_the_store_knows(settings: Settings) -> None:
    raw = RawArticle(origin="one", text=STORY)
    known_id = article_id(normalize_text(STORY), None)
    outcomes = list(run([raw], settings, is_known=lambda ids: set(ids) & {known_id}))
    assert outcomes == [Skipped("one", known_id)]


@pytest.mark.slow
def test_pipeline_two_workers_give_the_same_records_in_order() -> None:
    from eventwire.cli import sample_paths
    from eventwire.ingest import read_inputs

    small_batches = Settings.from_env(environ={}, batch_size=3)
    raws = list(read_inputs(sample_paths(), small_batches))
    one = [o for o in run(raws, small_batches) if isinstance(o, Record)]
    two = [o for o in run(raws, small_batches, workers=2) if isinstance(o, Record)]
    assert len(one) == len(raws) >= 12
    assert [r.article.id for r in two] == [r.article.id for r in one]
    assert [r.model_dump() for r in two] == [r.model_dump() for r in one]


def test_pipeline_workers_are_forked_only_without_other_threads() -> None:
    import sys
    import threading

    from eventwire.pipeline import _worker_context

    alone = _worker_context().get_start_method()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        # A fork would copy the locks the other thread holds into the worker.
        assert _worker_context().get_start_method() == "spawn"
    finally:
        release.set()
        other.join()
    if threading.active_count() == 1 and sys.platform.startswith("linux"):
        assert alone == "fork"


_FREEZE_PROBE = """
import gc, json, sys
from eventwire.config import Settings
from eventwire.ingest.base import RawArticle
from eventwire.pipeline import run

settings = Settings.from_env(environ={})
story = RawArticle(origin="probe", text=sys.argv[1])
counts = [gc.get_freeze_count()]
list(run([RawArticle(origin="empty", text="  ")], settings))
counts.append(gc.get_freeze_count())
for _ in range(2):
    list(run([story], settings))
    counts.append(gc.get_freeze_count())
print(json.dumps(counts))
"""


def test_pipeline_freezes_the_loaded_model_out_of_garbage_collection_once() -> None:
    import json
    import subprocess
    import sys

    # A fresh interpreter: freezing is once per process.
    found = subprocess.run(
        [sys.executable, "-c", _FREEZE_PROBE, STORY], capture_output=True, text=True, check=True
    )
    before, after_failure, after_first, after_second = json.loads(found.stdout)
    # Nothing to parse loads nothing and freezes nothing; the first parse freezes the model's
    # objects, and later runs add none.
    assert before == after_failure == 0
    assert after_first > 10_000
    assert after_second == after_first
