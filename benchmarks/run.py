"""Speed and memory of eventwire on this machine; writes docs/BENCHMARKS.md (speed section).

Run: .venv/bin/python benchmarks/run.py [--repeat 5] [--copies 4] [--only workers|store]

Per-core figures are CPU seconds of this one process (median of interleaved repeats of the
parse alone and the whole extraction on the same articles), so they hold on a busy machine
too. Worker speed-ups are wall-clock times of the command run in a fresh process each time
(``command.py``: start-up included for 1 and 2 workers alike), medians of ``--repeat``
interleaved rounds; they need a quiet machine: with other work running they measure the
scheduler. Their CPU times (command process and workers) hold on a busy machine too. The
speed target is stated for articles of about 1,000 words;
the bundled samples are shorter (about 400), so the main figures use ~1,000-word articles
made of the samples' paragraphs (``articles.long_articles``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from articles import copies, long_articles, sample_articles
from docs_section import DOCS, machine, write_section

from eventwire import __version__
from eventwire.cli import sample_paths
from eventwire.config import Settings
from eventwire.engine import ingest_paths
from eventwire.extract.entities import extract_entities
from eventwire.extract.events import extract_events
from eventwire.extract.places import extract_places
from eventwire.extract.quantities import extract_quantities
from eventwire.extract.quotes import extract_quotes
from eventwire.extract.times import extract_times
from eventwire.ingest.base import RawArticle
from eventwire.model import Record
from eventwire.nlp.pipeline import load_pipeline
from eventwire.pipeline import prepare, run
from eventwire.resolve.gazetteer import open_gazetteer
from eventwire.store import open_store

# GDELT describes its monitoring as the world's news in over 100 languages, refreshed every
# 15 minutes; its daily article count is on the order of 100,000 to 300,000. The arithmetic
# takes the upper end, and 1,000 words an article.
GDELT_ARTICLES_PER_DAY = 300_000
GDELT_CORES = 16

Row = tuple[str, str]


def _cpu_medians(jobs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median CPU seconds of each job, the jobs interleaved in every round."""
    timings: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(repeat):
        for name, job in jobs.items():
            started = time.process_time()
            job()
            timings[name].append(time.process_time() - started)
    return {name: statistics.median(values) for name, values in timings.items()}


