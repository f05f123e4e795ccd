"""Readings of relative units, quarters, shifts, durations, sets and vague references."""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventwire.extract.times_calendar import (
    Granularity,
    Point,
    add_months,
    tilted_distance,
    weekday_near,
)
from eventwire.extract.times_lexicon import lexicon
from eventwire.extract.times_readings import (
    _GRANULARITY,
    _RANK,
    Context,
    Reading,
    _month,
    _unresolved,
    _weekday,
    spoken_year,
    year_of,
)

# --- units relative to the publication date or the last date mentioned ----------------------


def _base(ctx: Context, anaphoric: bool) -> Point | None:
    if anaphoric and ctx.reference is not None:
        return ctx.reference
    return Point("day", ctx.anchor) if ctx.anchor else None


def _season(ctx: Context, code: str, rel: str) -> Reading:
    if ctx.anchor is None:
        return _unresolved("DATE")
    start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    year = ctx.anchor.year
    begins = date(year, start, 1)
    ends = add_months(begins, 3)
    if rel in ("last", "past", "previous") or (rel == "" and ctx.tense == "past"):
        year -= ends > ctx.anchor
    elif rel in ("next", "coming") or (rel == "" and ctx.tense == "future"):
        year += begins <= ctx.anchor
    return Reading("DATE", f"{year:04d}-{code}")


def _relative_unit(m: re.Match[str], ctx: Context) -> Reading | None:
    lex = lexicon()
    rel = " ".join((m["rel"] or "").lower().split())
    the = bool(m["the"])
    word = m["unit"].lower()
    if word in lex.seasons:
        return _season(ctx, lex.seasons[word], rel)
    found = lex.unit(word)
    if found is None:
        return None
    name, unit = found
    granularity = _GRANULARITY.get(name)
    if granularity is None:
        return None
    if the and rel == "next" and name == "day":
        rel = "following"  # "the next day": the day after the last one mentioned
    if rel == "past" or (the and rel in ("last", "next", "coming")):
        count = unit.factor
        return Reading("DURATION", f"P{count}{'D' if name == 'weekend' else unit.letter}")
    anaphoric = rel in ("following", "previous", "that", "same", "prior")
    base = _base(ctx, anaphoric)
    if base is None:
        return _unresolved("DATE")
    if anaphoric and _RANK.get(base.granularity, 9) > _RANK.get(granularity, 9):
        return Reading("DATE", None)
    step = {"last": -1, "previous": -1, "prior": -1, "next": 1, "coming": 1, "following": 1}
    if rel == "" and granularity == "weekend":  # "the weekend": the one the tense points at
        day = weekday_near(base.day, 6, ctx.tense)
        return Reading("DATE", Point("weekend", day).value())
    point = base.coarsen(granularity).shift(granularity, step.get(rel, 0))
    if granularity == "day":
        return Reading("DATE", point.day.isoformat())
    return Reading("DATE", point.value())


def _the_year(m: re.Match[str], ctx: Context) -> Reading:
    # "the year", "the fiscal year", "year-end": in news, the current one; "the year ended
    # March 31" is a twelve-month period; "the latest fiscal year" is the last one closed.
    if ctx.after in ("ended", "ending") or ctx.before == "throughout":
        return Reading("DURATION", "P1Y")
    if ctx.anchor is None:
        return _unresolved("DATE")
    closed = (m["ymod"] or "").lower() in ("latest", "last")
    return Reading("DATE", f"{ctx.anchor.year - closed:04d}")


def _the_unit(m: re.Match[str], ctx: Context) -> Reading:
    """ "the end of the month": the month (or week) of the last date mentioned."""
    base = _base(ctx, anaphoric=True)
    if base is None:
        return _unresolved("DATE")
    granularity: Granularity = "month" if m["unit"].lower() == "month" else "week"
    if _RANK.get(base.granularity, 9) > _RANK[granularity]:
        base = Point("day", ctx.anchor) if ctx.anchor else base
    return Reading("DATE", base.coarsen(granularity).value())


_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip


