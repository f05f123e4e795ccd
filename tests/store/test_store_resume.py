"""kill -9 in the middle of an ingest and resume, on each backend (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_resume import kill_twice_then_resume


@pytest.mark.slow
def test_store_resume_after_kill_9_stores_every_article_once(tmp_path: Path, db_url: str) -> None:
    kill_twice_then_resume(tmp_path, db_url, workers=1)
