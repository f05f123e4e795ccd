"""Actor resolution: what a name stands for (country, sector), and when a place acts.

``resolve_actor(name, label)`` answers from the curated lexicons of ``data/actors``
(organizations, countries via pycountry, seats of government, demonyms), and for an
organization it does not know, from the words of its name ("Kenema Government Hospital"
-> SLE, HLH). ``acts_as_government(span)`` reads the parse: a country or a seat of
government is its government when it says or does something.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from eventwire.resolve import lexicon
from eventwire.resolve.lexicon import fold


@dataclass(frozen=True)
class Known:
    """A name the lexicons know: how it merges, its canonical name, type, country, sector."""

    key: str
    name: str | None  # None: keep the article's own spelling (demonyms)
    type: str | None  # None: a place, GPE or LOC as the parser says
    country: str | None
    sector: str | None
    seat: bool = False  # a country or a seat of government: acts as GOV when agentive


def _organization(name: str) -> Known | None:
    org = lexicon.organizations().get(" ".join(name.split()))
    if org is None:
        return None
    return Known(f"ORG:{org.name}", org.name, "ORG", org.country, org.sector)


def _country(name: str) -> Known | None:
    found = lexicon.country(name)
    if found is None:
        return None
    return Known(f"GPE:{found.iso3}", found.name, "GPE", found.iso3, None, seat=True)


def _place(name: str) -> Known | None:
    place = lexicon.places().get(fold(name))
    if place is None:
        return None
    return Known(f"PLACE:{place.name}", place.name, None, place.iso3, None, seat=place.seat)


def _demonym(name: str) -> Known | None:
    iso3 = lexicon.demonyms().get(fold(name))
    return None if iso3 is None else Known(f"NORP:{iso3}", None, "NORP", iso3, None)


def known_actor(name: str, label: str) -> Known | None:
    """What the lexicons know about ``name`` tagged ``label`` by the parser, or None.

    The lexicon decides the type: "Daesh" tagged GPE is the organization Islamic State,
    "Nepal" tagged PERSON is the country, "Ukrainian" tagged GPE is a nationality.
    """
    if label == "NORP":
        order = (_demonym, _organization, _country, _place)
    else:
        order = (_organization, _country, _place, _demonym)
    for lookup in order:
        found = lookup(name)
        if found is not None:
            return found
    return None


def resolve_actor(name: str, label: str) -> tuple[str | None, str | None]:
    """(ISO3 country, sector) of ``name`` tagged ``label``; None where not known.

    Countries and places get a country and no sector (a government only when it acts, see
    :func:`acts_as_government`). An organization missing from the lexicon is read from its
    words: a place or nationality in it gives the country, an affiliation word the sector.
    """
    found = known_actor(name, label)
    if found is not None:
        return found.country, found.sector
    if label != "ORG":
        return None, None
    return name_affiliation(name.split())


def name_affiliation(words: list[str]) -> tuple[str | None, str | None]:
    """(country, sector) from the words of a name: the first place or nationality gives the
    country; the last specific affiliation word the sector, a generic government word
    ("agency", "ministry") only when there is no other ("National Police Agency" -> COP)."""
    country: str | None = None
    specific: str | None = None
    generic: str | None = None
    for i, word in enumerate(words):
        if country is None:
            country = word_country(word)
        two = " ".join(words[i - 1 : i + 1]) if i else ""
        for phrase in (two, word):
            is_qualifier, sector = qualifier_sector(phrase) if phrase else (False, None)
            if is_qualifier:
                if sector == "GOV":
                    generic = sector
                elif sector is not None:
                    specific = sector
                break
    return country, specific or generic


def word_country(word: str) -> str | None:
    """The country a single word names or implies ("French", "Beirut", "U.S."), or None."""
    for lookup in (_country, _demonym, _place, _organization):
        found = lookup(word)
        if found is not None:
            return found.country
    return None


def role_sector(phrase: str) -> tuple[bool, str | None]:
    """(is a role, sector it implies) for a title or role noun phrase."""
    key = fold(phrase)
    table = lexicon.roles()
    return (key in table, table.get(key))


def qualifier_sector(phrase: str) -> tuple[bool, str | None]:
    """(is an affiliation word, its sector) for "army", "rebel", "defence ministry"..."""
    key = fold(phrase)
    table = lexicon.qualifiers()
    return (key in table, table.get(key))


def _governing(token: Token) -> Token:
    # "Paris and Moscow were coordinating": a conjunct acts with its head.
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def acts_as_government(span: Span) -> bool:
    """Whether the place ``span`` names is the agent of a speech or action, or its possessor.

    "Moscow said", "Paris and Moscow were coordinating", "by Washington", "Moscow's denial"
    act; "strikes on Raqqa", "in Paris", "Beirut's governor" do not.
    """
    verbs, nouns = lexicon.agency()
    token = _governing(span.root)
    head = token.head
    if token.dep_ == "nsubj":
        candidates = [head, *(c for c in head.children if c.dep_ in ("xcomp", "conj"))]
        return any(c.lemma_.lower() in verbs for c in candidates)
    if token.dep_ == "pobj" and head.dep_ == "agent":
        return head.head.lemma_.lower() in verbs
    if token.dep_ == "poss":
        return head.lemma_.lower() in nouns or head.text.lower() in nouns
    return False
