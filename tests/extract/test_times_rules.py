"""Normalization rules of the times extractor, each on sentences of our own."""

from __future__ import annotations

import re
from datetime import date

import pytest
from spacy.language import Language

from eventwire.extract.times import extract_times, lowered
from eventwire.extract.times import matches as rule_matches
from eventwire.extract.times_calendar import month_year_near
from eventwire.extract.times_grammar import folded_pattern, rules

THU = date(2015, 11, 19)  # a Thursday
MON = date(2015, 11, 23)


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (12, 2015),  # the coming month, announced in a past clause
        (1, 2015),  # two months ahead: last January
        (10, 2015),
        (11, 2015),
    ],
)
def test_times_month_in_past_clause_may_be_the_next_one(month: int, expected: int) -> None:
    assert month_year_near(THU, month, "past") == expected


def test_times_next_month_across_the_year_end() -> None:
    assert month_year_near(date(2015, 12, 10), 1, "past") == 2016


# (sentence, publication date, expected (text, type, value) items among the extracted ones)
RULES: list[tuple[str, date | None, list[tuple[str, str, str | None]]]] = [
    # "be to" + infinitive is a scheduled future; an infinitive subject is not.
    (
        "The shares were suspended and are to resume trading Tuesday.",
        THU,
        [("Tuesday", "DATE", "2015-11-24")],
    ),
    (
        "The first two envoys to arrive on Wednesday were from Chile.",
        THU,
        [("Wednesday", "DATE", "2015-11-18")],
    ),
    # A past clause reporting what is planned for next month.
    (
        "The ministry said fuel supplies would be cut in December.",
        THU,
        [("December", "DATE", "2015-12")],
    ),
    # "the previous / following <weekday>": counted from the day last mentioned.
    (
        "The index closed at 2,100 on Nov. 20, up 3% from the previous Friday.",
        MON,
        [("Nov. 20", "DATE", "2015-11-20"), ("the previous Friday", "DATE", "2015-11-13")],
    ),
    (
        "The ship docked on Nov. 4 and left the following Monday.",
        THU,
        [("the following Monday", "DATE", "2015-11-09")],
    ),
    # Seasons and months of a year, in digits or spoken.
    (
        "Prices last reached that level in the winter of 1994.",
        THU,
        [("the winter of 1994", "DATE", "1994-WI")],
    ),
    (
        "The dam was finished in summer 2003.",
        THU,
        [("summer 2003", "DATE", "2003-SU")],
    ),
    (
        "We last saw such prices in the winter of nineteen ninety-four.",
        THU,
        [("the winter of nineteen ninety-four", "DATE", "1994-WI")],
    ),
    (
        "January nineteen ninety-seven. A bomb exploded at a clinic.",
        THU,
        [("January nineteen ninety-seven", "DATE", "1997-01")],
    ),
    # "the week of <date>": the ISO week holding the day.
    (
        "The case may be heard the week of March 6.",
        date(2000, 2, 24),
        [("the week of March 6", "DATE", "2000-W10")],
    ),
    # Results periods: compared with the period under discussion, a year back.
    (
        "Profit rose in the third quarter. It was flat in the quarter a year ago.",
        THU,
        [("the third quarter", "DATE", "2015-Q3"), ("the quarter a year ago", "DATE", "2014-Q3")],
    ),
    (
        "Sales rose in the third quarter from last year's quarter.",
        THU,
        [("last year's quarter", "DATE", "2014-Q3")],
    ),
    (
        "Sales rose in the third quarter, compared with the corresponding period last year.",
        THU,
        [("the corresponding period last year", "DATE", "2014-Q3")],
    ),
    (
        "Profit rose in the third quarter from $5 million in the 2014 period.",
        THU,
        [("the 2014 period", "DATE", "2014-Q3")],
    ),
    (
        "Sales rose in the third quarter from the comparable year-ago quarter.",
        THU,
        [("the comparable year-ago quarter", "DATE", "2014-Q3")],
    ),
    # A forecast quarter is not what the year-ago results are compared with.
    (
        "Profit rose in the third quarter; losses may last through the second quarter of 2016."
        " In the year-ago period, it earned $2 million.",
        THU,
        [("the year-ago period", "DATE", "2014-Q3")],
    ),
    ("Profit fell in the latest fiscal year.", THU, [("the latest fiscal year", "DATE", "2014")]),
    # The baseline of a comparison is not the reference of what follows.
    (
        "Output fell 8% from a year ago. Costs rose, compared with a year earlier.",
        THU,
        [("a year ago", "DATE", "2014"), ("a year earlier", "DATE", "2014")],
    ),
    # Part of a decade dates within the decade.
    (
        "Sales were flat through the last half of the '80s.",
        THU,
        [("the last half of the '80s", "DATE", "198")],
    ),
    (
        "Rents doubled in the first half of the 1990s.",
        THU,
        [("the first half of the 1990s", "DATE", "199")],
    ),
    # A range has no single length; a bare "<unit>-long" is one unit.
    (
        "Delivery will take 12 to 18 months.",
        THU,
        [("12 to 18 months", "DURATION", "PXM")],
    ),
    ("The day-long strike ended.", THU, [("day-long", "DURATION", "P1D")]),
    # Parts of the day said before the day, or without it.
    (
        "In London at mid-afternoon yesterday, the shares were up.",
        THU,
        [("mid-afternoon yesterday", "TIME", "2015-11-18TAF")],
    ),
    (
        "Shelling resumed on Nov. 17. By mid afternoon, the town had fallen.",
        THU,
        [("mid afternoon", "TIME", "2015-11-17TAF")],
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "published", "expected"), RULES, ids=[s[:40] for s, _, _ in RULES]
)
def test_times_normalization_rules(
    nlp: Language,
    sentence: str,
    published: date | None,
    expected: list[tuple[str, str, str | None]],
) -> None:
    found = [(t.text, t.type, t.value) for t in extract_times(nlp(sentence), published)]
    for item in expected:
        assert item in found, found


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        "Trading is to resume Tuesday.",
        "The index was up from the previous Friday.",
        "The case may be heard the week of March 6.",
        "By mid afternoon, the town had fallen.",
        "Sales rose from last year's quarter.",
    ],
)
def test_times_new_relative_rules_stay_unresolved_without_a_date(
    nlp: Language, sentence: str
) -> None:
    times = extract_times(nlp(sentence), None)
    assert times
    for time in times:
        assert time.value is None and time.unresolved


