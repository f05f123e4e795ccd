"""The fast lemmatizer must give every token exactly the lemma spaCy's own lemmatizer gives."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import spacy
from spacy.lookups import Lookups

from eventwire.cli import sample_paths
from eventwire.config import Settings
from eventwire.ingest import read_inputs
from eventwire.ingest.base import RawArticle
from eventwire.nlp.lemmas import FastLemmatizer, speed_up_lemmatizer

if TYPE_CHECKING:
    from spacy.language import Language

# Irregular forms, comparatives, contractions, unknown words, capitals and blanks.
TRICKY = [
    "The geese were better fed than the mice; she'd ridden further and sung worse.",
    "Flibbertigibbets flobbed the zorgs.  NATO's Secretaries-General SAID it's ANALYSES'.",
    "  \n I ain't gonna do it, y'all. Wasn't he? Children's toys, oxen, data, criteria.",
    "",
]


@pytest.fixture(scope="module")
def pipelines(settings: Settings) -> tuple[Language, Language]:
    plain = spacy.load(settings.spacy_model)
    fast = spacy.load(settings.spacy_model)
    assert speed_up_lemmatizer(fast)
    return plain, fast


@pytest.mark.slow
def test_lemmas_fast_lemmatizer_gives_the_same_lemmas(
    settings: Settings, pipelines: tuple[Language, Language]
) -> None:
    plain, fast = pipelines
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    assert plain.pipe_names == fast.pipe_names
    texts = [r.text for r in read_inputs(sample_paths(), settings) if isinstance(r, RawArticle)]
    # Twice: the second time every combination is already remembered.
    for _ in range(2):
        for a, b in zip(plain.pipe(texts + TRICKY), fast.pipe(texts + TRICKY), strict=True):
            assert [t.lemma_ for t in a] == [t.lemma_ for t in b], a.text[:60]


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
