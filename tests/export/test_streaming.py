"""Exports stream: memory stays bounded by a page of records, not by the size of the store.

2,500 records of about 1.5 KB of JSON each (some 4 MB in all, several times more as Python
objects) are exported while tracemalloc watches. The bound, ``PEAK_BOUND``, is 1.5 MiB of
Python allocations: room for a page of 100 records, the store's query machinery and the
writers' buffers, and well below what holding every record would take. Parquet's column
buffers live in Arrow's own memory pool, which tracemalloc does not see, so that test also
bounds Arrow's allocations by its row group size.
"""

from __future__ import annotations

import gc
import io
import itertools
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire.export import FORMATS, ExportOptions, export, iter_records
from eventwire.model import AcledType, Actor, Article, Event, EventPlace, Quantity, Record
from eventwire.store import Store, open_store

pytestmark = pytest.mark.slow  # about 20 s: 2,500 records fetched one by one, under tracemalloc

N_RECORDS = 2_500
PEAK_BOUND = 1_536 * 1024
_EVENTS_PER_RECORD = 2


def _record(number: int) -> Record:
    text = (
        f"Article {number}: fighters attacked the town of Kismayo at dawn, killing "
        f"{number % 50} villagers, officials said. "
        + "The regional council met to discuss the response to the attack. "
        * 6
    )
    sentence_end = text.index("said.") + 5
    place = EventPlace(place=None, name="Kismayo", country="SO", lat=-0.35817, lon=42.54536)
    fighters = Actor(name="fighters", sector="INS", country="SOM")
    return Record(
        pipeline="test-1",
        article=Article(
            id=f"n{number:05d}",
            title=f"Attack {number}",
            source="Coast Wire",
            language="en",
            published="2024-01-02",
            text=text,
        ),
        quantities=[
            Quantity(
                id="N1",
                text=str(number % 50),
                start=text.index("killing") + 8,
                end=text.index("killing") + 8 + len(str(number % 50)),
                value=number % 50,
                kind="killed",
            )
        ],
        events=[
            Event(
                id=f"V{index}",
                type="ASSAULT",
                cameo="190",
                sources=[fighters],
                targets=[Actor(name="villagers", sector="CVL")],
                place=place,
                date="2024-01-02",
                text=text[:sentence_end],
                start=0,
                end=sentence_end,
                confidence=0.8,
                acled=AcledType(event_type="Battles", sub_event_type="Armed clash"),
            )
            for index in range(1, _EVENTS_PER_RECORD + 1)
        ],
    )


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("big") / "big.db"
    with open_store(f"sqlite:///{path}") as store:
        for start in range(0, N_RECORDS, 500):
            store.put([_record(number) for number in range(start, start + 500)])
        yield store


def _expected_rows(fmt: str) -> int:
    return N_RECORDS if fmt == "jsonl" else N_RECORDS * _EVENTS_PER_RECORD


def _warm(store: Store, fmt: str, out: Path | None = None) -> None:
    # Compiled queries, the Goldstein and country tables: loaded once, not part of the peak.
    first = itertools.islice(iter_records(store, page_size=2), 3)
    FORMATS[fmt](first, out or io.StringIO(), ExportOptions())


def _peak(run: object) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        assert callable(run)
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", [name for name in FORMATS if name != "parquet"])
def test_streaming_text_formats_stay_below_the_bound(
    big_store: Store, tmp_path: Path, fmt: str
) -> None:
    _warm(big_store, fmt)
    path = tmp_path / f"big.{fmt}"
    reports = []
    peak = _peak(lambda: reports.append(export(big_store, fmt, path)))
    assert reports[0].rows == _expected_rows(fmt)
    assert reports[0].articles == N_RECORDS
    assert peak < PEAK_BOUND, f"{fmt}: peak {peak:,} bytes"


def test_streaming_parquet_stays_below_the_bound(big_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "big.parquet"
    _warm(big_store, "parquet", tmp_path / "warm.parquet")
    options = ExportOptions(row_group_size=500)
    reports = []
    arrow_before = pa.total_allocated_bytes()
    peak = _peak(lambda: reports.append(export(big_store, "parquet", path, options)))
    assert reports[0].rows == pq.read_metadata(path).num_rows == _expected_rows("parquet")
    assert pq.read_metadata(path).num_row_groups == _expected_rows("parquet") // 500
    assert peak < PEAK_BOUND, f"parquet: peak {peak:,} bytes"
    assert pa.total_allocated_bytes() - arrow_before < PEAK_BOUND  # Arrow's pool released
