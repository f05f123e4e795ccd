"""REST API latency under a bounded concurrent load, on a 10,000-article SQLite store.

Run: .venv/bin/python benchmarks/api_load.py [--db PATH] [--clients 1,2,8] [--workers 1,2]
[--requests 300] [--runs 3]

The store at ``--db`` is built first when missing (``--articles`` records derived from the
samples, as ``benchmarks/store_scale.py`` does). For each number of ``--workers``,
``eventwire serve --workers N`` then runs in a subprocess on loopback, answers one unmeasured
warm-up pass of the query mix per worker, and ``--clients`` concurrent httpx clients send
``--requests`` requests in all (for each number of clients given), each a paged query:
``/api/events`` (first page, later pages by cursor, filtered by type, dates or actor),
``/api/corpus-events`` (plain, by type, at least two sources) and ``/api/articles?q=``
(full-text). Every run reports requests/s and the median and 99th percentile latency; the
figures are the median over ``--runs`` runs. Per-query rows are given for one client (the
service time) and for the most clients. Writes the ``api-load`` section of
docs/BENCHMARKS.md unless ``--no-docs``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from itertools import cycle
from pathlib import Path

import httpx
from derived_records import derived, sample_records
from docs_section import DOCS, machine, write_section
from store_scale import CACHE

from eventwire import __version__
from eventwire.store import open_store

# Each query is a first page; "pages" of them follow the cursor that many times more.
QUERIES: list[tuple[str, int]] = [
    ("/api/events?limit=50", 3),
    ("/api/events?limit=50&type=ASSAULT", 2),
    ("/api/events?limit=50&from=2016-01-01&to=2016-06-30", 1),
    ("/api/events?limit=50&actor=russia", 1),
    ("/api/corpus-events?limit=50", 2),
    ("/api/corpus-events?limit=50&type=ASSAULT", 1),
    ("/api/corpus-events?limit=50&min_sources=2", 1),
    ("/api/articles?limit=50&q=strikes", 0),
    ("/api/articles?limit=50&q=earthquake%20aid", 0),
]


def build(path: Path, articles: int, batch: int = 32) -> None:
    """A SQLite store at ``path`` of ``articles`` records derived from the samples."""
    records = list(derived(sample_records(CACHE), articles))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(f"sqlite:///{path}") as store:
        for start in range(0, len(records), batch):
            store.put(records[start : start + batch])


def _server(db: Path, workers: int) -> tuple[subprocess.Popen[str], str]:
    """``eventwire serve --workers N`` on a free loopback port, and its address once it serves."""
    command = [
        str(Path(sys.executable).with_name("eventwire")),
        "serve",
        "--db",
        f"sqlite:///{db}",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=dict(os.environ))
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("eventwire serving "):
        process.kill()
        raise RuntimeError(f"eventwire serve did not start: {line!r}")
    return process, line.removeprefix("eventwire serving ").rstrip("/")


# A page ends with its cursor: reading it from the tail keeps the load generator, which shares
# the machine with the server, from parsing every page it receives.
_NEXT = re.compile(rb'"next":(?:null|"([^"]*)")\}\s*$')


def _next(body: bytes) -> str | None:
    """The ``next`` cursor of a page's JSON body."""
    found = _NEXT.search(body[-4096:])
    if found is None:
        following = json.loads(body).get("next")
        return str(following) if following else None
    return found.group(1).decode("ascii") if found.group(1) is not None else None


def _walks() -> Iterator[tuple[str, int]]:
    yield from cycle(QUERIES)


async def _run(
    base: str, clients: int, total: int
) -> tuple[float, list[float], dict[str, list[float]], int]:
    """Send ``total`` requests from ``clients`` clients; wall time, latencies, failures."""
    latencies: list[float] = []
    by_path: dict[str, list[float]] = {}
    failures = 0
    walks = _walks()
    sent = 0

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal sent, failures
        while sent < total:
            path, pages = next(walks)
            url: str | None = path
            for _ in range(pages + 1):
                if url is None or sent >= total:
                    break
                sent += 1
                started = time.perf_counter()
                answer = await http.get(url)
                took = time.perf_counter() - started
                latencies.append(took)
                by_path.setdefault(path + ("" if url == path else " (next pages)"), []).append(took)
                if answer.status_code != 200:
                    failures += 1
                    break
                following = _next(answer.content)
                separator = "&" if "?" in path else "?"
                url = f"{path}{separator}cursor={following}" if following else None

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        await http.get("/api/health")
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        wall = time.perf_counter() - started
    return wall, latencies, by_path, failures


