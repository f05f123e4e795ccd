from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from eventwire.resolve.mentions import acronym_after, dateline_mentions, organization_mentions


@pytest.fixture(scope="module")
def tokenizer() -> Language:
    # The rule-based English tokenizer alone: no model is needed to find text mentions.
    return spacy.blank("en")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Daesh and ISIL fighters fled.", [("Daesh", "Islamic State"), ("ISIL", "Islamic State")]),
        ("The Islamic State group said so.", [("Islamic State group", "Islamic State")]),
        ("The Kremlin denied it.", [("Kremlin", "Kremlin")]),
        ("Militants of al-Shabaab attacked.", [("al-Shabaab", "al-Shabaab")]),
        ("IS fighters withdrew.", [("IS", "Islamic State")]),
        # Case matters: a pronoun is not the United Nations.
        ("Tell us and un-named officials.", []),
        # A short alias inside a line of capitals is a headline word.
        ("WHAT IS NEXT FOR THEM", []),
        # Only whole tokens: "ISISx" is not ISIS.
        ("The ISISx project ended.", []),
    ],
)
def test_actors_mentions_organization_aliases(
    tokenizer: Language, text: str, found: list[tuple[str, str]]
) -> None:
    mentions = list(organization_mentions(tokenizer(text)))
    assert [
        (text[m.start : m.end], m.organization.name if m.organization else "") for m in mentions
    ] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "BEIRUT, Aug 5, 2020 (Meridian News Service) - A blast rocked Beirut.",
            [("BEIRUT", "GPE"), ("Meridian News Service", "ORG")],
        ),
        (
            "RAQQA/PARIS, Nov 18 (Harbour Wire) - Strikes hit Raqqa.",
            [("RAQQA", "GPE"), ("PARIS", "GPE"), ("Harbour Wire", "ORG")],
        ),
        (
            "SENDAI, Japan, March 13, 2011 (Tidewater Dispatch) - Rescuers searched.",
            [("SENDAI", "GPE"), ("Japan", "GPE"), ("Tidewater Dispatch", "ORG")],
        ),
        ("HONG KONG, June 10 - Protesters marched.", [("HONG KONG", "GPE")]),
        # No date and no credited outlet: not a dateline.
        ("NATO - the alliance met.", []),
        ("The blast rocked Beirut on Aug 5.", []),
    ],
)
def test_actors_mentions_dateline(text: str, found: list[tuple[str, str]]) -> None:
    mentions = dateline_mentions(text)
    assert [(text[m.start : m.end], m.label) for m in mentions] == found


@pytest.mark.parametrize(
    ("text", "name", "acronym"),
    [
        (
            "the Syrian Observatory for Human Rights (SOHR) said",
            "Syrian Observatory for Human Rights",
            "SOHR",
        ),
        ("the World Health Organization (WHO) said", "World Health Organization", "WHO"),
        ("Paris (AFP) said", "Paris", None),
        ("the Observatory (in London) said", "Observatory", None),
    ],
)
def test_actors_mentions_acronym_in_brackets(text: str, name: str, acronym: str | None) -> None:
    start = text.index(name)
    found = acronym_after(text, start, start + len(name))
    assert (text[found[0] : found[1]] if found else None) == acronym
