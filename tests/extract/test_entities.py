from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.extract.entities import extract_entities


def _doc(words: list[str], ents: list[str], spaces: list[bool] | None = None) -> Doc:
    return Doc(Vocab(), words=words, spaces=spaces, ents=ents)


def test_entities_merge_repeated_names_and_keep_every_offset() -> None:
    doc = _doc(
        ["Moscow", "said", "it", "and", "Moscow", "agreed", "."],
        ["B-GPE", "O", "O", "O", "B-GPE", "O", "O"],
    )
    entities = extract_entities(doc)
    assert [e.name for e in entities] == ["Moscow"]
    assert [(m.start, m.end) for m in entities[0].mentions] == [(0, 6), (19, 25)]
    for mention in entities[0].mentions:
        assert doc.text[mention.start : mention.end] == mention.text


def test_entities_surname_joins_the_full_name() -> None:
    doc = _doc(
        ["Dmitry", "Peskov", "spoke", ".", "Peskov", "left", "."],
        ["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O"],
    )
    [person] = extract_entities(doc)
    assert person.name == "Dmitry Peskov"
    assert [m.text for m in person.mentions] == ["Dmitry Peskov", "Peskov"]


def test_entities_trim_leading_article() -> None:
    doc = _doc(
        ["the", "Syrian", "Observatory", "said"],
        ["B-ORG", "I-ORG", "I-ORG", "O"],
    )
    [org] = extract_entities(doc)
    assert org.name == "Syrian Observatory"
    assert (org.mentions[0].start, org.mentions[0].end) == (4, 22)


@pytest.mark.parametrize("label", ["DATE", "CARDINAL", "MONEY"])
def test_entities_ignore_non_entity_labels(label: str) -> None:
    doc = _doc(["On", "Friday", "it", "rained"], ["O", f"B-{label}", "O", "O"])
    assert extract_entities(doc) == []


@pytest.mark.slow
def test_entities_from_the_real_pipeline(nlp: Language) -> None:
    text = (
        "French Foreign Minister Laurent Fabius told France Inter radio that Paris "
        "would keep up its strikes on Raqqa. Fabius said the Kremlin agreed."
    )
    entities = extract_entities(nlp(text))
    names = {e.name: e for e in entities}
    assert "Laurent Fabius" in names
    assert len(names["Laurent Fabius"].mentions) == 2
    assert names["Laurent Fabius"].type == "PERSON"
    assert any(e.type == "GPE" and e.name in {"Paris", "Raqqa"} for e in entities)


def test_entities_prefer_the_mixed_case_spelling() -> None:
    doc = _doc(
        ["PARIS", ",", "Nov", "19", "-", "Paris", "woke", "."],
        ["B-GPE", "O", "O", "O", "O", "B-GPE", "O", "O"],
    )
    [place] = extract_entities(doc)
    assert place.name == "Paris"
    assert [m.text for m in place.mentions] == ["PARIS", "Paris"]
