from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from eventwire.extract.places import extract_places
from eventwire.model import Place
from eventwire.resolve.gazetteer import Gazetteer
from eventwire.resolve.gazetteer_build import build_gazetteer

FIXTURES = Path(__file__).parents[1] / "resolve" / "fixtures"
# English lexical attributes (case, alphabetic) without a trained pipeline.
VOCAB = spacy.blank("en").vocab


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "small.sqlite"
    build_gazetteer(
        path,
        supplement=FIXTURES / "supplement_small.tsv",
        dump=FIXTURES / "geonames_small.txt",
    )
    return Gazetteer(path)


@pytest.fixture(scope="module")
def gaz_us(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The small gazetteer plus a few US places with names of the kinds the rules test."""
    rows = [
        "\tDeKalb\tP.PPL\tUS\t41.93\t-88.75\t43000\t\n",
        "\tKansas City\tP.PPL\tUS\t39.1\t-94.58\t475000\t\n",
        "\tKansas\tA.ADM1\tUS\t38.5\t-98.0\t2900000\t\n",
        "\tMaryland\tA.ADM1\tUS\t39.0\t-76.8\t6000000\t\n",
        "\tMarch\tP.PPL\tGB\t52.55\t0.09\t22000\t\n",
    ]
    return _small_gazetteer_with(tmp_path_factory.mktemp("gaz_us"), rows)


def _small_gazetteer_with(folder: Path, rows: list[str]) -> Gazetteer:
    """The small gazetteer with ``rows`` (supplement lines) added, built in ``folder``."""
    supplement = folder / "supplement.tsv"
    supplement.write_text((FIXTURES / "supplement_small.tsv").read_text() + "".join(rows))
    path = folder / "gazetteer.sqlite"
    build_gazetteer(path, supplement=supplement, dump=FIXTURES / "geonames_small.txt")
    return Gazetteer(path)


def _doc(tagged: str) -> Doc:
    """A Doc from "word/LABEL word ..." (label as spaCy's NER would give it; I- continues)."""
    words, ents = [], []
    for item in tagged.split():
        word, _, label = item.partition("/")
        words.append(word.replace("_", " "))
        ents.append(label or "O")
    spaces = [nxt not in {",", ".", "'s", ")"} for nxt in [*words[1:], "."]]
    return Doc(VOCAB, words=words, spaces=spaces, ents=ents)


def _places(doc: Doc, gaz: Gazetteer) -> list[Place]:
    places = extract_places(doc, gazetteer=gaz)
    for place in places:
        assert doc.text[place.start : place.end] == place.text
    assert [p.id for p in places] == [f"P{n}" for n in range(1, len(places) + 1)]
    return places


@pytest.mark.parametrize(
    ("tagged", "country"),
    [
        ("Officials in Paris/B-GPE , France/B-GPE said .", "FR"),
        ("Officials in Paris/B-GPE , Texas/B-GPE said .", "US"),
        ("Officials in Paris/B-GPE said .", "FR"),
    ],
)
def test_places_paris_resolves_with_its_context(gaz: Gazetteer, tagged: str, country: str) -> None:
    first = _places(_doc(tagged), gaz)[0]
    assert (first.text, first.country) == ("Paris", country)


def test_places_record_carries_the_gazetteer_fields(gaz: Gazetteer) -> None:
    [raqqa] = _places(_doc("Strikes hit Raqqa/B-GPE overnight ."), gaz)
    assert raqqa.model_dump() == {
        "id": "P1",
        "text": "Raqqa",
        "start": 12,
        "end": 17,
        "name": "Ar Raqqah",
        "country": "SY",
        "admin1": None,
        "lat": 35.95283,
        "lon": 39.00788,
        "geonames_id": 172955,
        "feature": "P.PPLA",
    }


@pytest.mark.parametrize(
    ("tagged", "texts"),
    [
        # a village the parser leaves untagged, a district it calls NORP
        (
            "The village of Barpak in Sindhupalchok/B-NORP district was flattened .",
            ["Barpak", "Sindhupalchok district"],
        ),
        ("Boats crossed the/B-LOC Mediterranean/I-LOC again .", ["Mediterranean"]),
        # an upper-case dateline tagged ORG
        ("BEIRUT/B-ORG , Aug/B-DATE 5/I-DATE - A blast shook the port .", ["BEIRUT"]),
        # a place nested in an organisation's name
        (
            "The/B-ORG Paris/I-ORG prosecutor/I-ORG 's/I-ORG office/I-ORG said so .",
            ["Paris"],
        ),
        # organisations and armed groups are not places
        ("Daesh/B-ORG fighters fled Raqqa/B-GPE .", ["Raqqa"]),
        ("Islamic/B-ORG State/I-ORG claimed the attack in Syria/B-GPE .", ["Syria"]),
        ("The Islamic/B-GPE State/I-GPE group said .", []),
        # a demonym tagged NORP names its country
        ("French/B-NORP jets bombed Raqqa/B-GPE .", ["French", "Raqqa"]),
        # trimming of a possessive
        ("Lebanon/B-GPE 's/I-GPE government resigned .", ["Lebanon"]),
        # a demonym in the plural
        ("Syrians/B-NORP fled Raqqa/B-GPE .", ["Syrians", "Raqqa"]),
        # a state's name opening an office's name: the state, not "Texas Department"
        (
            "The/B-ORG Texas/I-ORG Department/I-ORG of/I-ORG Transportation/I-ORG said .",
            ["Texas"],
        ),
        # a list closed by a plural type word: each name the gazetteer has as a division
        ("Zzyzx and Sindhupalchowk districts flooded .", ["Sindhupalchowk"]),
        # a town's surroundings: no division of that name, so the town alone
        ("Rain fell in the Austin/B-GPE district overnight .", ["Austin"]),
        # a division's own full name, whatever its population
        ("Laurel County officials met .", ["Laurel County"]),
        # a town's police and residents
        ("Beirut police and Austin residents met .", ["Beirut", "Austin"]),
        # set off by commas after an address: in apposition, not a clause start
        ("He lives at 12 Main St. , Beirut/B-PERSON , police said .", ["Beirut"]),
    ],
)
def test_places_detection(gaz: Gazetteer, tagged: str, texts: list[str]) -> None:
    assert [p.text for p in _places(_doc(tagged), gaz)] == texts


@pytest.mark.parametrize(
    ("tagged", "name", "feature"),
    [
        ("The village of Barpak in Sindhupalchok/B-NORP district .", "Sindhupalchowk", "A.ADM2"),
        ("BEIRUT/B-ORG , Aug/B-DATE 5/I-DATE - A blast .", "Beirut", "P.PPLC"),
        ("French/B-NORP jets flew .", "France", "A.PCLI"),
        ("Boats crossed the/B-LOC Mediterranean/I-LOC .", "Mediterranean Sea", "H.SEA"),
    ],
)
def test_places_resolution(gaz: Gazetteer, tagged: str, name: str, feature: str) -> None:
    place = next(p for p in _places(_doc(tagged), gaz) if p.name == name)
    assert place.feature == feature


@pytest.mark.parametrize(
    ("tagged", "texts"),
    [
        # a town's public body named after it, the whole tagged an organisation
        ("He spoke to the/B-ORG Austin/I-ORG Fire/I-ORG Department/I-ORG .", ["Austin"]),
        ("Deputies took him to the/B-FAC Laurel/I-FAC County/I-FAC Jail/I-FAC .",
         ["Laurel County"]),
        ("He was held at Paris/B-GPE City/I-GPE Hall/I-GPE yesterday .", ["Paris"]),
        # ... even when the parser made the office a person elsewhere
        ("Austin/B-PERSON Fire/I-PERSON Chief/I-PERSON Jones/I-PERSON came . "
         "The/B-ORG Austin/I-ORG Police/I-ORG arrived .", ["Austin", "Austin"]),
        # a country's state body: its demonym; but not a company
        ("The/B-ORG French/I-ORG Foreign/I-ORG Ministry/I-ORG said .", ["French"]),
        ("The/B-ORG French/I-ORG Bakery/I-ORG Company/I-ORG said .", []),
        ("French/B-NORP state television said .", ["French"]),
        # dotted abbreviations of a country
        ("The/B-ORG U.S./I-ORG Census/I-ORG Bureau/I-ORG counted .", ["U.S."]),
        # a dateline after the headline, not only on the first line
        ("Storm hits coast . BEIRUT -- Rain fell all night .", ["BEIRUT"]),
        ("Storm hits coast . AUSTIN/B-ORG : Rain fell .", ["AUSTIN"]),
        ("Storm hits coast . RAIN -- It fell all night .", []),
        # a compass word before a name the gazetteer does not know as a whole
        ("Rain fell on North/B-GPE Texas/I-GPE .", ["Texas"]),
        ("Rain fell near Northeast 12th Avenue .", []),
        # lower-case compass words describe a part of the place named after them
        ("Rain fell in north/B-GPE west/I-GPE Paris/I-GPE .", ["Paris"]),
        # a name before a pathogen word names a disease
        ("Cases of West/B-LOC Nile/I-LOC virus rose in Texas/B-GPE .", ["Texas"]),
        ("Cases of the Paris/B-GPE strain rose .", []),
        ("French/B-NORP flu spread .", []),
        # a person after "in", "at" or "near" is a place's name; after "to", a person's
        ("Rain fell in Paris/B-PERSON Smith/I-PERSON . Later Paris/B-PERSON froze .",
         ["Paris", "Paris"]),
        ("He wrote to Paris/B-PERSON Smith/I-PERSON . Paris/B-PERSON replied .", []),
        # the short name of a country, tagged an organisation
        ("Officials from the/B-ORG US/I-ORG met .", ["US"]),
        ("Officials from the/B-ORG FR/I-ORG met .", []),
        # a name after a person's title is the person's
        ("President Paris/B-GPE spoke in Beirut/B-GPE .", ["Beirut"]),
        ("Cllr Austin/B-PERSON said so in Austin/B-GPE .", ["Austin"]),
        # the field of an office after "of": a portfolio, unless a country or division
        ("The Chamber of Austin met in Beirut/B-GPE .", ["Beirut"]),
        ("The Ministry of Syria/B-GPE said so .", ["Syria"]),
    ],
)
def test_places_detection_rules(gaz: Gazetteer, tagged: str, texts: list[str]) -> None:
    assert [p.text for p in _places(_doc(tagged), gaz)] == texts


@pytest.mark.parametrize(
    ("tagged", "texts"),
    [
        # a name in mixed case
        ("Rain fell in DeKalb overnight .", ["DeKalb"]),
        # a town's people, lower case only
        ("DeKalb/B-ORG man arrested .", ["DeKalb"]),
        ("Storms hit the DeKalb area .", ["DeKalb"]),
        ("The DeKalb/B-PERSON Man/I-PERSON show aired .", []),
        # a street named after a place is a street
        ("The shop at 12 DeKalb Ave. closed .", []),
        # a university named after a place is a university; a demonym before the noun is not
        ("She studied at DeKalb University .", []),
        ("She studied at a French/B-NORP university .", ["French"]),
        # "Kansas City" before "man" keeps its name; "Kansas City Council" is Kansas City's
        ("A Kansas/B-GPE City/I-GPE man was hurt .", ["Kansas City"]),
        ("The/B-ORG DeKalb/I-ORG City/I-ORG Council/I-ORG met .", ["DeKalb"]),
        # a month before a day is a date, though a town has its name
        ("BEIRUT/B-GPE , March 5 - Rain fell .", ["BEIRUT"]),
        ("Rain hit Beirut/B-GPE and March .", ["Beirut", "March"]),
        # a state's police
        ("Maryland/B-ORG State/I-ORG Police/I-ORG said .", ["Maryland"]),
        # a country's name before "state" keeps its own name ("a US state")
        ("A US/B-GPE state banned it .", ["US"]),
        # a country's acronym naming one of its state bodies, inside an organisation's name
        ("The/B-ORG US/I-ORG Justice/I-ORG Department/I-ORG said .", ["US"]),
    ],
)
def test_places_detection_rules_us(gaz_us: Gazetteer, tagged: str, texts: list[str]) -> None:
    assert [p.text for p in _places(_doc(tagged), gaz_us)] == texts


def test_places_demonym_after_a_lower_case_prefix(gaz: Gazetteer) -> None:
    words = ["His", "ex", "-", "French", "wife", "spoke", "."]
    spaces = [True, False, False, True, True, False, False]
    ents = ["O", "B-NORP", "I-NORP", "I-NORP", "O", "O", "O"]
    doc = Doc(VOCAB, words=words, spaces=spaces, ents=ents)
    assert [p.text for p in _places(doc, gaz)] == ["French"]


@pytest.mark.parametrize(
    ("tagged", "texts"),
    [
        ("Rain hit Kathmandu/B-GPE and Barpak today .", ["Kathmandu", "Barpak"]),
        ("Rain hit Barpak , Kathmandu/B-GPE , and Beirut/B-GPE .",
         ["Barpak", "Kathmandu", "Beirut"]),
        ("Rain hit Kathmandu/B-GPE and Zzyzx today .", ["Kathmandu"]),
        # a date after a dateline's comma is no place
        ("PARIS/B-GPE , Austin/B-DATE 5/I-DATE - Rain .", ["PARIS"]),
        ("Tony/B-PERSON Barpak/I-PERSON said Kathmandu/B-GPE and Barpak differ .",
         ["Kathmandu"]),
    ],
)
def test_places_names_listed_with_a_place(gaz: Gazetteer, tagged: str, texts: list[str]) -> None:
    assert [p.text for p in _places(_doc(tagged), gaz)] == texts


@pytest.mark.parametrize(("word", "text"), [("Tex", "Tex."), ("Beirut", "Beirut")])
def test_places_abbreviation_keeps_its_stop(gaz: Gazetteer, word: str, text: str) -> None:
    words = ["Rain", "hit", "Paris", ",", word, ".", "Then", "it", "stopped", "."]
    spaces = [True, True, False, True, False, True, True, True, False, False]
    ents = ["O", "O", "B-GPE", "O", "O", "O", "O", "O", "O", "O"]
    doc = Doc(VOCAB, words=words, spaces=spaces, ents=ents)
    assert [p.text for p in _places(doc, gaz)] == ["Paris", text]


@pytest.mark.parametrize(("name", "texts"), [("Beirut", ["Beirut"]), ("Austin", [])])
def test_places_capital_as_subject_of_its_verb(
    gaz: Gazetteer, name: str, texts: list[str]
) -> None:
    # a capital names its government ("Beirut says"); a mere town might be a person
    words = [name, "says", "the", "talks", "failed", "."]
    pos = ["PROPN", "VERB", "DET", "NOUN", "VERB", "PUNCT"]
    ents = ["B-PERSON", "O", "O", "O", "O", "O"]
    doc = Doc(VOCAB, words=words, pos=pos, ents=ents)
    assert [p.text for p in _places(doc, gaz)] == texts


def test_places_trim_keeps_the_stop_of_an_abbreviation_and_drops_a_leading_hyphen(
    gaz: Gazetteer,
) -> None:
    words = ["Flights", "from", "Beirut", "-", "Austin", "and", "U.S", ".", "resumed", "."]
    spaces = [True, True, False, False, True, True, False, True, True, False]
    ents = ["O", "O", "B-GPE", "B-GPE", "I-GPE", "O", "B-GPE", "I-GPE", "O", "O"]
    doc = Doc(VOCAB, words=words, spaces=spaces, ents=ents)
    assert [p.text for p in _places(doc, gaz)] == ["Beirut", "Austin", "U.S."]


@pytest.mark.parametrize(("home", "texts"), [("Texas", ["Texas"]), ("Zzyzx", [])])
def test_places_legislator_home_state(gaz: Gazetteer, home: str, texts: list[str]) -> None:
    words = ["Sen.", "Bob", "Smith", ",", "R", "-", home, ",", "spoke", "."]
    spaces = [True, True, False, True, False, False, False, True, False, False]
    ents = ["O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O", "O"]
    doc = Doc(VOCAB, words=words, spaces=spaces, ents=ents)
    assert [p.text for p in _places(doc, gaz)] == texts


def test_places_unknown_names_are_left_out(gaz: Gazetteer) -> None:
    assert _places(_doc("Zzyzxqvil/B-GPE residents met ."), gaz) == []


def test_places_hyphenated_dateline_is_taken_whole(gaz: Gazetteer) -> None:
    words = ["AR", "-", "RAQQAH", ",", "Aug", "5", "-", "Strikes", "hit", "."]
    spaces = [False, False, False, True, True, True, True, True, False, False]
    doc = Doc(VOCAB, words=words, spaces=spaces)
    [place] = _places(doc, gaz)
    assert (place.text, place.name) == ("AR-RAQQAH", "Ar Raqqah")


def test_places_words_of_a_full_name_are_not_places(gaz: Gazetteer) -> None:
    doc = _doc("Beirut/B-PERSON Smith/I-PERSON spoke . Later Beirut left .")
    assert _places(doc, gaz) == []
    # unless the parser calls the word a place elsewhere: then the "person" is an office
    doc = _doc("Beirut/B-PERSON Police/I-PERSON Chief/I-PERSON Smith/I-PERSON spoke . "
               "Later Beirut/B-GPE burned .")
    assert [p.text for p in _places(doc, gaz)] == ["Beirut", "Beirut"]


def test_places_short_title_case_word_is_not_an_abbreviation(gaz: Gazetteer) -> None:
    # "Tex" is an alias of Texas in the fixture supplement, as "ACT" of a territory
    assert _places(_doc("Congress passed the Tex bill ."), gaz) == []


def test_places_full_name_outvotes_a_lone_place_tag(gaz: Gazetteer) -> None:
    # twice a person's full name, once tagged a place: the lone "Paris" is still the person
    doc = _doc("Tony/B-PERSON Paris/I-PERSON scored . Tony/B-PERSON Paris/I-PERSON ran . "
               "Paris/B-GPE won . Later Paris/B-PERSON left .")
    assert [p.start for p in _places(doc, gaz)] == [doc.text.index("Paris won")]
    # tagged a place more often than named: the place
    doc = _doc("Tony/B-PERSON Paris/I-PERSON scored . Paris/B-GPE won . Paris/B-GPE lost . "
               "Later Paris/B-PERSON left .")
    assert [p.text for p in _places(doc, gaz)] == ["Paris", "Paris", "Paris"]


def test_places_surname_is_not_a_place(gaz: Gazetteer) -> None:
    doc = _doc("Tony/B-PERSON Paris/I-PERSON spoke . Later Paris/B-PERSON left .")
    assert _places(doc, gaz) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "BEIRUT, Aug 5 (Reuters) - A huge blast tore through the port of Beirut.",
            [("BEIRUT", "LB"), ("Beirut", "LB")],
        ),
        ("Daesh fighters fled Raqqa for the desert.", [("Raqqa", "SY")]),
        ("Rescuers reached Paris, Texas, on Monday.", [("Paris", "US"), ("Texas", "US")]),
    ],
)
def test_places_with_the_real_pipeline(
    nlp: object, text: str, expected: list[tuple[str, str]]
) -> None:
    from eventwire.resolve.gazetteer import open_gazetteer

    doc = nlp(text)  # type: ignore[operator]
    places = extract_places(doc, gazetteer=open_gazetteer())
    assert [(p.text, p.country) for p in places] == expected


