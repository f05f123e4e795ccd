from __future__ import annotations

import pytest

from eventwire.extract.events_lexicon import (
    WORD_USES,
    parse_word_uses,
    word_list,
    words_for,
)


def test_events_lexicon_word_uses_parse_one_row_per_word() -> None:
    text = (
        "# word\tuses\n"
        "group\tcounts,role_head\n"
        "flurry\tcounts\n"
        "\n"
        "aide\tnot_trigger\n"
    )
    uses = parse_word_uses(text)
    assert set(uses) == set(WORD_USES)
    assert uses["counts"] == {"group", "flurry"}
    assert uses["role_head"] == {"group"}
    assert uses["not_trigger"] == {"aide"}
    assert uses["support"] == frozenset()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("launch\tsupport\nvolley\tcount\n", "test.tsv:2: unknown use 'count'"),
        ("launch support\n", "test.tsv:1: expected 2 tab-separated columns"),
        ("launch\t\n", "test.tsv:1: expected 2 tab-separated columns"),
        ("# c\nlaunch\tsupport\nlaunch\tcontrol\n", "test.tsv:3: 'launch' is already on line 2"),
    ],
)
def test_events_lexicon_word_uses_reject_bad_rows(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_word_uses(text, "test.tsv")


def test_events_lexicon_packaged_words_serve_each_use() -> None:
    # Every use has words, and a word shared by two uses is read into both.
    for use in WORD_USES:
        assert words_for(use), use
    assert {"thousand", "series", "crowd"} <= words_for("counts")
    assert {"team", "group"} <= words_for("counts") & words_for("role_head")
    assert {"receive", "get"} <= words_for("undergo") & words_for("receive")
    assert "aides" in words_for("not_trigger")
    assert {"accuse", "blame"} <= words_for("accuse")
    assert "a" not in words_for("refers_back")


def test_events_lexicon_word_lists_skip_comments() -> None:
    nouns = word_list("actor_nouns.txt")
    assert {"protester", "authorities", "government"} <= nouns
    assert not any(word.startswith("#") or not word for word in nouns)
    assert "claim" in word_list("not_actors.txt")
