"""The Python API: extract_text, and ingest's idempotence and reprocessing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import eventwire
from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.store import open_store

STORY = (
    "Officials in Kenema said on Thursday that three more nurses had died of Ebola. "
    "Health Minister Miatta Kargbo visited the hospital."
)


@pytest.mark.slow
def test_engine_extract_text_gives_a_record_with_offsets() -> None:
    record = eventwire.extract_text(STORY, title="Kenema", published=date(2014, 8, 8))
    assert record.article.published_from == "given"
    kargbo = next(e for e in record.entities if e.type == "PERSON")
    assert kargbo.name == "Miatta Kargbo"
    for mention in kargbo.mentions:
        assert record.article.text[mention.start : mention.end] == mention.text


def test_engine_extract_text_rejects_empty_text() -> None:
    with pytest.raises(InputError, match="E102"):
        eventwire.extract_text("   \n ")


@pytest.mark.slow
def test_engine_ingest_reprocesses_only_on_request(tmp_path: Path) -> None:
    article = tmp_path / "kenema.txt"
    article.write_text(STORY)
    settings = Settings.from_env(environ={})
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        first = eventwire.ingest_paths([str(article)], store, settings)
        assert (first.ingested, first.duplicates) == (1, 0)
        [summary] = store.list_articles(limit=10)
        old = store.get(summary.id)
        assert old is not None
        # Pretend an older eventwire stored it.
        store.put([old.model_copy(update={"pipeline": "eventwire-0.0.1+old"})], reprocess=True)
        again = eventwire.ingest_paths([str(article)], store, settings)
        assert (again.ingested, again.duplicates) == (0, 1)
        redone = eventwire.ingest_paths([str(article)], store, settings, reprocess=True)
        assert (redone.ingested, redone.replaced, redone.duplicates) == (1, 1, 0)
        current = store.get(summary.id)
        assert current is not None
        assert current.pipeline == old.pipeline
        assert store.count() == 1