def _case_blind_matches(text: str) -> list[tuple[str, int, int, dict[str, str | None]]]:
    return [
        (rule.name, m.start(), m.end(), m.groupdict())
        for rule in rules()
        for m in rule.pattern.finditer(text)
    ]


def _matches_as_scanned(text: str) -> list[tuple[str, int, int, dict[str, str | None]]]:
    low = lowered(text)
    return [
        (rule.name, m.start(), m.end(), m.groupdict())
        for rule in rules()
        for m in rule_matches(rule, text, low)
    ]


FOLDING = [
    "About THREE WEEKS AGO, in the second Quarter, the Past Two Years and next weekend.",
    "LAST YEAR, the mid-1990s and Nineteen Ninety-Six; early Monday MORNING; twice a week.",
    "Café owners met in Zürich the first half of the year, «within days», and – later – today.",
]


@pytest.mark.parametrize("text", FOLDING)
def test_times_rules_scanned_lower_cased_find_what_the_case_blind_scan_finds(text: str) -> None:
    assert lowered(text) is not None
    found = _matches_as_scanned(text)
    assert found == _case_blind_matches(text)
    assert found and any(rule.folded is not None for rule in rules())


@pytest.mark.parametrize(
    "text", ["ſix days ago", "two \u212aelvin weeks ago", "İki days ago", "ıt"]
)
def test_times_text_with_case_variants_of_ascii_letters_is_scanned_case_blind(text: str) -> None:
    assert lowered(text) is None
    assert _matches_as_scanned(text) == _case_blind_matches(text)


def test_times_only_plain_lower_case_patterns_are_folded() -> None:
    assert folded_pattern(re.compile(r"(?P<n>\d+)\s+days?\b", re.IGNORECASE)) is not None
    assert folded_pattern(re.compile(r"days", 0)) is None  # not case-blind
    assert folded_pattern(re.compile(r"Days", re.IGNORECASE)) is None
    assert folded_pattern(re.compile(r"(?-i:days)", re.IGNORECASE)) is None
    assert folded_pattern(re.compile(r"(?P<d>a)(?P=d)", re.IGNORECASE)) is None
    assert folded_pattern(re.compile(r"\x41 days", re.IGNORECASE)) is None
