from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.resolve.roles import Affiliation, read_roles, title_start

_POS = {"NNP": "PROPN", "NN": "NOUN", "NNS": "NOUN", "JJ": "ADJ", "VBD": "VERB", "POS": "PART"}


def _doc(parse: list[tuple[str, int, str, str]]) -> Doc:
    """A parsed Doc from (word, head, dep, tag) rows."""
    words, heads, deps, tags = (list(column) for column in zip(*parse, strict=True))
    pos = [
        _POS.get(tag, "PUNCT" if not word.isalnum() else "X")
        for word, tag in zip(words, tags, strict=True)
    ]
    return Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags, pos=pos)


def _mentions(*items: Affiliation) -> dict[int, Affiliation]:
    return {i: item for item in items for i in range(item.start, item.end)}


CASES = [
    pytest.param(
        [
            ("French", 2, "amod", "JJ"),
            ("Foreign", 2, "compound", "NNP"),
            ("Minister", 4, "compound", "NNP"),
            ("Laurent", 4, "compound", "NNP"),
            ("Fabius", 5, "nsubj", "NNP"),
            ("told", 5, "ROOT", "VBD"),
        ],
        (3, 5),
        [Affiliation(0, 1, "FRA", None)],
        (["Foreign Minister"], "FRA", "GOV"),
        id="title-with-nationality",
    ),
    pytest.param(
        [
            ("Kremlin", 1, "compound", "NNP"),
            ("spokesman", 3, "compound", "NN"),
            ("Dmitry", 3, "compound", "NNP"),
            ("Peskov", 4, "nsubj", "NNP"),
            ("repeated", 4, "ROOT", "VBD"),
        ],
        (2, 4),
        [Affiliation(0, 1, "RUS", "GOV")],
        (["spokesman"], "RUS", "GOV"),
        id="title-with-organization",
    ),
    pytest.param(
        [
            ("army", 1, "compound", "NN"),
            ("spokesman", 3, "compound", "NN"),
            ("Ahmed", 3, "compound", "NNP"),
            ("Ali", 4, "nsubj", "NNP"),
            ("said", 4, "ROOT", "VBD"),
        ],
        (2, 4),
        [],
        (["spokesman"], None, "MIL"),
        id="title-with-affiliation-word",
    ),
    pytest.param(
        [
            ("Beirut", 2, "poss", "NNP"),
            ("'s", 0, "case", "POS"),
            ("governor", 7, "nsubj", "NN"),
            (",", 2, "punct", ","),
            ("Marwan", 5, "compound", "NNP"),
            ("Abboud", 2, "appos", "NNP"),
            (",", 2, "punct", ","),
            ("said", 7, "ROOT", "VBD"),
        ],
        (4, 6),
        [Affiliation(0, 1, "LBN", None)],
        (["governor"], "LBN", "GOV"),
        id="apposition-role-first",
    ),
    pytest.param(
        [
            ("Baghdadi", 8, "nsubj", "NNP"),
            (",", 0, "punct", ","),
            ("the", 3, "det", "DT"),
            ("leader", 0, "appos", "NN"),
            ("of", 3, "prep", "IN"),
            ("Islamic", 6, "compound", "NNP"),
            ("State", 4, "pobj", "NNP"),
            (",", 0, "punct", ","),
            ("called", 8, "ROOT", "VBD"),
        ],
        (0, 1),
        [Affiliation(5, 7, None, "INS")],
        (["leader"], None, "INS"),
        id="apposition-name-first",
    ),
    pytest.param(
        [
            ("Secretary", 4, "nmod", "NNP"),
            ("of", 0, "prep", "IN"),
            ("State", 1, "pobj", "NNP"),
            ("Hillary", 4, "compound", "NNP"),
            ("Clinton", 5, "nsubj", "NNP"),
            ("visited", 5, "ROOT", "VBD"),
        ],
        (3, 5),
        [Affiliation(2, 3, None, None)],
        (["Secretary of State"], None, "GOV"),
        id="title-with-of",
    ),
    pytest.param(
        [
            ("defence", 1, "compound", "NN"),
            ("spokesman", 4, "compound", "NN"),
            ("Major", 3, "compound", "NNP"),
            ("General", 4, "compound", "NNP"),
            ("Olukolade", 5, "nsubj", "NNP"),
            ("said", 5, "ROOT", "VBD"),
        ],
        (4, 5),
        [],
        (["spokesman", "Major General"], None, "MIL"),
        id="two-titles",
    ),
]


@pytest.mark.parametrize(("parse", "name", "others", "expected"), CASES)
def test_actors_roles_read_from_the_parse(
    parse: list[tuple[str, int, str, str]],
    name: tuple[int, int],
    others: list[Affiliation],
    expected: tuple[list[str], str | None, str | None],
) -> None:
    doc = _doc(parse)
    reading = read_roles(doc[name[0] : name[1]], _mentions(*others))
    assert (reading.roles, reading.country, reading.sector) == expected
    # Role words are never part of another mention ("Secretary of State" swallows "State").
    assert not reading.role_tokens & set(range(*name))


def test_actors_roles_cover_the_title_words() -> None:
    doc = _doc(
        [
            ("Secretary", 4, "nmod", "NNP"),
            ("of", 0, "prep", "IN"),
            ("State", 1, "pobj", "NNP"),
            ("Hillary", 4, "compound", "NNP"),
            ("Clinton", 5, "nsubj", "NNP"),
            ("visited", 5, "ROOT", "VBD"),
        ]
    )
    reading = read_roles(doc[3:5], _mentions(Affiliation(2, 3, None, None)))
    assert reading.role_tokens == {0, 1, 2}


def test_actors_roles_a_person_without_title_has_none() -> None:
    doc = _doc([("Fabius", 1, "nsubj", "NNP"), ("said", 1, "ROOT", "VBD")])
    reading = read_roles(doc[0:1], {})
    assert (reading.roles, reading.country, reading.sector) == ([], None, None)


@pytest.mark.parametrize(
    ("words", "start"),
    [
        (["President", "Barack", "Obama", "spoke"], 1),
        (["Kremlin", "spokesman", "Dmitry", "Peskov"], 2),
        (["Barack", "Obama", "spoke"], 0),
        (["Julie", "Bishop", "spoke"], 0),
    ],
)
def test_actors_roles_title_inside_a_person_span(words: list[str], start: int) -> None:
    doc = Doc(Vocab(), words=words)
    end = len(words) - 1 if words[-1] == "spoke" else len(words)
    assert title_start(doc[0:end]) == start
