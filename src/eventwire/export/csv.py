"""CSV: one flat table per call (``events`` by default), UTF-8 with a header row."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from eventwire.export.base import Counter, ExportReport, Output, text_output
from eventwire.export.fields import joined
from eventwire.export.tables import Cell, get_table
from eventwire.model import Record


def cell_text(value: Cell) -> str:
    """A typed cell as CSV text: empty for none, lists joined by ``"; "``, true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return joined(value)


def write_csv(records: Iterable[Record], out: Output, table: str = "events") -> ExportReport:
    """Write ``table`` (see ``eventwire.export.tables.TABLES``) of ``records`` as CSV."""
    spec = get_table(table)
    counter = Counter()
    with text_output(out) as stream:
        # RFC 4180: CRLF line ends, fields quoted only when they need it.
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(spec.header)
        for record in records:
            counter.articles += 1
            for row in spec.rows(record):
                writer.writerow([cell_text(value) for value in row])
                counter.rows += 1
    return counter.report()
