"""Datelines: a full date at the head of an article, never a guessed year."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.ingest.dateline import find_dateline_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "BEIRUT, Aug 5, 2020 (Meridian News Service) - Rescuers searched the port.",
            date(2020, 8, 5),
        ),
        (
            "PARIS, 19 November 2015 — Police raided a flat in the north of the city.",
            date(2015, 11, 19),
        ),
        ("Nov. 18, 2015 /PRNewswire/ -- A regional bank opened two branches.", date(2015, 11, 18)),
        ("KATHMANDU, April 26, 2015: Aftershocks kept people in the streets.", date(2015, 4, 26)),
        ("SAN JOSE, Calif., Sept. 3, 2019 /PRNewswire/ -- A chip maker said...", date(2019, 9, 3)),
        ("Washington, D.C., Monday, March 2, 2020 - Lawmakers met late.", date(2020, 3, 2)),
        ("BERLIN (Reuters), 4th March 2021 - The coalition agreed a budget.", date(2021, 3, 4)),
        ("OSLO, 2022-06-01 - The ferry strike ended.", date(2022, 6, 1)),
        ("RAQQA/PARIS, Nov. 18, 2015 - Jets struck again.", date(2015, 11, 18)),
        ("SENDAI, Japan, March 13, 2011 (Tidewater Dispatch) - Rescuers...", date(2011, 3, 13)),
        ("Dam repairs begin\n\nRIVERTON, March 14, 2021 — Crews arrived.", date(2021, 3, 14)),
        (
            "By Ana Ruiz\nDam repairs begin\n\nRIVERTON, 14 Mar. 2021 - Crews arrived.",
            date(2021, 3, 14),
        ),
    ],
)
def test_dateline_full_dates(text: str, expected: date) -> None:
    assert find_dateline_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON (AP) — The Senate passed the bill late on Tuesday.",
        "LONDON, Aug 5 (Reuters) - Shares rose in early trading.",
        "PARIS, 19 November — Police raided a flat.",
        "The attack on Nov 13, 2015 killed 130 people, officials said.",
        "Nov 13, 2015, was a Friday, survivors recalled.",
        "WASHINGTON, Feb 30, 2020 - An impossible day.",
        "ROME, May 5, 1850 - Too early to be a news dateline here.",
        "x" * 250 + "\nPARIS, 19 November 2015 — A dateline after a long paragraph is not one.",
        "\n" * 400 + "PARIS, 19 November 2015 — Too far from the start.",
        "",
        "Marching bands filled the square, 3 2020 -",
    ],
)
def test_dateline_none_without_a_full_leading_date(text: str) -> None:
    assert find_dateline_date(text) is None
