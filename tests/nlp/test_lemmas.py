"""The fast lemmatizer must give every token exactly the lemma spaCy's own lemmatizer gives."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import spacy
from spacy.lookups import Lookups

from eventwire.config import Settings
from eventwire.nlp.lemmas import FastLemmatizer, speed_up_lemmatizer

from .conftest import assert_fast_component_agrees

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Irregular forms, comparatives, contractions, unknown words, capitals and blanks.
TRICKY = [
    "The geese were better fed than the mice; she'd ridden further and sung worse.",
    "Flibbertigibbets flobbed the zorgs.  NATO's Secretaries-General SAID it's ANALYSES'.",
    "  \n I ain't gonna do it, y'all. Wasn't he? Children's toys, oxen, data, criteria.",
    "",
]


@pytest.mark.slow
def test_lemmas_fast_lemmatizer_gives_the_same_lemmas(settings: Settings) -> None:
    def same(a: Doc, b: Doc) -> None:
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b], a.text[:60]

    # Twice: the second time every combination is already remembered.
    assert_fast_component_agrees(
        settings, speed_up_lemmatizer, "lemmatizer", FastLemmatizer, TRICKY, same, rounds=2
    )


def _lookup_pipeline(overwrite: bool) -> Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "went"}]], {"LEMMA": "WENT"})
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": overwrite})
    lookups = Lookups()
    lookups.add_table("lemma_lookup", {"went": "go", "mice": "mouse", "geese": "goose"})
    lemmatizer.initialize(lookups=lookups)
    return nlp


@pytest.mark.parametrize("overwrite", [False, True])
def test_lemmas_keep_or_overwrite_the_ruler_lemma_as_spacy_does(overwrite: bool) -> None:
    text = "geese went and mice went home"
    nlp = _lookup_pipeline(overwrite)
    expected = [t.lemma_ for t in nlp(text)]
    assert speed_up_lemmatizer(nlp)
    assert [t.lemma_ for t in nlp(text)] == expected
    assert expected[1] == ("go" if overwrite else "WENT")
    assert expected[0] == "goose" and expected[5] == "home"


def test_lemmas_without_tables_keep_spacys_lemmatizer() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    assert not speed_up_lemmatizer(nlp)
    assert nlp.get_pipe_meta("lemmatizer").factory == "lemmatizer"
    assert not speed_up_lemmatizer(nlp, name="no such component")
