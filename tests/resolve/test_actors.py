from __future__ import annotations

from importlib import resources

import pycountry
import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.resolve import lexicon
from eventwire.resolve.actors import (
    acts_as_government,
    known_actor,
    resolve_actor,
    role_sector,
)


@pytest.mark.parametrize(
    ("name", "label", "country", "sector"),
    [
        ("United Nations", "ORG", None, "IGO"),
        ("UN", "ORG", None, "IGO"),
        ("WHO", "ORG", None, "IGO"),
        ("ICRC", "ORG", None, "NGO"),
        ("Red Cross", "ORG", None, "NGO"),
        ("MSF", "ORG", None, "NGO"),
        ("Syrian Observatory for Human Rights", "GPE", "SYR", "NGO"),
        ("Reuters", "ORG", "GBR", "MED"),
        ("AFP", "ORG", "FRA", "MED"),
        ("BBC", "ORG", "GBR", "MED"),
        ("France Inter", "ORG", "FRA", "MED"),
        ("NATO", "ORG", None, "IGO"),
        ("EU", "ORG", None, "IGO"),
        ("Boko Haram", "PERSON", "NGA", "INS"),
        ("Daesh", "GPE", None, "INS"),
        ("ISIL", "ORG", None, "INS"),
        ("Taliban", "NORP", "AFG", "INS"),
        ("al-Shabaab", "ORG", "SOM", "INS"),
        ("Hezbollah", "NORP", "LBN", "INS"),
        ("Hamas", "ORG", "PSE", "INS"),
        ("FSB", "ORG", "RUS", "GOV"),
        ("Pentagon", "FAC", "USA", "MIL"),
        ("Kremlin", "FAC", "RUS", "GOV"),
        ("White House", "FAC", "USA", "GOV"),
        ("Elysee", "ORG", "FRA", "GOV"),
        ("Downing Street", "FAC", "GBR", "GOV"),
    ],
)
def test_actors_resolve_curated_organizations(
    name: str, label: str, country: str | None, sector: str
) -> None:
    assert resolve_actor(name, label) == (country, sector)
    known = known_actor(name, label)
    assert known is not None and known.type == "ORG"


@pytest.mark.parametrize(
    ("name", "label", "country"),
    [
        ("France", "GPE", "FRA"),
        ("U.S.", "GPE", "USA"),
        ("US", "GPE", "USA"),
        ("America", "GPE", "USA"),
        ("the United States", "GPE", "USA"),
        ("Britain", "GPE", "GBR"),
        ("Russia", "GPE", "RUS"),
        ("Syria", "GPE", "SYR"),
        ("Syrian Arab Republic", "GPE", "SYR"),
        ("Iran", "GPE", "IRN"),
        ("Ivory Coast", "GPE", "CIV"),
        ("Hong Kong", "GPE", "HKG"),
        ("JAPAN", "GPE", "JPN"),
        ("Nepal", "PERSON", "NPL"),
        ("Sierra Leone", "ORG", "SLE"),
    ],
)
def test_actors_resolve_countries_without_sector(name: str, label: str, country: str) -> None:
    assert resolve_actor(name, label) == (country, None)
    known = known_actor(name, label)
    assert known is not None and known.type == "GPE" and known.seat


@pytest.mark.parametrize(
    ("name", "country", "seat"),
    [
        ("Moscow", "RUS", True),
        ("BEIRUT", "LBN", True),
        ("Kiev", "UKR", True),
        ("Kyiv", "UKR", True),
        ("Washington", "USA", True),
        ("Raqqa", "SYR", False),
        ("Sharm el-Sheikh", "EGY", False),
    ],
)
def test_actors_resolve_places(name: str, country: str, seat: bool) -> None:
    known = known_actor(name, "GPE")
    assert known is not None
    assert (known.country, known.sector, known.seat) == (country, None, seat)


@pytest.mark.parametrize(
    ("name", "label", "country"),
    [
        ("French", "NORP", "FRA"),
        ("Russian", "NORP", "RUS"),
        ("Russians", "NORP", "RUS"),
        ("Ukrainian", "GPE", "UKR"),
        ("Lebanese", "NORP", "LBN"),
    ],
)
def test_actors_resolve_nationalities(name: str, label: str, country: str) -> None:
    known = known_actor(name, label)
    assert known is not None
    assert (known.type, known.country, known.sector) == ("NORP", country, None)


@pytest.mark.parametrize(
    ("aliases", "name"),
    [
        (["Islamic State", "IS", "ISIS", "ISIL", "Daesh", "Islamic State group"], "Islamic State"),
        (["U.S.", "US", "United States", "America"], "United States"),
        (["UN", "U.N.", "United Nations"], "United Nations"),
        (["Kiev", "Kyiv"], "Kyiv"),
    ],
)
def test_actors_aliases_share_one_key_and_name(aliases: list[str], name: str) -> None:
    found = [known_actor(alias, "ORG") for alias in aliases]
    assert all(k is not None for k in found)
    assert {k.key for k in found if k} == {found[0].key if found[0] else ""}
    assert {k.name for k in found if k} == {name}


