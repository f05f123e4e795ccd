"""The number grammar on tokenized text, without the statistical pipeline."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from eventwire.extract.quantities_lexicon import kind_lexicon, number_lexicon
from eventwire.extract.quantities_numbers import (
    NumberPhrase,
    _core_stretches,
    _matchers,
    number_phrases,
)


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def _phrases(blank: Language, text: str) -> list[tuple[str, NumberPhrase]]:
    doc = blank.make_doc(text)
    return [(doc[p.start : p.end].text, p) for p in number_phrases(doc)]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("they found 5,000 of them", "5,000", 5000),
        ("they found 1.2 million of them", "1.2 million", 1_200_000),
        ("they found twenty-one of them", "twenty-one", 21),
        ("they found twenty one of them", "twenty one", 21),
        ("they found a dozen of them", "a dozen", 12),
        ("they found two dozen of them", "two dozen", 24),
        ("they found half a million of them", "half a million", 500_000),
        ("they found three thousand of them", "three thousand", 3000),
        ("they found one hundred and five of them", "one hundred and five", 105),
        ("they found a score of them", "a score", 20),
        ("they found 3 million of them", "3 million", 3_000_000),
    ],
)
def test_quantities_numbers_values(blank: Language, text: str, span: str, value: float) -> None:
    [(found, phrase)] = _phrases(blank, text)
    assert (found, phrase.value, phrase.approx) == (span, value, "exact")


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("five six seven", ["five", "six", "seven"]),
        ("two and three", ["two", "three"]),
        ("one twenty", ["one", "twenty"]),
    ],
)
def test_quantities_numbers_adjacent_words_stay_apart(
    blank: Language, text: str, spans: list[str]
) -> None:
    assert [found for found, _ in _phrases(blank, text)] == spans


@pytest.mark.parametrize(
    ("text", "span", "approx", "low", "high"),
    [
        ("at least 33 of them", "at least 33", "at_least", 33, None),
        ("well over 100,000 of them", "well over 100,000", "at_least", 100_000, None),
        ("nearly 700 of them", "nearly 700", "at_most", None, 700),
        ("no more than 12 of them", "no more than 12", "at_most", None, 12),
        ("some 500 of them", "some 500", "about", None, None),
        ("an estimated 5,000 of them", "an estimated 5,000", "about", None, None),
        ("all 224 of them", "all 224", "exact", None, None),
        ("between 3 and 5 of them", "between 3 and 5", "about", 3, 5),
        ("3 to 5 million of them", "3 to 5 million", "about", 3_000_000, 5_000_000),
        ("200-250 of them", "200-250", "about", 200, 250),
        ("dozens of them", "dozens", "vague", 24, 99),
        ("several hundred of them", "several hundred", "vague", 300, 900),
        ("a handful of them", "a handful", "vague", 2, 5),
        ("all but eight of them", "all but eight", "vague", None, None),
    ],
)
def test_quantities_numbers_bounds(
    blank: Language, text: str, span: str, approx: str, low: float | None, high: float | None
) -> None:
    [(found, phrase)] = _phrases(blank, text)
    assert (found, phrase.approx, phrase.low, phrase.high) == (span, approx, low, high)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("it cost $ 40 billion", "money"),
        ("it cost US$40 billion", "money"),
        ("it cost 40 million dollars", "money"),
        ("it rose 5.5 percent", "percent"),
        ("it rose 5.5 %", "percent"),
        ("it lies 200 km away", "measure"),
        ("it held 2,750 tonnes", "measure"),
        ("it lasted 72 hours", "time"),
        ("it was built in 1997", "time"),
        ("a man aged 17 was held", "age"),
        ("a 31-year-old man", "age"),
        ("at the age of 56", "age"),
        ("the No. 1 reactor", "label"),
        ("with magnitude 7.8", "label"),
        ("it was 33 in all", "count"),
    ],
)
def test_quantities_numbers_category(blank: Language, text: str, category: str) -> None:
    [(_, phrase)] = _phrases(blank, text)
    assert phrase.category == category


def test_quantities_numbers_lexicons_load_and_name_known_kinds() -> None:
    kinds = kind_lexicon()
    assert kinds.transitive["kill"] == "killed"
    assert kinds.intransitive["die"] == "killed"
    assert number_lexicon().modifiers[("at", "least")] == "at_least"
    assert number_lexicon().vague[("dozens",)] == (24, 99)


@pytest.mark.parametrize(
    "text",
    [
        "About a hundred and twenty-one thousand people, half a million more and a few dozen.",
        "Between 3 and 5 - or 3 - 4 million - fled; and a and an and - stayed. Dozens died.",
        "1",
        "and a",
        "Twenty-Five HUNDRED troops, 1.2 billion dollars, a couple of thousand, 5,000.",
    ],
)
def test_numbers_matching_the_stretches_finds_what_matching_the_doc_finds(
    blank: Language, text: str
) -> None:
    doc = blank.make_doc(text)
    matchers = _matchers(doc.vocab)
    whole = matchers.cores(doc)
    stretches = _core_stretches(doc, matchers)
    assert all(0 <= s.start < s.end <= len(doc) for s in stretches)
    found = [(k, s.start + a, s.start + b) for s in stretches for k, a, b in matchers.cores(s)]
    assert found == whole
