"""Speed and memory of eventwire on this machine; writes docs/BENCHMARKS.md (speed section).

Run: .venv/bin/python benchmarks/run.py [--repeat 5]

Each figure is the median of several runs; the machines are shared and noisy, so compare
ratios (extraction over parse) rather than absolute seconds across machines.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date

from docs_section import DOCS, machine, write_section

from eventwire import __version__
from eventwire.cli import sample_paths
from eventwire.config import Settings
from eventwire.engine import ingest_paths
from eventwire.ingest import read_inputs
from eventwire.ingest.base import RawArticle
from eventwire.model import Record
from eventwire.nlp.pipeline import load_pipeline
from eventwire.pipeline import run
from eventwire.store import open_store


def _median_seconds(job: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def measure(repeat: int) -> list[tuple[str, str]]:
    """The speed figures as (metric, value) rows."""
    settings = Settings.from_env(environ={})
    raws = [r for r in read_inputs(sample_paths(), settings) if isinstance(r, RawArticle)]
    nlp = load_pipeline(settings.spacy_model)
    texts = [r.text for r in raws]
    words = sum(len(t.split()) for t in texts)
    tokens = sum(len(doc) for doc in nlp.pipe(texts))

    parse = _median_seconds(lambda: list(nlp.pipe(texts, batch_size=settings.batch_size)), repeat)
    full = _median_seconds(lambda: list(run(raws, settings, published=None)), repeat)

    def ingest_once() -> None:
        with (
            tempfile.TemporaryDirectory() as folder,
            open_store(f"sqlite:///{folder}/bench.db") as store,
        ):
            ingest_paths(sample_paths(), store, settings)

    ingest = _median_seconds(ingest_once, repeat)
    records = [
        r for r in run(raws, settings, published=date(2015, 11, 19)) if isinstance(r, Record)
    ]
    # Many copies with distinct ids, so the write rate is measured on a few thousand rows.
    copies = [
        r.model_copy(update={"article": r.article.model_copy(update={"id": f"{r.article.id}-{k}"})})
        for k in range(200)
        for r in records
    ]
    write_timings = []
    for _ in range(repeat):
        with (
            tempfile.TemporaryDirectory() as folder,
            open_store(f"sqlite:///{folder}/b.db") as store,
        ):
            started = time.perf_counter()
            for start in range(0, len(copies), settings.batch_size):
                store.put(copies[start : start + settings.batch_size])
            write_timings.append(time.perf_counter() - started)
    write = statistics.median(write_timings)
    layers = _layer_costs(raws, settings, repeat)
    speedup = _worker_speedup(raws, settings, max(1, repeat // 2))
    n = len(texts)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        ("articles (bundled samples)", f"{n} ({words:,} words, {tokens:,} tokens)"),
        ("spaCy parse alone, articles/s (1 core)", f"{n / parse:.1f}"),
        ("extraction end to end, articles/s (1 core)", f"{n / full:.1f}"),
        ("extraction end to end, tokens/s (1 core)", f"{tokens / full:,.0f}"),
        (
            "end to end (identity, language, parse, layers) over the parse",
            f"+{(full - parse) / parse:.0%}",
        ),
        ("extract time for all samples, median", f"{full:.2f} s"),
        ("ingest into a fresh SQLite store, median", f"{ingest:.2f} s"),
        ("store write rate (SQLite, batches of 32, records/s)", f"{len(copies) / write:,.0f}"),
        ("peak resident memory of this process", f"{peak_mb:,.0f} MB"),
        ("words per second end to end (1 core)", f"{words / full:,.0f}"),
        ("articles of ~1,000 words per second (1 core)", f"{words / full / 1000:.2f}"),
        *layers,
        *speedup,
    ]


def _layer_costs(raws: list[RawArticle], settings: Settings, repeat: int) -> list[tuple[str, str]]:
    """Median milliseconds per article of each extractor, and their sum over the parse."""
    from eventwire.extract.entities import extract_entities
    from eventwire.extract.events import extract_events
    from eventwire.extract.places import extract_places
    from eventwire.extract.quantities import extract_quantities
    from eventwire.extract.quotes import extract_quotes
    from eventwire.extract.times import extract_times
    from eventwire.resolve.gazetteer import open_gazetteer

    nlp = load_pipeline(settings.spacy_model)
    gazetteer = open_gazetteer(settings)
    docs = list(nlp.pipe([r.text for r in raws]))
    parse_ms = _median_seconds(lambda: list(nlp.pipe([r.text for r in raws])), repeat)
    parse_ms *= 1000 / len(raws)
    day = date(2015, 11, 19)
    costs: dict[str, list[float]] = {}
    for _ in range(repeat):
        for doc in docs:
            steps = {}
            started = time.perf_counter()
            entities = extract_entities(doc)
            steps["entities"] = time.perf_counter()
            quotes = extract_quotes(doc, entities)
            steps["quotes"] = time.perf_counter()
            times = extract_times(doc, day)
            steps["times"] = time.perf_counter()
            places = extract_places(doc, entities, gazetteer=gazetteer)
            steps["places"] = time.perf_counter()
            extract_quantities(doc, quotes)
            steps["quantities"] = time.perf_counter()
            extract_events(doc, entities, quotes=quotes, times=times, places=places, published=day)
            steps["events"] = time.perf_counter()
            previous = started
            for name, at in steps.items():
                costs.setdefault(name, []).append((at - previous) * 1000)
                previous = at
    rows = [("spaCy parse, ms per article (median)", f"{parse_ms:.1f}")]
    total = 0.0
    for name, values in costs.items():
        ms = statistics.median(values)
        total += ms
        rows.append((f"{name} layer, ms per article (median)", f"{ms:.2f}"))
    rows.append(("all eventwire layers over the parse", f"+{total / parse_ms:.0%}"))
    return rows


def _worker_speedup(
    raws: list[RawArticle], settings: Settings, repeat: int
) -> list[tuple[str, str]]:
    """Wall time of 1 and 2 worker processes on the samples copied to 20 times their number.

    Each copy gets its own text (a numbered line), so nothing is skipped as a duplicate.
    Worker start-up (loading the model in each process) is included.
    """
    copies = [
        RawArticle(origin=f"{r.origin}~{k}", text=f"{r.text}\n\nCopy {k}.", title=r.title)
        for k in range(20)
        for r in raws
    ]
    timings = {}
    for workers in (1, 2):
        timings[workers] = _median_seconds(
            lambda w=workers: list(run(copies, settings, workers=w)), repeat
        )
    return [
        ("articles for the worker test", f"{len(copies)}"),
        ("1 worker, articles/s", f"{len(copies) / timings[1]:.1f}"),
        ("2 workers, articles/s", f"{len(copies) / timings[2]:.1f}"),
        ("speed-up from 1 to 2 workers", f"{timings[1] / timings[2]:.2f}x"),
    ]


def write_docs(rows: list[tuple[str, str]], repeat: int) -> None:
    """Replace the speed section of docs/BENCHMARKS.md, keeping everything else."""
    write_section(
        "speed",
        "Speed and memory",
        [
            f"eventwire {__version__}, measured {date.today()} on {machine()}.",
            f"Each time is the median of {repeat} runs (`benchmarks/run.py`).",
        ],
        rows,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = measure(args.repeat)
    for metric, value in rows:
        print(f"{metric:<45} {value}")
    write_docs(rows, args.repeat)
    print(f"wrote {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
