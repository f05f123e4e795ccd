from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from pydantic import ValidationError

from eventwire.model import Article, Entity, Mention, Record, record_json_schema


def _committed_schema() -> dict[str, object]:
    text = (resources.files("eventwire") / "schema" / "record.schema.json").read_text()
    return dict(json.loads(text))


def test_model_committed_schema_matches_the_models() -> None:
    # Regenerate with `make schema` after changing eventwire.model.
    assert _committed_schema() == json.loads(json.dumps(record_json_schema()))


def test_model_schema_rejects_a_record_missing_its_article() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format": "eventwire.record/1", "pipeline": "x"}, _committed_schema())


def test_model_record_round_trips_and_validates() -> None:
    record = Record(
        pipeline="test",
        article=Article(
            id="a1",
            language="en",
            text="Fabius spoke.",
            published="2015-11-19",
            published_from="given",
        ),
        entities=[
            Entity(
                id="E1",
                name="Fabius",
                type="PERSON",
                mentions=[Mention(start=0, end=6, text="Fabius")],
            )
        ],
    )
    data = json.loads(record.model_dump_json())
    jsonschema.validate(data, _committed_schema())
    assert Record.model_validate(data) == record
    assert data["format"] == "eventwire.record/1"


def test_model_rejects_a_malformed_publication_date() -> None:
    with pytest.raises(ValidationError):
        Article(id="a1", language="en", text="x", published="19/11/2015")
