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


def _said(words: list[str], subject: int, verb: int, label: str) -> Doc:
    """``words`` then "Noma works in Beirut .", parsed: ``words[subject]`` the subject of
    "said" at ``verb``, and "Noma" that of "works"; both names tagged ``label``."""
    words = [*words, "Noma", "works", "in", "Beirut", "."]
    n = len(words) - 5
    heads = [verb] * n + [n + 1, n + 1, n + 1, n + 2, n + 1]
    deps = ["dep"] * n + ["nsubj", "ROOT", "prep", "pobj", "punct"]
    deps[verb], deps[subject] = "ROOT", "nsubj"
    lemmas = [w.lower() for w in words]
    lemmas[verb], lemmas[n + 1] = "say", "work"
    ents = ["O"] * len(words)
    ents[subject], ents[n], ents[n + 3] = f"B-{label}", f"B-{label}", "B-GPE"
    spaces = [not (i + 1 < len(words) and words[i + 1] in {".", ","}) for i in range(len(words))]
    return Doc(VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, lemmas=lemmas,
               ents=ents)


@pytest.mark.parametrize(
    ("words", "subject", "verb"),
    [
        (['"', "Fine", '"', "said", "Noma", "."], 4, 3),  # "Fine" said Noma.
        (['"', "Fine", '"', "Noma", "said", "."], 3, 4),  # "Fine" Noma said.
    ],
)
def test_places_speaker_of_an_attribution_is_a_person_everywhere(
    gaz: Gazetteer, words: list[str], subject: int, verb: int
) -> None:
    doc = _said(words, subject, verb, "GPE")
    assert [p.text for p in _places(doc, gaz)] == ["Beirut"]


def test_places_subject_of_said_may_be_a_town(gaz: Gazetteer) -> None:
    # no quotation before "Noma said": the town for its council may speak; the parser's
    # place tag stands
    doc = _said(["Noma", "said", "no", "."], 0, 1, "GPE")
    assert [p.text for p in _places(doc, gaz)] == ["Noma", "Noma", "Beirut"]


@pytest.mark.parametrize(("title", "pos", "texts"), [
    ("coach", "NOUN", []),  # "coach Noma": a person
    ("major", "ADJ", ["Noma"]),  # as in "a major Noma project": an adjective, no title
])
def test_places_lower_case_title_before_a_name(
    gaz: Gazetteer, title: str, pos: str, texts: list[str]
) -> None:
    # tagged a place by the parser: the title before it makes it a person's name
    words = ["Thanks", "to", title, "Noma", "."]
    doc = Doc(VOCAB, words=words, spaces=[True, True, True, False, False],
              pos=["NOUN", "ADP", pos, "PROPN", "PUNCT"], ents=["O", "O", "O", "B-GPE", "O"])
    assert [p.text for p in _places(doc, gaz)] == texts


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
