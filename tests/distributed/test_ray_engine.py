"""The ray engine in Ray's local mode: the same records as the local engine, Parquet, failures,
and a run interrupted partway finished by another (of either engine) with every article once.

One local Ray serves the whole module (starting it costs seconds); every test runs a real
Ray Data job with two model actors on the bundled sample articles or a generated corpus.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.cli import main
from eventwire.config import Settings
from eventwire.distributed.ray_engine import outcomes, ray_session
from eventwire.distributed.shards import ShardTask, file_key, list_shards
from eventwire.distributed.sinks import ParquetSink
from eventwire.engine import extract_paths, ingest_paths
from eventwire.errors import Code
from eventwire.ingest.base import InputFailure
from eventwire.model import Record
from eventwire.pipeline import Outcome
from eventwire.store import Store, open_store
from test_resume import Corpus, _assert_complete, _corpus

from .test_driver_resume import Crash, check_parquet, crash_on, finished_lines

pytestmark = pytest.mark.slow

SAMPLES = Path(str(resources.files("eventwire") / "samples"))
ACTORS = "2"


def _warc(path: Path, pages: list[Path]) -> Path:
    """A crawl of the sample HTML pages, one response record each."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for page in pages:
            payload = page.read_bytes()
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://samples.example/{page.stem}",
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=headers,
            )
            writer.write_record(record)
    return path


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Sample shards of every kind, and a bad one."""
    root = tmp_path_factory.mktemp("shards")
    wire = SAMPLES / "jsonl" / "wire.jsonl"
    lines = [json.loads(line) for line in wire.read_text(encoding="utf-8").splitlines() if line]
    table = pa.Table.from_pylist(lines)
    pq.write_table(table, root / "wire.parquet", row_group_size=2)
    bad = root / "bad.jsonl"
    bad.write_text('{"text": "A short note on the weather."}\n{"title": 3}\n', encoding="utf-8")
    return {
        "text": SAMPLES / "text",
        "jsonl": wire,
        "warc": _warc(root / "pages.warc.gz", sorted((SAMPLES / "html").glob("*.html"))),
        "parquet": root / "wire.parquet",
        "bad": bad,
    }


@pytest.fixture(scope="module")
def ray_local(settings: Settings) -> Iterator[None]:
    with ray_session(settings):
        yield


def _split(items: list[Outcome]) -> tuple[dict[str, Record], list[str]]:
    records = {i.article.id: i for i in items if isinstance(i, Record)}
    failures = sorted(i.line() for i in items if isinstance(i, InputFailure))
    return records, failures


def test_ray_records_equal_the_local_engine(
    ray_local: None, settings: Settings, shards: dict[str, Path]
) -> None:
    paths = [str(shards[k]) for k in ("text", "jsonl", "warc", "bad")]
    local = _split(list(extract_paths(paths, settings)))
    files, failed = list_shards(paths)
    assert failed == []
    tasks = [ShardTask(path, file_key(path, settings)) for path in files]
    pairs = list(outcomes(tasks, settings, 2))
    # Each input comes back with its tag, in order: shard by shard, input by input.
    tags = [tag for _, tag in pairs]
    assert all(tag is not None for tag in tags)
    for task in tasks:
        indexes = [t.index for t in tags if t is not None and t.source == task.key]
        assert indexes == list(range(len(indexes)))
    ray = _split([outcome for outcome, _ in pairs])
    assert sorted(ray[0]) == sorted(local[0])
    assert len(ray[0]) == 4 + 3 + 4 + 1  # text files, JSONL lines, WARC pages, the good bad line
    for article_id, record in local[0].items():
        assert ray[0][article_id].events == record.events
        assert ray[0][article_id] == record
    assert ray[1] == local[1]
    assert [line.split(": ")[1][:4] for line in ray[1]] == ["E113"]


def test_ingest_into_the_store_then_skip_what_is_stored(
    ray_local: None, shards: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'ray.db'}"
    args = ["ingest", str(shards["text"]), str(shards["bad"]), "--db", db]
    assert main([*args, "--engine", "ray", "--workers", ACTORS]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "ingested 5, duplicates 0, failed 1"
    assert f"{shards['bad']}:2: E113" in err
    with open_store(db) as store:
        assert store.count() == 5
        assert [f.code for f in store.failures()] == ["E113"]
    # Every shard is done: nothing is read again, the totals are those of the first run.
    assert main([*args, "--engine", "ray", "--workers", ACTORS]) == 1
    out, err = capsys.readouterr()
    assert "skipped 5 shards already done by an earlier run (1 of their inputs" in out
    assert out.splitlines()[-1] == "ingested 0, duplicates 5, failed 1"
    assert "E113" not in err


def test_parquet_output(
    ray_local: None,
    settings: Settings,
    shards: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    paths = [str(shards["parquet"]), str(shards["jsonl"]), str(shards["bad"])]
    assert main(["ingest", *paths, "--engine", "ray", "--out", str(out)]) == 1
    # The Parquet rows are the JSONL lines: the same articles, so the second copies are duplicates.
    assert capsys.readouterr().out.splitlines()[-1] == "ingested 4, duplicates 3, failed 1"
    records = pq.read_table(out / "records")
    expected = {r.article.id: r for r in extract_paths([str(shards["jsonl"])], settings)}
    assert records.num_rows == 4
    by_id = dict(zip(records["article_id"].to_pylist(), records["record"].to_pylist(), strict=True))
    for article_id, record in expected.items():
        assert isinstance(record, Record)
        assert Record.model_validate_json(by_id[article_id]) == record
    events = pq.read_table(out / "events")
    assert events.schema.metadata[b"table"] == b"events"
    assert events.num_rows == sum(len(Record.model_validate_json(r).events) for r in by_id.values())
    assert set(events["article_id"].to_pylist()) <= set(by_id)
    failures = pq.read_table(out / "failures").to_pylist()
    assert failures == [
        {"origin": f"{shards['bad']}:2", "code": "E113", "message": failures[0]["message"]}
    ]
    assert failures[0]["message"].startswith("E113 invalid field 'title' on line 2")
    assert not [path for path in out.rglob("*") if path.name.startswith(".")]


def test_out_needs_the_ray_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(SAMPLES / "text"), "--out", str(tmp_path / "o")]) == 2
    assert Code.E010.name in capsys.readouterr().err


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    """A generated corpus, and small shards, commits and batches for every command run on it."""
    monkeypatch.setenv("EVENTWIRE_SHARD_SIZE", "5")
    monkeypatch.setenv("EVENTWIRE_PARQUET_COMMIT_INPUTS", "5")
    monkeypatch.setenv("EVENTWIRE_BATCH_SIZE", "4")
    return _corpus(tmp_path / "wire.jsonl", 30, bad_every=7)


def test_crashed_runs_of_either_engine_are_finished_on_ray_each_article_once(
    ray_local: None,
    corpus: Corpus,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = Settings.from_env()
    db = f"sqlite:///{tmp_path / 'store.db'}"
    args = ["ingest", str(corpus.path), "--db", db, "--engine", "ray", "--workers", ACTORS]
    # The local engine dies in its second transaction, then the ray engine in its second.
    with open_store(db) as store, monkeypatch.context() as patched:
        crash_on(patched, Store, "put_shards", 2)
        with pytest.raises(Crash):
            ingest_paths([str(corpus.path)], store, settings)
    with monkeypatch.context() as patched:
        crash_on(patched, Store, "put_shards", 2)
        with pytest.raises(Crash):
            main(args)
    with open_store(db) as store:
        before = store.count()
    assert 0 < before < len(corpus.ids)
    capsys.readouterr()

    assert main(args) == 1
    finished_lines(capsys.readouterr().out, corpus, before, 2)
    _assert_complete(corpus, db, 5)
    # And the local engine finds every shard done.
    assert main(["ingest", str(corpus.path), "--db", db, "--no-progress"]) == 1
    finished_lines(capsys.readouterr().out, corpus, len(corpus.ids), -(-corpus.lines // 5))
    _assert_complete(corpus, db, 5)


def test_interrupted_parquet_output_is_finished_without_duplicate_rows(
    ray_local: None,
    corpus: Corpus,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    args = ["ingest", str(corpus.path), "--engine", "ray", "--workers", ACTORS, "--out", str(out)]
    with monkeypatch.context() as patched:
        # The third commit dies between its events file and its records file.
        crash_on(patched, ParquetSink, "_put", 9)
        with pytest.raises(Crash):
            main(args)
    before = pq.read_table(out / "records").num_rows
    assert before > 0
    capsys.readouterr()

    assert main(args) == 1
    out_text = capsys.readouterr().out
    finished_lines(out_text, corpus, before, 2)
    assert "failed then)" in out_text  # in failures/: no failure log was asked for
    check_parquet(out, corpus)
