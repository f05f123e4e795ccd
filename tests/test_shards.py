"""Shard keys and the skip logic of a resumed ingest (no parsing: the store is written by hand)."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from eventwire import shards
from eventwire.config import Settings
from eventwire.ingest.base import InputFailure
from eventwire.ingest.sources import Source
from eventwire.pipeline import Skipped
from eventwire.shards import ShardPlan, Tag, all_done, fingerprint, source_key
from eventwire.store import ShardDone, ShardStatus, Store, open_store
from fuzz.helpers import Pipe

SETTINGS = Settings.from_env(environ={}, shard_size=4)


def _jsonl(path: Path, count: int) -> Path:
    texts = [f"Article number {n} says the river rose again." for n in range(count)]
    lines = [json.dumps({"text": text}) for text in texts]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'shards.db'}") as opened:
        yield opened


def _complete(store: Store, path: Path, *shards: tuple[int, int, bool]) -> None:
    """Record shards of ``path`` as done: each is (first input, inputs, final)."""
    plan = ShardPlan(store, SETTINGS)
    list(plan.inputs([str(path)]))
    tag: Tag | None = plan.tags[0]
    assert tag is not None
    done = [
        ShardDone(tag.source, first // 4, tag.origin, first, inputs, 0, final, "test")
        for first, inputs, final in shards
    ]
    store.put_shards([], done)


def test_shards_fingerprint_is_the_hash_of_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"The harbour froze overnight.")
    expected = hashlib.sha256(b"The harbour froze overnight.").hexdigest()
    assert fingerprint(Source(str(path), path)) == expected
    assert fingerprint(Source("gone", tmp_path / "missing.txt")) is None


def test_shards_fingerprint_of_stdin_reads_from_its_position_and_rewinds() -> None:
    stdin = io.BytesIO(b"ignored|The harbour froze overnight.")
    stdin.seek(8)
    content = fingerprint(Source("<stdin>", None), stdin)
    assert content == hashlib.sha256(b"The harbour froze overnight.").hexdigest()
    assert stdin.tell() == 8
    pipe = io.BufferedReader(Pipe(b"The harbour froze overnight."))
    assert fingerprint(Source("<stdin>", None), pipe) is None  # type: ignore[arg-type]


def test_shards_source_key_changes_with_content_and_reading_settings() -> None:
    key = source_key("abc", SETTINGS)
    assert key == source_key("abc", Settings.from_env(environ={}, shard_size=4))
    assert key != source_key("abd", SETTINGS)
    assert key != source_key("abc", replace(SETTINGS, shard_size=5))
    assert key != source_key("abc", replace(SETTINGS, max_line_bytes=10))
    assert key != source_key("abc", replace(SETTINGS, max_article_chars=10))
    # Settings that do not change what the inputs are leave the key alone.
    assert key == source_key("abc", replace(SETTINGS, batch_size=7, db="sqlite:///other.db"))


def test_shards_all_done_needs_the_final_shard_and_every_one_before() -> None:
    def status(n: int, final: bool = False) -> ShardStatus:
        return ShardStatus(shard=n, inputs=4, failed=0, final=final)

    assert not all_done({})
    assert not all_done({0: status(0), 1: status(1)})
    assert not all_done({0: status(0), 2: status(2, final=True)})
    assert all_done({0: status(0), 1: status(1), 2: status(2, final=True)})


def test_shards_plan_tags_each_input_with_its_shard(tmp_path: Path, store: Store) -> None:
    path = _jsonl(tmp_path / "wire.jsonl", 10)
    plan = ShardPlan(store, SETTINGS)
    items = list(plan.inputs([str(path)]))
    assert len(items) == len(plan.tags) == 10
    tags = [tag for tag in plan.tags if tag is not None]
    assert [t.shard for t in tags] == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]
    assert [t.index for t in tags if t.last] == [3, 7, 9]
    assert [t.index for t in tags if t.final] == [9]
    assert {t.first_input for t in tags if t.shard == 2} == {8}


def test_shards_plan_skips_done_shards_and_keeps_the_rest(tmp_path: Path, store: Store) -> None:
    path = _jsonl(tmp_path / "wire.jsonl", 10)
    _complete(store, path, (0, 4, False), (8, 2, True))
    again = ShardPlan(store, SETTINGS)
    items = list(again.inputs([str(path)]))
    assert [t.index for t in again.tags if t is not None] == [4, 5, 6, 7]
    assert [getattr(item, "text", "").split()[2] for item in items] == ["4", "5", "6", "7"]
    assert (again.skipped.shards, again.skipped.inputs) == (2, 6)
    # With resuming off (--reprocess), nothing is skipped.
    redo = ShardPlan(store, SETTINGS, resume=False)
    assert len(list(redo.inputs([str(path)]))) == 10


def test_shards_plan_does_not_read_a_source_whose_shards_are_all_done(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _jsonl(tmp_path / "wire.jsonl", 6)
    _complete(store, path, (0, 4, False), (4, 2, True))

    def no_reading(*args: object) -> Iterator[object]:
        raise AssertionError("a finished source was read again")

    monkeypatch.setattr(shards, "read_source", no_reading)
    again = ShardPlan(store, SETTINGS)
    assert list(again.inputs([str(path)])) == []
    assert (again.skipped.shards, again.skipped.inputs) == (2, 6)


def test_shards_plan_leaves_pipes_and_missing_paths_unsharded(
    tmp_path: Path, store: Store
) -> None:
    pipe = io.BufferedReader(Pipe(b"The harbour froze overnight, the ferry said."))
    plan = ShardPlan(store, SETTINGS, stdin=pipe)  # type: ignore[arg-type]
    items = list(plan.inputs(["-", str(tmp_path / "missing.txt"), str(tmp_path / "*.none")]))
    assert len(items) == 3
    assert list(plan.tags) == [None, None, None]


def test_shards_plan_keeps_the_order_of_sources_and_failures(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shards, "_LOOKUP_GROUP", 2)  # several lookup groups
    names = []
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"Story {n}: the ferry ran late again.")
        names += [str(tmp_path / f"{n}.txt"), str(tmp_path / f"gone{n}.txt")]
    plan = ShardPlan(store, SETTINGS)
    assert [item.origin for item in plan.inputs(names)] == names
    assert [tag is None for tag in plan.tags] == [False, True] * 5


@pytest.mark.parametrize(("at_least", "commits"), [(None, [4, 4, 2]), (6, [8, 2]), (2, [4, 4, 2])])
def test_shards_committer_writes_whole_shards_of_at_least_the_size_asked(
    tmp_path: Path, store: Store, at_least: int | None, commits: list[int]
) -> None:
    path = _jsonl(tmp_path / "wire.jsonl", 10)
    plan = ShardPlan(store, SETTINGS)
    items = list(plan.inputs([str(path)]))
    written: list[shards.Commit] = []
    committer = shards.Committer(SETTINGS, written.append, at_least=at_least)
    for item, tag in zip(items, plan.tags, strict=True):
        assert not isinstance(item, InputFailure)
        committer.add(Skipped(item.origin, "id"), tag)
    committer.close()
    # Never below the shard size, and never a shard split between two commits.
    assert [c.inputs for c in written] == commits
    assert [[s.shard for s in c.shards] for c in written] == (
        [[0], [1], [2]] if commits == [4, 4, 2] else [[0, 1], [2]]
    )
