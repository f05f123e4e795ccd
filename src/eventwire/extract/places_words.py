"""The word lists of place detection: the lexicons in ``data/places/`` and the closed
classes of words (prepositions, connectors, labels) the rules test tokens against."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Literal

from eventwire.resolve.gazetteer import name_key
from eventwire.resolve.gazetteer_build import TYPE_WORDS

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

LEADING = frozenset({"the"})

# Words after a name that make it an organisation, not a place ("Islamic State group",
# "McGill University").
ORG_HEADS = frozenset({"group", "militants", "fighters", "militia", "jihadists"})

NAMED_HEADS = frozenset({"University", "College"})

# Prepositions before a name that make it a place ("in Barpak").
LOCATIVE = frozenset(
    {"in", "near", "at", "from", "outside", "to", "into", "across", "toward", "towards",
     "around", "of", "through", "via", "between", "within"}
)

# The prepositions of place that a person's name does not follow ("generation in Sidney
# Crosby" is rare; "according to Henry Akpan", "the deaths of Fatima ..." are not).
AT = frozenset({"in", "at", "near"})

CONNECTORS = frozenset({"of", "de", "al", "el", "upon", "on", "la", "le", "du", "-"})

# Words joining the parts of one place's name: "Trinidad and Tobago", "Gilgit-Baltistan".
# Not a comma: "Washington, D.C." is one place in GeoWebNews but two in LGL and GeoVirus.
JOINERS = frozenset({"and", "&", "-"})

# Not "states", "republics", "regions", "territories": "the Gulf states", "Baltic republics"
# name groups of countries, not divisions.
PLURAL_TYPE_WORDS = frozenset(
    w[:-1] + "ies" if w.endswith("y") else w + ("es" if w.endswith("sh") else "s")
    for w in TYPE_WORDS - {"state", "republic", "region", "territory", "division"}
)

# Type words that, capitalised and followed by more of a name, make an office's name.
OFFICE_WORDS = frozenset({"department", "state", "division", "region", "district"})

# "D-Pa.", "R-Ocilla": a US legislator's party and home state or town, after a comma.
PARTIES = frozenset({"D", "R", "I"})

# Dashes and colons that end an upper-case dateline ("BYESVILLE -- Firefighters").
DATELINE_ENDS = frozenset({",", "(", "-", "—", "–", "--", "---", ":"})

# Labels of dates and numbers: "SENDAI, Japan, March 13" lists no place "March".
NUMERIC = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
)

# Labels the parser gives place names it does not recognise as such.
MISLABELS = frozenset({"PERSON", "ORG", "DATE", "WORK_OF_ART", "PRODUCT", "EVENT"})


# The lists read from ``data/places/``, by name.
WordList = Literal[
    "not_places", "person_titles", "given_names", "portfolio_heads", "local_bodies", "state_bodies",
    "pathogen_words", "local_people", "street_words", "based_words", "compass_words",
    "compass_words_lower",
]


def _as_written(word: str) -> str:
    return word


def _without_full_stop(word: str) -> str:
    return word.rstrip(".")


# Each list's data file and how a line of it is kept.
_LISTS: dict[WordList, tuple[str, Callable[[str], str]]] = {
    # Name keys of organisations whose names look like places ("Islamic State", "EU").
    "not_places": ("not_places.txt", name_key),
    # Titles before a person's name, without an abbreviation's full stop ("President").
    "person_titles": ("person_titles.txt", _without_full_stop),
    # Name keys of common given names that are also some place's name ("Michael").
    "given_names": ("given_names.txt", name_key),
    # Heads of offices named by their field after "of" ("Ministry", "Chamber").
    "portfolio_heads": ("portfolio_heads.txt", _as_written),
    # Words after a town's name that make its public body or people ("Fargo police").
    "local_bodies": ("local_bodies.txt", _as_written),
    # Words after a country's demonym that make one of its state bodies ("Russian Army").
    "state_bodies": ("state_bodies.txt", _as_written),
    # Words after a name that make it a disease's ("West Nile virus").
    "pathogen_words": ("pathogen_words.txt", _as_written),
    # Lower-case nouns after a town's name that make its people ("Gainesville man").
    "local_people": ("local_people.txt", _as_written),
    # Words after a name that make it a street's ("DeKalb Ave.").
    "street_words": ("street_words.txt", _as_written),
    # Participles that, hyphenated after a place's name, say where ("Northbrook-based").
    "based_words": ("based_words.txt", _as_written),
    # Compass words as written ("North", "W.").
    "compass_words": ("compass_words.txt", _as_written),
    # The compass words in lower case ("north", "w.").
    "compass_words_lower": ("compass_words.txt", str.lower),
}


@cache
def word_list(name: WordList) -> frozenset[str]:
    """The words of list `name`: its data file's lines (``#`` starts a comment line), each
    kept as the list says (see ``_LISTS``)."""
    file, keep = _LISTS[name]
    text = (resources.files("eventwire") / "data" / "places" / file).read_text(encoding="utf-8")
    return frozenset(
        keep(line.strip())
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )
