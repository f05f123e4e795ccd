"""JSON Lines: one whole ``eventwire.record/1`` record per line."""

from __future__ import annotations

from collections.abc import Iterable

from eventwire.export.base import Counter, ExportReport, Output, text_output
from eventwire.model import Record


def write_jsonl(records: Iterable[Record], out: Output) -> ExportReport:
    """Write each record as one line of JSON (UTF-8, ``\\n`` line ends)."""
    counter = Counter()
    with text_output(out) as stream:
        for record in records:
            # pydantic escapes newlines inside strings, so one record is always one line.
            stream.write(record.model_dump_json())
            stream.write("\n")
            counter.articles += 1
            counter.rows += 1
    return counter.report()
