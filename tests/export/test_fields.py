"""Shared field helpers: TIMEX3 days, the primary actor, stable ids, countries."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.export.fields import country, joined, primary, stable_id, timex_day
from eventwire.model import Actor


@pytest.mark.parametrize(
    ("value", "day", "precision"),
    [
        ("2015-11-19", date(2015, 11, 19), 1),
        ("2015-11-19T14:30", date(2015, 11, 19), 1),
        ("2014-W16", date(2014, 4, 17), 2),
        ("2015-10", date(2015, 10, 15), 3),
    ],
)
def test_fields_timex_day(value: str, day: date, precision: int) -> None:
    found = timex_day(value)
    assert found is not None
    assert (found.day, found.precision) == (day, precision)


@pytest.mark.parametrize(
    "value", ["2014", "2015-SU", "PT72H", "PRESENT_REF", "2015-13", "2015-W60"]
)
def test_fields_timex_day_refuses_coarse_or_bad_values(value: str) -> None:
    assert timex_day(value) is None


def test_fields_primary_prefers_a_coded_actor() -> None:
    head = Actor(name="leader")
    group = Actor(name="Boko Haram", entity="E5", country="NGA", sector="INS")
    assert primary([head, group]) is group
    assert primary([head, Actor(name="Kerry", entity="E1")]).name == "Kerry"  # type: ignore[union-attr]
    assert primary([head]) is head
    assert primary([]) is None


def test_fields_joined_keeps_empty_slots() -> None:
    assert joined(["IRN", None, "USA"]) == "IRN; ; USA"
    assert joined([]) == ""


def test_fields_stable_id_is_fixed_and_positive() -> None:
    assert stable_id("a", "V1") == stable_id("a", "V1")
    assert stable_id("a", "V1") != stable_id("a", "V2")
    assert 0 < stable_id("a", "V1") < 2**63


def test_fields_country_codes() -> None:
    lebanon = country("LB")
    assert lebanon is not None
    assert (lebanon.iso3, lebanon.fips, lebanon.numeric, lebanon.name) == (
        "LBN",
        "LE",
        422,
        "Lebanon",
    )
    assert country(None) is None
    assert country("ZZ") is None