def _p99(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[98]
        if len(values) > 1
        else values[0]
    )


def measure(
    db: Path, levels: list[int], total: int, runs: int, workers: list[int]
) -> list[tuple[str, str]]:
    """The load figures as (metric, value) rows, for each number of workers and clients."""
    with open_store(f"sqlite:///{db}") as store:
        articles = store.count()
    rows = [
        ("store", f"SQLite, {articles:,} articles"),
        ("load", f"{total} requests a run, {runs} runs per number of workers and clients"),
    ]
    for count in workers:
        process, base = _server(db, count)
        try:
            # Each worker's first requests compile queries and fill its caches: not measured.
            asyncio.run(_run(base, count, len(QUERIES) * count * 4))
            for clients in levels:
                results = [asyncio.run(_run(base, clients, total)) for _ in range(runs)]
                per_path = clients == max(levels) or (clients == 1 and count == workers[0])
                rows += _summary(count, clients, results, per_path)
        finally:
            process.terminate()
            process.wait(timeout=60)
    return rows


def _summary(
    workers: int,
    clients: int,
    results: list[tuple[float, list[float], dict[str, list[float]], int]],
    per_path: bool,
) -> list[tuple[str, str]]:
    rps = [len(lat) / wall for wall, lat, _, _ in results]
    medians = [statistics.median(lat) * 1000 for _, lat, _, _ in results]
    p99s = [_p99(lat) * 1000 for _, lat, _, _ in results]
    who = (
        f"{workers} worker{'s' if workers > 1 else ''}, "
        f"{clients} client{'s' if clients > 1 else ''}"
    )
    rows = [
        (f"{who}: requests/s (median of runs)", f"{statistics.median(rps):,.1f}"),
        (
            f"{who}: latency median / p99, ms (median of runs)",
            f"{statistics.median(medians):.1f} / {statistics.median(p99s):.1f}",
        ),
        (f"{who}: failed requests", str(sum(failures for *_, failures in results))),
    ]
    if not per_path:
        return rows
    paths: dict[str, list[float]] = {}
    for _, _, by_path, _ in results:
        for path, values in by_path.items():
            paths.setdefault(path, []).extend(values)
    for path, values in sorted(paths.items()):
        value = f"{statistics.median(values) * 1000:.1f} / {_p99(values) * 1000:.1f}"
        rows.append((f"{who}: `{path}` median / p99 ms", value))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "eventwire-bench" / "api10k.db"
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", default="1,2,8", help="concurrent clients, e.g. 1,8")
    parser.add_argument(
        "--workers",
        default=f"1,{os.cpu_count() or 1}",
        help="server worker processes, e.g. 1,2 (default: 1 and one per core)",
    )
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument(
        "--note", default="", help="a line added to the section (e.g. machine load)"
    )
    args = parser.parse_args()
    if not args.db.exists():
        build(args.db, args.articles)
    levels = [int(part) for part in args.clients.split(",") if part.strip()]
    workers = list(dict.fromkeys(int(part) for part in args.workers.split(",") if part.strip()))
    rows = measure(args.db, levels, args.requests, args.runs, workers)
    for metric, value in rows:
        print(f"{metric:<60} {value}")
    if not args.no_docs:
        write_section(
            "api-load",
            "REST API under load",
            [
                f"eventwire {__version__}, measured {date.today()} on {machine()}"
                " (`benchmarks/api_load.py`).",
                f"`eventwire serve --workers N` (uvicorn, N = {' and '.join(map(str, workers))}"
                " server processes) on loopback, after an unmeasured warm-up pass of the "
                "query mix; the load generator runs on the same machine and shares its "
                f"{os.cpu_count()} cores. The store holds articles derived from the samples as "
                "in the write-rate section. Target (issue 7): p99 at most 100 ms. One server "
                "process answers one request at a time, so with N clients and one worker a "
                "request waits for up to N - 1 others: 1 client shows the service time.",
                *([args.note] if args.note else []),
            ],
            rows,
        )
        print(f"wrote {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
