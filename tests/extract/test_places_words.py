from __future__ import annotations

from eventwire.extract.places_words import compass_words, compass_words_lower, not_places
from eventwire.resolve.gazetteer import name_key


def test_not_places_are_name_keys_of_the_data_file() -> None:
    keys = not_places()
    assert name_key("islamic state") in keys
    assert name_key("White House") in keys
    assert name_key("Paris") not in keys
    assert not any(k.startswith("#") for k in keys)  # comment lines are no names


def test_compass_words_lower_is_the_lower_case_of_each_compass_word() -> None:
    assert compass_words_lower() == {w.lower() for w in compass_words()}
    assert "north" in compass_words_lower()
