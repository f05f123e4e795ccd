"""Names the parser did not call places: a common given name alone, a town's name
opening an organisation's after "of", a town's name after another word of a name."""

from __future__ import annotations

import pytest

from eventwire.resolve.gazetteer import Gazetteer

from .test_places import _doc, _places, _small_gazetteer_with


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    rows = [
        "\tMichael\tA.ADM1\tIM\t54.28\t-4.58\t0\t\n",
        "\tPatrick\tA.ADM1\tIM\t54.2\t-4.68\t0\t\n",
        "\tFord\tP.PPL\tGB\t55.63\t-2.1\t5000\t\n",
        "\tBell\tP.PPL\tUS\t33.97\t-118.19\t35000\t\n",
        "\tCalabarzon\tA.ADM1\tPH\t14.1\t121.3\t14000000\tRegion IV-A|Region\n",
    ]
    return _small_gazetteer_with(tmp_path_factory.mktemp("gaz_names"), rows)


@pytest.mark.parametrize(
    ("tagged", "texts"),
    [
        # a given name the parser calls a person: not the Isle of Man's sheading
        ("He waited , and Michael/B-PERSON left .", []),
        ("Later Patrick/B-PERSON agreed .", []),
        # unless the text uses it as a place
        ("He moved to Michael/B-PERSON last year .", ["Michael"]),
        ("Farms in Michael/B-PERSON , Patrick/B-PERSON and Ayre flooded .",
         ["Michael", "Patrick"]),
    ],
)
def test_places_lone_given_name_is_a_person(
    gaz: Gazetteer, tagged: str, texts: list[str]
) -> None:
    assert [p.text for p in _places(_doc(tagged), gaz)] == texts


def test_places_of_before_an_organisation_is_the_organisation_s(gaz: Gazetteer) -> None:
    doc = _doc("They are part of Ford/B-ORG Motor/I-ORG Company/I-ORG now .")
    assert _places(doc, gaz) == []
    # "at" before it still says where
    doc = _doc("They met at Ford/B-ORG Motor/I-ORG Company/I-ORG now .")
    assert [p.text for p in _places(doc, gaz)] == ["Ford"]
    # and "of" after a compass word ("east of")
    doc = _doc("They camped east of Ford/B-ORG Valley/I-ORG now .")
    assert [p.text for p in _places(doc, gaz)] == ["Ford"]
    # and "of" before the town's name alone
    assert [p.text for p in _places(_doc("The people of Ford/B-ORG voted ."), gaz)] == [
        "Ford"
    ]


@pytest.mark.parametrize(
    ("tagged", "texts"),
    [
        # a small town's name after another word of the name: the name's own word
        ("Pupils of Liberty/B-ORG Bell/I-ORG Middle/I-ORG School/I-ORG sang .", []),
        # a country is named even so
        ("They flew Air/B-ORG France/I-ORG home .", ["France"]),
        # the town's name opening the school's
        ("Pupils of Bell/B-ORG Middle/I-ORG School/I-ORG sang .", ["Bell"]),
    ],
)
def test_places_name_after_another_word_of_a_name(
    gaz: Gazetteer, tagged: str, texts: list[str]
) -> None:
    assert [p.text for p in _places(_doc(tagged), gaz)] == texts


def test_places_type_word_alone_is_no_place(gaz: Gazetteer) -> None:
    # "Region" is an alias of a Philippine region in the gazetteer; alone it names none
    assert _places(_doc("Towns pay the Region/B-ORG 1 board ."), gaz) == []
    assert [p.name for p in _places(_doc("Towns in Calabarzon/B-GPE pay ."), gaz)] == [
        "Calabarzon"
    ]
