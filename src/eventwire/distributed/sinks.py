"""Where the ray engine's outcomes go: the store, or a folder of Parquet files.

The driver feeds a sink one outcome at a time as the dataset streams past, and each sink
writes in batches of ``settings.batch_size`` records, so memory stays bounded however many
articles flow through. Both keep the :class:`IngestReport` behind the fixed last line of
``eventwire ingest``.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from eventwire.engine import IngestReport
from eventwire.export.base import atomic_path
from eventwire.export.parquet import SCHEMA_VERSION, arrow_schema, arrow_value
from eventwire.export.tables import EVENTS
from eventwire.ingest.base import InputFailure
from eventwire.model import Record
from eventwire.pipeline import Outcome, Skipped
from eventwire.store import Store


class Sink(Protocol):
    """Takes outcomes in order; ``close`` writes what is pending and returns the report."""

    def add(self, outcome: Outcome) -> None: ...

    def close(self) -> IngestReport: ...


class StoreSink:
    """Records into a :class:`Store`, a transaction per batch; failures into its failure log."""

    def __init__(self, store: Store, batch_size: int, reprocess: bool = False) -> None:
        self.store = store
        self.batch_size = batch_size
        self.reprocess = reprocess
        self.report = IngestReport()
        self._pending: list[Record] = []

    def add(self, outcome: Outcome) -> None:
        """Queue a record (written when a batch is full), count a skip, log a failure."""
        if isinstance(outcome, Record):
            self._pending.append(outcome)
            if len(self._pending) >= self.batch_size:
                self._flush()
        elif isinstance(outcome, Skipped):
            self.report.duplicates += 1
        else:
            self.report.failures.append(outcome)
            self.store.log_failure(outcome.origin, outcome.error.code.name, str(outcome.error))

    def _flush(self) -> None:
        if self._pending:
            result = self.store.put(self._pending, reprocess=self.reprocess)
            self.report.ingested += result.stored + result.replaced
            self.report.replaced += result.replaced
            self.report.duplicates += result.duplicates
            self._pending = []

    def close(self) -> IngestReport:
        """Write the last, partial batch."""
        self._flush()
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


class _TableFile:
    """One Parquet file written a row group at a time from buffered rows."""

    def __init__(self, path: Path, schema: Any, stack: ExitStack) -> None:
        self.schema = schema
        self.rows: list[tuple[Any, ...]] = []
        partial = stack.enter_context(atomic_path(path))
        self.writer = pq.ParquetWriter(partial, schema)
        stack.callback(self.writer.close)

    def add(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self.rows.extend(rows)

    def flush(self) -> None:
        if self.rows:
            columns = list(zip(*self.rows, strict=True))
            arrays = [
                pa.array(list(column), type=field.type)
                for column, field in zip(columns, self.schema, strict=True)
            ]
            self.writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self.schema))
            self.rows = []


class ParquetSink:
    """``records.parquet`` (one row per article, the record as JSON), ``events.parquet`` (the
    flat events table of ``eventwire export parquet``) and ``failures.parquet`` in ``folder``.

    Each file appears only when complete (written under a temporary name, then moved). An
    article seen earlier in the run counts as a duplicate and is written once.
    """

    def __init__(self, folder: str | Path, batch_size: int) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.batch_size = batch_size
        self.report = IngestReport()
        self._seen: set[str] = set()
        self._stack = ExitStack()
        self._records = _TableFile(self.folder / "records.parquet", RECORDS_SCHEMA, self._stack)
        events_schema = arrow_schema(EVENTS)
        self._events = _TableFile(self.folder / "events.parquet", events_schema, self._stack)
        self._event_types = [column.type for column in EVENTS.columns]
        self._failures = _TableFile(self.folder / "failures.parquet", FAILURES_SCHEMA, self._stack)
        self._pending = 0

    def add(self, outcome: Outcome) -> None:
        """Buffer a record's rows (written when a batch is full), count a skip or a failure."""
        if isinstance(outcome, InputFailure):
            self.report.failures.append(outcome)
            self._failures.add([(outcome.origin, outcome.error.code.name, str(outcome.error))])
            return
        article_id = outcome.article_id if isinstance(outcome, Skipped) else outcome.article.id
        if isinstance(outcome, Skipped) or article_id in self._seen:
            self.report.duplicates += 1
            return
        self._seen.add(article_id)
        self.report.ingested += 1
        published = arrow_value(outcome.article.published, "date")
        self._records.add([(article_id, published, outcome.pipeline, outcome.model_dump_json())])
        self._events.add(
            tuple(arrow_value(v, t) for v, t in zip(row, self._event_types, strict=True))
            for row in EVENTS.rows(outcome)
        )
        self._pending += 1
        if self._pending >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        for table in (self._records, self._events, self._failures):
            table.flush()
        self._pending = 0

    def close(self) -> IngestReport:
        """Write what is pending and move the three files into place."""
        with self._stack:
            self._flush()
        return self.report

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # After close() the stack is empty; on an error it removes the partial files.
        self._stack.__exit__(exc_type, exc, traceback)
