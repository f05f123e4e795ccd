"""Where the ray engine's outcomes go: the store, or a folder of Parquet files.

The driver feeds a sink one outcome at a time, with the shard tag of its input, as the
dataset streams past. Both sinks commit whole shards through :class:`~eventwire.shards.Committer`
(at least ``shard_size`` inputs at a time), each commit with the completion of its shards,
so memory stays bounded and a rerun after a crash skips exactly the shards committed. Both
keep the :class:`IngestReport` behind the fixed last line of ``eventwire ingest``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from eventwire.config import Settings
from eventwire.engine import FailureLog, IngestReport, StoreCommits
from eventwire.errors import Code, UsageError
from eventwire.export.base import atomic_path
from eventwire.export.parquet import SCHEMA_VERSION, arrow_schema, arrow_value
from eventwire.export.tables import EVENTS
from eventwire.ingest.limits import one_line
from eventwire.pipeline import Outcome, pipeline_version
from eventwire.shards import Commit, Committer, DoneShards, Tag
from eventwire.store import ShardDone, ShardStatus, Store


class Sink(DoneShards, Protocol):
    """Takes outcomes in input order; ``close`` writes what is pending and returns the report.

    ``done_shards`` answers which shards of the given sources the sink holds already, as
    :meth:`Store.done_shards` does, for the plan of the run.
    """

    def add(self, outcome: Outcome, tag: Tag | None) -> None: ...

    def close(self) -> IngestReport: ...


class StoreSink:
    """Into a :class:`Store` as the local engine writes it: records, failures and shard
    completions in one transaction (``Store.put_shards``); failures also in ``failure_log``."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        reprocess: bool = False,
        failure_log: Path | None = None,
    ) -> None:
        self.store = store
        self.report = IngestReport(failure_log=failure_log)
        self.log = FailureLog(failure_log)
        self._commits = Committer(settings, StoreCommits(store, self.report, self.log, reprocess))

    def done_shards(self, sources: Iterable[str]) -> dict[str, dict[int, ShardStatus]]:
        """The shards of ``sources`` the store has completed."""
        return self.store.done_shards(sources)

    def add(self, outcome: Outcome, tag: Tag | None) -> None:
        """Take an outcome; a transaction is written when whole shards are collected."""
        self._commits.add(outcome, tag)

    def close(self) -> IngestReport:
        """Write the last shards."""
        self._commits.close()
        self.report.failure_log_error = self.log.error
        return self.report


RECORDS_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("published", pa.date32()),
        pa.field("pipeline", pa.string(), nullable=False),
        pa.field("record", pa.string(), nullable=False, metadata={"description": "record JSON"}),
    ],
    metadata={"format": SCHEMA_VERSION, "table": "records"},
)
FAILURES_SCHEMA = pa.schema(
    [
        pa.field("origin", pa.string(), nullable=False),
        pa.field("code", pa.string(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
    ],
    metadata={"format": SCHEMA_VERSION, "table": "failures"},
)
TABLES = ("records", "events", "failures")
"""The folders of a Parquet output, one Parquet dataset each."""

# Keys of the commit's metadata in its records file (the file whose arrival commits it).
_PIPELINE = b"eventwire.pipeline"
_SHARDS = b"eventwire.shards"


class ParquetSink:
    """Parquet datasets in ``folder``: ``records/`` (one row per article, the record as JSON),
    ``events/`` (the flat events table of ``eventwire export parquet``) and ``failures/``.

    Each commit of whole shards (at least the ``parquet_commit_inputs`` setting's inputs)
    is one file in each folder, ``part-KEY-SHARD.parquet`` after
    its first shard, written under a temporary name and moved into place: the events and
    failures files first, the records file last. The records file commits: its metadata lists
    the shards it completes, so a rerun skips them, and events or failures files without it
    (left by a crash) are removed when the folder is opened. An article already written, by
    this run or an earlier one, counts as a duplicate and is written once. A folder holds the
    output of one pipeline version (E011 otherwise).
    """

    def __init__(
        self, folder: str | Path, settings: Settings, failure_log: Path | None = None
    ) -> None:
        self.folder = Path(folder)
        self.version = pipeline_version(settings.spacy_model)
        self.report = IngestReport(failure_log=failure_log)
        self.log = FailureLog(failure_log)
        self._dirs = {name: self.folder / name for name in TABLES}
        self._done: dict[str, dict[int, ShardStatus]] = {}
        self._seen: set[str] = set()
        try:
            for path in self._dirs.values():
                path.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            reason = f"{type(err).__name__}: {one_line(err.strerror or err)}"
            raise UsageError(Code.E013, path=str(self.folder), reason=reason) from None
        self._open()
        self._events_schema = arrow_schema(EVENTS)
        self._event_types = [column.type for column in EVENTS.columns]
        self._commits = Committer(settings, self._write, at_least=settings.parquet_commit_inputs)

    def _open(self) -> None:
        """Read what earlier runs committed; remove what they left uncommitted."""
        committed: set[str] = set()
        for path in sorted(self._dirs["records"].glob("part-*.parquet")):
            try:
                metadata = pq.read_schema(path).metadata or {}
                found = metadata[_PIPELINE].decode()
                shards = [ShardDone(**shard) for shard in json.loads(metadata[_SHARDS])]
                ids = pq.read_table(path, columns=["article_id"]).column(0).to_pylist()
            except (OSError, pa.ArrowException, LookupError, TypeError, ValueError) as err:
                # Not one of ours, or damaged outside a run: never guess what it completes.
                reason = f"{path.name} is not a commit of eventwire ingest ({one_line(err)})"
                raise UsageError(Code.E013, path=str(self.folder), reason=reason) from None
            if found != self.version:
                out = str(self.folder)
                raise UsageError(Code.E011, path=out, found=found, expected=self.version)
            for done in shards:
                status = ShardStatus(done.shard, done.inputs, done.failed, done.final)
                self._done.setdefault(done.source, {})[done.shard] = status
            self._seen.update(ids)
            committed.add(path.name)
        for name, folder in self._dirs.items():
            for leftover in folder.glob(".*.part"):
                leftover.unlink(missing_ok=True)
            if name != "records":
                for part in folder.glob("part-*.parquet"):
                    if part.name not in committed:
                        part.unlink(missing_ok=True)

    def done_shards(self, sources: Iterable[str]) -> dict[str, dict[int, ShardStatus]]:
        """The shards of ``sources`` committed in the folder."""
        return {key: self._done[key] for key in sources if key in self._done}

    def add(self, outcome: Outcome, tag: Tag | None) -> None:
        """Take an outcome; files are written when whole shards are collected."""
        self._commits.add(outcome, tag)

    def close(self) -> IngestReport:
        """Write the last shards."""
        self._commits.close()
        self.report.failure_log_error = self.log.error
        return self.report

    def _write(self, batch: Commit) -> None:
        records = []
        for record in batch.records:
            if record.article.id in self._seen:
                self.report.duplicates += 1
            else:
                self._seen.add(record.article.id)
                records.append(record)
        # A shard met twice (two files of the same bytes) keeps its first commit, as in the
        # store; a commit of nothing new but failures is named after them, not its shards.
        shards = [s for s in batch.shards if s.shard not in self._done.get(s.source, {})]
        if not shards and not records and not batch.failures:
            self.report.duplicates += batch.skipped
            return
        name = _part_name(shards, batch)
        events = [
            tuple(arrow_value(v, t) for v, t in zip(row, self._event_types, strict=True))
            for record in records
            for row in EVENTS.rows(record)
        ]
        failures = [(f.origin, f.error.code.name, str(f.error)) for f in batch.failures]
        self.log.write(batch.failures)
        self._put("events", name, self._events_schema, events)
        self._put("failures", name, FAILURES_SCHEMA, failures)
        rows = [
            (
                r.article.id,
                arrow_value(r.article.published, "date"),
                r.pipeline,
                r.model_dump_json(),
            )
            for r in records
        ]
        done = json.dumps([asdict(shard) for shard in shards]).encode()
        schema = RECORDS_SCHEMA.with_metadata(
            {**RECORDS_SCHEMA.metadata, _PIPELINE: self.version.encode(), _SHARDS: done}
        )
        self._put("records", name, schema, rows, keep_empty=True)  # last: it commits the rest
        for shard in shards:
            status = ShardStatus(shard.shard, shard.inputs, shard.failed, shard.final)
            self._done.setdefault(shard.source, {})[shard.shard] = status
        self.report.ingested += len(records)
        self.report.duplicates += batch.skipped
        self.report.failures.extend(batch.failures)

    def _put(
        self,
        table: str,
        name: str,
        schema: Any,
        rows: list[tuple[Any, ...]],
        keep_empty: bool = False,
    ) -> None:
        """Write ``rows`` as the file ``name`` of ``table``, atomically; no rows, no file."""
        target = self._dirs[table] / name
        if not rows and not keep_empty:
            target.unlink(missing_ok=True)  # one a crashed run left, of another content
            return
        columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else []
        columns = columns or [() for _ in schema]
        arrays = [
            pa.array(list(column), type=field.type)
            for column, field in zip(columns, schema, strict=True)
        ]
        with atomic_path(target) as partial:
            pq.write_table(pa.Table.from_arrays(arrays, schema=schema), partial)


def _part_name(shards: list[ShardDone], batch: Commit) -> str:
    """The file name of a commit: after its first shard, so a rerun writes the same name.

    A commit completing no shard (of inputs in no shard: paths that name nothing) is named
    after its inputs.
    """
    if shards:
        first = shards[0]
        return f"part-{first.source}-{first.shard:06d}.parquet"
    origins = "\n".join(f.origin for f in batch.failures) + "\n".join(
        r.article.id for r in batch.records
    )
    return f"part-unsharded-{hashlib.sha256(origins.encode()).hexdigest()[:16]}.parquet"
