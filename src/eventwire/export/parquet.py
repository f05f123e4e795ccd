"""Parquet: one flat table (``events`` by default) with an explicit Arrow schema.

Rows are buffered column by column and written one row group at a time, so memory is bounded
by ``row_group_size`` rows whatever the size of the store. Parquet needs a seekable file, so
the output is a path (written to a temporary name and moved into place when complete).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from eventwire.export.base import Counter, ExportReport, atomic_path
from eventwire.export.tables import Cell, ColumnType, Table, get_table
from eventwire.model import Record

ROW_GROUP_SIZE = 10_000
"""Rows per Parquet row group: the most rows the writer buffers."""

SCHEMA_VERSION = "eventwire.export.parquet/1"

_ARROW_TYPES: dict[ColumnType, Any] = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    # Named "element" as the Parquet format names list items, so the schema read back is equal.
    "list": pa.list_(pa.field("element", pa.string())),
}


def arrow_schema(table: Table) -> Any:
    """The Arrow schema of ``table``: typed, nullable columns, each with its description."""
    fields = [
        pa.field(column.name, _ARROW_TYPES[column.type], metadata={"description": column.doc})
        for column in table.columns
    ]
    return pa.schema(fields, metadata={"format": SCHEMA_VERSION, "table": table.name})


def arrow_value(value: Cell, type_: ColumnType) -> Any:
    """One cell of the export tables as the value pyarrow expects for its column type."""
    if value is None:
        return None
    if type_ == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if type_ == "list" and not isinstance(value, str | int | float):
        return list(value)
    return value


def write_parquet(
    records: Iterable[Record],
    path: str | os.PathLike[str],
    table: str = "events",
    row_group_size: int = ROW_GROUP_SIZE,
) -> ExportReport:
    """Write ``table`` of ``records`` to the Parquet file ``path``, one row group at a time."""
    if not isinstance(path, str | os.PathLike):
        raise ValueError("Parquet export needs a file path (it cannot stream to stdout)")
    if row_group_size < 1:
        raise ValueError(f"row_group_size must be at least 1, got {row_group_size}")
    spec = get_table(table)
    schema = arrow_schema(spec)
    types = [column.type for column in spec.columns]
    counter = Counter()
    buffer: list[list[Any]] = [[] for _ in spec.columns]

    def flush(writer: Any) -> None:
        if buffer[0]:
            arrays = [
                pa.array(column, type=field.type)
                for column, field in zip(buffer, schema, strict=True)
            ]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            for column in buffer:
                column.clear()

    with atomic_path(path) as partial:
        writer = pq.ParquetWriter(partial, schema)
        try:
            for record in records:
                counter.articles += 1
                for row in spec.rows(record):
                    for column, value, type_ in zip(buffer, row, types, strict=True):
                        column.append(arrow_value(value, type_))
                    counter.rows += 1
                    if len(buffer[0]) >= row_group_size:
                        flush(writer)
            flush(writer)
        finally:
            writer.close()
    return counter.report()
