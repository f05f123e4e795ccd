"""Quantities through the real pipeline, on sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventwire.extract.quantities import extract_quantities
from eventwire.model import Actor, Quantity, Quote, Speaker

pytestmark = pytest.mark.slow


def _quantities(nlp: Language, text: str, quotes: list[Quote] | None = None) -> list[Quantity]:
    doc = nlp(text)
    found = extract_quantities(doc, quotes or [])
    for quantity in found:
        assert doc.text[quantity.start : quantity.end] == quantity.text
    return found


def _one(nlp: Language, text: str) -> Quantity:
    found = _quantities(nlp, text)
    assert len(found) == 1, [(q.text, q.kind) for q in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "approx", "value", "low", "high"),
    [
        ("Shelling killed nearly 700 civilians.", "nearly 700", "at_most", 700, None, 700),
        ("Almost 40 villagers died when the dam burst.", "Almost 40", "at_most", 40, None, 40),
        ("The flood left up to 3,000 homeless.", "up to 3,000", "at_most", 3000, None, 3000),
        ("Fewer than ten soldiers were wounded.", "Fewer than ten", "at_most", 10, None, 10),
        ("Some 500 protesters were detained overnight.", "Some 500", "about", 500, None, None),
        ("About 80 people were injured in the stampede.", "About 80", "about", 80, None, None),
        ("Around 200 houses were destroyed by the fire.", "Around 200", "about", 200, None, None),
        ("Roughly 60 buildings were damaged in the blast.", "Roughly 60", "about", 60, None, None),
        ("An estimated 12,000 residents fled.", "An estimated 12,000", "about", 12000, None, None),
        ("At least 300,000 people were displaced.", "At least 300,000", "at_least", 3e5, 3e5, None),
        ("More than 40 rebels were killed.", "More than 40", "at_least", 40, 40, None),
        ("Over 150 migrants are missing.", "Over 150", "at_least", 150, 150, None),
        ("Between 3 and 5 guards were killed at the gate.", "Between 3 and 5", "about", None, 3, 5),
        ("Police arrested 20 to 30 demonstrators on Sunday.", "20 to 30", "about", None, 20, 30),
        ("The earthquake killed 5,000 people.", "5,000", "exact", 5000, None, None),
        ("The death toll would likely exceed 10,000.", "10,000", "at_least", 10000, 10000, None),
    ],
)
def test_quantities_bounds(
    nlp: Language,
    text: str,
    span: str,
    approx: str,
    value: float | None,
    low: float | None,
    high: float | None,
) -> None:
    quantity = _one(nlp, text)
    assert (quantity.text, quantity.approx) == (span, approx)
    assert (quantity.value, quantity.low, quantity.high) == (value, low, high)


@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        ("Dozens of civilians were killed in the raid.", "Dozens", 24, 99),
        ("Hundreds of families fled the shelling.", "Hundreds", 200, 999),
        ("Thousands of people were evacuated from the coast.", "Thousands", 2000, 9999),
        ("Scores of students were arrested after the protest.", "Scores", 40, 99),
        ("Tens of thousands of refugees crossed the border.", "Tens of thousands", 20000, 99999),
        ("Hundreds of thousands of people fled.", "Hundreds of thousands", 200000, 999999),
        ("Several officers were injured in the clashes.", "Several", 3, 9),
    ],
)
def test_quantities_vague_words_get_conventional_bounds(
    nlp: Language, text: str, span: str, low: float, high: float
) -> None:
    quantity = _one(nlp, text)
    assert (quantity.text, quantity.approx, quantity.value) == (span, "vague", None)
    assert (quantity.low, quantity.high) == (low, high)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Three journalists were kidnapped near the border.", "Three", 3),
        ("Twenty-one miners died in the explosion.", "Twenty-one", 21),
        ("A dozen fuel trucks were destroyed in the strike.", "A dozen", 12),
        ("The war has displaced 1.2 million people.", "1.2 million", 1_200_000),
        ("The earthquake killed 5,000 people.", "5,000", 5000),
        ("More than half a million homes were destroyed.", "More than half a million", 500_000),
        ("One hundred and five prisoners were released.", "One hundred and five", 105),
    ],
)
def test_quantities_number_words(nlp: Language, text: str, span: str, value: float) -> None:
    quantity = _one(nlp, text)
    assert (quantity.text, quantity.value) == (span, value)


@pytest.mark.parametrize(
    ("text", "obj"),
    [
        ("A dozen fuel trucks were destroyed in the strike.", "fuel trucks"),
        ("The strike killed 14 medical personnel.", "medical personnel"),
        ("Shelling killed nearly 700 civilians in the valley.", "civilians"),
        ("At least 33 Islamic State fighters were killed.", "Islamic State fighters"),
        ("The raids killed at least 33 of the group's fighters.", "fighters"),
        ("Gunmen abducted eight more girls from the village.", "girls"),
        ("The death toll rose to 87 on Monday.", None),
    ],
)
def test_quantities_object_is_what_is_counted(nlp: Language, text: str, obj: str | None) -> None:
    assert _one(nlp, text).object == obj


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Shelling killed nearly 700 civilians in the valley.", "killed"),
        ("Twenty-one miners died in the explosion.", "killed"),
        ("Four tourists were among the dead.", "killed"),
        ("The death toll rose to 87 on Monday.", "killed"),
        ("Officials said the number of dead had reached 230.", "killed"),
        ("The ministry recorded 932 deaths in the outbreak.", "killed"),
        ("About 80 people were injured in the stampede.", "wounded"),
        ("Fewer than ten soldiers were wounded in the ambush.", "wounded"),
        ("Over 150 migrants are missing after the boat capsized.", "missing"),
        ("Police arrested 20 to 30 demonstrators on Sunday.", "arrested"),
        ("Some 500 protesters were detained overnight.", "arrested"),
        ("At least 300,000 people were displaced by the fighting.", "displaced"),
        ("The flood left up to 3,000 families homeless.", "displaced"),
        ("An estimated 12,000 residents fled the town.", "displaced"),
        ("Around 200 houses were destroyed by the fire.", "destroyed"),
        ("Roughly 60 buildings were damaged in the blast.", "damaged"),
        ("Militants launched three attacks on police posts.", "attacks"),
        ("Coalition jets carried out 25 air strikes on Tuesday.", "attacks"),
        ("Security forces conducted 40 raids overnight.", "attacks"),
        ("Some 240,000 people joined the march.", "people"),
        ("Two suicide bombers blew themselves up at the market.", "people"),
        ("The pilots dropped 20 bombs on the depot.", "other"),
        ("Police captured three towns.", "other"),
        ("The bombing damaged 12 schools.", "damaged"),
    ],
)
def test_quantities_kind_from_the_governing_words(nlp: Language, text: str, kind: str) -> None:
    assert _one(nlp, text).kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "Aleppo, a city of 1.5 million, was shelled again.",
        "The convoy stopped 200 km north of the capital.",
        "The government pledged $3 billion in aid.",
        "Rahman, aged 17, was questioned by police.",
        "The ceasefire collapsed in 2014 after talks failed.",
        "Turnout was 45 percent and voting closed at 8 p.m.",
        "The storm brought 300 mm of rain in 48 hours.",
        "Flight 9268 broke up over the desert.",
        "The quake had a magnitude of 7.8 and struck on April 25.",
        "The director died at the age of 56.",
        "It was one of the largest deployments in the army's history.",
    ],
)
def test_quantities_non_casualty_numbers_are_skipped(nlp: Language, text: str) -> None:
    assert _quantities(nlp, text) == []


def test_quantities_never_call_an_age_killed(nlp: Language) -> None:
    found = _quantities(nlp, "The suspect, 24, was detained in 2014 along with 2 accomplices.")
    assert [(q.text, q.kind) for q in found] == [("2", "people")]


def test_quantities_ids_follow_text_order_and_offsets_match(nlp: Language) -> None:
    text = (
        "The blast killed at least 135 people and injured about 5,000. "
        "Some 300,000 people were left homeless, officials said."
    )
    found = _quantities(nlp, text)
    assert [q.id for q in found] == ["N1", "N2", "N3"]
    assert [q.text for q in found] == ["at least 135", "about 5,000", "Some 300,000"]
    assert [q.kind for q in found] == ["killed", "wounded", "displaced"]
    assert [q.start for q in found] == sorted(q.start for q in found)


def test_quantities_reported_by_the_speaker_of_the_quote_holding_them(nlp: Language) -> None:
    text = '"Our teams have counted 57 bodies," said the mayor, adding that 9 people were missing.'
    end = text.index(",") + 2
    quote = Quote(
        id="Q1",
        kind="direct",
        text=text[:end],
        start=0,
        end=end,
        speaker=Speaker(name="the mayor", entity="E2", start=end + 6, end=end + 15),
    )
    bodies, missing = _quantities(nlp, text, [quote])
    assert (bodies.text, bodies.kind) == ("57", "killed")
    assert bodies.reported_by == Actor(name="the mayor", entity="E2", country=None, sector=None)
    assert (missing.text, missing.kind, missing.reported_by) == ("9", "missing", None)


def test_quantities_reported_by_according_to_in_the_sentence(nlp: Language) -> None:
    quantity = _one(nlp, "According to the health ministry, 42 people have died.")
    assert quantity.reported_by == Actor(name="health ministry")


def test_quantities_quote_wins_over_according_to(nlp: Language) -> None:
    text = "According to the ministry, 42 people have died."
    quote = Quote(
        id="Q1",
        kind="indirect",
        text=text,
        start=0,
        end=len(text),
        speaker=Speaker(name="Hamad Hassan", entity=None),
    )
    [quantity] = _quantities(nlp, text, [quote])
    assert quantity.reported_by == Actor(name="Hamad Hassan")


def test_quantities_bare_figure_shares_the_kind_of_its_parallel(nlp: Language) -> None:
    text = (
        "Sierra Leone has recorded the most cases, nearly 700, while Guinea, where the "
        "outbreak began, has recorded some 500."
    )
    found = _quantities(nlp, text)
    assert [(q.text, q.kind, q.object) for q in found] == [
        ("nearly 700", "other", "cases"),
        ("some 500", "other", "cases"),
    ]
