"""Golden records: the whole record of every bundled sample, compared field by field.

After an intended change of the pipeline's output, rewrite them with
``EVENTWIRE_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from eventwire.cli import sample_paths
from eventwire.config import Settings
from eventwire.engine import extract_paths
from eventwire.model import Record

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("EVENTWIRE_UPDATE_GOLDEN") == "1"


def _comparable(record: Record) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    # The pipeline version changes with every release; the content must not.
    data.pop("pipeline")
    return data


@pytest.fixture(scope="module")
def sample_records() -> dict[str, dict[str, Any]]:
    records = {}
    for outcome in extract_paths(sample_paths(), Settings.from_env(environ={})):
        assert isinstance(outcome, Record), f"sample failed: {outcome}"
        slug = re.sub(r"[^a-z0-9]+", "-", (outcome.article.title or "untitled").lower())
        records[f"{outcome.article.published}-{slug.strip('-')}"[:60]] = _comparable(outcome)
    return records


@pytest.mark.slow
def test_golden_every_sample_has_a_golden_record(sample_records: dict[str, Any]) -> None:
    if UPDATE:
        for stale in GOLDEN.glob("*.json"):
            stale.unlink()
        for name, data in sample_records.items():
            path = GOLDEN / f"{name}.json"
            path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(sample_records)


@pytest.mark.slow
def test_golden_every_sample_record_validates_against_the_schema(
    sample_records: dict[str, Any],
) -> None:
    from importlib import resources

    import jsonschema

    schema = json.loads(
        (resources.files("eventwire") / "schema" / "record.schema.json").read_text()
    )
    for name, data in sample_records.items():
        full = {**data, "pipeline": "golden"}
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(full))
        assert not errors, f"{name}: {errors[0].message}"


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_record_matches(path: Path, sample_records: dict[str, Any]) -> None:
    expected = json.loads(path.read_text())
    actual = sample_records.get(path.stem)
    assert actual is not None, f"no sample produces {path.name}"
    for field in expected:
        assert actual[field] == expected[field], f"{path.name}: field {field!r} differs"
    for entity in actual["entities"]:
        for mention in entity["mentions"]:
            assert actual["article"]["text"][mention["start"] : mention["end"]] == mention["text"]
