"""Readings of temporal expressions: from a regex match and its context to a TIMEX3 value.

This module holds the context and reading types and the interpreters of calendar dates,
days and clock times; :mod:`eventwire.extract.times_periods` those of relative units,
quarters, durations and sets. Relative expressions without a publication date keep
``value=None`` and are flagged unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from eventwire.extract.times_calendar import (
    Granularity,
    Point,
    Tense,
    holiday,
    month_year_near,
    weekday_near,
    year_near,
)
from eventwire.extract.times_lexicon import Lexicon, lexicon
from eventwire.model import TimeType


@dataclass(frozen=True)
class Context:
    """What an expression's value depends on besides its own words."""

    anchor: date | None
    tense: Tense | None
    reference: Point | None
    before: str = ""  # the lower-cased word before the expression
    after: str = ""  # the lower-cased word after it
    before_tag: str = ""  # its part-of-speech tag
    ended: date | None = None  # the date a period "ended" or is "ending", said right after it


@dataclass(frozen=True)
class Reading:
    type: TimeType
    value: str | None
    unresolved: bool = False
    anaphoric: bool = False  # resolved against the last date mentioned, not the anchor


Interpreter = Callable[[re.Match[str], Context], Reading | None]


_GRANULARITY: dict[str, Granularity] = {
    "day": "day",
    "night": "day",
    "week": "week",
    "fortnight": "week",
    "weekend": "weekend",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
    "decade": "decade",
    "century": "century",
    "millennium": "century",
}
_RANK = {
    g: i
    for i, g in enumerate(
        ["day", "week", "weekend", "month", "quarter", "half", "season", "year", "decade"]
    )
}


def _unresolved(kind: TimeType) -> Reading:
    return Reading(kind, None, unresolved=True)


def _month(lex: Lexicon, text: str) -> int:
    return lex.months[text.rstrip(".").strip().title()]


def _weekday(lex: Lexicon, text: str) -> int:
    return lex.weekdays[text.rstrip(".").rstrip("s").title()]


def _day_reading(day: date, part: str = "") -> Reading:
    if part:
        return Reading("TIME", Point("day", day, part).value())
    return Reading("DATE", day.isoformat())


# --- absolute and calendar dates ------------------------------------------------------------


def _full_date(m: re.Match[str], ctx: Context) -> Reading | None:
    lex = lexicon()
    month = _month(lex, m["month"])
    day = int(m["day"])
    if m["year"]:
        year: int | None = int(m["year"])
    elif ctx.anchor is None:
        return _unresolved("DATE")
    else:
        groups = m.groupdict()
        rel = (groups.get("drel") or "").lower()
        tense: Tense | None = ctx.tense
        if rel in ("last", "next"):
            tense = "past" if rel == "last" else "future"
        weekday = _weekday(lex, groups["wd"]) if groups.get("wd") else None
        year = year_near(ctx.anchor, month, day, tense, weekday)
    if year is None:
        return None
    try:
        return Reading("DATE", date(year, month, day).isoformat())
    except ValueError:
        return None


def _week_of(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the week of March 6": the (ISO) week that holds the day."""
    reading = _full_date(m, ctx)
    if reading is None or reading.value is None:
        return reading
    return Reading("DATE", Point("week", date.fromisoformat(reading.value)).value())


def _numeric_date(m: re.Match[str], ctx: Context) -> Reading | None:
    year = int(m["year"])
    if year < 100:
        year += 1900 if year >= 50 else 2000
    try:
        return Reading("DATE", date(year, int(m["mnum"]), int(m["day"])).isoformat())
    except ValueError:
        return None


def spoken_year(century: str, tens: str) -> int | None:
    """The year said as "nineteen ninety-six" (``century`` "nineteen", ``tens`` the rest)."""
    rest = lexicon().number(tens)
    if rest is None:
        return None
    return (19 if century.lower() == "nineteen" else 20) * 100 + int(rest)


def year_of(m: re.Match[str]) -> int | None:
    """The year of a match that has it in digits (group ``year``) or spoken."""
    if m["year"]:
        return int(m["year"])
    return spoken_year(m["century"], m["tens"])


def _month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    year = year_of(m)
    if year is None:
        return None
    return Reading("DATE", f"{year:04d}-{_month(lexicon(), m['month']):02d}")


def _month_relative(m: re.Match[str], ctx: Context) -> Reading:
    if ctx.anchor is None:
        return _unresolved("DATE")
    month, rel, year = _month(lexicon(), m["month"]), m["rel"].lower(), ctx.anchor.year
    if m.re.groupindex.get("yearword") and m["yearword"]:  # "January last year"
        year += {"last": -1, "this": 0, "next": 1}[rel]
    elif rel == "last":
        year -= month >= ctx.anchor.month
    elif rel == "next":
        year += month <= ctx.anchor.month
    return Reading("DATE", f"{year:04d}-{month:02d}")


def _month_alone(m: re.Match[str], ctx: Context) -> Reading:
    if ctx.anchor is None:
        return _unresolved("DATE")
    month = _month(lexicon(), m["month"])
    year = month_year_near(ctx.anchor, month, ctx.tense)
    return Reading("DATE", f"{year:04d}-{month:02d}")


def _year(m: re.Match[str], ctx: Context) -> Reading:
    return Reading("DATE", f"{int(m['year']):04d}")


def _decade(m: re.Match[str], ctx: Context) -> Reading:
    if m["decade"]:
        return Reading("DATE", m["decade"][:3])
    return Reading("DATE", f"19{m['short']}")


def _century(m: re.Match[str], ctx: Context) -> Reading | None:
    lex = lexicon()
    word = m["ord"].lower().replace(" ", "-")
    number = lex.ordinals.get(word)
    if number is None and word[:-2].isdigit():
        number = int(word[:-2])
    if not number:
        return None
    return Reading("DATE", f"{number - 1:02d}")


def _holiday(m: re.Match[str], ctx: Context) -> Reading | None:
    lex = lexicon()
    name = " ".join(m["holiday"].split())
    rule = lex.holidays.get(name)
    if rule is None:
        return None
    if m["year"]:
        day = holiday(int(m["year"]), rule)
    elif ctx.anchor is None:
        return _unresolved("DATE")
    else:
        options = [holiday(y, rule) for y in (ctx.anchor.year - 1, ctx.anchor.year)]
        options.append(holiday(ctx.anchor.year + 1, rule))
        days = [d for d in options if d is not None]
        if ctx.tense == "past":
            day = max((d for d in days if d <= ctx.anchor), default=None)
        elif ctx.tense == "future":
            day = min((d for d in days if d >= ctx.anchor), default=None)
        else:
            anchor = ctx.anchor
            day = min(days, key=lambda d: abs((d - anchor).days))
    return Reading("DATE", day.isoformat()) if day else None


# --- deictic days and weekdays --------------------------------------------------------------

_DEICTIC_SHIFT = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}


