"""``export()``: dispatch by format, the kinds of output, paging through the store."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eventwire.errors import UsageError
from eventwire.export import FORMATS, ExportOptions, export, iter_records, write_csv
from eventwire.model import Record
from eventwire.store import Store

_TEXT_FORMATS = [name for name in FORMATS if name != "parquet"]


def test_export_offers_the_documented_formats() -> None:
    assert set(FORMATS) == {"jsonl", "csv", "geojson", "parquet", "gdelt", "acled"}


def test_export_unknown_format_is_a_usage_error(store: Store) -> None:
    with pytest.raises(UsageError, match=r"E004 unknown output format 'xml'.*jsonl, csv"):
        export(store, "xml", io.StringIO())


@pytest.mark.parametrize("fmt", _TEXT_FORMATS)
def test_export_writes_the_same_bytes_to_a_path_a_text_and_a_binary_stream(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    options = ExportOptions(added=datetime(2026, 1, 1, tzinfo=UTC))
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / f"out.{fmt}"
    text = io.StringIO()
    binary = io.BytesIO()
    reports = {
        export(store, fmt, path, options),
        export(store, fmt, text, options),
        export(store, fmt, binary, options),
    }
    assert len(reports) == 1  # the same report each time
    assert path.read_bytes() == text.getvalue().encode("utf-8") == binary.getvalue()
    assert not binary.closed  # the caller's stream is left open
    assert list(folder.iterdir()) == [path]  # no temporary file left behind


def test_export_replaces_a_file_only_when_complete(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("previous export\n")

    def failing() -> Iterator[Record]:
        yield from iter_records(store)
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError, match="went away"):
        write_csv(failing(), path)
    assert path.read_text() == "previous export\n"
    assert sorted(item.name for item in tmp_path.iterdir() if "events" in item.name) == [
        "events.csv"
    ]


@pytest.mark.parametrize("page_size", [1, 2, 100])
def test_export_pages_through_every_record_in_id_order(
    store: Store, records: list[Record], page_size: int
) -> None:
    ids = [record.article.id for record in iter_records(store, page_size)]
    assert ids == sorted(record.article.id for record in records)


def test_export_refuses_a_page_size_below_one(store: Store) -> None:
    with pytest.raises(ValueError, match="page_size"):
        list(iter_records(store, 0))
