"""The ACLED export: ACLED-typed, asserted events, interaction codes and fatalities."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from eventwire.export import ExportOptions, export
from eventwire.export.acled import COLUMNS, geo_precision, inter_code, interaction
from eventwire.model import Actor
from eventwire.store import Store


def _read(store: Store, include_unasserted: bool = False) -> pd.DataFrame:
    out = io.StringIO()
    export(store, "acled", out, ExportOptions(include_unasserted=include_unasserted))
    return pd.read_csv(io.StringIO(out.getvalue()), keep_default_na=False, dtype=str)


def test_acled_reads_with_acled_columns(store: Store) -> None:
    frame = _read(store)
    assert list(frame.columns) == list(COLUMNS)
    assert {"event_id_cnty", "event_date", "inter1", "fatalities", "notes"} <= set(COLUMNS)


def test_acled_writes_only_asserted_events_with_an_acled_type(store: Store) -> None:
    frame = _read(store)
    assert sorted(zip(frame.article_id, frame.event_id, strict=True)) == [
        ("a-blast", "V1"),
        ("a-blast", "V2"),
        ("a-blast", "V4"),
        ("b-protest", "V1"),
    ]
    assert set(frame.modality) == {"asserted"}


def test_acled_includes_unasserted_events_on_request(store: Store) -> None:
    frame = _read(store, include_unasserted=True)
    denied = frame[frame.event_id == "V3"].iloc[0]
    assert (denied.article_id, denied.modality) == ("a-blast", "denied")
    assert denied.event_type == "Explosions/Remote violence"


def test_acled_fields_of_an_event(store: Store) -> None:
    frame = _read(store).set_index(["article_id", "event_id"])
    kill = frame.loc[("a-blast", "V1")]
    assert kill.event_id_cnty.startswith("LBN")
    assert (kill.event_date, kill.year, kill.time_precision) == ("2020-08-05", "2020", "1")
    assert (kill.event_type, kill.sub_event_type) == ("Violence against civilians", "Attack")
    assert (kill.actor1, kill.inter1, kill.actor2, kill.inter2) == ("blast", "8", "people", "7")
    assert kill.interaction == "78"
    assert (kill.iso, kill.country, kill.admin1, kill.location) == (
        "422",
        "Lebanon",
        "Beyrouth",
        "Beirut",
    )
    assert (kill.latitude, kill.longitude, kill.geo_precision) == ("33.89332", "35.50157", "1")
    assert (kill.source, kill.source_scale) == ("Harbour Wire", "")
    assert "\n" not in kill.notes
    assert kill.notes.startswith("BEIRUT, Aug 5 (Harbour Wire) - A blast at the port killed")
    arrest = frame.loc[("a-blast", "V4")]
    assert (arrest.event_date, arrest.time_precision) == ("2020-07-30", "2")
    assert (arrest.inter1, arrest.inter2, arrest.interaction) == ("1", "7", "17")
    protest = frame.loc[("b-protest", "V1")]
    assert (protest.event_date, protest.time_precision) == ("2024-03-15", "3")
    assert (protest.actor1, protest.assoc_actor_1) == ("opposition", "supporters")
    assert (protest.inter1, protest.inter2, protest.interaction) == ("6", "1", "16")
    assert (protest.country, protest.iso, protest.admin1) == ("United States", "840", "Illinois")


def test_acled_fatalities_counted_once_per_sentence(store: Store) -> None:
    frame = _read(store, include_unasserted=True).set_index(["article_id", "event_id"])
    # "killed at least 135 people, injured about 5,000": the toll goes to the killing only.
    assert frame.loc[("a-blast", "V1"), "fatalities"] == "135"
    assert frame.loc[("a-blast", "V2"), "fatalities"] == "0"
    # "2 guards were killed" (a vague figure of 2 to 3): its low bound, to the nearest event.
    assert frame.loc[("a-blast", "V4"), "fatalities"] == "2"
    assert frame.loc[("a-blast", "V3"), "fatalities"] == "0"
    assert frame.loc[("b-protest", "V1"), "fatalities"] == "0"


@pytest.mark.parametrize(
    ("sector", "side", "event_type", "code"),
    [
        ("MIL", "source", "Battles", 1),
        ("GOV", "target", "Protests", 1),
        ("COP", "source", "Protests", 1),
        ("INS", "source", "Violence against civilians", 2),
        ("REB", "target", "Battles", 2),
        ("PTY", "source", "Battles", 3),
        ("OPP", "source", "Protests", 6),
        (None, "source", "Protests", 6),
        (None, "source", "Riots", 5),
        ("CVL", "target", "Battles", 7),
        ("MED", "target", "Violence against civilians", 7),
        (None, "target", "Violence against civilians", 7),
        ("IGO", "source", "Strategic developments", 8),
        (None, "source", "Battles", 8),
    ],
)
def test_acled_inter_code_from_sector(
    sector: str | None, side: str, event_type: str, code: int
) -> None:
    assert inter_code(Actor(name="x", sector=sector), side, event_type) == code


def test_acled_inter_code_without_actor_is_zero() -> None:
    assert inter_code(None, "target", "Battles") == 0


@pytest.mark.parametrize(
    ("inter1", "inter2", "expected"), [(1, 7, "17"), (7, 1, "17"), (6, 0, "60"), (0, 2, "20")]
)
def test_acled_interaction(inter1: int, inter2: int, expected: str) -> None:
    assert interaction(inter1, inter2) == expected


@pytest.mark.parametrize(
    ("feature", "precision"),
    [("P.PPLC", 1), ("S.PRT", 1), ("A.ADM2", 2), ("A.ADM1", 3), ("A.PCLI", 3), (None, 3)],
)
def test_acled_geo_precision(feature: str | None, precision: int) -> None:
    assert geo_precision(feature) == precision
