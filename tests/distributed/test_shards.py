"""Shards and rows of the ray engine, without Ray: reading, and rows that survive the trip."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire.config import Settings
from eventwire.distributed.ray_engine import actor_count, import_ray
from eventwire.distributed.shards import (
    RAW_SCHEMA,
    ShardTask,
    file_key,
    from_outcome_row,
    from_raw_row,
    list_shards,
    outcome_row,
    raw_batches,
    raw_row,
    read_shard,
    read_task,
    tag_from,
)
from eventwire.errors import Code, InputError, UsageError
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.pipeline import Skipped
from eventwire.shards import ShardPlan, Tag
from eventwire.store import open_store

ARTICLES = [
    {"id": "a1", "title": "Dam opened", "text": "The dam opened on Monday, officials said."},
    {"id": 7, "text": "Talks resumed in Geneva.", "published": "2020-03-04"},
]


def _parquet(path: Path, rows: list[dict[str, object]]) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def test_parquet_shard_rows_read_like_jsonl_lines(tmp_path: Path, settings: Settings) -> None:
    rows = [
        {
            "id": "a1",
            "title": "Dam opened",
            "text": "The dam opened.",
            "published": date(2021, 5, 6),
        },
        {"id": "a2", "title": None, "text": None, "published": None},  # no text: E113
        {"id": "a3", "title": "Talks", "text": "Talks resumed.", "published": None},
    ]
    shard = _parquet(tmp_path / "part-0.parquet", rows)
    items = list(read_shard(str(shard), settings))
    assert [type(i).__name__ for i in items] == ["RawArticle", "InputFailure", "RawArticle"]
    first, bad, last = items
    assert isinstance(first, RawArticle) and isinstance(last, RawArticle)
    assert first.origin == f"{shard}#1" and first.published == date(2021, 5, 6)
    assert first.external_id == "a1" and first.title == "Dam opened"
    assert last.origin == f"{shard}#3" and last.text == "Talks resumed."
    assert isinstance(bad, InputFailure) and bad.error.code is Code.E113


def test_a_damaged_parquet_shard_is_one_failure(tmp_path: Path, settings: Settings) -> None:
    shard = tmp_path / "broken.parquet"
    shard.write_bytes(b"PAR1 this is not really parquet")
    items = list(read_shard(str(shard), settings))
    assert len(items) == 1 and isinstance(items[0], InputFailure)
    assert items[0].error.code is Code.E114 and "parquet" in str(items[0].error)


def test_other_shards_go_through_the_local_readers(tmp_path: Path, settings: Settings) -> None:
    shard = tmp_path / "wire.jsonl"
    shard.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n{oops\n", encoding="utf-8")
    items = list(read_shard(str(shard), settings))
    assert [i.origin for i in items] == [f"{shard}:1", f"{shard}:2", f"{shard}:3"]
    assert isinstance(items[2], InputFailure) and items[2].error.code is Code.E107


def test_list_shards_expands_folders_and_globs(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "b.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / "a.parquet").write_bytes(b"x")
    missing = str(tmp_path / "absent.parquet")
    shards, failures = list_shards([str(tmp_path), missing, str(tmp_path / "*.warc")])
    assert shards == [str(tmp_path / "a.parquet"), str(tmp_path / "b.jsonl"), missing]
    assert [f.error.code for f in failures] == [Code.E111]
    # A missing file is the read task's to report, as the local readers do.
    assert [i.error.code for i in read_shard(missing, settings)] == [Code.E101]  # type: ignore[union-attr]


def test_standard_input_is_refused() -> None:
    with pytest.raises(UsageError) as caught:
        list_shards(["-"])
    assert caught.value.code is Code.E009


def test_raw_rows_round_trip_articles_and_failures() -> None:
    article = RawArticle(
        origin="f.jsonl:2",
        text="Talks resumed.",
        title="Talks",
        url="https://x.example/t",
        published=date(2020, 3, 4),
        external_id="7",
    )
    failure = InputFailure("f.jsonl:3", InputError(Code.E107, line=3, reason="bad (column 1)"))
    assert from_raw_row(raw_row(article)) == article
    back = from_raw_row(raw_row(failure))
    assert isinstance(back, InputFailure)
    assert back.line() == failure.line() and back.error.code is Code.E107


def test_raw_batches_are_bounded_tables_of_the_schema() -> None:
    items = [RawArticle(origin=f"o{n}", text=f"text {n}") for n in range(5)]
    tables = list(raw_batches([(None, item) for item in items], 2))
    assert [t.num_rows for t in tables] == [2, 2, 1]
    assert all(t.schema.equals(RAW_SCHEMA) for t in tables)
    assert tables[2].column("origin").to_pylist() == ["o4"]


def test_outcome_rows_round_trip_skips_and_failures() -> None:
    skipped = Skipped("f.txt", "0123456789abcdef0123")
    failure = InputFailure("g.txt", InputError(Code.E104, size="9", limit="1", setting="x"))
    assert from_outcome_row(outcome_row(skipped)) == skipped
    back = from_outcome_row(outcome_row(failure))
    assert isinstance(back, InputFailure) and back.line() == failure.line()


@pytest.mark.parametrize(
    ("workers", "cpus", "each", "expected"),
    [(2, 2.0, 0.5, 2), (4, 2.0, 0.5, 3), (8, 2.0, 1.0, 1), (3, 16.0, 1.0, 3), (1, 1.0, 1.0, 1)],
)
def test_actors_leave_room_for_a_reader(
    workers: int, cpus: float, each: float, expected: int
) -> None:
    assert actor_count(workers, cpus, each) == expected


def test_missing_ray_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    with pytest.raises(UsageError) as caught:
        import_ray()
    assert caught.value.code is Code.E008 and "eventwire[ray]" in str(caught.value)


def test_uri_shards_are_listed_and_read_through_pyarrow(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.jsonl").write_text("{}\n", encoding="utf-8")
    wire = tmp_path / "sub" / "wire.jsonl"
    wire.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    _parquet(tmp_path / "a.parquet", [{"text": "The dam opened.", "title": "Dam"}])
    shards, failures = list_shards([tmp_path.as_uri(), (tmp_path / "none.jsonl").as_uri()])
    assert shards == [(tmp_path / "a.parquet").as_uri(), wire.as_uri()]
    assert [f.error.code for f in failures] == [Code.E101]
    rows = [i for shard in shards for i in read_shard(shard, settings)]
    assert [i.origin for i in rows] == [
        f"{shards[0]}#1",
        f"{wire.as_uri()}:1",
        f"{wire.as_uri()}:2",
    ]
    assert all(isinstance(i, RawArticle) for i in rows)
    local = list(read_shard(str(wire), settings))
    assert [i.text for i in rows[1:]] == [i.text for i in local]  # type: ignore[union-attr]


def test_an_unreachable_uri_is_a_failure_not_a_crash(settings: Settings) -> None:
    shards, failures = list_shards(["nosuchscheme://bucket/key.jsonl"])
    assert shards == [] and [f.error.code for f in failures] == [Code.E110]
    items = list(read_shard("nosuchscheme://bucket/key.jsonl", settings))
    assert [i.error.code for i in items] == [Code.E110]  # type: ignore[union-attr]


def test_failures_survive_pickling() -> None:
    """Worker processes (--workers N) and Ray pickle failures to send them to the parent."""
    import pickle

    failure = InputFailure("x.jsonl:3", InputError(Code.E107, line=3, reason="bad"))
    back = pickle.loads(pickle.dumps(failure))
    assert back.line() == failure.line() and back.error.fields == {"line": 3, "reason": "bad"}


def test_actor_cpus_read_from_the_environment_as_a_fraction() -> None:
    settings = Settings.from_env(environ={"EVENTWIRE_RAY_ACTOR_CPUS": "0.25"})
    assert settings.ray_actor_cpus == 0.25
    assert Settings.from_env(environ={}).ray_actor_cpus == 0.5


def _lines(path: Path, count: int) -> Path:
    rows = [{"text": f"Story {n}: the ferry from the island ran late."} for n in range(count)]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return path


def test_a_local_file_is_keyed_and_split_as_the_local_engine_does(tmp_path: Path) -> None:
    settings = Settings.from_env(environ={}, shard_size=4)
    wire = _lines(tmp_path / "wire.jsonl", 10)
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        plan = ShardPlan(store, settings)
        local = list(plan.inputs([str(wire)]))
    key = file_key(str(wire), settings)
    assert key is not None and {t.source for t in plan.tags if t} == {key}
    # Shard 1 done already: its inputs are left out, the others tagged as the local engine does.
    pairs = list(read_task(ShardTask(str(wire), key, (1,)), settings))
    assert [tag for tag, _ in pairs] == [t for t in plan.tags if t and t.shard != 1]
    assert [item for _, item in pairs] == [
        i for i, t in zip(local, plan.tags, strict=True) if t and t.shard != 1
    ]
    # Without a key (an unreadable file) every input goes, untagged.
    assert [tag for tag, _ in read_task(ShardTask(str(wire)), settings)] == [None] * 10


def test_files_read_by_other_readers_than_the_local_engines_get_keys_of_their_own(
    tmp_path: Path, settings: Settings
) -> None:
    wire = _lines(tmp_path / "wire.jsonl", 2)
    same = tmp_path / "wire.parquet"
    same.write_bytes(wire.read_bytes())  # the same bytes, read as Parquet here
    keys = {file_key(str(wire), settings), file_key(str(same), settings)}
    keys.add(file_key(wire.as_uri(), settings))
    assert len(keys) == 3 and None not in keys
    assert file_key(str(tmp_path / "absent.jsonl"), settings) is None
    assert file_key((tmp_path / "absent.jsonl").as_uri(), settings) is None


def test_tags_travel_with_raw_rows_and_tasks_with_their_done_shards() -> None:
    tag = Tag("k" * 32, 2, "wire.jsonl", 9, 8, True, False)
    row = raw_row(RawArticle(origin="wire.jsonl:10", text="Talks resumed."), tag)
    assert tag_from(row["tag"]) == tag and tag_from(raw_row(ARTICLE_FAILURE)["tag"]) is None
    task = ShardTask("wire.jsonl", "k" * 32, (0, 3))
    assert ShardTask.from_row(task.row()) == task


ARTICLE_FAILURE = InputFailure("f.jsonl:3", InputError(Code.E107, line=3, reason="bad"))
