"""Resumable ingest end to end: a crash, even kill -9, then the same command again.

The corpus is generated here: many small, distinct articles in one JSONL file, with a malformed
line now and then so failures cross the crash too. Every article must end up stored exactly
once, every failure logged, and each shard's articles stored all together or not at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from eventwire.config import Settings
from eventwire.engine import default_failure_log, ingest_paths
from eventwire.pipeline import article_id, normalize_text
from eventwire.store import Store, open_store

_SRC = Path(__file__).parents[1] / "src"
_TOWNS = ["Kenema", "Mopti", "Tromso", "Arequipa", "Jaffna", "Dori", "Kars", "Nuuk", "Lamu"]
_GROUPS = ["nurses", "fishermen", "students", "miners", "farmers", "drivers", "teachers"]
_ACTS = ["marched to the town hall", "stopped work", "met the governor", "blocked the road"]
_CAUSES = ["unpaid wages", "a new tax", "the closure of the clinic", "rising fuel prices"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


@dataclass(frozen=True)
class Corpus:
    """A generated JSONL file: which lines are articles (with their ids) and which are bad."""

    path: Path
    ids: dict[int, str]  # line number (from 1) -> article id
    bad: list[int]  # line numbers of malformed lines

    @property
    def lines(self) -> int:
        return len(self.ids) + len(self.bad)


def _article(n: int) -> str:
    pick = random.Random(n).choice
    town, group = pick(_TOWNS), pick(_GROUPS)
    return (
        f"Officials in {town} said on {pick(_DAYS)} that {n + 3} {group} {pick(_ACTS)} "
        f"over {pick(_CAUSES)}. A spokesman for the {group} said talks would resume."
    )


def _corpus(path: Path, count: int, bad_every: int) -> Corpus:
    ids: dict[int, str] = {}
    bad: list[int] = []
    with path.open("w") as out:
        for line in range(1, count + 1):
            if line % bad_every == 0:
                out.write('{"text": "cut off\n')
                bad.append(line)
                continue
            text = _article(line)
            out.write(json.dumps({"text": text, "published": "2021-05-04"}) + "\n")
            ids[line] = article_id(normalize_text(text), None)
    return Corpus(path, ids, bad)


def _query(url: str, sql: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def _stored_ids(url: str) -> list[str]:
    return [str(row[0]) for row in _query(url, "SELECT id FROM articles")]


def _shards(url: str) -> list[tuple[int, int, int, int, int]]:
    sql = "SELECT shard, first_input, inputs, failed, final FROM ingest_shards ORDER BY shard"
    return [(int(a), int(b), int(c), int(d), int(e)) for a, b, c, d, e in _query(url, sql)]


def _ids_of_shards(corpus: Corpus, shards: list[tuple[int, int, int, int, int]]) -> set[str]:
    # Input n of the file is line n + 1: every line is one input, article or failure.
    lines = {first + k + 1 for _, first, inputs, _, _ in shards for k in range(inputs)}
    return {corpus.ids[line] for line in lines if line in corpus.ids}


def _assert_complete(corpus: Corpus, url: str, shard_size: int) -> None:
    ids = _stored_ids(url)
    assert len(ids) == len(set(ids)) == len(corpus.ids)
    assert set(ids) == set(corpus.ids.values())
    shards = _shards(url)
    expected = -(-corpus.lines // shard_size)
    assert [s[0] for s in shards] == list(range(expected))
    assert [s[1] for s in shards] == [n * shard_size for n in range(expected)]
    assert sum(s[2] for s in shards) == corpus.lines
    assert sum(s[3] for s in shards) == len(corpus.bad)
    assert [s[0] for s in shards if s[4]] == [expected - 1]
    logged = Counter(str(row[0]) for row in _query(url, "SELECT origin FROM ingest_failures"))
    assert logged == Counter(f"{corpus.path}:{line}" for line in corpus.bad)


def _shards_done(url: str) -> int:
    try:
        return int(_query(url, "SELECT count(*) FROM ingest_shards")[0][0])
    except DBAPIError:
        return 0  # the database or its tables do not exist yet


def _run_and_kill(command: list[str], env: dict[str, str], cwd: Path, url: str) -> None:
    """Start ``command``, SIGKILL it soon after it commits one more shard than now."""
    before = _shards_done(url)
    pause = random.Random(before).uniform(0, 0.3)  # lands the kill anywhere in a shard
    with (cwd / "killed.out").open("a") as out:
        # Its own process group, so that worker processes orphaned by the kill can be reaped.
        running = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 600
        while _shards_done(url) <= before:
            assert running.poll() is None, "the ingest finished before it could be killed"
            assert time.monotonic() < deadline, "no shard was committed in time"
            time.sleep(0.02)
        time.sleep(pause)
        assert running.poll() is None, "the ingest finished before it could be killed"
        running.send_signal(signal.SIGKILL)
        assert running.wait(timeout=60) == -signal.SIGKILL
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(running.pid, signal.SIGKILL)
        running.wait(timeout=60)


def kill_twice_then_resume(tmp_path: Path, url: str, workers: int) -> None:
    """Ingest a generated corpus into ``url``, kill -9 it twice mid-run, then run it to the end.

    After each kill every shard's articles are stored all together or not at all; after the
    last run every article is stored exactly once and every failure logged.
    """
    shard_size = 8
    corpus = _corpus(tmp_path / "wire.jsonl", 240, bad_every=13)
    all_shards = -(-corpus.lines // shard_size)
    command = [
        sys.executable,
        "-m",
        "eventwire.cli",
        "ingest",
        str(corpus.path),
        "--db",
        url,
        "--no-progress",
        "--workers",
        str(workers),
    ]
    env = {**os.environ, "EVENTWIRE_SHARD_SIZE": str(shard_size), "EVENTWIRE_BATCH_SIZE": "4"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_SRC), env.get("PYTHONPATH")]))
    for _ in range(2):
        _run_and_kill(command, env, tmp_path, url)
        done = _shards(url)
        stored = _stored_ids(url)
        assert 0 < len(done) < all_shards
        assert len(stored) == len(set(stored))
        assert set(stored) == _ids_of_shards(corpus, done)
    earlier_failures = sum(s[3] for s in done)

    again = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=900
    )
    assert again.returncode == 1, again.stderr  # the malformed lines failed
    assert "Traceback" not in again.stderr
    out = again.stdout.splitlines()
    assert out[-1] == (
        f"ingested {len(corpus.ids) - len(stored)}, duplicates {len(stored)}, "
        f"failed {len(corpus.bad)}"
    )
    skipped = f"skipped {len(done)} shards already done by an earlier run"
    assert any(line.startswith(skipped) for line in out), again.stdout
    if earlier_failures:
        assert f"({earlier_failures} of their inputs failed then" in again.stdout
    # Only the inputs of the shards left to do were read and reported again.
    reported = [line for line in again.stderr.splitlines() if "E107" in line]
    assert len(reported) == len(corpus.bad) - earlier_failures
    _assert_complete(corpus, url, shard_size)
    log = (tmp_path / default_failure_log(url)).read_text().splitlines()
    for line in corpus.bad:
        assert any(entry.split("\t")[1] == f"{corpus.path}:{line}" for entry in log)
    assert all(entry.split("\t")[2] == "E107" for entry in log)


@pytest.mark.slow
def test_resume_after_kill_9_with_two_workers_stores_every_article_once(tmp_path: Path) -> None:
    # One worker, and PostgreSQL, in tests/store/test_store_resume.py.
    kill_twice_then_resume(tmp_path, f"sqlite:///{tmp_path / 'store.db'}", workers=2)


class _Crash(Exception):
    """Stands for the process dying in the middle of a write."""


@pytest.mark.slow
def test_resume_after_a_failed_commit_redoes_only_the_unfinished_shards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path / "wire.jsonl", 40, bad_every=7)
    settings = Settings.from_env(environ={}, shard_size=5, batch_size=4)
    failures = tmp_path / "failures.log"
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(url) as store:
        real = Store.put_shards
        calls = 0

        def crash_on_the_third(self: Store, *args: object, **kwargs: object) -> object:
            nonlocal calls
            calls += 1
            if calls == 3:
                raise _Crash
            return real(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Store, "put_shards", crash_on_the_third)
        with pytest.raises(_Crash):
            ingest_paths([str(corpus.path)], store, settings, failure_log=failures)
        monkeypatch.undo()
        assert store.count() == len(_ids_of_shards(corpus, _shards(url)))
        before = store.count()

        report = ingest_paths([str(corpus.path)], store, settings, failure_log=failures)
        assert report.skipped_shards == 2
        assert (report.ingested, report.duplicates) == (len(corpus.ids) - before, before)
        assert report.failed == len(corpus.bad)
        _assert_complete(corpus, url, 5)

        # And once more: everything is done, nothing is read or parsed.
        final = ingest_paths([str(corpus.path)], store, settings, failure_log=failures)
        assert final.skipped_shards == 8
        counts = (final.ingested, final.duplicates, final.failed)
        assert counts == (0, len(corpus.ids), len(corpus.bad))
        assert final.failures == []