def _deictic(m: re.Match[str], ctx: Context) -> Reading:
    word = m["deictic"].lower()
    # The part of the day may come first: "mid-afternoon yesterday".
    part = lexicon().day_parts.get((m["part"] or m["lpart"] or "").lower(), "")
    if word == "tonight":
        part = "NI"
    if ctx.anchor is None:
        return _unresolved("TIME" if part else "DATE")
    return _day_reading(ctx.anchor + timedelta(days=_DEICTIC_SHIFT[word]), part)


def _weekday_date(m: re.Match[str], ctx: Context) -> Reading:
    part = lexicon().day_parts.get((m["part"] or "").lower(), "")
    if ctx.anchor is None:
        return _unresolved("TIME" if part else "DATE")
    rel = (m["rel"] or "").lower().split()[-1] if m["rel"] else ""
    weekday = _weekday(lexicon(), m["wd"])
    if rel in _SEQUENCE:
        # "the previous Friday", "the following Monday": counted from the day last told of.
        on_day = ctx.reference is not None and ctx.reference.granularity == "day"
        base = ctx.reference.day if ctx.reference is not None and on_day else ctx.anchor
        day = weekday_near(base, weekday, None, _SEQUENCE[rel])
        return replace(_day_reading(day, part), anaphoric=on_day)
    rel = {"coming": "next", "past": "last"}.get(rel, rel)
    day = weekday_near(ctx.anchor, weekday, ctx.tense, rel)
    return _day_reading(day, part)


_SEQUENCE = {"previous": "last", "preceding": "last", "following": "next"}


def _part_of_day(m: re.Match[str], ctx: Context) -> Reading:
    rel = m["rel"].lower()
    part = lexicon().day_parts[m["part"].lower()]
    on_day = ctx.reference is not None and ctx.reference.granularity == "day"
    if rel in ("that", "next", "following") and on_day and ctx.reference is not None:
        # "that night", "the next morning": told of the last day mentioned.
        return _day_reading(ctx.reference.day + timedelta(days=rel != "that"), part)
    if ctx.anchor is None:
        return _unresolved("TIME")
    shift = {"last": -1, "next": 1, "following": 1}.get(rel, 0)
    return _day_reading(ctx.anchor + timedelta(days=shift), part)


def _bare_part(m: re.Match[str], ctx: Context) -> Reading:
    """ "by mid-afternoon": that part of the day last told of, else of the publication day."""
    part = lexicon().day_parts[m["part"].lower()]
    if ctx.reference is not None and ctx.reference.granularity == "day":
        return _day_reading(ctx.reference.day, part)
    if ctx.anchor is None:
        return _unresolved("TIME")
    return _day_reading(ctx.anchor, part)


def _clock(m: re.Match[str], ctx: Context) -> Reading:
    lex = lexicon()
    named = (m["named"] or "").lower()
    if named:
        hour, minute = (24, 0) if named == "midnight" else (12, 0)
    else:
        hour, minute = int(m["hour"]) % 12, int(m["minute"] or 0)
        ampm = (m["ampm"] or "").lower()
        # "4 o'clock" is an afternoon hour unless said otherwise.
        if ampm.startswith("p") or ("o'clock" in ampm and hour < 7):
            hour += 12
    clock = f"{hour:02d}:{minute:02d}"
    day: date | None = None
    if m["wd"] and ctx.anchor:
        day = weekday_near(ctx.anchor, _weekday(lex, m["wd"]), ctx.tense)
    elif m["deictic"] and ctx.anchor:
        day = ctx.anchor + timedelta(days=_DEICTIC_SHIFT[m["deictic"].lower()])
    elif m["cmonth"] and ctx.anchor:
        month, number = _month(lex, m["cmonth"]), int(m["cday"])
        year = year_near(ctx.anchor, month, number, ctx.tense)
        if year is not None:
            try:
                day = date(year, month, number)
            except ValueError:
                day = None
    elif ctx.reference is not None and ctx.reference.granularity == "day":
        day = ctx.reference.day
    elif ctx.anchor:
        day = ctx.anchor
    if day is None:
        return _unresolved("TIME")
    return Reading("TIME", f"{day.isoformat()}T{clock}")
