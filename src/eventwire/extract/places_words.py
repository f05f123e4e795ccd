"""The word lists of place detection: the lexicons in ``data/places/`` and the closed
classes of words (prepositions, connectors, labels) the rules test tokens against."""

from __future__ import annotations

from functools import cache
from importlib import resources

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

# Lemmas of verbs of speaking: a name that is their subject ("Noma said", "said Noma") is
# a person's, unless a country, capital or state speaks for its government.
SPEECH_VERBS = frozenset(
    {"say", "tell", "add", "explain", "recall", "insist", "ask", "reply", "admit", "claim",
     "note", "comment", "state", "respond", "continue", "exclaim", "contend", "suggest",
     "warn", "write"}
)

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


@cache
def _word_list(name: str) -> frozenset[str]:
    """The words of the data file ``places/name`` (one a line, ``#`` comments)."""
    text = (resources.files("eventwire") / "data" / "places" / name).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def not_places() -> frozenset[str]:
    """Name keys of organisations whose names look like places ("Islamic State", "EU")."""
    return frozenset(name_key(n) for n in _word_list("not_places.txt"))


@cache
def person_titles() -> frozenset[str]:
    """Titles before a person's name, without an abbreviation's full stop ("President")."""
    return frozenset(w.rstrip(".") for w in _word_list("person_titles.txt"))


@cache
def given_names() -> frozenset[str]:
    """Name keys of common given names that are also some place's name ("Michael")."""
    return frozenset(name_key(n) for n in _word_list("given_names.txt"))


def portfolio_heads() -> frozenset[str]:
    """Heads of offices named by their field after "of" ("Ministry", "Chamber")."""
    return _word_list("portfolio_heads.txt")


def local_bodies() -> frozenset[str]:
    """Words after a town's name that make its public body or people ("Fargo police")."""
    return _word_list("local_bodies.txt")


def state_bodies() -> frozenset[str]:
    """Words after a country's demonym that make one of its state bodies ("Russian Army")."""
    return _word_list("state_bodies.txt")


def pathogen_words() -> frozenset[str]:
    """Words after a name that make it a disease's ("West Nile virus")."""
    return _word_list("pathogen_words.txt")


def local_people() -> frozenset[str]:
    """Lower-case nouns after a town's name that make its people ("Gainesville man")."""
    return _word_list("local_people.txt")


def street_words() -> frozenset[str]:
    """Words after a name that make it a street's ("DeKalb Ave.")."""
    return _word_list("street_words.txt")


def based_words() -> frozenset[str]:
    """Participles that, hyphenated after a place's name, say where ("Northbrook-based")."""
    return _word_list("based_words.txt")


def compass_words() -> frozenset[str]:
    """Compass words as written ("North", "W.")."""
    return _word_list("compass_words.txt")


@cache
def compass_words_lower() -> frozenset[str]:
    """The compass words in lower case ("north", "w.")."""
    return frozenset(w.lower() for w in compass_words())
