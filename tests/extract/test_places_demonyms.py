"""A continent's or region's adjective in two words ("North American"), and the last word
of such a name, which is no demonym of its own."""

from __future__ import annotations

import pytest

from eventwire.resolve.gazetteer import Gazetteer

from .test_places import _doc, _places, _small_gazetteer_with


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    rows = [
        "\tNorth America\tL.CONT\t\t46.07\t-100.55\t580000000\t\n",
        "\tCentral America\tL.RGN\t\t12.0\t-85.0\t40000000\t\n",
    ]
    return _small_gazetteer_with(tmp_path_factory.mktemp("gaz_regions"), rows)


@pytest.mark.parametrize(
    ("tagged", "expected"),
    [
        ("North/B-NORP American/I-NORP trade grew .", [("North American", "North America")]),
        ("Central/B-NORP Americans/I-NORP arrived .", [("Central Americans",
                                                        "Central America")]),
        # inside an agreement's name
        ("The/B-ORG North/I-ORG American/I-ORG Free/I-ORG Trade/I-ORG Agreement/I-ORG "
         "lapsed .", [("North American", "North America")]),
        # no region of that name: no place, and "American" is not the US's demonym here
        ("South/B-NORP American/I-NORP trade grew .", []),
    ],
)
def test_places_region_adjective(
    gaz: Gazetteer, tagged: str, expected: list[tuple[str, str]]
) -> None:
    assert [(p.text, p.name) for p in _places(_doc(tagged), gaz)] == expected


def test_places_state_body_demonym_opens_its_name(gaz: Gazetteer) -> None:
    # "trade" after a demonym makes a state body's name: "the American trade
    # representative"; not after a word that makes the demonym part of a longer name
    places = _places(_doc("The American trade envoy left ."), gaz)
    assert [(p.text, p.country) for p in places] == [("American", "US")]
    assert _places(_doc("The Pan American trade fair opened ."), gaz) == []
