"""Token-level tests of place detection, with no gazetteer: trimming a mention, capitalised
runs, list separators, abbreviations."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from eventwire.extract.places_words import CONNECTORS, LEADING, word_list
from eventwire.model import Entity

MAX_RUN = 5

# "Barrow, Jackson and Madison counties": list separators, and the plural type word after.
LIST_GAP = re.compile(r"\s*,\s*|\s+(?:and|or)\s+|\s*,\s*(?:and|or)\s+")

PLURAL_TYPE = re.compile(r"\s+([a-z]+)\b")

# "U.S.", "W.Va.", "Calif.": abbreviations written with full stops.
ABBREVIATION = re.compile(r"(?:[A-Z][a-z]{0,5}\.){1,3}")

MONTH = re.compile(
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Tokens start..end without a leading "the", lower-case compass words or prefix, and
    trailing punctuation or possessive."""
    while start < end and (doc[start].lower_ in LEADING or doc[start].is_punct):
        start += 1
    # "north west London", "the eastern Pacific": lower-case compass words describe a part.
    lower_compass = word_list("compass_words_lower")
    while start + 1 < end and doc[start].is_lower and doc[start].text in lower_compass:
        start += 1
    # "ex-Russian", "anti-Russian": a lower-case prefix joined by a hyphen.
    if (
        start + 2 < end and doc[start].is_lower and doc[start + 1].text == "-"
        and not doc[start].whitespace_ and not doc[start + 1].whitespace_
    ):
        start += 2
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        if abbreviation_stop(doc, end - 1):
            break
        end -= 1
    while end > start and doc[end - 1].lower_ in {"'s", "’s"}:
        end -= 1
    return start, end


def mentions(doc: Doc, entities: list[Entity] | None) -> list[tuple[int, int, str]]:
    """(start token, end token, label) of each entity mention, trimmed."""
    found = []
    if entities is None:
        spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    else:
        spans = [(m.start, m.end, e.type) for e in entities for m in e.mentions]
    for start_char, end_char, label in spans:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None:
            continue
        start, end = trim(doc, span.start, span.end)
        if end > start:
            found.append((start, end, label))
    return sorted(found)


def abbreviation_stop(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is the full stop closing a dotted abbreviation ("W.Va" + ".")."""
    return (
        doc[i].text == "." and i > 0 and not doc[i - 1].whitespace_
        and "." in doc[i - 1].text and doc[i - 1].text[0].isupper()
    )


def list_gap(doc: Doc, i: int, *, backward: bool) -> int | None:
    """The token index across a list separator (",", "and", "or", ", and") from token ``i``
    (the first token of a name when ``backward``, else the one after its end); None when
    no separator lies there."""
    words = [",", "and", "or"]
    if backward:
        j = i - 1
        if j >= 0 and doc[j].lower_ in {"and", "or"} and j > 0 and doc[j - 1].text == ",":
            return j - 1
        return j if j > 0 and (doc[j].lower_ in words or tight_joint(doc, j)) else None
    if i < len(doc) and doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].lower_ in {
        "and", "or"
    }:
        return i + 2
    return i + 1 if i < len(doc) and (doc[i].lower_ in words or tight_joint(doc, i)) else None


def tight_joint(doc: Doc, j: int) -> bool:
    """Whether token ``j`` is a hyphen or slash pairing two names, spaces neither side
    ("Nelson-Creston", "the Chartres/Franklin intersection")."""
    return (
        doc[j].text in {"-", "/"} and 0 < j < len(doc) - 1
        and not doc[j - 1].whitespace_ and not doc[j].whitespace_
    )


def capitalised(token: Token) -> bool:
    """Whether ``token`` is written as a name's word: capitalised or a dotted abbreviation."""
    if token.is_alpha:
        # "DeKalb", "McLean": a capital, then mixed case, is a name too.
        return (
            token.is_title or (token.is_upper and len(token) > 1)
            or (token.text[0].isupper() and len(token) > 4)  # not "MoD"
        )
    return ABBREVIATION.fullmatch(token.text) is not None


def runs(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words (with connectors inside) in tokens start..end."""
    runs, i = [], start
    while i < end:
        # A stop word starts no name, but "US" in an entity ("the US Justice Department")
        # is no pronoun.
        if not capitalised(doc[i]) or (
            doc[i].is_stop and not (doc[i].is_upper and doc[i].ent_type_)
        ):
            i += 1
            continue
        j = i + 1
        while j < end and (
            capitalised(doc[j])
            or (doc[j].lower_ in CONNECTORS and j + 1 < end and capitalised(doc[j + 1]))
        ):
            j += 1
        runs.append((i, j))
        i = j
    return runs
