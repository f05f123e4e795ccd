"""The GDELT export: GDELT 2.0's columns, CAMEO-derived codes, Goldstein values, TSV."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from importlib import resources

import pandas as pd
import pytest

from eventwire.export import ExportOptions, export
from eventwire.export.fields import stable_id
from eventwire.export.gdelt import COLUMNS, GDELT_COLUMNS, goldstein, goldstein_table, quad_class
from eventwire.store import Store

_ADDED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
_CODES = {name: str for name in ("EventCode", "EventBaseCode", "EventRootCode")}


def _read(store: Store, header: bool = True) -> pd.DataFrame:
    out = io.StringIO()
    export(store, "gdelt", out, ExportOptions(added=_ADDED, header=header))
    return pd.read_csv(
        io.StringIO(out.getvalue()),
        sep="\t",
        dtype=_CODES if header else str,
        header=0 if header else None,
    )


def test_gdelt_reads_as_tsv_with_gdelt_columns_first(store: Store) -> None:
    frame = _read(store)
    assert list(frame.columns) == list(COLUMNS)
    assert len(GDELT_COLUMNS) == 61
    assert list(frame.columns[:3]) == ["GLOBALEVENTID", "SQLDATE", "MonthYear"]
    assert list(frame.columns[59:61]) == ["DATEADDED", "SOURCEURL"]
    assert list(frame.columns[61:65]) == ["Modality", "AttributedTo", "ArticleID", "EventID"]
    assert len(frame) == 7  # every event has a CAMEO code


def test_gdelt_without_header_is_positional_like_gdelt_files(store: Store) -> None:
    frame = _read(store, header=False)
    assert frame.shape == (7, len(COLUMNS))
    assert frame.iloc[0, 0].isdigit()


def test_gdelt_codes_dates_and_geography(store: Store) -> None:
    frame = _read(store).set_index(["ArticleID", "EventID"])
    kill = frame.loc[("a-blast", "V1")]
    assert stable_id("a-blast", "V1") == kill.GLOBALEVENTID
    assert (kill.SQLDATE, kill.MonthYear, kill.Year) == (20200805, 202008, 2020)
    assert kill.FractionDate == pytest.approx(2020 + (8 * 30 + 5) / 365, abs=1e-4)
    assert (kill.EventCode, kill.EventBaseCode, kill.EventRootCode) == ("1823", "182", "18")
    assert (kill.QuadClass, kill.GoldsteinScale) == (4, -10.0)
    assert (kill.NumMentions, kill.NumSources, kill.NumArticles) == (1, 1, 1)
    assert pd.isna(kill.AvgTone)
    assert kill.IsRootEvent == 1
    assert kill.ActionGeo_Type == 4  # a city outside the US
    assert kill.ActionGeo_FullName == "Beirut, Beyrouth, Lebanon"
    assert kill.ActionGeo_CountryCode == "LE"  # FIPS 10-4, as GDELT, not ISO "LB"
    assert (kill.ActionGeo_Lat, kill.ActionGeo_Long) == (33.89332, 35.50157)
    assert kill.ActionGeo_FeatureID == 276781
    assert kill.DATEADDED == 20260102030405
    assert kill.SOURCEURL == "https://news.example/beirut?id=1&lang=en"
    assert (kill.Modality, kill.AttributedTo) == ("asserted", "officials")
    arrest = frame.loc[("a-blast", "V4")]
    assert arrest.IsRootEvent == 0  # second paragraph
    assert arrest.SQLDATE == 20200730  # ISO week 31 of 2020: its Thursday
    assert (arrest.Actor1Code, arrest.Actor1Name, arrest.Actor1CountryCode) == (
        "LBNCOP",
        "police",
        "LBN",
    )
    assert arrest.Actor1Type1Code == "COP"
    assert arrest.Actor2Type1Code == "CVL"
    protest = frame.loc[("b-protest", "V1")]
    assert protest.ActionGeo_Type == 3  # a US city
    assert protest.Actor1Name == "opposition"  # the coded actor, not the bare head noun
    assert protest.QuadClass == 4
    assert protest.GoldsteinScale == -6.5


def test_gdelt_fields_never_hold_tabs_or_newlines(store: Store) -> None:
    out = io.StringIO()
    export(store, "gdelt", out)
    lines = out.getvalue().split("\n")
    assert lines[-1] == ""
    assert {line.count("\t") for line in lines[:-1]} == {len(COLUMNS) - 1}
    assert "Aid agencies" in out.getvalue()  # the tab inside the actor name became a space


def test_gdelt_event_ids_are_stable_across_exports(store: Store) -> None:
    first = _read(store)["GLOBALEVENTID"].tolist()
    assert _read(store)["GLOBALEVENTID"].tolist() == first
    assert len(set(first)) == len(first)
    assert all(0 < value < 2**63 for value in first)


@pytest.mark.parametrize(
    ("root", "quad"),
    [("01", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3), ("14", 4), ("20", 4)],
)
def test_gdelt_quad_class_from_cameo_root(root: str, quad: int) -> None:
    assert quad_class(root) == quad


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("010", 0.0),
        ("016", -2.0),
        ("057", 8.0),
        ("0334", 6.0),  # a four-digit code with its own value
        ("0331", 5.2),  # a four-digit code taking its base code's value
        ("0874", 10.0),
        ("1823", -10.0),
        ("1821", -9.0),
        ("176", -7.0),  # a code newer than the table takes its root's value
        ("204", -10.0),
    ],
)
def test_gdelt_goldstein_lookup(code: str, value: float) -> None:
    assert goldstein(code) == value


def test_gdelt_goldstein_table_covers_every_cameo_code_of_the_lexicon() -> None:
    assert all(-10.0 <= value <= 10.0 for value in goldstein_table().values())
    triggers = resources.files("eventwire").joinpath("data/events/triggers.tsv")
    codes = {
        line.split("\t")[4]
        for line in triggers.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    }
    assert codes
    assert {code for code in codes if goldstein(code) is None} == set()
