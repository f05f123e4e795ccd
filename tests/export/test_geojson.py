"""The GeoJSON export: an RFC 7946 FeatureCollection of the events that have coordinates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import geojson
import jsonschema

from eventwire.export import export
from eventwire.store import Store

# The part of RFC 7946 this export promises, as a JSON Schema: Points only, [lon, lat] in
# range, no "crs" member (RFC 7946 section 4 removed it).
_POINT_COLLECTION = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "not": {"required": ["crs"]},
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "not": {"required": ["crs"]},
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "properties": {"type": "object"},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "prefixItems": [
                                    {"type": "number", "minimum": -180, "maximum": 180},
                                    {"type": "number", "minimum": -90, "maximum": 90},
                                ],
                                "minItems": 2,
                                "maxItems": 2,
                            },
                        },
                    },
                },
            },
        },
    },
}


def _export(store: Store) -> tuple[str, int, int]:
    out = io.StringIO()
    report = export(store, "geojson", out)
    return out.getvalue(), report.rows, report.skipped


def test_geojson_is_valid_for_the_geojson_package(store: Store) -> None:
    text, rows, _ = _export(store)
    collection = geojson.loads(text)
    assert collection.is_valid, collection.errors()
    assert len(collection["features"]) == rows == 6


def test_geojson_matches_the_rfc7946_point_schema(store: Store) -> None:
    text, _, _ = _export(store)
    jsonschema.Draft202012Validator(_POINT_COLLECTION).validate(json.loads(text))


def test_geojson_puts_longitude_first(store: Store) -> None:
    text, _, _ = _export(store)
    features = {feature["id"]: feature for feature in json.loads(text)["features"]}
    # Springfield, Illinois: longitude -89.6, latitude 39.8.
    assert features["b-protest/V1"]["geometry"]["coordinates"] == [-89.64371, 39.80172]
    assert features["a-blast/V1"]["geometry"]["coordinates"] == [35.50157, 33.89332]


def test_geojson_skips_events_without_coordinates(store: Store) -> None:
    text, _, skipped = _export(store)
    ids = {feature["id"] for feature in json.loads(text)["features"]}
    assert "a-blast/V5" not in ids  # no place
    assert skipped == 1


def test_geojson_properties_carry_event_and_article(store: Store) -> None:
    text, _, _ = _export(store)
    features = {feature["id"]: feature for feature in json.loads(text)["features"]}
    props = features["a-blast/V1"]["properties"]
    assert props["event_id"] == "V1"
    assert props["article_id"] == "a-blast"
    assert (props["type"], props["cameo"], props["modality"]) == ("ASSAULT", "1823", "asserted")
    assert props["attributed_to"] == "officials"
    assert (props["place_name"], props["place_country"]) == ("Beirut", "LB")
    assert props["article_url"] == "https://news.example/beirut?id=1&lang=en"
    assert props["article_source"] == "Harbour Wire"
    assert props["targets"] == "people"
    assert props["text"].startswith("BEIRUT, Aug 5")


def test_geojson_of_an_empty_store_is_an_empty_collection(tmp_path: Path) -> None:
    from eventwire.store import open_store

    with open_store(f"sqlite:///{tmp_path}/empty.db") as empty:
        text, rows, _ = _export(empty)
    assert json.loads(text) == {"type": "FeatureCollection", "features": []}
    assert rows == 0
