"""People's names the article itself marks as such: speakers of an attribution, full names
opening with a common given name; names of a virus's species."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from eventwire.resolve.gazetteer import Gazetteer

from .test_places import VOCAB, _doc, _places, _small_gazetteer_with


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    rows = [
        "\tNoma\tP.PPL\tUS\t38.91\t-77.0\t20700\t\n",
        "\tMichael\tA.ADM1\tIM\t54.28\t-4.58\t0\t\n",
        "\tReston\tP.PPL\tUS\t38.97\t-77.34\t60000\t\n",
        "\tNotre Dame\tP.PPL\tUS\t41.7\t-86.24\t6000\t\n",
    ]
    return _small_gazetteer_with(tmp_path_factory.mktemp("gaz_scan"), rows)


def _attributed(name: str, label: str, inverted: bool) -> Doc:
    """'"Fine," said Noma. Noma works in Beirut.' (or '... "Fine," Noma said.'), parsed:
    the name the subject of "said" and of "works", tagged ``label`` both times."""
    said = ["said", name] if inverted else [name, "said"]
    words = ['"', "Fine", ",", '"', *said, ".", name, "works", "in", "Beirut", "."]
    verb, subject = (4, 5) if inverted else (5, 4)
    heads = [verb] * 7 + [8, 8, 8, 9, 8]
    deps = ["punct"] * 7 + ["nsubj", "ROOT", "prep", "pobj", "punct"]
    deps[verb], deps[subject], deps[1] = "ROOT", "nsubj", "ccomp"
    lemmas = [w.lower() for w in words]
    lemmas[verb], lemmas[8] = "say", "work"
    ents = ["O"] * len(words)
    ents[subject], ents[7], ents[10] = f"B-{label}", f"B-{label}", "B-GPE"
    spaces = [False, False, False, True, True, False, True, True, True, True, False, False]
    return Doc(VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, lemmas=lemmas,
               ents=ents)


def test_places_speaker_of_an_attribution_is_a_person_everywhere(gaz: Gazetteer) -> None:
    doc = _attributed("Noma", "GPE", inverted=True)
    assert [p.text for p in _places(doc, gaz)] == ["Beirut"]


def test_places_subject_before_said_may_be_a_town(gaz: Gazetteer) -> None:
    # "Noma said" may be a town for its council: the parser's place tag stands
    doc = _attributed("Noma", "GPE", inverted=False)
    assert [p.text for p in _places(doc, gaz)] == ["Noma", "Noma", "Beirut"]


def test_places_full_name_after_in_opening_with_a_given_name(gaz: Gazetteer) -> None:
    doc = _doc("They rode in Michael/B-PERSON Smith/I-PERSON 's car .")
    assert _places(doc, gaz) == []
    # a town's name after "in" is a place even if the parser calls it a person
    doc = _doc("They rode in Noma/B-PERSON Smith/I-PERSON 's car .")
    assert [p.text for p in _places(doc, gaz)] == ["Noma"]


@pytest.mark.parametrize("word", ["ebolavirus", "virus", "hantaviruses"])
def test_places_name_of_a_virus_species_is_not_a_place(gaz: Gazetteer, word: str) -> None:
    assert _places(_doc(f"Pigs carried the Reston/B-GPE {word} ."), gaz) == []


def test_places_town_before_a_common_noun_stays(gaz: Gazetteer) -> None:
    assert [p.text for p in _places(_doc("Pigs left the Reston/B-GPE farm ."), gaz)] == [
        "Reston"
    ]


def test_places_university_named_like_a_town(gaz: Gazetteer) -> None:
    # "Notre Dame" names the university (and cathedrals) far more than the town
    doc = _doc("Notre/B-FAC Dame/I-FAC won , and Reston/B-GPE cheered .")
    assert [p.text for p in _places(doc, gaz)] == ["Reston"]
