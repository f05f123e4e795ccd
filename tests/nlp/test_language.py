from __future__ import annotations

import pytest

from eventwire.nlp.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rescue teams reached the flooded villages on Tuesday after the river burst its banks.",
            "en",
        ),
        ("Les secours ont atteint mardi les villages inondés après la crue de la rivière.", "fr"),
        ("Die Rettungskräfte erreichten am Dienstag die überfluteten Dörfer am Fluss.", "de"),
        ("Los equipos de rescate llegaron el martes a los pueblos inundados junto al río.", "es"),
    ],
)
def test_language_identifies_common_languages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_language_short_text_counts_as_english() -> None:
    assert detect_language("Oui.") == "en"


def test_language_english_with_west_african_names_stays_english() -> None:
    text = (
        "ABUJA, May 6, 2014 (Test Wire) - Boko Haram militants abducted 276 schoolgirls "
        "from a school in Chibok last month."
    )
    assert detect_language(text) == "en"
