from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from eventwire.extract.times import extract_times
from eventwire.extract.times_calendar import (
    Point,
    Tense,
    holiday,
    month_year_near,
    parse_value,
    weekday_near,
    year_near,
)
from eventwire.extract.times_lexicon import lexicon

THU = date(2015, 11, 19)  # a Thursday
WED_BEIRUT = date(2020, 8, 5)  # a Wednesday
FRI = date(2015, 11, 20)
SUN = date(2015, 11, 22)


# --- calendar arithmetic, no pipeline -------------------------------------------------------


@pytest.mark.parametrize(
    ("weekday", "tense", "relation", "expected"),
    [
        (4, "past", "", date(2015, 11, 19)),  # same day counts in the past
        (4, "future", "", date(2015, 11, 26)),  # future: the next one
        (5, "future", "", date(2015, 11, 20)),
        (5, "past", "", date(2015, 11, 13)),
        (7, "past", "", date(2015, 11, 15)),
        (5, "past", "last", date(2015, 11, 13)),
        (4, None, "last", date(2015, 11, 12)),
        (1, None, "next", date(2015, 11, 23)),
        (3, None, "", date(2015, 11, 18)),  # no tense: the nearest
    ],
)
def test_times_weekday_near_follows_tense_and_relation(
    weekday: int, tense: Tense | None, relation: str, expected: date
) -> None:
    assert weekday_near(THU, weekday, tense, relation) == expected


@pytest.mark.parametrize(
    ("anchor", "month", "day", "tense", "weekday", "expected"),
    [
        (THU, 11, 18, "past", None, 2015),
        (THU, 12, 25, "future", None, 2015),
        (THU, 1, 10, "future", None, 2016),
        (THU, 9, 30, None, None, 2015),
        (date(2016, 1, 5), 12, 20, "past", None, 2015),
        # a coming deadline in a past-tense clause ("was extended to Nov. 30")
        (THU, 11, 30, "past", None, 2015),
        (date(2015, 10, 25), 10, 26, None, 1, 2015),  # "Monday, Oct. 26"
    ],
)
def test_times_year_near_picks_the_plausible_year(
    anchor: date, month: int, day: int, tense: Tense | None, weekday: int | None, expected: int
) -> None:
    assert year_near(anchor, month, day, tense, weekday) == expected


@pytest.mark.parametrize(
    ("month", "tense", "expected"),
    [
        (1, "past", 2015),
        (1, "future", 2016),
        (11, None, 2015),
        (12, None, 2015),
        (3, None, 2016),
        (5, None, 2015),
    ],
)
def test_times_month_year_near(month: int, tense: Tense | None, expected: int) -> None:
    assert month_year_near(THU, month, tense) == expected


@pytest.mark.parametrize(
    ("point", "value"),
    [
        (Point("day", THU), "2015-11-19"),
        (Point("day", THU, "EV"), "2015-11-19TEV"),
        (Point("week", THU), "2015-W47"),
        (Point("weekend", date(2015, 11, 21)), "2015-W47-WE"),
        (Point("month", THU), "2015-11"),
        (Point("quarter", THU), "2015-Q4"),
        (Point("half", THU), "2015-H2"),
        (Point("season", THU, "FA"), "2015-FA"),
        (Point("year", THU), "2015"),
        (Point("decade", date(1994, 1, 1)), "199"),
        (Point("century", date(1994, 1, 1)), "19"),
    ],
)
def test_times_point_values(point: Point, value: str) -> None:
    assert point.value() == value


def test_times_point_shift_clamps_month_ends() -> None:
    assert Point("day", date(2016, 3, 31)).shift("month", -1).day == date(2016, 2, 29)
    assert Point("week", date(2016, 1, 4)).shift("week", -1).value() == "2015-W53"
    assert Point("quarter", date(2015, 2, 1)).shift("quarter", -1).value() == "2014-Q4"


@pytest.mark.parametrize(
    ("value", "granularity"),
    [
        ("2015-11-19", "day"),
        ("2015-11", "month"),
        ("2015-W47", "week"),
        ("2015-Q3", "quarter"),
        ("2015", "year"),
    ],
)
def test_times_parse_value_round_trips(value: str, granularity: str) -> None:
    point = parse_value(value)
    assert point is not None and point.granularity == granularity
    assert point.value() == value


@pytest.mark.parametrize("value", ["P3D", "PRESENT_REF", "XXXX-WXX-2", "2015-13-45"])
def test_times_parse_value_rejects_non_points(value: str) -> None:
    assert parse_value(value) is None


@pytest.mark.parametrize(
    ("year", "rule", "expected"),
    [
        (2024, "EASTER", date(2024, 3, 31)),
        (2015, "EASTER", date(2015, 4, 5)),
        (2015, "11-TH4", date(2015, 11, 26)),
        (2015, "05-MOL", date(2015, 5, 25)),
        (2015, "12-25", date(2015, 12, 25)),
    ],
)
def test_times_holiday_rules(year: int, rule: str, expected: date) -> None:
    assert holiday(year, rule) == expected


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("72", 72),
        ("twenty-four", 24),
        ("a", 1),
        ("a hundred", 100),
        ("5 1/2", 5.5),
        ("two and a half", 2.5),
        ("1,000", 1000),
        ("lots", None),
    ],
)
def test_times_lexicon_numbers(text: str, number: float | None) -> None:
    assert lexicon().number(text) == number


