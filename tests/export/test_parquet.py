"""The Parquet export: typed schema, row groups as it streams, a real path only."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire.export import TABLES, ExportOptions, export, iter_records, write_parquet
from eventwire.export.parquet import arrow_schema
from eventwire.model import Record
from eventwire.store import Store


def test_parquet_events_schema_and_row_count(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    report = export(store, "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == report.rows == 7
    assert table.schema.equals(arrow_schema(TABLES["events"]), check_metadata=True)
    assert table.schema.field("start").type == pa.int64()
    assert table.schema.field("lat").type == pa.float64()
    assert table.schema.field("published").type == pa.date32()
    assert table.schema.field("source_names").type.value_type == pa.string()
    assert table.schema.metadata[b"table"] == b"events"


def test_parquet_keeps_lists_and_nulls(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    export(store, "parquet", path)
    rows = {(row["article_id"], row["event_id"]): row for row in pq.read_table(path).to_pylist()}
    protest = rows[("b-protest", "V1")]
    assert protest["source_names"] == ["supporters", "opposition"]
    assert protest["source_countries"] == [None, "USA"]
    assert protest["published"] == date(2024, 3, 11)
    assert rows[("a-blast", "V5")]["lat"] is None


def test_parquet_writes_row_groups_as_it_streams(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    export(store, "parquet", path, ExportOptions(row_group_size=2))
    metadata = pq.ParquetFile(path).metadata
    assert metadata.num_rows == 7
    assert metadata.num_row_groups == 4  # 2 + 2 + 2 + 1


@pytest.mark.parametrize("table", list(TABLES))
def test_parquet_every_table(
    store: Store, records: list[Record], tmp_path: Path, table: str
) -> None:
    path = tmp_path / f"{table}.parquet"
    report = export(store, "parquet", path, ExportOptions(table=table))
    read = pq.read_table(path)
    assert read.schema.equals(arrow_schema(TABLES[table]))
    assert read.num_rows == report.rows
    assert read.column_names[0] == "article_id"


def test_parquet_refuses_a_stream(store: Store) -> None:
    with pytest.raises(ValueError, match="needs a file path"):
        export(store, "parquet", io.BytesIO())


def test_parquet_leaves_no_partial_file_on_failure(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def failing() -> Iterator[Record]:
        yield from iter_records(store)
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError, match="went away"):
        write_parquet(failing(), folder / "events.parquet", row_group_size=1)
    assert list(folder.iterdir()) == []