@pytest.fixture(scope="module")
def gaz_joined(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The small gazetteer plus places whose names join parts with "and" or a hyphen."""
    rows = [
        "\tTrinidad and Tobago\tA.PCLI\tTT\t10.7\t-61.2\t1300000\t\n",
        "\tTrinidad\tP.PPL\tCU\t21.8\t-79.98\t73000\t\n",
        "\tGuinea-Bissau\tA.PCLI\tGW\t12.0\t-15.0\t1800000\t\n",
        "\tGuinea\tA.PCLI\tGN\t10.8\t-10.7\t12000000\t\n",
        "\tFargo\tP.PPL\tUS\t46.88\t-96.79\t120000\t\n",
        "\tMoorhead\tP.PPL\tUS\t46.87\t-96.77\t43000\t\n",
        "\tNorth-Western\tA.ADM1\tZM\t-13.0\t25.0\t700000\t\n",
        "\tBaja California\tA.ADM1\tMX\t30.0\t-115.0\t3300000\t\n",
        "\tBaja\tP.PPL\tHU\t46.18\t18.95\t36000\t\n",
        "\tUnion\tP.PPL\tUS\t40.7\t-74.26\t56000\t\n",
        "\tSt. Louis\tP.PPL\tUS\t38.63\t-90.2\t300000\t\n",
    ]
    return _small_gazetteer_with(tmp_path_factory.mktemp("gaz_joined"), rows)


def _hyphenated(first: str, second: str, label: str) -> Doc:
    """ "Rain fell in First-Second today ." with the parser's ``label`` on First-Second."""
    words = ["Rain", "fell", "in", first, "-", second, "today", "."]
    spaces = [True, True, True, False, False, True, False, False]
    ents = ["O", "O", "O", f"B-{label}", f"I-{label}", f"I-{label}", "O", "O"]
    return Doc(VOCAB, words=words, spaces=spaces, ents=ents)


def test_places_name_joined_by_and_is_one_place(gaz_joined: Gazetteer) -> None:
    doc = _doc("Trinidad/B-GPE and Tobago/B-PERSON failed to attend .")
    [place] = _places(doc, gaz_joined)
    assert (place.text, place.country) == ("Trinidad and Tobago", "TT")


def test_places_two_places_joined_by_and_stay_two(gaz_joined: Gazetteer) -> None:
    doc = _doc("Trinidad/B-GPE and Beirut/B-GPE voted .")
    assert [p.text for p in _places(doc, gaz_joined)] == ["Trinidad", "Beirut"]


def test_places_hyphenated_name_the_gazetteer_has_whole(gaz_joined: Gazetteer) -> None:
    [place] = _places(_hyphenated("Guinea", "Bissau", "ORG"), gaz_joined)
    assert (place.text, place.country) == ("Guinea-Bissau", "GW")


def test_places_a_name_never_ends_in_its_hyphen(gaz_joined: Gazetteer) -> None:
    # "Fargo-Moorhead": two towns; neither place keeps the hyphen joining them
    texts = [p.text for p in _places(_hyphenated("Fargo", "Moorhead", "ORG"), gaz_joined)]
    assert texts and texts[0] == "Fargo"
    assert not any(t.endswith("-") for t in texts)


def test_places_compass_words_joined_are_no_name(gaz_joined: Gazetteer) -> None:
    # "North-Western Beirut": a part of the city, not a province named "North-Western"
    words = ["Rain", "fell", "in", "North", "-", "Western", "Beirut", "."]
    spaces = [True, True, True, False, False, True, False, False]
    ents = ["O", "O", "O", "B-GPE", "I-GPE", "I-GPE", "I-GPE", "O"]
    doc = Doc(VOCAB, words=words, spaces=spaces, ents=ents)
    assert "North-Western" not in [p.text for p in _places(doc, gaz_joined)]


@pytest.mark.parametrize(
    ("first", "label", "texts"),
    [
        # a town paired with a place by a hyphen: both places
        ("Beirut", "GPE", ["Beirut", "Moorhead"]),
        # paired with a demonym ("Syrian-Moorhead ties"): no place by that pairing
        ("Syrian", "NORP", ["Syrian"]),
    ],
)
def test_places_name_paired_by_a_hyphen(
    gaz_joined: Gazetteer, first: str, label: str, texts: list[str]
) -> None:
    words = ["The", first, "-", "Moorhead", "seat", "was", "won", "."]
    spaces = [True, False, False, True, True, True, False, False]
    ents = ["O", f"B-{label}", "O", "B-ORG", "O", "O", "O", "O"]
    doc = Doc(VOCAB, words=words, spaces=spaces, ents=ents)
    assert [p.text for p in _places(doc, gaz_joined)] == texts


@pytest.mark.parametrize(
    ("name", "after", "texts"),
    [
        ("Moorhead", "based", ["Moorhead"]),  # "a Moorhead-based retailer"
        ("Moorhead", "style", []),  # not a participle of place
        ("Zzyzx", "based", []),  # not in the gazetteer
    ],
)
def test_places_name_hyphenated_to_a_participle_of_place(
    gaz_joined: Gazetteer, name: str, after: str, texts: list[str]
) -> None:
    words = ["A", name, "-", after, "retailer", "closed", "."]
    spaces = [True, False, False, True, True, False, False]
    doc = Doc(VOCAB, words=words, spaces=spaces)
    assert [p.text for p in _places(doc, gaz_joined)] == texts


def test_places_name_the_parser_split_is_taken_whole(gaz_joined: Gazetteer) -> None:
    doc = _doc("Work on the river in Baja/B-GPE California/B-GPE starts soon .")
    [place] = _places(doc, gaz_joined)
    assert (place.text, place.country) == ("Baja California", "MX")


def test_places_no_word_of_an_organisation_name_kept_out(gaz_joined: Gazetteer) -> None:
    # "Union" is a town's name, but here a word of "European Union" (not a place)
    doc = _doc("Officials of the European/B-ORG Union/I-ORG met in Beirut/B-GPE .")
    assert [p.text for p in _places(doc, gaz_joined)] == ["Beirut"]


def test_places_upper_case_name_with_its_abbreviation_split_off(gaz_joined: Gazetteer) -> None:
    # "ST. LOUIS – Police said": the parser split "ST" and its stop from the rest
    words = ["ST", ".", "LOUIS", "–", "Police", "said", "."]
    spaces = [False, True, True, True, True, False, False]
    ents = ["B-GPE", "O", "B-GPE", "O", "O", "O", "O"]
    doc = Doc(VOCAB, words=words, spaces=spaces, ents=ents)
    [place] = _places(doc, gaz_joined)
    assert (place.text, place.name) == ("ST. LOUIS", "St. Louis")


@pytest.mark.parametrize(
    ("word", "pos", "texts"),
    [
        ("Beirut", "PROPN", ["Beirut"]),  # "Beirut: The festival opened ."
        ("Beirut", "NOUN", []),  # a common noun heading the line
        ("Zzyzx", "PROPN", []),  # not in the gazetteer
    ],
)
def test_places_title_case_dateline_with_a_colon(
    gaz: Gazetteer, word: str, pos: str, texts: list[str]
) -> None:
    words = [word, ":", "The", "festival", "opened", "."]
    spaces = [False, True, True, True, False, False]
    doc = Doc(VOCAB, words=words, spaces=spaces, pos=[pos, "PUNCT", "DET", "NOUN", "VERB",
                                                       "PUNCT"])
    assert [p.text for p in _places(doc, gaz)] == texts


@pytest.mark.parametrize("joint", ["&", "AND"])
def test_places_dateline_of_two_towns(gaz: Gazetteer, joint: str) -> None:
    words = ["BEIRUT", joint, "AUSTIN", ",", "March", "29", "-", "Rain", "fell", "."]
    spaces = [True, True, False, True, True, True, True, True, False, False]
    doc = Doc(VOCAB, words=words, spaces=spaces)
    assert [p.text for p in _places(doc, gaz)] == ["BEIRUT", "AUSTIN"]


@pytest.mark.parametrize(
    ("tagged", "texts"),
    [
        # two countries, the comma between them left out
        ("Jobs in Lebanon/B-GPE , France/B-GPE Syria/I-GPE or Nepal/B-GPE .",
         ["Lebanon", "France", "Syria", "Nepal"]),
        # a town and a country: not split by this rule; resolution finds the town opening
        # the name
        ("Jobs in Beirut/B-GPE Syria/I-GPE grew .", ["Beirut Syria"]),
    ],
)
def test_places_two_countries_in_one_mention(
    gaz: Gazetteer, tagged: str, texts: list[str]
) -> None:
    assert [p.text for p in _places(_doc(tagged), gaz)] == texts


def _parsed(words: list[str], tags: list[str], heads: list[int], ents: list[str]) -> Doc:
    """A Doc with parts of speech and heads (absolute indices), spaces after each word but
    before the last, and NER labels as ``_doc`` takes them."""
    spaces = [True] * (len(words) - 2) + [False, False]
    deps = ["ROOT" if h == i else "dep" for i, h in enumerate(heads)]
    return Doc(VOCAB, words=words, spaces=spaces, pos=tags, heads=heads, deps=deps, ents=ents)


@pytest.mark.parametrize(
    ("tagged", "texts"),
    [
        # the demonyms of a compound the parser tags NORP as a whole
        ("Syrian/B-NORP -/I-NORP French/I-NORP ties grew .", ["Syrian", "French"]),
        # a people named by a compound ending in a plural: one group, no place
        ("French/B-NORP -/I-NORP Americans/I-NORP voted .", []),
        # a word after a capitalised one is part of a longer name ("North American")
        ("North/B-NORP American/I-NORP migrants arrived .", []),
    ],
)
def test_places_demonyms_in_a_compound(gaz: Gazetteer, tagged: str, texts: list[str]) -> None:
    assert [p.text for p in _places(_doc(tagged), gaz)] == texts


def test_places_attributive_demonym_whatever_its_label(gaz: Gazetteer) -> None:
    # "Syrian" left untagged, modifying "militia" (a word that makes a name an
    # organisation's, not a demonym's)
    doc = _parsed(
        ["The", "Syrian", "militia", "fought", "."],
        ["DET", "ADJ", "NOUN", "VERB", "PUNCT"], [2, 2, 3, 3, 3], ["O"] * 5,
    )
    assert [p.text for p in _places(doc, gaz)] == ["Syrian"]


def test_places_demonym_as_an_object_is_no_attribute(gaz: Gazetteer) -> None:
    # "French" as the object of "learned" (a language), the noun after it not its head
    doc = _parsed(
        ["She", "learned", "French", "words", "."],
        ["PRON", "VERB", "PROPN", "NOUN", "PUNCT"], [1, 1, 1, 1, 1], ["O"] * 5,
    )
    assert [p.text for p in _places(doc, gaz)] == []


def test_places_two_major_places_hyphenated_in_one_mention(gaz: Gazetteer) -> None:
    words = ["The", "Syria", "-", "Lebanon", "border", "closed", "."]
    spaces = [True, False, False, True, True, False, False]
    ents = ["O", "B-LOC", "I-LOC", "I-LOC", "O", "O", "O"]
    doc = Doc(VOCAB, words=words, spaces=spaces, ents=ents)
    assert [p.text for p in _places(doc, gaz)] == ["Syria", "Lebanon"]


def test_places_month_in_a_date_is_no_town(gaz_us: Gazetteer) -> None:
    # "March" is a town in the gazetteer; the parser reads it in a date here
    doc = _doc("Rain fell in March/B-DATE 2014/I-DATE in Kansas/B-GPE .")
    assert [p.text for p in _places(doc, gaz_us)] == ["Kansas"]


@pytest.mark.parametrize(
    ("tagged", "texts"),
    [
        # a town alone in parentheses after a name: where that is
        ("A show by Fig Leaf Boutique ( Austin ) opened .", ["Austin"]),
        # not after a common word: an aside, not where a named thing is
        ("Rain fell ( Austin ) today .", []),
    ],
)
def test_places_town_in_parentheses_after_a_name(
    gaz: Gazetteer, tagged: str, texts: list[str]
) -> None:
    assert [p.text for p in _places(_doc(tagged), gaz)] == texts
