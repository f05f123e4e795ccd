"""The grammar of temporal expressions: patterns compiled once, each with its interpretation.

Every rule is a regular expression over the article text and a function that reads a match,
given the :class:`~eventwire.extract.times_readings.Context` of the expression (publication
date, tense of its clause, the last date mentioned), as a TIMEX3 type and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from eventwire.extract.times_lexicon import Lexicon, alternation, lexicon
from eventwire.extract.times_periods import (
    _REFERENCES,
    _decade_word,
    _duration,
    _frequency,
    _plural_weekday,
    _quarter,
    _reference_word,
    _relative_unit,
    _season_year,
    _set,
    _shift,
    _spoken_year,
    _the_unit,
    _the_year,
    _vague_ago,
    _vague_units,
    _year_ago_adjective,
    _year_two_thousand,
)
from eventwire.extract.times_readings import (
    Interpreter,
    _bare_part,
    _century,
    _clock,
    _decade,
    _deictic,
    _full_date,
    _holiday,
    _month_alone,
    _month_relative,
    _month_year,
    _numeric_date,
    _part_of_day,
    _week_of,
    _weekday_date,
    _year,
)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    interpret: Interpreter
    # The pattern without IGNORECASE, for the lower-cased text (see ``folded_pattern``).
    folded: re.Pattern[str] | None = None


# Named groups; any other inline group but non-capturing ones and lookarounds (a scoped flag
# "(?-i:", a back reference "(?P=") makes a pattern unfit for lower-cased text.
_GROUP_NAME = re.compile(r"\(\?P<\w+>")
_OTHER_GROUP = re.compile(r"\(\?(?![:=!]|<[=!])")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
# Escaped letters that keep their meaning on lower-cased text: classes and boundaries.
_CASELESS_ESCAPES = frozenset("sSwWdDbBAZ")


def folded_pattern(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without IGNORECASE, to scan ``text.lower()`` instead of ``text``.

    sre tests each literal of a case-blind pattern through Unicode case mapping, which makes
    the scan of a whole article about twice as slow. For a pattern of lower-case ASCII
    literals, classes and punctuation, matching ``text.lower()`` exactly finds the same
    spans as matching ``text`` case-blind (on the texts ``times.lowered`` accepts). None for
    a pattern that is not case-blind or holds anything else (upper-case letters, escapes of
    code points or back references, scoped flags).
    """
    if not pattern.flags & re.IGNORECASE or not pattern.pattern.isascii():
        return None
    source = _GROUP_NAME.sub("(", pattern.pattern)
    if _OTHER_GROUP.search(source):
        return None
    for escaped in _ESCAPE.findall(source):
        if escaped.isalnum() and escaped not in _CASELESS_ESCAPES:
            return None
    plain = _ESCAPE.sub("", source)
    if plain != plain.lower():
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


# --- the patterns ---------------------------------------------------------------------------


def _number_pattern(lex: Lexicon) -> str:
    units = "one|two|three|four|five|six|seven|eight|nine"
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    small = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    words = rf"(?:{tens})(?:[-\s](?:{units}))?|(?:a|one)\s+hundred|a\s+thousand|{small}|{units}"
    vague = r"a\s+few|few|several|many|a\s+couple\s+of|a\s+couple|couple\s+of|a\s+dozen"
    digits = r"\d+(?:\.\d+)?(?:\s+1/2)?"
    return rf"(?:{digits}|(?:{words})(?:\s+and\s+a\s+half)?|{vague}|half\s+an?|an?(?:\s+half)?)"


