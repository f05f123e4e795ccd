"""Exports of the store to the formats analysts' tools read: JSONL, CSV, GeoJSON, Parquet,
GDELT 2.0-style and ACLED-style tables.

``export(store, fmt, out)`` streams the store page by page (never every record in memory) into
one format; each format's module also offers a ``write_<format>(records, out, ...)`` that takes
any iterable of records, stored or freshly extracted. Columns are documented in README.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from eventwire.errors import Code, UsageError
from eventwire.export.acled import write_acled
from eventwire.export.base import PAGE_SIZE, ExportReport, Output, is_path, iter_records
from eventwire.export.csv import write_csv
from eventwire.export.gdelt import write_gdelt
from eventwire.export.geojson import write_geojson
from eventwire.export.jsonl import write_jsonl
from eventwire.export.parquet import ROW_GROUP_SIZE, write_parquet
from eventwire.export.tables import TABLES, get_table
from eventwire.model import Record
from eventwire.store import Store


@dataclass(frozen=True)
class ExportOptions:
    """The options of an export; each format reads the ones that concern it.

    ``table``: the table of ``csv`` and ``parquet`` (one of ``TABLES``).
    ``include_unasserted``: ``acled`` also writes denied, negated, hedged, intended and
    conditional events. ``header``: ``gdelt`` writes a header row (GDELT's files have none).
    ``added``: ``gdelt``'s DATEADDED, by default now. ``page_size``: articles per store page.
    ``row_group_size``: rows per Parquet row group.
    """

    table: str = "events"
    include_unasserted: bool = False
    header: bool = True
    added: datetime | None = None
    page_size: int = PAGE_SIZE
    row_group_size: int = ROW_GROUP_SIZE


Writer = Callable[[Iterable[Record], Output, ExportOptions], ExportReport]


def _parquet(records: Iterable[Record], out: Output, options: ExportOptions) -> ExportReport:
    if is_path(out):
        return write_parquet(records, out, options.table, options.row_group_size)
    raise ValueError("Parquet export needs a file path (-o PATH); it cannot go to stdout")


FORMATS: dict[str, Writer] = {
    "jsonl": lambda records, out, options: write_jsonl(records, out),
    "csv": lambda records, out, options: write_csv(records, out, options.table),
    "geojson": lambda records, out, options: write_geojson(records, out),
    "parquet": _parquet,
    "gdelt": lambda records, out, options: write_gdelt(
        records, out, header=options.header, added=options.added
    ),
    "acled": lambda records, out, options: write_acled(
        records, out, include_unasserted=options.include_unasserted
    ),
}
"""Every export format by the name ``eventwire export FORMAT`` takes."""


def export(
    store: Store, fmt: str, out: Output, options: ExportOptions | None = None
) -> ExportReport:
    """Export every record of ``store`` as ``fmt`` to ``out`` (a path, or an open stream).

    Raises ``UsageError`` (E004) for an unknown format and ``ValueError`` for an unknown table
    or a Parquet export to a stream; both are checked before anything is written.
    """
    options = options or ExportOptions()
    writer = FORMATS.get(fmt)
    if writer is None:
        raise UsageError(Code.E004, value=fmt, options=", ".join(FORMATS))
    get_table(options.table)  # a wrong table fails before anything is written, for any format
    return writer(iter_records(store, options.page_size), out, options)


__all__ = [
    "FORMATS",
    "TABLES",
    "ExportOptions",
    "ExportReport",
    "Output",
    "export",
    "iter_records",
    "write_acled",
    "write_csv",
    "write_gdelt",
    "write_geojson",
    "write_jsonl",
    "write_parquet",
]
