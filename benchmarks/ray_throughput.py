"""Ray engine (local mode) against the local engine on the same shards, on this machine.

Run: PYTHONPATH=src .venv/bin/python benchmarks/ray_throughput.py [--copies 8] [--shards 4]

The bundled samples are repeated ``--copies`` times (each copy a distinct article: the URL
differs, the text and so the parse cost do not) and written as JSONL shards. Each engine
ingests them into a fresh SQLite store; Ray's start-up is timed apart from the job. The
machine is shared, so the load average is printed with the figures: read the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from eventwire.cli import sample_paths
from eventwire.config import Settings
from eventwire.distributed.ray_engine import ingest_with_ray, ray_session
from eventwire.distributed.sinks import StoreSink
from eventwire.engine import ingest_paths
from eventwire.ingest import read_inputs
from eventwire.ingest.base import RawArticle
from eventwire.store import open_store


def write_shards(folder: Path, copies: int, shards: int, settings: Settings) -> int:
    """JSONL shards of ``copies`` distinct copies of every sample; the number of articles."""
    samples = [a for a in read_inputs(sample_paths(), settings) if isinstance(a, RawArticle)]
    lines = []
    for copy in range(copies):
        for n, article in enumerate(samples):
            lines.append(
                json.dumps(
                    {
                        "text": article.text,
                        "title": article.title,
                        "url": f"{article.url or 'https://bench.example/' + str(n)}?copy={copy}",
                        "published": article.published.isoformat() if article.published else None,
                    }
                )
            )
    for shard in range(shards):
        part = lines[shard::shards]
        (folder / f"part-{shard}.jsonl").write_text("\n".join(part) + "\n", encoding="utf-8")
    return len(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--actors", type=int, default=2)
    args = parser.parse_args()
    settings = Settings.from_env()
    folder = Path(tempfile.mkdtemp(prefix="eventwire-ray-bench-"))
    (folder / "shards").mkdir()
    total = write_shards(folder / "shards", args.copies, args.shards, settings)
    paths = [str(folder / "shards")]
    print(f"{total} articles in {args.shards} JSONL shards; load average {os.getloadavg()}")
    rows: list[tuple[str, float, str]] = []

    def local(workers: int) -> None:
        with open_store(f"sqlite:///{folder / f'local-{workers}.db'}") as store:
            started = time.perf_counter()
            report = ingest_paths(paths, store, settings, workers=workers)
            seconds = time.perf_counter() - started
        rows.append((f"local engine, --workers {workers}", seconds, report.summary()))
        show(rows[-1])

    def show(row: tuple[str, float, str]) -> None:
        name, seconds, summary = row
        rate = f"{total / seconds:6.1f} articles/s" if summary else ""
        print(f"{name:40} {seconds:7.1f} s  {rate}  {summary}", flush=True)

    local(1)
    started = time.perf_counter()
    with ray_session(settings):
        rows.append(("ray.init (local mode)", time.perf_counter() - started, ""))
        show(rows[-1])
        db = f"sqlite:///{folder / 'ray.db'}"
        with open_store(db) as store:
            started = time.perf_counter()
            report = ingest_with_ray(
                paths, settings, StoreSink(store, settings), workers=args.actors, db=db
            )
            seconds = time.perf_counter() - started
    rows.append(
        (
            f"ray engine, {args.actors} actors x {settings.ray_actor_cpus:g} CPU",
            seconds,
            report.summary(),
        )
    )
    show(rows[-1])
    local(2)
    print(f"load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
