"""The CSV export: one flat table per call, read back by pandas exactly."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from eventwire.export import TABLES, ExportOptions, export
from eventwire.model import Record
from eventwire.store import Store

_ITEM = {
    "events": "event",
    "entities": "entity",
    "quotes": "quote",
    "places": "place",
    "quantities": "quantity",
    "times": "time",
}


def _read(store: Store, table: str) -> pd.DataFrame:
    out = io.StringIO()
    export(store, "csv", out, ExportOptions(table=table))
    # Every column as text: ids and CAMEO codes must keep their leading zeros.
    return pd.read_csv(io.StringIO(out.getvalue()), dtype=str, keep_default_na=False)


def _expected_rows(records: list[Record], table: str) -> int:
    if table == "articles":
        return len(records)
    return sum(len(getattr(record, table)) for record in records)


@pytest.mark.parametrize("table", list(TABLES))
def test_csv_each_table_reads_back_with_its_header(
    store: Store, records: list[Record], table: str
) -> None:
    frame = _read(store, table)
    assert list(frame.columns) == TABLES[table].header
    if table != "articles":
        assert frame.columns[1] == f"{_ITEM[table]}_id"
        assert list(frame.columns[2:4]) == ["start", "end"]
    assert len(frame) == _expected_rows(records, table)
    assert set(frame["article_id"]) <= {record.article.id for record in records}


def test_csv_events_by_default_with_item_ids_and_offsets(store: Store) -> None:
    out = io.StringIO()
    report = export(store, "csv", out)
    frame = pd.read_csv(io.StringIO(out.getvalue()), dtype={"cameo": str})
    assert report.rows == len(frame) == 7
    assert list(frame.columns[:4]) == ["article_id", "event_id", "start", "end"]
    blast = frame[(frame.article_id == "a-blast") & (frame.event_id == "V1")].iloc[0]
    assert (blast.start, blast.end, blast.cameo) == (0, 150, "1823")


def test_csv_text_with_quotes_commas_and_newlines_round_trips(
    store: Store, records: list[Record]
) -> None:
    events = _read(store, "events")
    by_id = {(row.article_id, row.event_id): row for row in events.itertuples()}
    for record in records:
        for event in record.events:
            assert by_id[(record.article.id, event.id)].text == event.text
    articles = _read(store, "articles").set_index("article_id")
    assert articles.loc["a-blast", "title"] == 'Beirut counts its dead, "some 300,000" homeless'
    assert articles.loc["a-blast", "text"] == records[0].article.text
    assert articles.loc["b-protest", "text"] == records[1].article.text  # « » kept in UTF-8


def test_csv_actor_lists_stay_aligned(store: Store) -> None:
    events = _read(store, "events").set_index(["article_id", "event_id"])
    protest = events.loc[("b-protest", "V1")]
    assert protest.source_names == "supporters; opposition"
    assert protest.source_countries == "; USA"
    assert protest.source_sectors == "; OPP"
    assert protest.target_names == "state government"


def test_csv_flattens_nested_items(store: Store) -> None:
    entities = _read(store, "entities").set_index("entity_id")
    army = entities.loc["E2"]
    assert army.roles == "army; military"
    assert (army.mention_count, army.mentions) == ("1", f"{army.start}-{army.end}")
    assert entities.loc["E3", "start"] == ""  # an entity without mentions has no offsets
    quotes = _read(store, "quotes")
    assert quotes.loc[0, "speaker"] == "Hassan Diab"
    quantities = _read(store, "quantities").set_index("quantity_id")
    assert quantities.loc["N3", "reported_by"] == "officials"
    times = _read(store, "times").set_index("time_id")
    assert times.loc["T2", "value"] == "2020-W31"
    assert times.loc["T2", "unresolved"] == "false"
    articles = _read(store, "articles").set_index("article_id")
    assert articles.loc["c-quiet", "notes"] == "W201"
    assert articles.loc["c-quiet", "published"] == ""


def test_csv_unknown_table_names_the_valid_ones(store: Store) -> None:
    out = io.StringIO()
    with pytest.raises(ValueError, match="unknown table 'actors': expected one of events"):
        export(store, "csv", out, ExportOptions(table="actors"))
    assert out.getvalue() == ""
