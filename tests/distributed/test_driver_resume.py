"""The ray engine's driver resumes as the local engine does: shards planned, committed whole.

Ray itself is replaced here by a stand-in that reads each task and parses it in this process
(the read and annotate stages' own code, without the cluster), so a crash can be placed at
any commit and the runs stay fast; tests/distributed/test_ray_engine.py runs the same
interruptions on a real local Ray.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire.cli import main
from eventwire.config import Settings
from eventwire.distributed import ray_engine, sinks
from eventwire.distributed.ray_engine import ingest_with_ray
from eventwire.distributed.shards import ShardTask, read_task
from eventwire.distributed.sinks import ParquetSink, StoreSink
from eventwire.engine import IngestReport, ingest_paths
from eventwire.errors import Code, UsageError
from eventwire.model import Record
from eventwire.pipeline import Outcome, run
from eventwire.shards import Tag
from eventwire.store import Store, open_store
from test_resume import Corpus, _assert_complete, _corpus, _ids_of_shards, _shards

pytestmark = pytest.mark.slow

SHARD = 5
SETTINGS = Settings.from_env(
    environ={}, shard_size=SHARD, batch_size=4, parquet_commit_inputs=SHARD
)


class Crash(Exception):
    """Stands for the driver dying in the middle of a write."""


def _in_process(
    tasks: Sequence[ShardTask],
    settings: Settings,
    workers: int,
    *,
    published: date | None = None,
    db: str | None = None,
    reprocess: bool = False,
) -> Iterator[tuple[Outcome, Tag | None]]:
    """What ``ray_engine.outcomes`` yields, computed here: each task read, then parsed."""
    for task in tasks:
        pairs = list(read_task(task, settings))
        parsed = run([item for _, item in pairs], settings, published)
        for (tag, _), outcome in zip(pairs, parsed, strict=True):
            yield outcome, tag


@pytest.fixture
def no_ray(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(ray_engine, "outcomes", _in_process)
    monkeypatch.setattr(ray_engine, "ray_session", lambda settings: contextlib.nullcontext())
    yield
    # Crashes are patched in monkeypatch.context(): an undo() would bring Ray back mid-test.
    assert ray_engine.outcomes is _in_process


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return _corpus(tmp_path / "wire.jsonl", 40, bad_every=7)


def crash_on(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, call: int) -> None:
    """Make ``owner.name`` raise Crash on its ``call``-th call, after passing the others on."""
    real = getattr(owner, name)
    calls = 0

    def crashing(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == call:
            raise Crash
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, crashing)


def _assert_resumed(report: IngestReport, corpus: Corpus, before: int, skipped: int) -> None:
    """``report`` is that of a rerun after ``before`` articles were stored in ``skipped`` shards."""
    assert report.skipped_shards == skipped
    assert (report.ingested, report.duplicates) == (len(corpus.ids) - before, before)
    assert report.failed == len(corpus.bad)


def finished_lines(out: str, corpus: Corpus, before: int, skipped: int) -> None:
    """The last lines of a rerun of ``eventwire ingest`` after such a crash."""
    lines = out.splitlines()
    assert lines[-2].startswith(f"skipped {skipped} shards already done by an earlier run")
    assert lines[-1] == (
        f"ingested {len(corpus.ids) - before}, duplicates {before}, failed {len(corpus.bad)}"
    )


def test_a_crashed_ray_ingest_resumes_and_the_local_engine_finds_it_done(
    no_ray: None, corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(url) as store:
        with monkeypatch.context() as patched:
            crash_on(patched, Store, "put_shards", 3)
            with pytest.raises(Crash):
                ingest_with_ray([str(corpus.path)], SETTINGS, StoreSink(store, SETTINGS))
        # Two transactions of whole shards went in; the third left nothing behind.
        done = _shards(url)
        assert [s[0] for s in done] == [0, 1]
        assert store.count() == len(_ids_of_shards(corpus, done)) > 0
        before = store.count()

        log = tmp_path / "failures.log"
        report = ingest_with_ray(
            [str(corpus.path)], SETTINGS, StoreSink(store, SETTINGS, False, log)
        )
        _assert_resumed(report, corpus, before, 2)
        earlier = sum(s[3] for s in done)
        assert report.earlier_failures == earlier
        assert len(log.read_text().splitlines()) == len(corpus.bad) - earlier
        _assert_complete(corpus, url, SHARD)

        # The same shard keys: the local engine has nothing left to read.
        local = ingest_paths([str(corpus.path)], store, SETTINGS)
        assert local.skipped_shards == -(-corpus.lines // SHARD)
        assert (local.ingested, local.duplicates) == (0, len(corpus.ids))
        _assert_complete(corpus, url, SHARD)


def test_a_crashed_local_ingest_is_finished_by_the_ray_driver(
    no_ray: None, corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(url) as store:
        with monkeypatch.context() as patched:
            crash_on(patched, Store, "put_shards", 2)
            with pytest.raises(Crash):
                ingest_paths([str(corpus.path)], store, SETTINGS)
        before = store.count()
        assert before > 0
        report = ingest_with_ray([str(corpus.path)], SETTINGS, StoreSink(store, SETTINGS))
        _assert_resumed(report, corpus, before, 1)
        _assert_complete(corpus, url, SHARD)


def _parquet_rows(out: Path) -> tuple[list[str], list[str], int]:
    """The article ids of ``records/``, the failed origins of ``failures/``, events rows."""
    ids = pq.read_table(out / "records")["article_id"].to_pylist()
    origins = pq.read_table(out / "failures")["origin"].to_pylist()
    return ids, origins, pq.read_table(out / "events").num_rows


def check_parquet(out: Path, corpus: Corpus) -> None:
    ids, origins, events = _parquet_rows(out)
    assert len(ids) == len(set(ids)) == len(corpus.ids)
    assert set(ids) == set(corpus.ids.values())
    assert Counter(origins) == Counter(f"{corpus.path}:{line}" for line in corpus.bad)
    records = pq.read_table(out / "records")["record"].to_pylist()
    assert events == sum(len(Record.model_validate_json(r).events) for r in records)
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]


def test_parquet_output_resumes_without_duplicate_rows(
    no_ray: None, corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    # The second commit dies after its events file is in place, before its records file.
    with monkeypatch.context() as patched:
        crash_on(patched, ParquetSink, "_put", 6)
        with pytest.raises(Crash):
            ingest_with_ray([str(corpus.path)], SETTINGS, ParquetSink(out, SETTINGS))
    assert len(list((out / "records").glob("*.parquet"))) == 1
    assert len(list((out / "events").glob("*.parquet"))) == 2  # one left uncommitted
    before = len(pq.read_table(out / "records"))
    assert before > 0

    sink = ParquetSink(out, SETTINGS)
    assert len(list((out / "events").glob("*.parquet"))) == 1  # removed on opening
    report = ingest_with_ray([str(corpus.path)], SETTINGS, sink)
    _assert_resumed(report, corpus, before, 1)
    check_parquet(out, corpus)
    files = sorted(out.rglob("*.parquet"))

    # Done: nothing is read, nothing written, the same totals.
    again = ingest_with_ray([str(corpus.path)], SETTINGS, ParquetSink(out, SETTINGS))
    assert again.skipped_shards == -(-corpus.lines // SHARD)
    assert (again.ingested, again.duplicates, again.failed) == (
        0,
        len(corpus.ids),
        len(corpus.bad),
    )
    assert sorted(out.rglob("*.parquet")) == files
    check_parquet(out, corpus)


def test_an_article_already_in_the_folder_is_a_duplicate_in_a_later_run(
    no_ray: None, corpus: Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    ingest_with_ray([str(corpus.path)], SETTINGS, ParquetSink(out, SETTINGS))
    # The same articles in another file: other shards, every article already written.
    copy = tmp_path / "copy.jsonl"
    copy.write_text(corpus.path.read_text() + "\n")
    report = ingest_with_ray([str(copy)], SETTINGS, ParquetSink(out, SETTINGS))
    assert (report.ingested, report.duplicates) == (0, len(corpus.ids))
    ids = pq.read_table(out / "records")["article_id"].to_pylist()
    assert len(ids) == len(set(ids)) == len(corpus.ids)


def test_two_files_of_the_same_bytes_in_one_run_lose_nothing(
    no_ray: None, corpus: Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    twin = tmp_path / "twin.jsonl"
    twin.write_bytes(corpus.path.read_bytes())  # the same shard keys as the corpus
    report = ingest_with_ray([str(corpus.path), str(twin)], SETTINGS, ParquetSink(out, SETTINGS))
    assert (report.ingested, report.duplicates) == (len(corpus.ids), len(corpus.ids))
    ids = pq.read_table(out / "records")["article_id"].to_pylist()
    assert len(ids) == len(set(ids)) == len(corpus.ids)
    # The twin's shards were the corpus's: its failures are written, no shard twice.
    origins = pq.read_table(out / "failures")["origin"].to_pylist()
    assert len(origins) == 2 * len(corpus.bad)
    again = ingest_with_ray([str(corpus.path), str(twin)], SETTINGS, ParquetSink(out, SETTINGS))
    assert again.skipped_shards == 2 * -(-corpus.lines // SHARD)
    assert again.ingested == 0
    assert len(pq.read_table(out / "records")) == len(corpus.ids)


def test_a_folder_of_another_pipeline_version_is_refused(
    no_ray: None, corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    with monkeypatch.context() as patched:
        patched.setattr(sinks, "pipeline_version", lambda model: "older-version")
        ingest_with_ray([str(corpus.path)], SETTINGS, ParquetSink(out, SETTINGS))
    with pytest.raises(UsageError) as caught:
        ParquetSink(out, SETTINGS)
    assert caught.value.code is Code.E011 and "older-version" in str(caught.value)


def test_an_output_folder_that_cannot_be_used_is_one_coded_error(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("a file, not a folder")
    with pytest.raises(UsageError) as caught:
        ParquetSink(taken, SETTINGS)
    assert caught.value.code is Code.E013
    out = tmp_path / "out"
    (out / "records").mkdir(parents=True)
    pq.write_table(pa.table({"article_id": ["x"]}), out / "records" / "part-mine.parquet")
    with pytest.raises(UsageError) as caught:
        ParquetSink(out, SETTINGS)
    assert caught.value.code is Code.E013 and "part-mine.parquet" in str(caught.value)
    assert (out / "records" / "part-mine.parquet").exists()  # never removed


def test_reprocess_into_a_parquet_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["ingest", str(tmp_path), "--engine", "ray", "--out", str(tmp_path / "o")]
    assert main([*args, "--reprocess"]) == 2
    assert Code.E012.name in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
