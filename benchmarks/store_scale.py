"""Store write rate (records/s, corpus merging included) as a SQLite store grows.

Run: .venv/bin/python benchmarks/store_scale.py [--sizes 1000,5000,10000] [--keep PATH]

Two stores are written in batches of ``--batch`` records:

* *distinct*: records derived from the samples (see ``derived_records``), each a new article
  whose events four outlets report; the rate is taken over the ``--window`` records before
  each size, so it shows how writing slows as the store grows;
* *copies*: ``--copies`` copies of each sample that differ only in their id, so every copy's
  events merge with the same few corpus events (the case that made merging collapse).

``--keep PATH`` leaves the distinct store at PATH (for ``benchmarks/api_load.py``).
Writes the ``store-scale`` section of docs/BENCHMARKS.md unless ``--no-docs``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from derived_records import OUTLETS_PER_EVENT, derived, sample_records
from docs_section import DOCS, machine, write_section
from sqlalchemy import func, select

from eventwire import __version__
from eventwire.model import Record
from eventwire.store import Store, open_store
from eventwire.store.schema import corpus_events

CACHE = Path(tempfile.gettempdir()) / "eventwire-bench" / "samples.jsonl"


def _write(
    url: str, records: list[Record], batch: int, marks: list[int], window: int
) -> dict[int, float]:
    """Put ``records`` in batches; the records/s over the ``window`` records before each mark."""
    rates: dict[int, float] = {}
    started: dict[int, float] = {}
    with open_store(url) as store:
        done = 0
        for start in range(0, len(records), batch):
            for mark in marks:
                if done <= mark - window < done + batch:
                    started[mark] = time.perf_counter()
            chunk = records[start : start + batch]
            store.put(chunk)
            done += len(chunk)
            for mark in marks:
                if mark in started and mark not in rates and done >= mark:
                    rates[mark] = (done - (mark - window)) / (time.perf_counter() - started[mark])
    return rates


def distinct_rates(
    samples: list[Record], sizes: list[int], window: int, batch: int, keep: Path | None
) -> list[tuple[str, str]]:
    """Write rates of the growing store of distinct articles, as (metric, value) rows."""
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "distinct.db"
        records = list(derived(samples, max(sizes)))
        started = time.perf_counter()
        rates = _write(f"sqlite:///{path}", records, batch, sizes, window)
        total = time.perf_counter() - started
        for size in sizes:
            metric = f"distinct articles, write rate at {size:,} stored (records/s)"
            rows.append((metric, f"{rates[size]:,.0f}"))
        metric = f"distinct articles, all {len(records):,} (records/s)"
        rows.append((metric, f"{len(records) / total:,.0f}"))
        with open_store(f"sqlite:///{path}") as store:
            metric = "distinct articles, corpus events / multi-source ones"
            rows.append((metric, _corpus_counts(store)))
        if keep is not None:
            keep.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, keep)
    return rows


def copies_rate(samples: list[Record], copies: int, batch: int) -> list[tuple[str, str]]:
    """Write rate of ``copies`` copies of each sample differing only in id, as a row."""
    same = [
        r.model_copy(update={"article": r.article.model_copy(update={"id": f"{r.article.id}-{k}"})})
        for k in range(copies)
        for r in samples
    ]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        _write(f"sqlite:///{Path(folder) / 'copies.db'}", same, batch, [], 1)
        rate = len(same) / (time.perf_counter() - started)
    metric = f"{copies} copies of each sample differing only in id, {len(same):,} (records/s)"
    return [(metric, f"{rate:,.0f}")]


def _corpus_counts(store: Store) -> str:
    with store.engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(corpus_events))
        multi = connection.scalar(
            select(func.count()).select_from(corpus_events).where(corpus_events.c.n_sources > 1)
        )
    return f"{total:,} / {multi:,}"


def write_docs(rows: list[tuple[str, str]], batch: int, window: int, note: str) -> None:
    """Replace the ``store-scale`` section of docs/BENCHMARKS.md with ``rows``."""
    write_section(
        "store-scale",
        "Store write rate as the store grows",
        [
            f"eventwire {__version__}, measured {date.today()} on {machine()}"
            " (`benchmarks/store_scale.py`).",
            f"SQLite store, batches of {batch} records, corpus merging on. The samples are "
            "extracted once; each further article is a copy of one with its own id, outlet, "
            "text line and dates shifted by whole weeks, every "
            f"{OUTLETS_PER_EVENT} copies sharing dates (one event, {OUTLETS_PER_EVENT} "
            f"outlets). Rates at a size are over the {window} records written before it.",
            *([note] if note else []),
        ],
        rows,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--window", type=int, default=500)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument(
        "--note", default="", help="a line added to the section (e.g. machine load)"
    )
    args = parser.parse_args()
    sizes = sorted(int(part) for part in args.sizes.split(",") if part.strip())
    samples = sample_records(CACHE)
    rows = []
    if sizes:
        rows += distinct_rates(samples, sizes, args.window, args.batch, args.keep)
    if args.copies:
        rows += copies_rate(samples, args.copies, args.batch)
    for metric, value in rows:
        print(f"{metric:<70} {value}")
    if not args.no_docs:
        write_docs(rows, args.batch, args.window, args.note)
        print(f"wrote {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
