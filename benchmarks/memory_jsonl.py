"""Memory of the ingest layer on a 1 GB JSON Lines stream; writes its docs/BENCHMARKS.md section.

Run: .venv/bin/python benchmarks/memory_jsonl.py [--size-mb 1024]

Synthetic short articles are stream-written to a temporary file, then read back through
``read_inputs`` (the ingest layer only: parsing 1 GB with spaCy would take hours). The peak
resident memory of the process is compared before and after reading: a streaming reader
keeps it flat whatever the input size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from docs_section import DOCS, write_section

from eventwire import __version__
from eventwire.config import Settings
from eventwire.ingest import InputFailure, read_inputs

SENTENCE = "The council approved the new budget for the harbour district on Tuesday. "


def jsonl_lines(total_bytes: int) -> Iterator[bytes]:
    """Short synthetic articles, one JSON object a line, until ``total_bytes`` are made."""
    made, number = 0, 0
    while made < total_bytes:
        number += 1
        record = {
            "id": number,
            "title": f"Budget vote {number}",
            "published": "2026-11-25",
            "text": SENTENCE * (3 + number % 7),
        }
        line = json.dumps(record).encode() + b"\n"
        made += len(line)
        yield line


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(size_mb: int) -> list[tuple[str, str]]:
    """The memory and throughput figures as (metric, value) rows."""
    settings = Settings.from_env(environ={})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stream.jsonl"
        started = time.perf_counter()
        with path.open("wb") as out:
            # Buffered writes of one line at a time: the generator never holds the file.
            for line in jsonl_lines(size_mb * 1024 * 1024):
                out.write(line)
        written = time.perf_counter() - started
        size = path.stat().st_size
        before = peak_rss_mb()
        articles = failures = 0
        started = time.perf_counter()
        for item in read_inputs([str(path)], settings):
            if isinstance(item, InputFailure):
                failures += 1
            else:
                articles += 1
        seconds = time.perf_counter() - started
        after = peak_rss_mb()
    return [
        (
            "input",
            f"{size / 1e9:.2f} GB ({size:,} bytes), {articles:,} articles, {failures} failures",
        ),
        ("generate and write the file", f"{written:.1f} s"),
        ("read_inputs over the file", f"{seconds:.1f} s"),
        ("throughput", f"{size / 1e6 / seconds:,.1f} MB/s, {articles / seconds:,.0f} articles/s"),
        ("peak resident memory before reading", f"{before:,.0f} MB"),
        ("peak resident memory after reading", f"{after:,.0f} MB"),
        ("growth of the peak while reading", f"{after - before:,.1f} MB"),
    ]


def write_docs(rows: list[tuple[str, str]]) -> None:
    """Replace the memory section of docs/BENCHMARKS.md (or append it) with ``rows``."""
    write_section(
        "memory",
        "Memory on a 1 GB JSON Lines stream",
        [
            f"eventwire {__version__}, measured {date.today()} on {os.cpu_count()} cores "
            "(`benchmarks/memory_jsonl.py`, ingest layer only, no spaCy parse).",
        ],
        rows,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mb", type=int, default=1024, help="input size in MiB")
    parser.add_argument("--no-docs", action="store_true", help="print only, leave the docs")
    args = parser.parse_args()
    rows = measure(args.size_mb)
    for metric, value in rows:
        print(f"{metric:<40} {value}")
    if not args.no_docs:
        write_docs(rows)
        print(f"wrote {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
