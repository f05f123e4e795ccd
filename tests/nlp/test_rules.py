"""The fast attribute ruler must leave every token exactly as spaCy's own ruler does."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, MORPH, POS, TAG

from eventwire.config import Settings
from eventwire.nlp.rules import FastAttributeRuler, speed_up_attribute_ruler

from .conftest import assert_fast_component_agrees

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Contractions, multi-token lemma rules, pronoun cases, auxiliaries, runs of spaces: the
# rarer rules of the English tag map and morphology exceptions.
TRICKY = [
    "I told you I ain't gonna do it, y'all.  There are   two spaces.\n\n\nIt is what it is.",
    "Gon na got ta let's c'm on. I'd have had it. Nothin' doin'. Wasn't he? But he left.",
    "  \n Leading blanks. Whether or not, though, he gets it; she got it; you saw me and it.",
    "",
]


@pytest.mark.slow
def test_rules_fast_ruler_gives_the_same_tokens(settings: Settings) -> None:
    columns = [POS, TAG, MORPH, LEMMA, DEP, HEAD, IS_SPACE]

    def same(a: Doc, b: Doc) -> None:
        assert numpy.array_equal(a.to_array(columns), b.to_array(columns)), a.text[:60]
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]

    assert_fast_component_agrees(
        settings, speed_up_attribute_ruler, "attribute_ruler", FastAttributeRuler, TRICKY, same
    )


def test_rules_later_rule_overrides_and_index_targets_second_token() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=1)
    ruler.add([[{"LOWER": {"IN": ["na", "ta"]}}]], {"LEMMA": "na-lemma", "POS": "PART"})
    ruler.add([[{"LOWER": {"REGEX": "^g"}}]], {"POS": "VERB"})
    ruler.add([[{"IS_SPACE": True}]], {"TAG": "_SP"})
    plain = nlp("gon na  go ta")
    assert speed_up_attribute_ruler(nlp)
    doc = nlp("gon na  go ta")
    expected = [(t.lemma_, t.pos_, t.tag_) for t in plain]
    assert [(t.lemma_, t.pos_, t.tag_) for t in doc] == expected
    # "na": the single-token rule (added later) wins over the pair rule's lemma.
    assert (doc[1].lemma_, doc[1].pos_) == ("na-lemma", "PART")
    assert doc[2].tag_ == "_SP"


def test_rules_unsupported_pattern_keeps_spacys_ruler() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"POS": "DET"})
    assert not speed_up_attribute_ruler(nlp)
    assert nlp.get_pipe_meta("attribute_ruler").factory == "attribute_ruler"
    assert nlp("a a b")[1].pos_ == "DET"