def test_times_lexicon_prospective_verbs() -> None:
    # Verbs whose complements lie ahead, read from lexicon.json, by lemma.
    prospective = lexicon().prospective
    assert {"schedule", "postpone", "due", "adjourn"} <= prospective
    assert not prospective & {"say", "resign", "scheduled"}


# --- the extractor on parsed sentences ------------------------------------------------------

# (sentence, publication date, expected (text, type, value) items among the extracted ones)
CASES: list[tuple[str, date | None, list[tuple[str, str, str | None]]]] = [
    ("The minister resigned on Thursday.", THU, [("Thursday", "DATE", "2015-11-19")]),
    ("The minister will resign on Thursday.", THU, [("Thursday", "DATE", "2015-11-26")]),
    ("The talks will resume on Friday.", THU, [("Friday", "DATE", "2015-11-20")]),
    ("Rebels shelled the town last Friday.", THU, [("last Friday", "DATE", "2015-11-13")]),
    ("Fighting has continued since Sunday.", THU, [("Sunday", "DATE", "2015-11-15")]),
    (
        "He arrived yesterday, spoke today and leaves tomorrow.",
        THU,
        [
            ("yesterday", "DATE", "2015-11-18"),
            ("today", "DATE", "2015-11-19"),
            ("tomorrow", "DATE", "2015-11-20"),
        ],
    ),
    ("Food prices rose last month.", THU, [("last month", "DATE", "2015-10")]),
    ("Talks continue this week.", THU, [("this week", "DATE", "2015-W47")]),
    ("Exports fell last year.", THU, [("last year", "DATE", "2014")]),
    ("The plant closed in January last year.", THU, [("January last year", "DATE", "2014-01")]),
    ("The camp has been open since 30 September.", THU, [("30 September", "DATE", "2015-09-30")]),
    ("The strikes began on Nov. 18.", THU, [("Nov. 18", "DATE", "2015-11-18")]),
    (
        "The strikes began on 18 November 2015.",
        date(2016, 2, 1),
        [("18 November 2015", "DATE", "2015-11-18")],
    ),
    ("The accord was signed in 2014.", THU, [("2014", "DATE", "2014")]),
    ("The conflict dragged on through the 1990s.", THU, [("the 1990s", "DATE", "199")]),
    ("Police held him for 72 hours.", THU, [("72 hours", "DURATION", "PT72H")]),
    ("The siege lasted more than four years.", THU, [("more than four years", "DURATION", "P4Y")]),
    ("A two-week ceasefire took hold.", THU, [("two-week", "DURATION", "P2W")]),
    (
        "The blast struck on Tuesday evening.",
        WED_BEIRUT,
        [("Tuesday evening", "TIME", "2020-08-04TEV")],
    ),
    (
        "The blast struck on Tuesday night.",
        WED_BEIRUT,
        [("Tuesday night", "TIME", "2020-08-04TNI")],
    ),
    (
        "The city is now calm and prices are currently stable.",
        THU,
        [("now", "DATE", "PRESENT_REF"), ("currently", "DATE", "PRESENT_REF")],
    ),
    ("The group recently moved its base.", THU, [("recently", "DATE", "PAST_REF")]),
    ("Inspectors visit the site every week.", THU, [("every week", "SET", "P1W")]),
    ("Violence has risen over the past decade.", THU, [("the past decade", "DURATION", "P10Y")]),
    (
        "The quake hit on Nov. 2. Three days later, the first aid convoy arrived.",
        THU,
        [("Nov. 2", "DATE", "2015-11-02"), ("Three days later", "DATE", "2015-11-05")],
    ),
    ("Troops were deployed earlier this month.", THU, [("earlier this month", "DATE", "2015-11")]),
    (
        "Profit rose in the third quarter and fell in the fourth quarter of 2014.",
        THU,
        [
            ("the third quarter", "DATE", "2015-Q3"),
            ("the fourth quarter of 2014", "DATE", "2014-Q4"),
        ],
    ),
    ("Earnings for fiscal 2016 look better.", THU, [("fiscal 2016", "DATE", "2016")]),
    ("Sales grew in the first half.", THU, [("the first half", "DATE", "2015-H1")]),
    ("The ministers met two weeks ago.", THU, [("two weeks ago", "DATE", "2015-W45")]),
    (
        "Markets reopened at 9:30 a.m. Friday.",
        date(2015, 11, 21),
        [("9:30 a.m. Friday", "TIME", "2015-11-20T09:30")],
    ),
    ("The vote was held in March 2012.", THU, [("March 2012", "DATE", "2012-03")]),
    ("Aid workers fear a long winter this year.", THU, [("this year", "DATE", "2015")]),
    ("Markets close on Christmas Day.", THU, [("Christmas Day", "DATE", "2015-12-25")]),
    ("The curfew lasted half an hour.", THU, [("half an hour", "DURATION", "PT30M")]),
    # "until" looks ahead, unless its clause is past.
    ("The border stays closed until Monday.", THU, [("Monday", "DATE", "2015-11-23")]),
    (
        "Until Thursday, investigators had described him only as a witness.",
        FRI,
        [("Thursday", "DATE", "2015-11-19")],
    ),
    # A planning verb looks ahead, but not from a date before it nor from a pluperfect.
    (
        "The court scheduled a hearing for Monday.",
        THU,
        [("Monday", "DATE", "2015-11-23")],
    ),
    (
        "The president on Saturday vowed to hunt down the attackers.",
        SUN,
        [("Saturday", "DATE", "2015-11-21")],
    ),
    (
        "The offer had been due to expire Friday evening.",
        SUN,
        [("Friday evening", "TIME", "2015-11-20TEV")],
    ),
    # Vague references.
    ("Its current chairman will retire.", THU, [("current", "DATE", "PRESENT_REF")]),
    ("Kidnappings have risen in recent years.", THU, [("recent years", "DURATION", "PXY")]),
    (
        "Shareholders responded coolly to yesterday's announcement.",
        THU,
        [("yesterday", "DATE", "2015-11-18")],
    ),
    ("Rebels attacked a week or so ago.", THU, [("a week or so ago", "DATE", "2015-W46")]),
    (
        "The airline runs four flights a week.",
        THU,
        [("a week", "SET", "P1W")],
    ),
    (
        "The quake hit on Nov. 2. The next day, rescuers arrived; the next morning they left.",
        THU,
        [("The next day", "DATE", "2015-11-03"), ("the next morning", "TIME", "2015-11-04TMO")],
    ),
    ("The plan runs to the year two thousand.", THU, [("the year two thousand", "DATE", "2000")]),
    (
        "Regulators gave the firm until December to reply.",
        THU,
        [("December", "DATE", "2015-12")],
    ),
    # "the quarter ended <date>" takes the quarter of its closing date, which stays the
    # topic of what follows.
    (
        "Profit fell in the quarter ended July 31, down from a year ago.",
        THU,
        [
            ("the quarter", "DATE", "2015-Q2"),
            ("July 31", "DATE", "2015-07-31"),
            ("a year ago", "DATE", "2014-Q2"),
        ],
    ),
]


