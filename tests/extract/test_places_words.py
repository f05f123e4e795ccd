from __future__ import annotations

from typing import get_args

from eventwire.extract.places_words import WordList, word_list
from eventwire.resolve.gazetteer import name_key


def test_not_places_are_name_keys_of_the_data_file() -> None:
    keys = word_list("not_places")
    assert name_key("islamic state") in keys
    assert name_key("White House") in keys
    assert name_key("Paris") not in keys
    assert not any(k.startswith("#") for k in keys)  # comment lines are no names


def test_compass_words_lower_is_the_lower_case_of_each_compass_word() -> None:
    assert word_list("compass_words_lower") == {w.lower() for w in word_list("compass_words")}
    assert "north" in word_list("compass_words_lower")


def test_person_titles_drop_an_abbreviations_full_stop() -> None:
    assert not any(w.endswith(".") for w in word_list("person_titles"))


def test_every_list_name_reads_a_non_empty_data_file() -> None:
    for name in get_args(WordList):
        words = word_list(name)
        assert words and not any(w.startswith("#") or w != w.strip() for w in words), name