@pytest.mark.parametrize(
    ("name", "country", "sector"),
    [
        ("Kenema Government Hospital", "SLE", "HLH"),
        ("Brazilian Space Agency", "BRA", "GOV"),
        ("National Police Agency", None, "COP"),
        ("Lebanese Army", "LBN", "MIL"),
        ("Atlas Ledger", None, None),
    ],
)
def test_actors_unknown_organization_read_from_its_words(
    name: str, country: str | None, sector: str | None
) -> None:
    assert known_actor(name, "ORG") is None
    assert resolve_actor(name, "ORG") == (country, sector)


@pytest.mark.parametrize(
    ("name", "label"), [("Laurent Fabius", "PERSON"), ("us", "GPE"), ("Atlas Ledger", "GPE")]
)
def test_actors_unknown_names_resolve_to_nothing(name: str, label: str) -> None:
    assert resolve_actor(name, label) == (None, None)


@pytest.mark.parametrize(
    ("phrase", "is_role", "sector"),
    [
        ("Foreign Minister", True, "GOV"),
        ("spokesman", True, None),
        ("Director-General", True, None),
        ("police chief", True, "COP"),
        ("correspondent", True, "MED"),
        ("Secretary of State", True, "GOV"),
        ("commander", True, "MIL"),
        ("breakfast", False, None),
    ],
)
def test_actors_role_sector(phrase: str, is_role: bool, sector: str | None) -> None:
    assert role_sector(phrase) == (is_role, sector)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("eventwire").joinpath("data", "actors", name).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@pytest.mark.parametrize(
    ("name", "columns", "country_column", "sector_column"),
    [
        ("organizations.tsv", 4, 1, 2),
        ("countries.tsv", 3, 0, None),
        ("places.tsv", 4, 1, None),
        ("demonyms.tsv", 2, 1, None),
        ("roles.tsv", 2, None, 1),
        ("qualifiers.tsv", 2, None, 1),
    ],
)
def test_actors_lexicon_files_are_well_formed(
    name: str, columns: int, country_column: int | None, sector_column: int | None
) -> None:
    rows = _rows(name)
    assert rows
    for row in rows:
        assert len(row) == columns, row
        if country_column is not None and row[country_column] != "-":
            assert pycountry.countries.get(alpha_3=row[country_column]), row
        if sector_column is not None and row[sector_column] != "-":
            assert row[sector_column] in lexicon.SECTORS, row
    keys = [lexicon.fold(row[0]) for row in rows]
    assert len(keys) == len(set(keys)), f"{name}: duplicate entries"


def test_actors_no_alias_names_two_organizations() -> None:
    owners: dict[str, str] = {}
    for name, _, _, aliases in _rows("organizations.tsv"):
        for alias in [name, *filter(None, aliases.split("|"))]:
            assert owners.setdefault(alias, name) == name, f"{alias} names {owners[alias]}"


def _parsed(words: list[str], heads: list[int], deps: list[str], lemmas: list[str]) -> Doc:
    return Doc(Vocab(), words=words, heads=heads, deps=deps, lemmas=lemmas)


@pytest.mark.parametrize(
    ("words", "heads", "deps", "lemmas", "acts"),
    [
        # Moscow said on Tuesday
        (
            ["Moscow", "said", "on", "Tuesday"],
            [1, 1, 1, 2],
            ["nsubj", "ROOT", "prep", "pobj"],
            ["Moscow", "say", "on", "Tuesday"],
            True,
        ),
        # Moscow 's denial angered them
        (
            ["Moscow", "'s", "denial", "angered", "them"],
            [2, 0, 3, 3, 3],
            ["poss", "case", "nsubj", "ROOT", "dobj"],
            ["Moscow", "'s", "denial", "anger", "they"],
            True,
        ),
        # Paris and Moscow were coordinating
        (
            ["Moscow", "and", "Paris", "were", "coordinating"],
            [4, 0, 0, 4, 4],
            ["nsubj", "cc", "conj", "aux", "ROOT"],
            ["Moscow", "and", "Paris", "be", "coordinate"],
            True,
        ),
        # sanctions imposed by Moscow
        (
            ["sanctions", "imposed", "by", "Moscow"],
            [0, 0, 1, 2],
            ["ROOT", "acl", "agent", "pobj"],
            ["sanction", "impose", "by", "Moscow"],
            True,
        ),
        # strikes on Moscow
        (
            ["strikes", "on", "Moscow"],
            [0, 0, 1],
            ["ROOT", "prep", "pobj"],
            ["strike", "on", "Moscow"],
            False,
        ),
        # Moscow 's governor spoke
        (
            ["Moscow", "'s", "governor", "spoke"],
            [2, 0, 3, 3],
            ["poss", "case", "nsubj", "ROOT"],
            ["Moscow", "'s", "governor", "speak"],
            False,
        ),
        # Moscow woke to grief
        (
            ["Moscow", "woke", "to", "grief"],
            [1, 1, 1, 2],
            ["nsubj", "ROOT", "prep", "pobj"],
            ["Moscow", "wake", "to", "grief"],
            False,
        ),
    ],
)
def test_actors_acts_as_government(
    words: list[str], heads: list[int], deps: list[str], lemmas: list[str], acts: bool
) -> None:
    doc = _parsed(words, heads, deps, lemmas)
    moscow = next(t.i for t in doc if t.text == "Moscow")
    assert acts_as_government(doc[moscow : moscow + 1]) is acts