def _spoken_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "nineteen ninety-six", as broadcast transcripts write years."""
    year = spoken_year(m["century"], m["tens"])
    return None if year is None else Reading("DATE", f"{year:04d}")


def _season_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the winter of 1994", "summer 1998": the season of a named year."""
    year = year_of(m)
    if year is None:
        return None
    return Reading("DATE", f"{year:04d}-{lexicon().seasons[m['season'].lower()]}")


def _year_two_thousand(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the year two thousand (and one)": spoken years of the new millennium."""
    rest = lexicon().number(m["rest"]) if m["rest"] else 0
    return None if rest is None else Reading("DATE", f"{2000 + int(rest):04d}")


def _decade_word(m: re.Match[str], ctx: Context) -> Reading:
    tens = _TENS[m["tens"].lower().removesuffix("ies") + "y"]
    return Reading("DATE", f"19{tens // 10}")


def _vague_ago(m: re.Match[str], ctx: Context) -> Reading:
    return Reading("DATE", "PAST_REF")


def _period_start(year: int, number: int, months: int) -> date:
    return date(year, months * (number - 1) + 1, 1)


def _quarter_of(ctx: Context, number: int, months: int) -> int:
    """The year of the ``number``th quarter (or half) named without one."""
    assert ctx.anchor is not None
    anchor = ctx.anchor

    def distance(year: int) -> float:
        begins = _period_start(year, number, months)
        ends = add_months(begins, months) - timedelta(days=1)
        if begins <= anchor <= ends:
            return 0.0
        offset = (begins - anchor).days if begins > anchor else (ends - anchor).days
        return tilted_distance(offset, ctx.tense)

    return min((anchor.year - 1, anchor.year, anchor.year + 1), key=distance)


def _topic(ctx: Context, granularity: Granularity) -> Point | None:
    """The period under discussion: the last one mentioned, if it has begun.

    Results are reported for periods under way or past; a forecast for a coming quarter
    ("losses through the third quarter of 1990") does not become what "the year-ago
    period" is compared with.
    """
    reference = ctx.reference
    if reference is None or reference.granularity != granularity:
        return None
    if ctx.anchor is not None and reference.day > ctx.anchor:
        return None
    return reference


def _quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    # "quarter" alone is a fraction ("a quarter of the vote"); only a determiner, an
    # ordinal or a relative word makes it a period.
    if not (m["the"] or m["qord"] or m["qrel"] or m["pyear"] or m["yposs"]):
        return None
    lex = lexicon()
    unit = m["qunit"].lower()
    ordinal = lex.ordinals.get((m["qord"] or "").lower())
    rel = " ".join((m["qrel"] or "").lower().replace("-", " ").split())
    year_word = (m["yrel"] or m["yposs"] or "").lower()  # "of last year", "last year's"
    if unit == "period":
        # "the latest period", "the year-earlier period", "the 1988 period": a results
        # report's quarter. A bare "the period" is any stretch of time.
        if rel in ("last", "past", "previous", "current", "this", "next"):
            return None
        if not (rel or m["pyear"] or year_word or m["ago"]):
            return None
        unit = "quarter"
    if unit == "half" and rel in ("last", "latter") and not ordinal:
        ordinal, rel = 2, ""
    if unit == "half" and ordinal not in (1, 2):
        return None
    if m["qdecade"]:
        # "the last half of the '80s": TIMEX3 has no value for part of a decade; the
        # expression dates within the decade.
        digits = m["qdecade"].strip("'s")
        return Reading("DATE", digits[:3] if len(digits) == 4 else f"19{digits[0]}")
    months = 3 if unit == "quarter" else 6
    granularity: Granularity = "quarter" if unit == "quarter" else "half"
    if m["plural"] and ordinal:  # "in the second and fourth quarters": every year's
        return Reading("SET", f"XXXX-{'Q' if months == 3 else 'H'}{ordinal}")
    year: int | None = None
    explicit = m["year"] or m["pyear"]
    if explicit:
        year = int(explicit)
    elif year_word and ctx.anchor:
        year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[year_word]
    if year is None and ctx.anchor is None:
        return _unresolved("DATE")
    ago = rel in ("year earlier", "year ago") or bool(m["ago"])
    if ordinal:
        if year is None:
            assert ctx.anchor is not None
            year = _quarter_of(ctx, ordinal, months) - ago
        point = Point(granularity, _period_start(year, ordinal, months))
        return Reading("DATE", point.value(), anaphoric=ago)
    if ctx.anchor is None:
        return _unresolved("DATE")
    if ctx.ended is not None and not rel and year is None:
        # "the quarter ended Sept. 30": the one its closing date falls in (a fiscal
        # quarter ending July 31 lies mostly in the calendar second quarter).
        middle = ctx.ended - timedelta(days=15 * months)
        return Reading("DATE", Point(granularity, middle).value())
    current = Point(granularity, ctx.anchor)
    topic = _topic(ctx, granularity)
    if year is not None:  # "the 1988 quarter": the quarter under discussion, in 1988
        quarter = topic or current.shift(granularity, -1)
        # A comparison with the period under discussion ("down from the 1988 period"),
        # it does not replace that period as the topic.
        value = Point(granularity, quarter.day.replace(year=year)).value()
        return Reading("DATE", value, anaphoric=True)
    completed = current.shift(granularity, -1)
    if rel in ("this", "current"):
        return Reading("DATE", current.value())
    if rel == "next":
        return Reading("DATE", current.shift(granularity, 1).value())
    if rel in ("latest", "last", "past", "previous"):
        # The last one completed, which is what a results report is about.
        return Reading("DATE", completed.value())
    if ago:
        return Reading("DATE", (topic or completed).shift("year", -1).value(), anaphoric=True)
    if topic is not None:  # "the quarter", "that quarter": the one under discussion
        return Reading("DATE", topic.value(), anaphoric=True)
    return Reading("DATE", (current if ctx.tense == "future" else completed).value())


_STEP: dict[str, Granularity] = {"weekend": "week", "fortnight": "week", "night": "day"}


def _shift(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "three days later", "two years ago": a unit count away from the anchor or the reference."""
    lex = lexicon()
    found = lex.unit(m["unit"])
    if found is None:
        return None
    name, unit = found
    count = lex.number(m["num"])
    if count is None or m["num"].lower().strip() in lex.vague_numbers:
        # "a few days later": no point can be computed, only the gap.
        return Reading("DURATION", _duration_value(None, unit.letter, unit.clock))
    direction = " ".join(m["dir"].lower().split())
    sign = -1 if direction in ("ago", "earlier", "before", "previously") else 1
    anaphoric = direction in ("earlier", "later", "before", "after")
    if unit.clock:
        # "an hour later" measures a gap; TimeBank annotates the duration, not a clock time.
        return Reading("DURATION", _duration_value(count * unit.factor, unit.letter, True))
    base = _base(ctx, anaphoric)
    if base is None:
        return _unresolved("DATE")
    anaphoric = anaphoric and ctx.reference is not None
    if name in ("decade", "century", "millennium"):
        step: Granularity = "year"
        steps = round(count * unit.factor)
    else:
        step = _STEP.get(name, _GRANULARITY[name])
        steps = round(count * (2 if name == "fortnight" else 1))
    topic = _topic(ctx, "quarter")
    if topic is not None and step == "year":
        # In a report about quarters, "a year ago" is the same quarter a year before.
        return Reading("DATE", topic.shift("year", sign * steps).value(), anaphoric=True)
    granularity = step
    if _RANK.get(base.granularity, 0) > _RANK[step]:
        granularity = base.granularity
    moved = base.coarsen(granularity).shift(step, sign * steps)
    value = moved.day.isoformat() if granularity == "day" else moved.value()
    return Reading("DATE", value, anaphoric=anaphoric)


def _year_ago_adjective(m: re.Match[str], ctx: Context) -> Reading:
    """ "year-earlier results": the same quarter a year before, or last year."""
    topic = _topic(ctx, "quarter")
    if topic is not None:
        return Reading("DATE", topic.shift("year", -1).value(), anaphoric=True)
    if ctx.anchor is None:
        return _unresolved("DATE")
    return Reading("DATE", f"{ctx.anchor.year - 1:04d}")


# --- durations, sets and vague references ---------------------------------------------------


def _duration_value(count: float | None, letter: str, clock: bool) -> str:
    prefix = "PT" if clock else "P"
    if count is None:
        return f"{prefix}X{letter}"
    whole = int(count)
    if count == whole:
        return f"{prefix}{whole}{letter}"
    # Halves are written in the next smaller unit, as TimeML values allow no fractions.
    smaller = {"H": ("M", 30, True), "M": ("S", 30, True) if clock else ("D", 15, False)}
    smaller.update({"Y": ("M", 6, False), "D": ("H", 12, True), "W": ("D", 3, False)})
    name, amount, small_clock = smaller.get(letter, (letter, 0, clock))
    head = f"{prefix}{whole}{letter}" if whole else prefix
    if small_clock and not clock:
        return f"{head}T{amount}{name}"
    return f"{head}{amount}{name}"


def _duration(m: re.Match[str], ctx: Context) -> Reading | None:
    lex = lexicon()
    found = lex.unit(m["unit"])
    if found is None:
        return None
    name, unit = found
    number_text = " ".join((m["num"] or "").lower().split())
    count = None if number_text.strip() in lex.vague_numbers else lex.number(number_text)
    groups = m.groupdict()
    if groups.get("upper"):
        count = None  # "12 to 18 months", "two or three days": no single length
    elif not number_text and name == m["unit"].lower().removesuffix("-long"):
        count = 1  # "a day-long strike": one unit, as "a two-day-long" is two
    if count is not None:
        count = (count + (0.5 if groups.get("half") else 0)) * unit.factor
    letter = "D" if name == "weekend" else unit.letter
    if number_text in ("a", "an", "one") and (
        ctx.before_tag in ("CD", "$") or ctx.before in ("times", "twice", "once", "$")
    ):
        # "$5 a year", "twice a week": a rate, not a time expression of the text.
        return None
    if number_text in ("a", "an") and ctx.before_tag == "NNS" and not m["mod"]:
        # "four flights a week", "interviews a day": the recurrence of a counted thing.
        return Reading("SET", _duration_value(1, letter, unit.clock))
    if name == "quarter" and (number_text in ("a", "an") or "-" in m.group(0)):
        return None  # "a quarter of", "three-quarters": fractions
    return Reading("DURATION", _duration_value(count, letter, unit.clock))


def _vague_units(m: re.Match[str], ctx: Context) -> Reading | None:
    found = lexicon().unit(m["unit"])
    if found is None:
        return None
    name, unit = found
    if not (m["drel"] or m["the"]) and ctx.before not in _VAGUE_UNIT_CUES:
        return None
    if name == "weekend":
        return None
    if (m["drel"] or "").lower() == "past" and not m["the"] and not m["few"]:
        # "in past years": an unspecified time before now. "In recent years" is instead
        # read as the stretch of years up to now, a duration of unknown length.
        return Reading("DATE", "PAST_REF")
    return Reading("DURATION", _duration_value(None, unit.letter, unit.clock))


_VAGUE_UNIT_CUES = frozenset({"for", "in", "within", "after", "over", "took", "than", "take"})


def _set(m: re.Match[str], ctx: Context) -> Reading | None:
    lex = lexicon()
    target = m["target"]
    if target.rstrip(".").title() in lex.weekdays or target.rstrip("s").title() in lex.weekdays:
        return Reading("SET", f"XXXX-WXX-{_weekday(lex, target)}")
    if target.rstrip(".").title() in lex.months:
        return Reading("SET", f"XXXX-{_month(lex, target):02d}")
    found = lex.unit(target)
    if found is None:
        return None
    name, unit = found
    count = lex.number(m["num"]) if m["num"] and m["num"].lower() != "other" else 1
    if m["num"] and m["num"].lower() == "other":
        count = 2
    if count is None:
        return None
    letter = "D" if name == "weekend" else unit.letter
    return Reading("SET", _duration_value(count * unit.factor, letter, unit.clock))


def _frequency(m: re.Match[str], ctx: Context) -> Reading:
    return Reading("SET", lexicon().frequencies[m["freq"].lower()])


def _plural_weekday(m: re.Match[str], ctx: Context) -> Reading:
    return Reading("SET", f"XXXX-WXX-{_weekday(lexicon(), m['wd'])}")


_REFERENCES = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "recently": "PAST_REF",
    "lately": "PAST_REF",
    "the past": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF",
}


def _reference_word(m: re.Match[str], ctx: Context) -> Reading:
    return Reading("DATE", _REFERENCES[" ".join(m["ref"].lower().split())])
