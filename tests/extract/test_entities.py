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


def test_entities_aliases_merge_whatever_the_model_label() -> None:
    doc = _doc(
        ["Islamic", "State", ",", "or", "Daesh", ",", "and", "ISIS", "fled", "."],
        ["B-ORG", "I-ORG", "O", "O", "B-GPE", "O", "O", "B-ORG", "O", "O"],
    )
    [group] = extract_entities(doc)
    assert (group.name, group.type, group.country, group.sector) == (
        "Islamic State", "ORG", None, "INS",
    )  # fmt: skip
    assert [m.text for m in group.mentions] == ["Islamic State", "Daesh", "ISIS"]


def test_entities_aliases_found_where_the_model_missed_them() -> None:
    # "ISIL" untagged, "Islamic" tagged NORP and "State" ORG: one alias spans both.
    doc = _doc(
        ["ISIL", "and", "Islamic", "State", "fighters", "left", "."],
        ["O", "O", "B-NORP", "B-ORG", "O", "O", "O"],
    )
    [group] = extract_entities(doc)
    assert group.name == "Islamic State"
    assert [(m.start, m.end) for m in group.mentions] == [(0, 4), (9, 22)]


@pytest.mark.parametrize(
    ("words", "ents"),
    [
        (
            ["U.S.", "and", "United", "States", "and", "America"],
            ["B-GPE", "O", "B-GPE", "I-GPE", "O", "B-GPE"],
        ),
        (["US", "and", "the", "United", "States"], ["B-GPE", "O", "B-GPE", "I-GPE", "I-GPE"]),
    ],
)
def test_entities_country_spellings_merge(words: list[str], ents: list[str]) -> None:
    [country] = extract_entities(_doc(words, ents))
    assert (country.name, country.type, country.country, country.sector) == (
        "United States", "GPE", "USA", None,
    )  # fmt: skip
    assert len(country.mentions) == len([e for e in ents if e.startswith("B-")])


def test_entities_acronym_in_brackets_joins_its_long_form() -> None:
    words = [
        "the",
        "Syrian",
        "Observatory",
        "for",
        "Human",
        "Rights",
        "(",
        "SOHR",
        ")",
        "said",
        ".",
        "SOHR",
        "counted",
        "33",
        ".",
    ]
    spaces = [True] * 5 + [True, False, False, True, False, True, True, True, False, False]
    ents = ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG"] + ["O"] * 9
    [observatory] = extract_entities(_doc(words, ents, spaces))
    assert observatory.name == "Syrian Observatory for Human Rights"
    assert (observatory.country, observatory.sector) == ("SYR", "NGO")
    assert [m.text for m in observatory.mentions] == [
        "Syrian Observatory for Human Rights", "SOHR", "SOHR",
    ]  # fmt: skip