def _wall_median(job: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def per_core(
    raws: list[RawArticle], settings: Settings, repeat: int, label: str
) -> tuple[list[Row], float]:
    """Articles, tokens and 1,000-word articles per CPU second: parse alone and end to end.

    Returns the rows and the end-to-end rate in ~1,000-word articles per second.
    """
    nlp = load_pipeline(settings.spacy_model, single_thread_blas=settings.single_thread_blas)
    texts = [prepare(r, settings).article.text for r in raws]
    words = sum(len(t.split()) for t in texts)
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    list(run(raws, settings))  # warm every lazy lexicon and cache first
    times = _cpu_medians(
        {
            "parse": lambda: list(nlp.pipe(texts, batch_size=settings.batch_size)),
            "full": lambda: list(run(raws, settings)),
        },
        repeat,
    )
    n, parse, full = len(texts), times["parse"], times["full"]
    rows = [
        (f"{label}: articles", f"{n} ({words:,} words, {tokens:,} tokens)"),
        (f"{label}: spaCy parse alone, articles/s per core", f"{n / parse:.2f}"),
        (f"{label}: spaCy parse alone, tokens/s per core", f"{tokens / parse:,.0f}"),
        (f"{label}: end to end, articles/s per core", f"{n / full:.2f}"),
        (f"{label}: end to end, tokens/s per core", f"{tokens / full:,.0f}"),
        (f"{label}: end to end, ~1,000-word articles/s per core", f"{words / full / 1000:.2f}"),
        (f"{label}: end to end over the parse", f"+{(full - parse) / parse:.0%}"),
    ]
    return rows, words / full / 1000


def layer_costs(raws: list[RawArticle], settings: Settings, repeat: int) -> list[Row]:
    """Mean CPU milliseconds per article of each stage, and the stages over the parse."""
    nlp = load_pipeline(settings.spacy_model, single_thread_blas=settings.single_thread_blas)
    gazetteer = open_gazetteer(settings)
    prepared = [prepare(r, settings) for r in raws]
    docs = list(nlp.pipe([p.article.text for p in prepared]))
    day = date(2015, 11, 19)
    stages = ["preparation", "parse", "entities", "quotes", "times", "places", "quantities"]
    stages += ["events", "record"]
    costs: dict[str, list[float]] = {name: [] for name in stages}
    for _ in range(repeat):
        spent = dict.fromkeys(stages, 0.0)
        started = time.process_time()
        prepared = [prepare(r, settings) for r in raws]
        spent["preparation"] = time.process_time() - started
        started = time.process_time()
        list(nlp.pipe([p.article.text for p in prepared], batch_size=settings.batch_size))
        spent["parse"] = time.process_time() - started
        for item, doc in zip(prepared, docs, strict=True):
            marks = [time.process_time()]
            entities = extract_entities(doc)
            marks.append(time.process_time())
            quotes = extract_quotes(doc, entities)
            marks.append(time.process_time())
            times = extract_times(doc, day)
            marks.append(time.process_time())
            places = extract_places(doc, entities, gazetteer=gazetteer)
            marks.append(time.process_time())
            quantities = extract_quantities(doc, quotes)
            marks.append(time.process_time())
            events = extract_events(
                doc, entities, quotes=quotes, times=times, places=places, published=day
            )
            marks.append(time.process_time())
            Record(
                pipeline="bench",
                article=item.article,
                notes=item.notes,
                entities=entities,
                quotes=quotes,
                times=times,
                places=places,
                quantities=quantities,
                events=events,
            )
            marks.append(time.process_time())
            for name, begun, ended in zip(stages[2:], marks[:-1], marks[1:], strict=True):
                spent[name] += ended - begun
        for name in stages:
            costs[name].append(spent[name])
    ms = {name: statistics.median(values) * 1000 / len(raws) for name, values in costs.items()}
    layers = ["entities", "quotes", "times", "places", "quantities", "events"]
    rows = [(f"{name}, ms per article", f"{ms[name]:.1f}") for name in stages]
    rows.append(
        ("all extraction layers over the parse", f"+{sum(ms[n] for n in layers) / ms['parse']:.0%}")
    )
    other = ms["preparation"] + ms["record"]
    rows.append(("preparation and record over the parse", f"+{other / ms['parse']:.1%}"))
    return rows


@dataclass
class _RunCost:
    wall: float
    parent_cpu: float
    workers_cpu: float
    # CPU seconds the rest of the machine used during the run, and those the hypervisor gave
    # to other guests while this one waited (steal): either slows a run down without it
    # doing more work.
    other_cpu: float = 0.0
    steal: float = 0.0
    parent_peak_mb: float = 0.0


def _host_cpu() -> tuple[float, float]:
    """Busy and stolen CPU seconds of the whole machine so far (/proc/stat; 0 elsewhere)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    except OSError:
        return 0.0, 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields)
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / tick, steal / tick


_COMMAND = Path(__file__).with_name("command.py")


def _command_cost(mode: str, workers: int, source: Path, folder: Path) -> _RunCost:
    """Wall and CPU time of one run of the command (``command.py``) in a fresh process."""
    cost_file = folder / "cost.json"
    args = [sys.executable, str(_COMMAND), str(cost_file), mode, str(workers), str(source)]
    db = folder / "bench.db"
    if mode == "ingest":
        for leftover in folder.glob("bench.db*"):
            leftover.unlink()
        args.append(f"sqlite:///{db}")
    # The settings' defaults, as everywhere in this benchmark.
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_")}
    busy, stolen = _host_cpu()
    started = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    busy_after, stolen_after = _host_cpu()
    cost = json.loads(cost_file.read_text())
    ours = cost["parent_cpu"] + cost["workers_cpu"]
    other = max(0.0, busy_after - busy - ours)
    return _RunCost(
        wall,
        cost["parent_cpu"],
        cost["workers_cpu"],
        other,
        stolen_after - stolen,
        cost["parent_peak_mb"],
    )


def _median(costs: list[_RunCost]) -> _RunCost:
    return _RunCost(
        statistics.median(c.wall for c in costs),
        statistics.median(c.parent_cpu for c in costs),
        statistics.median(c.workers_cpu for c in costs),
        statistics.median(c.other_cpu for c in costs),
        statistics.median(c.steal for c in costs),
        max(c.parent_peak_mb for c in costs),
    )


def _round_rows(label: str, ones: list[_RunCost], twos: list[_RunCost]) -> list[Row]:
    """The speed-up of each round on its own (same round, same machine state), and the other
    load the machine carried during the 2-worker runs."""
    ratios = sorted(one.wall / two.wall for one, two in zip(ones, twos, strict=True))
    other = [two.other_cpu / two.wall for two in twos]
    steal = [two.steal / two.wall for two in twos]
    return [
        (
            f"{label}: speed-up 1 → 2 workers of each round, start-up included: median (range)",
            f"{statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f}x)",
        ),
        (
            f"{label}: during the 2-worker runs, CPU of other processes / stolen by the"
            " hypervisor, in cores: median (highest)",
            f"{statistics.median(other):.2f} ({max(other):.2f})"
            f" / {statistics.median(steal):.2f} ({max(steal):.2f})",
        ),
    ]


def _speedup_rows(label: str, cost: dict[tuple[int, int], _RunCost], n: int, m: int) -> list[Row]:
    """1 and 2 workers on ``n`` and on ``m`` (twice as many) articles, from median costs.

    The difference between the two sizes is the steady state (start-up and the last task's
    tail cancel out); the rest of the 2-worker time is its fixed cost.
    """
    one, two = cost[(1, m)], cost[(2, m)]
    steady_one = cost[(1, m)].wall - cost[(1, n)].wall
    steady_two = cost[(2, m)].wall - cost[(2, n)].wall
    fixed = cost[(2, n)].wall - steady_two
    steady = steady_one / steady_two if steady_two > 0 else float("nan")

    # CPU time holds on a busy machine: on 2 idle cores a run takes at least its total CPU
    # time (command process and workers) over the cores it can use (1 for the 1-worker run,
    # which parses in its own process).
    def total(c: _RunCost) -> float:
        return c.parent_cpu + c.workers_cpu

    def delta(a: _RunCost, b: _RunCost) -> _RunCost:
        return _RunCost(0.0, a.parent_cpu - b.parent_cpu, a.workers_cpu - b.workers_cpu)

    bound = total(one) / (total(two) / 2)
    steady_bound = total(delta(one, cost[(1, n)])) / (total(delta(two, cost[(2, n)])) / 2)
    per_article = delta(two, cost[(2, n)])
    return [
        (f"{label}: articles (~1,000 words)", f"{n} and {m}"),
        (f"{label}: 1 worker, articles/s", f"{m / one.wall:.2f}"),
        (f"{label}: 2 workers, articles/s", f"{m / two.wall:.2f}"),
        (f"{label}: speed-up 1 → 2 workers, start-up included", f"{one.wall / two.wall:.2f}x"),
        (f"{label}: speed-up 1 → 2 workers, steady state", f"{steady:.2f}x"),
        (f"{label}: fixed cost of a 2-worker run (start-up, model loads, tail)", f"{fixed:.1f} s"),
        (
            f"{label}: CPU of the 2-worker run, command process / workers",
            f"{two.parent_cpu:.1f} s / {two.workers_cpu:.1f} s",
        ),
        (
            f"{label}: CPU per article, 1-worker run / 2-worker command process / its workers"
            " (steady state)",
            f"{total(delta(one, cost[(1, n)])) / (m - n) * 1000:.0f} ms"
            f" / {per_article.parent_cpu / (m - n) * 1000:.0f} ms"
            f" / {per_article.workers_cpu / (m - n) * 1000:.0f} ms",
        ),
        (f"{label}: speed-up bound from CPU time, start-up included", f"{bound:.2f}x"),
        (f"{label}: speed-up bound from CPU time, steady state", f"{steady_bound:.2f}x"),
        (
            f"{label}: peak resident memory of the 2-worker command process, {n} / {m} articles",
            f"{cost[(2, n)].parent_peak_mb:,.0f} / {two.parent_peak_mb:,.0f} MB",
        ),
    ]


def worker_speedup(long: list[RawArticle], repeat: int, times: int) -> tuple[list[Row], float]:
    """``eventwire ingest`` into SQLite and extraction (no store) with 1 and 2 workers.

    Each run is the command in a fresh process on a JSONL file, start-up included (see
    ``command.py``); the runs of a round are interleaved, so a change in the machine's load
    touches every configuration alike, and each figure is the median over ``repeat`` rounds.
    """
    sizes = (len(long) * times, len(long) * 2 * times)
    runs = [(mode, w, size) for mode in ("extract", "ingest") for w in (1, 2) for size in sizes]
    costs: dict[tuple[str, int, int], list[_RunCost]] = {run: [] for run in runs}
    with tempfile.TemporaryDirectory() as name, WorkerPeak() as workers_peak:
        folder = Path(name)
        sources = {}
        for size in sizes:
            sources[size] = folder / f"articles-{size}.jsonl"
            sources[size].write_text("".join(_jsonl(copies(long, size // len(long)))))
        for _ in range(repeat):
            for mode, w, size in runs:
                costs[(mode, w, size)].append(_command_cost(mode, w, sources[size], folder))
    rows: list[Row] = []
    steady = float("nan")
    for mode in ("extract", "ingest"):
        median = {(w, size): _median(costs[(mode, w, size)]) for _, w, size in runs}
        rows += _speedup_rows(mode, median, *sizes)
        rows += _round_rows(mode, costs[(mode, 1, sizes[1])], costs[(mode, 2, sizes[1])])
        if mode == "extract":
            one, two = median[(1, sizes[1])], median[(2, sizes[1])]
            steady_one = one.wall - median[(1, sizes[0])].wall
            steady_two = two.wall - median[(2, sizes[0])].wall
            steady = steady_one / steady_two if steady_two > 0 else float("nan")
    peak = workers_peak.peak_kb / 1024
    rows.append(("peak resident memory of a worker", f"{peak:,.0f} MB"))
    return rows, steady


class WorkerPeak:
    """The highest peak resident memory (VmHWM) among worker processes while in use.

    Workers are the children of this process's children (the commands). Read from /proc while
    they run: ``getrusage(RUSAGE_CHILDREN)`` would count the commands' own memory too.
    """

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> WorkerPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.2):
            parents: dict[Path, str] = {}
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    parents[stat.parent] = stat.read_text().rsplit(")", 1)[1].split()[1]
                except (OSError, IndexError):
                    continue  # the process ended meanwhile
            commands = {folder.name for folder, parent in parents.items() if parent == me}
            for folder, parent in parents.items():
                if parent in commands:
                    self._read(folder / "status")

    def _read(self, status: Path) -> None:
        try:
            lines = status.read_text().splitlines()
        except OSError:
            return
        for line in lines:
            if line.startswith("VmHWM:"):
                self.peak_kb = max(self.peak_kb, int(line.split()[1]))


def _jsonl(arts: Iterable[RawArticle]) -> Iterable[str]:
    for n, r in enumerate(arts):
        item = {
            "id": f"bench-{n}",
            "title": r.title,
            "url": r.url,
            "source": r.source,
            "text": r.text,
        }
        if r.published:
            item["published"] = r.published.isoformat()
        yield json.dumps(item) + "\n"


def store_rates(
    raws: list[RawArticle], settings: Settings, repeat: int, store_copies: int
) -> tuple[list[Row], float]:
    """Ingest of the samples into a fresh SQLite store, and the store's write rate."""

    def ingest_once() -> None:
        with (
            tempfile.TemporaryDirectory() as folder,
            open_store(f"sqlite:///{folder}/bench.db") as store,
        ):
            ingest_paths(sample_paths(), store, settings)

    ingest = _wall_median(ingest_once, repeat)
    records = [
        r for r in run(raws, settings, published=date(2015, 11, 19)) if isinstance(r, Record)
    ]
    # Many copies with distinct ids, so the write rate is measured on a few thousand rows.
    many = [
        r.model_copy(update={"article": r.article.model_copy(update={"id": f"{r.article.id}-{k}"})})
        for k in range(store_copies)
        for r in records
    ]
    write_timings = []
    write_cpu = []
    for _ in range(repeat):
        with (
            tempfile.TemporaryDirectory() as folder,
            open_store(f"sqlite:///{folder}/b.db") as store,
        ):
            started, cpu = time.perf_counter(), time.process_time()
            for start in range(0, len(many), settings.batch_size):
                store.put(many[start : start + settings.batch_size])
            write_timings.append(time.perf_counter() - started)
            write_cpu.append(time.process_time() - cpu)
    rate = len(many) / statistics.median(write_timings)
    rows = [
        ("ingest of the samples into a fresh SQLite store, median", f"{ingest:.2f} s"),
        (
            f"store write rate with corpus merging (SQLite, batches of 32, {len(many):,} records),"
            " records/s",
            f"{rate:,.0f}",
        ),
        (
            "store write with corpus merging, CPU per record",
            f"{statistics.median(write_cpu) / len(many) * 1000:.1f} ms",
        ),
    ]
    return rows, rate


def gdelt(per_core_rate: float, steady: float, store_rate: float) -> list[Row]:
    """How a 16-core machine compares with GDELT's daily volume, from the measured rates."""
    workers = GDELT_CORES - 1  # one core left to the parent: reading, the store, the corpus
    efficiency = min(1.0, steady / 2)
    per_second = workers * per_core_rate * efficiency
    per_day = per_second * 86_400
    needed = GDELT_ARTICLES_PER_DAY / 86_400
    rows = [
        (
            "GDELT: articles a day (upper end of ~100k-300k), as a rate",
            f"{GDELT_ARTICLES_PER_DAY:,} / 86,400 s = {needed:.2f} articles/s",
        ),
        (
            f"GDELT: {GDELT_CORES} cores = {workers} workers x {per_core_rate:.2f} articles/s"
            f" x {efficiency:.2f} (2-worker efficiency)",
            f"{per_second:.1f} articles/s = {per_day:,.0f} a day",
        ),
        (
            "GDELT: daily volume over the 16-core capacity",
            f"{GDELT_ARTICLES_PER_DAY / per_day:.0%}",
        ),
        (
            "GDELT: cores needed for the daily volume (same rates)",
            f"{needed / (per_core_rate * efficiency):.1f}",
        ),
    ]
    rows.append(
        (
            "GDELT: store write rate needed vs measured here",
            f"{needed:.2f} vs {store_rate:,.0f} records/s",
        )
    )
    return rows


def measure(repeat: int, times: int, store_copies: int) -> list[Row]:
    """The speed and memory figures as (metric, value) rows."""
    settings = Settings.from_env(environ={})
    samples = sample_articles(settings)
    long = long_articles(samples)
    rows, rate = per_core(long, settings, repeat, "~1,000-word articles")
    rows += per_core(samples, settings, repeat, "bundled samples")[0]
    rows += layer_costs(long, settings, repeat)
    store, store_rate = store_rates(samples, settings, repeat, store_copies)
    rows += store
    rows.append(
        (
            "peak resident memory of this process",
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB",
        )
    )
    worker_rows, steady = worker_speedup(long, repeat, times)
    rows += worker_rows
    rows += gdelt(rate, steady, store_rate)
    return rows


def measure_only(part: str, repeat: int, times: int, store_copies: int) -> list[Row]:
    """The rows of one part of :func:`measure`: ``workers`` or ``store``."""
    settings = Settings.from_env(environ={})
    samples = sample_articles(settings)
    if part == "workers":
        return worker_speedup(long_articles(samples), repeat, times)[0]
    return store_rates(samples, settings, repeat, store_copies)[0]


def write_docs(rows: list[Row], repeat: int) -> None:
    """Replace the speed section of docs/BENCHMARKS.md, keeping everything else."""
    write_section(
        "speed",
        "Speed and memory",
        [
            f"eventwire {__version__}, measured {date.today()} on {machine()}.",
            f"Medians of {repeat} runs (`benchmarks/run.py`); per-core figures are CPU time of "
            "one process, worker figures wall time of the command in a fresh process each run "
            "(`benchmarks/command.py`), start-up included for 1 and 2 workers alike. How busy "
            "the rest of the machine was during the 2-worker runs is measured (/proc/stat): "
            "the CPU other processes used, and the CPU the hypervisor gave other guests "
            "(steal).",
        ],
        rows,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--copies", type=int, default=4, help="copies of the ~1,000-word articles per worker run"
    )
    parser.add_argument(
        "--store-copies", type=int, default=200, help="copies of each sample record written"
    )
    parser.add_argument(
        "--only",
        choices=["workers", "store"],
        help="measure only the worker speed-ups or the store; print them, leave the docs alone",
    )
    args = parser.parse_args()
    if args.only:
        for metric, value in measure_only(args.only, args.repeat, args.copies, args.store_copies):
            print(f"{metric:<70} {value}")
        return 0
    rows = measure(args.repeat, args.copies, args.store_copies)
    for metric, value in rows:
        print(f"{metric:<70} {value}")
    write_docs(rows, args.repeat)
    print(f"wrote {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
