"""Reports: one article's event, reduced to what cross-article merging compares."""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from eventwire.model import Actor, Event, Record

# An actor as merging compares it: (name, ISO3 country, sector).
ActorKey = tuple[str, str | None, str | None]

_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T.*)?")
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_EARTH_KM = 6371.0088
# Casualty kinds compared across reports; other quantities are not disagreements of fact.
CASUALTY_KINDS = ("killed", "wounded")


@dataclass(frozen=True)
class Report:
    """One event of one article as a report of some real-world event.

    ``day_lo``/``day_hi`` bound its date (a day, a week or a month; the article's publication
    day when the event has no date; None when only coarser dates are known, which never merge).
    """

    article: str
    event: str
    type: str
    modality: str
    date: str | None
    day_lo: str | None
    day_hi: str | None
    place: str | None
    country: str | None
    lat: float | None
    lon: float | None
    outlet: str | None
    published: str | None
    attributed_to: str | None
    killed: float | None
    wounded: float | None
    sources: tuple[ActorKey, ...]
    targets: tuple[ActorKey, ...]

    @property
    def key(self) -> tuple[str, str]:
        """(article id, event id): the report's identity."""
        return (self.article, self.event)

    def values(self) -> list[Any]:
        """The fields in order, JSON-ready (:meth:`from_values` reads them back)."""
        # Field names looked up once (_FIELDS): a store put reads and writes thousands.
        return [getattr(self, name) for name in _FIELDS]

    @classmethod
    def from_values(cls, values: list[Any]) -> Report:
        """The report whose :meth:`values` are ``values``."""
        found = dict(zip(_FIELDS, values, strict=True))
        found["sources"] = tuple(tuple(a) for a in found["sources"])
        found["targets"] = tuple(tuple(a) for a in found["targets"])
        return cls(**found)


# Report's field names in order.
_FIELDS = tuple(name.name for name in fields(Report))


def day_range(value: str | None, published: str | None) -> tuple[str | None, str | None]:
    """The first and last calendar day a TIMEX3 ``value`` covers (see :class:`Report`)."""
    if value is None:
        return (published, published)
    if match := _DAY.fullmatch(value):
        day = value[:10]
        return (day, day)
    try:
        if match := _WEEK.fullmatch(value):
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return (monday.isoformat(), (monday + timedelta(days=6)).isoformat())
        if match := _MONTH.fullmatch(value):
            year, month = int(match[1]), int(match[2])
            last = calendar.monthrange(year, month)[1]
            return (date(year, month, 1).isoformat(), date(year, month, last).isoformat())
    except ValueError:
        return (None, None)
    return (None, None)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    if lat1 == lat2 and lon1 == lon2:
        return 0.0  # the same gazetteer place, as most reports compared with each other share
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _actors(actors: list[Actor]) -> tuple[ActorKey, ...]:
    return tuple((actor.name, actor.country, actor.sector) for actor in actors)


def _casualties(record: Record, event: Event) -> dict[str, float | None]:
    # A figure counts for the event only when it sits in the event's own sentence; of several,
    # the largest ("33 killed, including 5 children" reports 33).
    found: dict[str, float | None] = dict.fromkeys(CASUALTY_KINDS)
    for quantity in record.quantities:
        if quantity.kind not in CASUALTY_KINDS:
            continue
        if quantity.start < event.start or quantity.end > event.end:
            continue
        value = quantity.value if quantity.value is not None else quantity.low
        if value is None:
            continue
        known = found[quantity.kind]
        found[quantity.kind] = value if known is None else max(known, value)
    return found


def report_of(record: Record, event: Event) -> Report:
    """The report ``event`` of ``record`` makes."""
    article = record.article
    place = event.place
    lo, hi = day_range(event.date, article.published)
    casualties = _casualties(record, event)
    return Report(
        article=article.id,
        event=event.id,
        type=event.type,
        modality=event.modality,
        date=event.date,
        day_lo=lo,
        day_hi=hi,
        place=place.name if place else None,
        country=place.country if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        outlet=article.source,
        published=article.published,
        attributed_to=event.attributed_to.name if event.attributed_to else None,
        killed=casualties["killed"],
        wounded=casualties["wounded"],
        sources=_actors(event.sources),
        targets=_actors(event.targets),
    )


def reports_of(record: Record) -> list[Report]:
    """One report per event id of ``record`` (the first wins, as in the events table)."""
    seen: dict[str, Report] = {}
    for event in record.events:
        if event.id not in seen:
            seen[event.id] = report_of(record, event)
    return list(seen.values())