def test_entities_acronym_of_an_unknown_organization() -> None:
    words = ["The", "Harbour", "Relief", "Fund", "(", "HRF", ")", "said", "HRF", "works", "."]
    spaces = [True, True, True, True, False, False, True, True, True, False, False]
    ents = ["O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "B-ORG", "O", "O"]
    [fund] = extract_entities(_doc(words, ents, spaces))
    assert fund.name == "Harbour Relief Fund"
    assert [m.text for m in fund.mentions] == ["Harbour Relief Fund", "HRF", "HRF"]


def test_entities_dateline_capital_becomes_the_place() -> None:
    words = [
        "BEIRUT",
        ",",
        "Aug",
        "5",
        ",",
        "2020",
        "(",
        "Meridian",
        "News",
        "Service",
        ")",
        "-",
        "A",
        "blast",
        "rocked",
        "Beirut",
        ".",
    ]
    spaces = [False, True, True, False, True, True, False, True, True, False, True, True]
    spaces += [True, True, True, False, False]
    ents = ["B-ORG"] + ["O"] * 14 + ["B-GPE", "O"]
    doc = _doc(words, ents, spaces)
    assert doc.text.startswith("BEIRUT, Aug 5, 2020 (Meridian News Service) - ")
    beirut, outlet = extract_entities(doc)
    assert (beirut.name, beirut.type, beirut.country, beirut.sector) == (
        "Beirut",
        "GPE",
        "LBN",
        None,
    )
    assert [m.text for m in beirut.mentions] == ["BEIRUT", "Beirut"]
    assert (outlet.name, outlet.type, outlet.sector) == ("Meridian News Service", "ORG", "MED")


@pytest.mark.parametrize(
    ("word", "country"), [("French", "FRA"), ("Russian", "RUS"), ("Lebanese", "LBN")]
)
def test_entities_nationalities_stay_norp_with_a_country(word: str, country: str) -> None:
    [group] = extract_entities(_doc([word, "jets", "struck"], ["B-NORP", "O", "O"]))
    assert (group.name, group.type, group.country, group.sector) == (word, "NORP", country, None)


def test_entities_surname_tagged_org_joins_the_person() -> None:
    doc = _doc(
        ["Laurent", "Fabius", "spoke", ".", "Fabius", "left", "."],
        ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O", "O"],
    )
    [person] = extract_entities(doc)
    assert (person.name, person.type) == ("Laurent Fabius", "PERSON")
    assert len(person.mentions) == 2


def test_entities_same_name_with_two_labels_is_one_entity() -> None:
    doc = _doc(
        ["Chibok", "wept", ";", "Chibok", "girls", "and", "Chibok", "mothers"],
        ["B-ORG", "O", "O", "B-PERSON", "O", "O", "B-ORG", "O"],
    )
    [town] = extract_entities(doc)
    assert (town.type, town.country) == ("GPE", "NGA")
    assert len(town.mentions) == 3


ROLE_CASES = [
    (
        "French Foreign Minister Laurent Fabius spoke.",
        "Laurent Fabius",
        ["Foreign Minister"],
        "FRA",
        "GOV",
    ),
    ("Kremlin spokesman Dmitry Peskov spoke.", "Dmitry Peskov", ["spokesman"], "RUS", "GOV"),
    (
        "Beirut's governor, Marwan Abboud, said the blast was huge.",
        "Marwan Abboud",
        ["governor"],
        "LBN",
        "GOV",
    ),
    (
        "Abu Bakr al-Baghdadi, the leader of Islamic State, called for attacks.",
        "Abu Bakr al-Baghdadi",
        ["leader"],
        None,
        "INS",
    ),
    (
        "Defence Secretary Mark Esper said the cause was unclear.",
        "Mark Esper",
        ["Defence Secretary"],
        None,
        "GOV",
    ),
    (
        "U.S. President Donald Trump said the blast was an attack.",
        "Donald Trump",
        ["President"],
        "USA",
        "GOV",
    ),
    (
        "Health Minister Hamad Hassan and Prime Minister Hassan Diab visited the port.",
        "Hamad Hassan",
        ["Health Minister"],
        None,
        "GOV",
    ),
    (
        "Health Minister Hamad Hassan and Prime Minister Hassan Diab visited the port.",
        "Hassan Diab",
        ["Prime Minister"],
        None,
        "GOV",
    ),
    (
        "Police chief John Smith said the road was closed.",
        "John Smith",
        ["Police chief"],
        None,
        "COP",
    ),
    (
        "The army spokesman Ahmed Ali said the road was closed.",
        "Ahmed Ali",
        ["spokesman"],
        None,
        "MIL",
    ),
    (
        "WHO Director-General Margaret Chan said the outbreak was spreading.",
        "Margaret Chan",
        ["Director-General"],
        None,
        "IGO",
    ),
    (
        "Red Cross official Pierre Dupont said aid had arrived.",
        "Pierre Dupont",
        ["official"],
        None,
        "NGO",
    ),
    (
        "BBC correspondent Lyse Doucet said the city was quiet.",
        "Lyse Doucet",
        ["correspondent"],
        "GBR",
        "MED",
    ),
    (
        "Rebel commander Abu Omar said his men had withdrawn.",
        "Abu Omar",
        ["commander"],
        None,
        "REB",
    ),
    (
        "U.S. Secretary of State John Kerry flew to Vienna.",
        "John Kerry",
        ["Secretary of State"],
        "USA",
        "GOV",
    ),
    (
        "On Tuesday, Defence Minister Jean-Yves Le Drian invoked the clause.",
        "Jean-Yves Le Drian",
        ["Defence Minister"],
        None,
        "GOV",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "name", "roles", "country", "sector"), ROLE_CASES)
def test_entities_roles_from_titles_and_appositions(
    nlp: Language, text: str, name: str, roles: list[str], country: str | None, sector: str
) -> None:
    people = {e.name: e for e in extract_entities(nlp(text)) if e.type == "PERSON"}
    person = people[name]
    assert (person.roles, person.country, person.sector) == (roles, country, sector)


@pytest.mark.slow
def test_entities_title_words_are_not_entities(nlp: Language) -> None:
    # The model tags "Defence" and "State" ORG inside these titles.
    text = "Defence Secretary Mark Esper met Secretary of State Hillary Clinton."
    assert {e.name for e in extract_entities(nlp(text))} == {"Mark Esper", "Hillary Clinton"}


METONYM_CASES = [
    ("Moscow said on Tuesday it would respond.", "Moscow", "RUS", "GOV"),
    ("Washington said it would respond.", "Washington", "USA", "GOV"),
    ("Kremlin spokesman Dmitry Peskov repeated Moscow's denial.", "Moscow", "RUS", "GOV"),
    ("He said Paris and Moscow were coordinating their strikes.", "Paris", "FRA", "GOV"),
    ("Tehran rejected the charge on Monday.", "Tehran", "IRN", "GOV"),
    ("Russia denied that its troops were involved.", "Russia", "RUS", "GOV"),
    ("French and Russian air strikes on Raqqa killed 33 fighters.", "Raqqa", "SYR", None),
    ("The suspect was arrested in Paris on Friday.", "Paris", "FRA", None),
    ("Thousands of people marched through Moscow on Sunday.", "Moscow", "RUS", None),
    ("Kiev was quiet and Kyiv's streets were empty.", "Kyiv", "UKR", None),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "name", "country", "sector"), METONYM_CASES)
