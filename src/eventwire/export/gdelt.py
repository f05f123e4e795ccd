"""GDELT 2.0-style event table: GDELT's 61 columns in GDELT's order, tab-separated.

The columns and their meaning are documented in this package's README.md. One row per event
that has a CAMEO code (GDELT has no row without one); eventwire's own columns follow GDELT's.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from importlib import resources

from eventwire.export.base import Counter, ExportReport, Output, text_output
from eventwire.export.fields import (
    coordinates,
    country,
    event_day,
    event_place,
    primary,
    stable_id,
)
from eventwire.model import Actor, Event, Record

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR),
    *(f"Actor2{name}" for name in _ACTOR),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{name}" for name in _GEO),
    *(f"Actor2Geo_{name}" for name in _GEO),
    *(f"ActionGeo_{name}" for name in _GEO),
    "DATEADDED",
    "SOURCEURL",
)
"""GDELT 2.0's event columns, in the order of its export files."""

EXTRA_COLUMNS: tuple[str, ...] = (
    "Modality",
    "AttributedTo",
    "ArticleID",
    "EventID",
    "PloverType",
    "EventDateTimex",
)
"""eventwire's columns after GDELT's: positional GDELT readers see the first 61 unchanged."""

COLUMNS = GDELT_COLUMNS + EXTRA_COLUMNS

# GDELT's geographic resolution codes.
GEO_COUNTRY, GEO_US_STATE, GEO_US_CITY, GEO_WORLD_CITY, GEO_WORLD_STATE = 1, 2, 3, 4, 5


@cache
def goldstein_table() -> dict[str, float]:
    """CAMEO code -> Goldstein value, read once from ``goldstein.tsv`` (sources in its header)."""
    text = resources.files("eventwire.export").joinpath("goldstein.tsv").read_text("utf-8")
    table: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, value, _label = line.split("\t")
            table[code] = float(value)
    return table


def goldstein(cameo: str) -> float | None:
    """The Goldstein value of a CAMEO code: its own, else its base code's, else its root's."""
    table = goldstein_table()
    for key in (cameo, cameo[:3], cameo[:2]):
        if key in table:
            return table[key]
    return None


def quad_class(root: str) -> int | None:
    """GDELT's QuadClass of a CAMEO root code: 1 verbal and 2 material cooperation,
    3 verbal and 4 material conflict (roots 01-05, 06-08, 09-13, 14-20)."""
    if not root.isdigit():
        return None
    number = int(root)
    for quad, last in ((1, 5), (2, 8), (3, 13), (4, 20)):
        if 1 <= number <= last:
            return quad
    return None


def _clean(value: object) -> str:
    # GDELT files are plain tab-separated text: no tab or line break may sit inside a field.
    if value is None:
        return ""
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _actor_fields(actor: Actor | None) -> list[object]:
    if actor is None:
        return [None] * len(_ACTOR)
    # A CAMEO actor code is the country code followed by the role code ("NGAINS").
    code = f"{actor.country or ''}{actor.sector or ''}" or None
    return [code, actor.name, actor.country, None, None, None, None, actor.sector, None, None]


def _geo_type(feature: str | None, iso2: str | None) -> int:
    us = iso2 == "US"
    if feature and feature.startswith("A.PCL"):
        return GEO_COUNTRY
    if feature == "A.ADM1":
        return GEO_US_STATE if us else GEO_WORLD_STATE
    return GEO_US_CITY if us else GEO_WORLD_CITY


def _action_geo(record: Record, event: Event) -> list[object]:
    point = coordinates(event)
    if event.place is None or point is None:
        return [None] * len(_GEO)
    lon, lat = point
    item = event_place(record, event)
    info = country(event.place.country)
    geo_type = _geo_type(item.feature if item else None, event.place.country)
    admin1 = item.admin1 if item else None
    parts = [event.place.name]
    if admin1 and admin1 != event.place.name:
        parts.append(admin1)
    if info and info.name not in parts:
        parts.append(info.name)
    fips = info.fips if info else None
    return [
        geo_type,
        ", ".join(parts),
        fips,
        # GDELT's ADM1 codes are FIPS codes eventwire does not have; a country-level place
        # carries its country code there, as GDELT does.
        fips if geo_type == GEO_COUNTRY else None,
        None,
        lat,
        lon,
        item.geonames_id if item else None,
    ]


def _is_root(record: Record, event: Event) -> int:
    # GDELT marks events from the lead paragraph; the lead ends at the first blank line.
    lead = record.article.text.lstrip()
    offset = len(record.article.text) - len(lead)
    end = lead.find("\n\n")
    return int(end < 0 or event.start < offset + end)


def row(record: Record, event: Event, added: datetime) -> list[object] | None:
    """The GDELT row of one event, or None when it has no CAMEO code."""
    cameo = event.cameo
    if not cameo or not cameo.isdigit() or len(cameo) < 2:
        return None
    base = cameo[:3] if len(cameo) >= 3 else f"{cameo}0"
    root = cameo[:2]
    day = event_day(event, record.article.published)
    when = day.day if day else None
    attributed = event.attributed_to
    return [
        stable_id(record.article.id, event.id),
        when.strftime("%Y%m%d") if when else None,
        when.strftime("%Y%m") if when else None,
        when.year if when else None,
        # GDELT's FractionDate: the year plus the share of it gone, month*30+day over 365.
        round(when.year + (when.month * 30 + when.day) / 365, 4) if when else None,
        *_actor_fields(primary(event.sources)),
        *_actor_fields(primary(event.targets)),
        _is_root(record, event),
        cameo,
        base,
        root,
        quad_class(root),
        goldstein(cameo),
        1,
        1,
        1,
        None,
        *[None] * len(_GEO),
        *[None] * len(_GEO),
        *_action_geo(record, event),
        added.strftime("%Y%m%d%H%M%S"),
        record.article.url,
        event.modality,
        attributed.name if attributed else None,
        record.article.id,
        event.id,
        event.type,
        event.date,
    ]


def write_gdelt(
    records: Iterable[Record],
    out: Output,
    header: bool = True,
    added: datetime | None = None,
) -> ExportReport:
    """Write the events of ``records`` as a GDELT 2.0-style tab-separated table.

    ``header`` writes the column names first (GDELT's own files have none); ``added`` is
    the DATEADDED of every row, by default the time of the export in UTC.
    """
    stamp = added or datetime.now(UTC)
    # A naive time is taken as UTC, the zone GDELT's DATEADDED is in.
    stamp = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
    counter = Counter()
    with text_output(out) as stream:
        writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
        if header:
            writer.writerow(COLUMNS)
        for record in records:
            counter.articles += 1
            for event in record.events:
                values = row(record, event, stamp)
                if values is None:
                    counter.skipped += 1
                    continue
                writer.writerow([_clean(value) for value in values])
                counter.rows += 1
    return counter.report()
