"""Many distinct records from the bundled samples, without parsing each one again.

The samples are extracted once (spaCy) and cached as JSON Lines; copy ``j`` of a sample then
gets its own article id, outlet, a line of text of its own (so its content hash differs) and
dates shifted by whole weeks: copies ``4k .. 4k+3`` share their dates, so each real-world event
of a sample is reported by four outlets (a corpus event of four sources), and each further
block of four is a new set of events a week later. Shifting by weeks keeps ISO week dates
exact; month dates move to the month their first day lands in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from eventwire.cli import sample_paths
from eventwire.config import Settings
from eventwire.ingest import read_inputs
from eventwire.ingest.base import RawArticle
from eventwire.model import Record
from eventwire.pipeline import run

# Copies of a sample that report the same events (same dates), from different outlets.
OUTLETS_PER_EVENT = 4
_OUTLETS = 50
_DAY = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(.*)")
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def sample_records(cache: Path) -> list[Record]:
    """The bundled samples' records, extracted once and kept in ``cache`` (JSON Lines)."""
    if cache.exists():
        return [Record.model_validate_json(line) for line in cache.read_text().splitlines()]
    settings = Settings.from_env(environ={})
    raws = [r for r in read_inputs(sample_paths(), settings) if isinstance(r, RawArticle)]
    records = [r for r in run(raws, settings, published=None) if isinstance(r, Record)]
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("".join(r.model_dump_json() + "\n" for r in records))
    return records


def shift(value: str | None, days: int) -> str | None:
    """A TIMEX3 date value (day, ISO week or month) moved by ``days``; others unchanged."""
    if value is None:
        return None
    if match := _DAY.fullmatch(value):
        try:
            moved = date.fromisoformat(match[1]) + timedelta(days=days)
        except ValueError:
            return value
        return moved.isoformat() + match[2]
    if match := _WEEK.fullmatch(value):
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            return value
        year, week, _ = (monday + timedelta(days=days)).isocalendar()
        return f"{year}-W{week:02d}"
    if match := _MONTH.fullmatch(value):
        first = date(int(match[1]), int(match[2]), 1) + timedelta(days=days)
        return f"{first.year}-{first.month:02d}"
    return value


def derive(record: Record, copy: int) -> Record:
    """Copy ``copy`` of ``record``: its own id, outlet, text line and dates (module doc)."""
    days = 7 * (copy // OUTLETS_PER_EVENT)
    article = record.article.model_copy(
        update={
            "id": f"{record.article.id}-{copy:05d}",
            "source": f"Outlet {copy % _OUTLETS}",
            "published": shift(record.article.published, days),
            # Appended, so every offset into the text stays valid.
            "text": f"{record.article.text}\n\nCopy {copy}.",
        }
    )
    events = [e.model_copy(update={"date": shift(e.date, days)}) for e in record.events]
    return record.model_copy(update={"article": article, "events": events})


def derived(samples: list[Record], count: int) -> Iterator[Record]:
    """``count`` distinct records: copy 0 of every sample, then copy 1, and so on."""
    for n in range(count):
        yield derive(samples[n % len(samples)], n // len(samples))
