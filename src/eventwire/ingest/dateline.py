"""The date in an article's dateline ("PARIS, 19 November 2015 —"), when it has a full one."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Where a dateline may start: the opening lines, and only while they are short enough to
# be a headline or a byline; a date deeper in the text is an event date, not a dateline.
_SEARCH_CHARS = 300
_MAX_LINES = 3
_MAX_LEADING_LINE = 200

_MONTH = (
    r"(?i:(?P<{0}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))(?![A-Za-z])\.?"
)
_DAY = r"(?P<{0}>[0-3]?\d)(?i:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)"
_DATE = (
    rf"(?:{_MONTH.format('m1')}\s+{_DAY.format('d1')},?\s+{_YEAR.format('y1')}"
    rf"|{_DAY.format('d2')}\s+{_MONTH.format('m2')},?\s+{_YEAR.format('y2')}"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d))"
)
# A place in capitals or title case, perhaps with a state or country ("SAN JOSE, Calif.,")
# and an agency in brackets, then a comma.
_WORD = r"[A-Z][\w.'\u2019&/-]*"
_PLACE = (
    rf"(?:{_WORD}(?:[ \t]+{_WORD}){{0,4}}"
    rf"(?:,[ \t]*{_WORD}(?:[ \t]+{_WORD}){{0,2}}){{0,2}}"
    r"(?:[ \t]*\([^()\n]{1,40}\))?,[ \t]*)"
)
_WEEKDAY = r"(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day,?[ \t]+)"
# What closes a dateline: an agency in brackets, a wire tag, a dash or a colon, or the line end.
_CLOSE = r"[ \t]*(?:[(/:\-\u2013\u2014]|$)"
_DATELINE = re.compile(rf"[ \t]*{_PLACE}?{_WEEKDAY}?{_DATE}(?={_CLOSE})", re.M)


def find_dateline_date(text: str) -> date | None:
    """The date of the dateline that opens ``text``, or None when there is none.

    Only a full date with a year counts: a dateline without one ("LONDON, Aug 5
    (Reuters) -") gives None, since the year is never guessed.
    """
    start, seen = 0, 0
    while seen < _MAX_LINES and start < min(len(text), _SEARCH_CHARS):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        start = end + 1
        if not line.strip():
            continue
        seen += 1
        found = _DATELINE.match(line)
        if found is not None:
            return _to_date(found)
        if len(line) >= _MAX_LEADING_LINE:
            return None
    return None


def _to_date(found: re.Match[str]) -> date | None:
    for n in ("1", "2"):
        if found.group("y" + n):
            month = _MONTHS[found.group("m" + n)[:3].lower()]
            return _valid_date(int(found.group("y" + n)), month, int(found.group("d" + n)))
    return _valid_date(int(found.group("y3")), int(found.group("m3")), int(found.group("d3")))


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
