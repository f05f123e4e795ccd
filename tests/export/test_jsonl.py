"""The JSONL export: one whole record per line, valid against the committed record schema."""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path

import jsonschema

from eventwire.export import export
from eventwire.model import Record
from eventwire.store import Store


def _schema() -> dict[str, object]:
    text = resources.files("eventwire").joinpath("schema/record.schema.json").read_text("utf-8")
    return dict(json.loads(text))


def test_jsonl_lines_validate_against_record_schema(store: Store, records: list[Record]) -> None:
    out = io.StringIO()
    report = export(store, "jsonl", out)
    lines = out.getvalue().splitlines()
    assert report.rows == report.articles == len(lines) == len(records)
    validator = jsonschema.Draft202012Validator(_schema())
    for line in lines:
        validator.validate(json.loads(line))


def test_jsonl_round_trips_records_in_id_order(store: Store, records: list[Record]) -> None:
    out = io.StringIO()
    export(store, "jsonl", out)
    exported = [Record.model_validate_json(line) for line in out.getvalue().splitlines()]
    assert exported == sorted(records, key=lambda record: record.article.id)


def test_jsonl_keeps_tabs_and_newlines_inside_one_line(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    export(store, "jsonl", path)
    lines = path.read_text("utf-8").split("\n")
    assert lines[-1] == ""  # every line ends with \n, the last included
    blast = json.loads(lines[0])
    assert "\n\n" in blast["article"]["text"]
    assert "help\tfor" in blast["article"]["text"]
