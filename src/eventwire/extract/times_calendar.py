"""Calendar arithmetic for TIMEX3 values: points of a given granularity, shifted and printed.

A :class:`Point` is a date standing for the day, week, month, quarter, half, season, year,
decade or century that contains it; ``value()`` prints it the TimeML way (``2015-11-19``,
``2015-W47``, ``2015-11``, ``2015-Q4``, ``2015-H2``, ``2015-FA``, ``2015``, ``201``, ``20``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Granularity = Literal[
    "day", "week", "weekend", "month", "quarter", "half", "season", "year", "decade", "century"
]
Tense = Literal["past", "present", "future"]

_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_SEASON_OF_MONTH = {m: s for s, first in _SEASON_START.items() for m in range(first, first + 3)}
_SEASON_OF_MONTH.update({1: "WI", 2: "WI"})


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day of month clamped to the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Point:
    """A calendar unit (``granularity``) identified by a date inside it."""

    granularity: Granularity
    day: date
    part: str = ""  # season code, or time of day (MO, AF, EV, NI, or hh:mm) on a day

    def value(self) -> str:
        """The TIMEX3 value of the unit."""
        d, g = self.day, self.granularity
        if g == "day":
            if not self.part:
                return d.isoformat()
            return f"{d.isoformat()}T{self.part}"
        if g in ("week", "weekend"):
            year, week, _ = d.isocalendar()
            return f"{year}-W{week:02d}" + ("-WE" if g == "weekend" else "")
        if g == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if g == "quarter":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if g == "half":
            return f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"
        if g == "season":
            return f"{d.year:04d}-{self.part or _SEASON_OF_MONTH[d.month]}"
        if g == "year":
            return f"{d.year:04d}"
        if g == "decade":
            return f"{d.year // 10:03d}"
        return f"{d.year // 100:02d}"

    def shift(self, unit: Granularity, count: int) -> Point:
        """The unit ``count`` ``unit``s later (earlier when negative), same granularity."""
        months = {"month": 1, "quarter": 3, "half": 6, "season": 12, "year": 12}
        if unit == "day":
            moved = self.day + timedelta(days=count)
        elif unit in ("week", "weekend"):
            moved = self.day + timedelta(weeks=count)
        elif unit == "decade":
            moved = add_months(self.day, 120 * count)
        elif unit == "century":
            moved = add_months(self.day, 1200 * count)
        else:
            moved = add_months(self.day, months[unit] * count)
        return Point(self.granularity, moved, self.part)

    def coarsen(self, granularity: Granularity) -> Point:
        """The same date seen as a coarser unit (a day as its month, and so on)."""
        return Point(granularity, self.day)


_VALUE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d)|Q(?P<q>[1-4])|H(?P<h>[12])))?"
)


def parse_value(value: str) -> Point | None:
    """The point a TIMEX3 date value stands for; None for durations, sets and vague values."""
    found = _VALUE.match(value)
    if found is None:
        return None
    year = int(found["y"])
    if found["d"]:
        try:
            return Point("day", date(year, int(found["m"]), int(found["d"])))
        except ValueError:
            return None
    if found["m"]:
        return Point("month", date(year, int(found["m"]), 1))
    if found["w"]:
        try:
            return Point("week", date.fromisocalendar(year, int(found["w"]), 1))
        except ValueError:
            return None
    if found["q"]:
        return Point("quarter", date(year, 3 * int(found["q"]) - 2, 1))
    if found["h"]:
        return Point("half", date(year, 6 * int(found["h"]) - 5, 1))
    return Point("year", date(year, 1, 1))


def weekday_near(anchor: date, weekday: int, tense: Tense | None, relation: str = "") -> date:
    """The date of ISO ``weekday`` (1 = Monday) meant relative to ``anchor``.

    ``relation`` is "last", "next" or "this" when the text says so; otherwise the tense
    decides: past means the latest such day on or before the anchor, future the next one
    after it, and present (or no tense) the nearest, preferring the coming one on a tie.
    """
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if relation == "last":
        return anchor - timedelta(days=back or 7)
    if relation == "next":
        return anchor + timedelta(days=ahead or 7)
    if relation == "this":
        return anchor + timedelta(days=weekday - anchor.isoweekday())
    if tense == "past":
        return anchor - timedelta(days=back)
    if tense == "future":
        return anchor + timedelta(days=ahead or 7)
    return anchor - timedelta(days=back) if back < ahead else anchor + timedelta(days=ahead)


# How much farther a date on the "wrong" side of the anchor may lie and still be chosen. A
# past-tense clause can carry a coming date ("the offer was extended to Nov. 16"), so the
# tense tilts the choice rather than forcing it; with no tense, news leans to the past.
_WRONG_SIDE_COST: dict[Tense | None, tuple[float, float]] = {
    "past": (1.0, 4.0),
    "present": (1.0, 1.5),
    None: (1.0, 1.5),
    "future": (4.0, 1.0),
}


def tilted_distance(offset: float, tense: Tense | None) -> float:
    """Distance of a candidate ``offset`` away from the anchor (negative: before it)."""
    before, after = _WRONG_SIDE_COST[tense]
    return -offset * before if offset < 0 else offset * after


def year_near(
    anchor: date, month: int, day: int, tense: Tense | None, weekday: int | None = None
) -> int | None:
    """The year that puts ``month``/``day`` where the tense says, relative to ``anchor``.

    The candidates are the year before, of and after the anchor; the nearest wins, dates on
    the side the tense argues against counting as farther. A weekday named with the date
    ("Monday, Oct. 26") picks the year in which it falls on that day. None if impossible.
    """
    options: list[date] = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if weekday is not None and any(d.isoweekday() == weekday for d in options):
        options = [d for d in options if d.isoweekday() == weekday]
    if not options:
        return None
    return min(options, key=lambda d: tilted_distance((d - anchor).days, tense)).year


def month_year_near(anchor: date, month: int, tense: Tense | None) -> int:
    """The year of a month named without one.

    A past clause takes the latest such month up to the anchor's, or the next month (a
    past clause can report what is announced for it), a future one the first from the
    anchor's on: months are too coarse for the slack :func:`year_near` allows. Otherwise
    the nearest, leaning to the past.
    """
    if tense == "past":
        # A past clause may still announce the coming month ("were told of a cut in
        # September", said in August): a month eleven months back is farther-fetched.
        # Two months ahead is already as likely last year's ("changed in December").
        if (month - anchor.month) % 12 == 1:
            return anchor.year + (month < anchor.month)
        return anchor.year - (month > anchor.month)
    if tense == "future":
        return anchor.year + (month < anchor.month)
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    here = anchor.year * 12 + anchor.month
    return min(years, key=lambda y: tilted_distance(y * 12 + month - here, tense))


def holiday(year: int, rule: str) -> date | None:
    """The date of a holiday rule from the lexicon (``MM-DD``, ``MM-TH4``, ``EASTER``...)."""
    if rule == "EASTER":
        # The anonymous Gregorian computus (Meeus/Jones/Butcher).
        a, b, c = year % 19, year // 100, year % 100
        d, e = divmod(b, 4)
        g = (8 * b + 13) // 25
        h = (19 * a + b - d - g + 15) % 30
        i, k = divmod(c, 4)
        weekday_offset = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 19 * weekday_offset) // 433
        month = (h + weekday_offset - 7 * m + 90) // 25
        return date(year, month, (h + weekday_offset - 7 * m + 33 * month + 19) % 32)
    month_text, rest = rule.split("-")
    month = int(month_text)
    if rest.isdigit():
        return date(year, month, int(rest))
    weekday = {"MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6, "SU": 7}[rest[:2]]
    first = date(year, month, 1)
    first_match = first + timedelta(days=(weekday - first.isoweekday()) % 7)
    if rest[2:] == "L":
        last = add_months(first, 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    return first_match + timedelta(weeks=int(rest[2:]) - 1)