def test_entities_capitals_act_as_governments_only_as_agents(
    nlp: Language, text: str, name: str, country: str, sector: str | None
) -> None:
    entities = {e.name: e for e in extract_entities(nlp(text))}
    place = entities[name]
    assert (place.type, place.country, place.sector) == ("GPE", country, sector)


@pytest.mark.slow
def test_entities_a_place_that_acts_once_is_a_government(nlp: Language) -> None:
    text = "Officials in Moscow met on Monday. Later, Moscow denied the report."
    [moscow] = [e for e in extract_entities(nlp(text)) if e.name == "Moscow"]
    assert len(moscow.mentions) == 2
    assert moscow.sector == "GOV"


@pytest.mark.slow
def test_entities_the_readme_example(nlp: Language) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov on Wednesday repeated Moscow's denial that it "
        "has deployed ground troops in Syria. Peskov spoke after French Foreign Minister "
        "Laurent Fabius told France Inter radio that Paris and Moscow were coordinating."
    )
    got = [(e.type, e.name, e.country, e.sector, e.roles) for e in extract_entities(nlp(text))]
    assert got == [
        ("ORG", "Kremlin", "RUS", "GOV", []),
        ("PERSON", "Dmitry Peskov", "RUS", "GOV", ["spokesman"]),
        ("GPE", "Moscow", "RUS", "GOV", []),
        ("GPE", "Syria", "SYR", None, []),
        ("NORP", "French", "FRA", None, []),
        ("PERSON", "Laurent Fabius", "FRA", "GOV", ["Foreign Minister"]),
        ("ORG", "France Inter", "FRA", "MED", []),
        ("GPE", "Paris", "FRA", "GOV", []),
    ]


@pytest.mark.slow
def test_entities_dateline_through_the_pipeline(nlp: Language) -> None:
    text = "BEIRUT, Aug 5, 2020 (Meridian News Service) - A huge blast rocked Beirut's port."
    entities = extract_entities(nlp(text))
    beirut = next(e for e in entities if e.name == "Beirut")
    assert (beirut.type, beirut.country, len(beirut.mentions)) == ("GPE", "LBN", 2)
    assert not any(e.name.isupper() and len(e.name) > 3 for e in entities)