@cache
def rules() -> tuple[Rule, ...]:
    """The compiled rules, in order of preference among matches of equal length."""
    lex = lexicon()
    # Only abbreviations take a dot: after a full name it ends the sentence.
    full = alternation(n for n in lex.months if len(n) > 4 or n in ("June", "July", "May"))
    short = alternation(n for n in lex.months if len(n) <= 4 and n not in ("June", "July", "May"))
    month_names = rf"(?:{full})\b|(?:{short})\b\.?"
    month = rf"(?P<month>{month_names})"
    cmonth = rf"(?P<cmonth>{month_names})"
    weekday_names = alternation(n for n in lex.weekdays if len(n) > 4)
    weekday = rf"(?P<wd>{weekday_names})\b"
    day = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
    year = r"(?P<year>1[5-9]\d\d|20\d\d)\b"
    number = _number_pattern(lex)
    units = alternation([*lex.units, *lex.plurals])
    unit = rf"(?P<unit>{units})"
    parts = alternation(p for p in lex.day_parts if p not in ("overnight", "daytime"))
    part = rf"(?P<part>{parts})"
    pre = (
        r"(?P<pre>(?:the\s+)?(?:very\s+)?(?:beginning|start|end|middle|close|turn)\s+of\s+"
        r"|(?:early|late|mid)(?:-|\s+)|(?:earlier|later)\s+(?:in\s+)?)?"
    )
    mod = (
        r"(?P<mod>more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|no\s+more\s+than|"
        r"no\s+less\s+than|about|around|nearly|almost|roughly|approximately|some(?!\s+the)|"
        r"over(?!\s+the)|under(?!\s+the)|up\s+to|just\s+over|just\s+under|well\s+over|"
        r"barely|within|close\s+to)\s+"
    )
    no_age = r"(?![-\s]+olds?\b)"
    season = alternation(lex.seasons)
    # Years as broadcast transcripts write them: "nineteen ninety-six".
    spoken = (
        r"(?P<century>nineteen|twenty)[-\s]+(?P<tens>(?:twenty|thirty|forty|fifty|sixty"
        r"|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
        r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    )
    any_year = rf"(?:{year}|(?i:{spoken})\b)"
    holidays = alternation(lex.holidays)

    def rule(name: str, pattern: str, interpret: Interpreter, flags: int = 0) -> Rule:
        compiled = re.compile(rf"(?<![\w$-]){pattern}(?![\w])", flags)
        return Rule(name, compiled, interpret, folded_pattern(compiled))

    ci = re.IGNORECASE
    return (
        rule(
            "date_mdy",
            rf"(?:(?P<drel>(?i:last|this|next))\s+)?(?:{weekday},?\s+)?{month}\s+{day}(?:,?\s+{year})?",
            _full_date,
        ),
        rule(
            "date_dmy",
            rf"(?:(?P<drel>(?i:last|this|next))\s+)?(?:{weekday},?\s+)?(?:the\s+)?{day}(?:\s+of)?\s+"
            rf"{month}(?:,?\s+{year})?",
            _full_date,
        ),
        rule(
            "week_of",
            rf"(?i:the)\s+(?i:week)\s+of\s+{month}\s+{day}(?:,?\s+{year})?",
            _week_of,
        ),
        rule("date_iso", r"(?P<year>\d{4})-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)", _numeric_date),
        rule(
            "date_slash",
            r"(?P<mnum>1[0-2]|0?[1-9])/(?P<day>[12]\d|3[01]|0?[1-9])/(?P<year>\d{4}|\d{2})",
            _numeric_date,
        ),
        rule("month_year", rf"{pre}{month},?\s+(?:of\s+)?{any_year}", _month_year),
        rule(
            "season_year",
            rf"{pre}(?:(?i:the)\s+)?(?P<season>(?i:{season})),?\s+(?:of\s+)?{any_year}",
            _season_year,
        ),
        rule(
            "month_relative",
            rf"{pre}{month}\s+(?:of\s+)?(?P<rel>last|this|next)\s+(?P<yearword>year)",
            _month_relative,
        ),
        rule("relative_month", rf"{pre}(?P<rel>(?i:last|this|next))\s+{month}", _month_relative),
        rule("month", rf"{pre}{month}", _month_alone),
        rule(
            "year",
            rf"(?:(?:pre|post)-)?{pre}(?P<fiscal>(?:fiscal|FY)\s*(?:year\s+)?)?{year}"
            r"(?!-|/|[.,]\d|%)",
            _year,
        ),
        rule(
            "decade",
            rf"(?:the\s+)?{pre}(?:(?P<decade>(?:1[5-9]|20)\d0)'?s|'(?P<short>\d)0'?s)",
            _decade,
        ),
        rule(
            "century",
            rf"(?:the\s+)?{pre}(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{alternation(lex.ordinals)})"
            r"[-\s]+century",
            _century,
            ci,
        ),
        rule("holiday", rf"(?P<holiday>{holidays})(?:,?\s+{year})?", _holiday),
        rule(
            "deictic",
            rf"{pre}(?:(?P<lpart>{parts})\s+)?(?P<deictic>yesterday|today|tomorrow|tonight)"
            rf"(?:\s+{part})?",
            _deictic,
            ci,
        ),
        # "by mid-afternoon": a part of the day told of, said without the day.
        rule("mid_part", r"mid[-\s]?(?P<part>morning|afternoon)", _bare_part, ci),
        rule(
            "weekday",
            rf"(?:(?P<rel>(?i:last|next|this|coming|past|(?:the\s+)?(?:previous|preceding"
            rf"|following)))\s+)?{pre}{weekday}(?:\s+{part})?",
            _weekday_date,
        ),
        rule(
            "part_of_day",
            rf"{pre}(?:the\s+)?(?P<rel>this|last|that|next|following)\s+{part}",
            _part_of_day,
            ci,
        ),
        rule(
            "clock",
            r"(?:(?:around|about|approximately|roughly)\s+)?"
            r"(?:(?P<hour>1[0-2]|0?[1-9])(?:[:.](?P<minute>[0-5]\d))?\s*"
            r"(?P<ampm>[aApP]\.[mM]\.?|[aApP][mM]\b|o'clock)|(?P<named>noon|midnight|midday))"
            r"(?:\s+(?:[A-Z]{3}|local\s+time))?"
            rf"(?:,?\s+(?:on\s+)?{weekday}|\s+(?P<deictic>yesterday|today|tomorrow)"
            rf"|,?\s+{cmonth}\s+(?P<cday>[12]\d|3[01]|0?[1-9])\b)?",
            _clock,
        ),
        rule(
            "relative_unit",
            rf"{pre}(?:(?P<the>the)\s+)?(?P<rel>this|last|next|past|coming|previous|current"
            r"|following|same|prior|that)\s+"
            rf"(?P<unit>week|weekend|month|year|decade|century|day|{season})(?!-)",
            _relative_unit,
            ci,
        ),
        rule(
            "the_weekend",
            rf"{pre}(?P<the>the)\s+(?P<rel>)(?:early\s+|late\s+)?(?P<unit>weekend|{season})",
            _relative_unit,
            ci,
        ),
        rule(
            "the_year",
            rf"{pre}(?:the\s+(?:(?P<ymod>current|full|latest|last|entire|whole)\s+)?"
            r"(?:fiscal\s+)?year"
            r"|year[-\s]end|year's\s+end)(?!-)",
            _the_year,
            ci,
        ),
        rule(
            "the_month",
            r"(?P<pre>(?:the\s+)?(?:beginning|start|end|middle|close)\s+of\s+)the\s+"
            r"(?P<unit>month|week)",
            _the_unit,
            ci,
        ),
        rule("spoken_year", spoken, _spoken_year, ci),
        rule(
            "year_two_thousand",
            r"(?:the\s+year\s+)two[-\s]+thousand(?:\s+(?:and\s+)?(?P<rest>one|two|three|four"
            r"|five|six|seven|eight|nine|ten))?",
            _year_two_thousand,
            ci,
        ),
        rule(
            "decade_word",
            rf"(?:the\s+)?{pre}(?P<tens>twenties|thirties|forties|fifties|sixties|seventies"
            r"|eighties|nineties)",
            _decade_word,
            ci,
        ),
        rule(
            "vague_ago",
            r"(?:(?:a\s+few|several|many|some)\s+)?(?P<unit>days|weeks|months|years|decades)"
            r"\s+ago",
            _vague_ago,
            ci,
        ),
        rule(
            "long_unit",
            rf"(?:(?P<num>{number})-)?(?P<unit>{units})-long",
            _duration,
            ci,
        ),
        rule(
            "quarter",
            rf"{pre}(?:(?P<the>the)\s+|(?P<yposs>last|this|next)\s+year's\s+)?"
            r"(?:(?P<pyear>1[5-9]\d\d|20\d\d)\s+)?(?:(?:comparable|corresponding)[-\s]+)?"
            r"(?:(?P<qrel>latest|last|past|previous|current|this|next|that|year[-\s]earlier"
            r"|year[-\s]ago|comparable|corresponding|same)[-\s]+)?(?:fiscal[-\s]+)?"
            r"(?:(?P<qord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+)?"
            r"(?:fiscal[-\s]+)?(?P<qunit>quarter|half|period)(?P<plural>s\b)?(?!-)"
            rf"(?:\s+of\s+(?:fiscal\s+)?{year}|\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year"
            r"|\s+a\s+year\s+(?P<ago>ago|earlier)"
            r"|\s+of\s+the\s+(?P<qdecade>(?:1[5-9]|20)\d0'?s|'\d0'?s))?",
            _quarter,
            ci,
        ),
        rule(
            "year_ago_adjective",
            r"(?:the\s+)?year[-\s](?P<dir>earlier|ago)(?=\s+[a-z])",
            _year_ago_adjective,
            ci,
        ),
        rule(
            "shift",
            rf"(?:{mod})?(?P<num>{number})\s+{unit}\s+(?:or\s+so\s+)?"
            r"(?P<dir>ago|earlier|later|previously|from\s+now|hence)",
            _shift,
            ci,
        ),
        rule(
            "duration",
            rf"(?:{mod})?(?:(?P<the>the)\s+)?(?:(?P<drel>first|past|last|next|previous|coming"
            r"|final|latest|initial|remaining|additional|following|year-earlier|entire|whole"
            rf"|full|same)\s+)?(?P<num>{number})(?P<upper>\s+(?:to|or)\s+{number})?(?:\s+(?:more|additional|full|straight"
            r"|consecutive|trading|business|working|calendar|long|extra|successive))?[-\s]+"
            rf"{unit}(?:-long)?(?P<half>\s+and\s+a\s+half)?{no_age}"
            r"(?<!\ba\ssecond)(?!\s+(?:quarter|half|term|time|round)\b)",
            _duration,
            ci,
        ),
        rule(
            "vague_units",
            r"(?:(?P<the>the)\s+)?(?:(?P<drel>past|last|next|coming|recent|following"
            r"|previous|ensuing|few|several|many)\s+)?(?P<few>few\s+|several\s+)?"
            r"(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades|centuries)"
            rf"(?:-long)?{no_age}",
            _vague_units,
            ci,
        ),
        rule(
            "set",
            rf"(?:every|each|per)\s+(?:(?P<num>other|{number})\s+)?"
            rf"(?P<target>{units}|{weekday_names}|{alternation(lex.months)})",
            _set,
            ci,
        ),
        rule("frequency", rf"(?P<freq>{alternation(lex.frequencies)})", _frequency, ci),
        rule("weekdays", rf"(?:on\s+)?(?P<wd>{weekday_names})s", _plural_weekday),
        rule("reference", rf"(?P<ref>{alternation(_REFERENCES)})(?!-)", _reference_word, ci),
    )