def _key(sentence: str, published: date | None) -> str:
    return f"{published}:{sentence[:40]}"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "published", "expected"), CASES, ids=[_key(s, p) for s, p, _ in CASES]
)
def test_times_extracts_span_type_and_value(
    nlp: Language,
    sentence: str,
    published: date | None,
    expected: list[tuple[str, str, str | None]],
) -> None:
    doc = nlp(sentence)
    found = [(t.text, t.type, t.value) for t in extract_times(doc, published)]
    for item in expected:
        assert item in found


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "published", "expected"), CASES[:12])
def test_times_without_publication_date_leaves_relative_unresolved(
    nlp: Language,
    sentence: str,
    published: date | None,
    expected: list[tuple[str, str, str | None]],
) -> None:
    times = extract_times(nlp(sentence), None)
    assert times
    for time in times:
        assert time.unresolved and time.value is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The strikes began on 18 November 2015.", "2015-11-18"),
        ("The accord was signed in 2014.", "2014"),
        ("The siege lasted more than four years.", "P4Y"),
        ("Inspectors visit the site every week.", "P1W"),
        ("The conflict dragged on through the 1990s.", "199"),
    ],
)
def test_times_without_publication_date_still_resolves_absolute(
    nlp: Language, sentence: str, value: str
) -> None:
    [time] = extract_times(nlp(sentence), None)
    assert time.value == value and not time.unresolved


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "published", "expected"), CASES)
def test_times_offsets_match_the_text_and_ids_run_in_order(
    nlp: Language,
    sentence: str,
    published: date | None,
    expected: list[tuple[str, str, str | None]],
) -> None:
    doc = nlp(sentence)
    times = extract_times(doc, published)
    assert [t.id for t in times] == [f"T{n}" for n in range(1, len(times) + 1)]
    assert [t.start for t in times] == sorted(t.start for t in times)
    for time in times:
        assert doc.text[time.start : time.end] == time.text


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        "The 60-year-old farmer sold a quarter of his land.",
        "Theresa May met the donors.",
        "She earns $50,000 a year and pays 2014 dollars in rent.",
        "The daily newspaper printed 1,990 copies.",
        "Engineers measured the current in the river.",
        "Today's youth read less.",
        'Baker said on ABC\'s "This Week" that talks had failed.',
        'She told CBS\'s "60 Minutes" she would stay.',
    ],
)
def test_times_ignore_ages_fractions_names_and_amounts(nlp: Language, sentence: str) -> None:
    assert extract_times(nlp(sentence), THU) == []


@pytest.mark.slow
def test_times_trim_sentence_final_period_after_full_month_names(nlp: Language) -> None:
    [time] = extract_times(nlp("The camp has been open since September."), THU)
    assert time.text == "September"
    assert time.value == "2015-09"
