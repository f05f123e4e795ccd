"""A shard's completion is stored with its records and failures in one transaction, else none."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventwire.store import FailedInput, ShardDone, ShardStatus, Store
from eventwire.store.schema import ingest_shards

from .records import make_record

DOCK = make_record("dock", "Dock workers walked out on Monday over a pay dispute at the port.")
BRIDGE = make_record("bridge", "The old bridge reopened to traffic after two years of repairs.")
SHARD = ShardDone(
    source="s1",
    shard=0,
    origin="wire.jsonl",
    first_input=0,
    inputs=3,
    failed=1,
    final=False,
    pipeline="0.1.0",
)
BAD_LINE = FailedInput("wire.jsonl:2", "E107", "E107 malformed JSON on line 2: oops")


def _shard_rows(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(ingest_shards)) or 0)


def test_store_put_shards_writes_records_failures_and_completion(store: Store) -> None:
    result = store.put_shards([DOCK, BRIDGE], [SHARD], [BAD_LINE])
    assert (result.stored, result.duplicates) == (2, 0)
    assert store.count() == 2
    assert [(f.origin, f.code) for f in store.failures()] == [("wire.jsonl:2", "E107")]
    expected = ShardStatus(shard=0, inputs=3, failed=1, final=False)
    assert store.done_shards(["s1", "other"]) == {"s1": {0: expected}}


def test_store_put_shards_keeps_the_first_completion(store: Store) -> None:
    store.put_shards([DOCK], [SHARD])
    again = store.put_shards([DOCK], [replace(SHARD, inputs=9), replace(SHARD, shard=1)])
    assert again.duplicates == 1
    assert store.count() == 1
    done = store.done_shards(["s1"])["s1"]
    assert sorted(done) == [0, 1]
    assert done[0].inputs == 3


def test_store_put_shards_stores_nothing_when_the_transaction_fails(store: Store) -> None:
    # A completion row that cannot be written must take the shard's records and failures
    # with it: all or nothing, as after a crash.
    broken = replace(SHARD, origin=None)
    with pytest.raises(IntegrityError):
        store.put_shards([DOCK, BRIDGE], [broken], [BAD_LINE])
    assert store.count() == 0
    assert store.failures() == []
    assert _shard_rows(store) == 0


def test_store_put_shards_with_no_records_records_the_shards(store: Store) -> None:
    store.put_shards([], [replace(SHARD, inputs=1, final=True)], [BAD_LINE])
    assert store.count() == 0
    assert store.done_shards(["s1"])["s1"][0].final is True
