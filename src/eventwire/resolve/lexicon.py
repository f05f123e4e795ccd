"""The curated actor lexicons of ``eventwire/data/actors``, each read once on first use.

The files are described in ``data/actors/README.md``. Lookups are plain dict reads; nothing
is loaded at import time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

# The record format's sectors (shared/record-format.md), CAMEO-style.
SECTORS = frozenset(
    {"GOV", "MIL", "REB", "INS", "OPP", "PTY", "COP", "JUD"}
    | {"IGO", "NGO", "MED", "HLH", "EDU", "BUS", "CVL", "REL"}
)


@dataclass(frozen=True)
class Organization:
    name: str
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str


@dataclass(frozen=True)
class Place:
    name: str
    iso3: str
    seat: bool


def _rows(filename: str, columns: int) -> Iterator[list[str]]:
    text = resources.files("eventwire").joinpath("data", "actors", filename).read_text("utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        cells += [""] * (columns - len(cells))
        if len(cells) != columns:
            raise ValueError(f"{filename}:{number}: expected {columns} tab-separated columns")
        yield [cell.strip() for cell in cells]


def _none(cell: str) -> str | None:
    return None if cell in ("", "-") else cell


def _sector(cell: str, where: str) -> str | None:
    sector = _none(cell)
    if sector is not None and sector not in SECTORS:
        raise ValueError(f"{where}: unknown sector {sector!r}")
    return sector


def _aliases(cell: str) -> list[str]:
    return [alias.strip() for alias in cell.split("|") if alias.strip()]


def fold(text: str) -> str:
    """The lookup key of a name: case-folded, single-spaced, without a leading "the"."""
    key = " ".join(text.split()).casefold()
    return key[4:] if key.startswith("the ") else key


def _is_short_caps(alias: str) -> bool:
    # "US", "UK", "U.S.": all capitals and short, so they must match case-sensitively
    # ("us" is a pronoun).
    letters = alias.replace(".", "")
    return letters.isupper() and len(letters) <= 4


@cache
def organizations() -> dict[str, Organization]:
    """Every spelling (exact case) of a curated organization -> the organization."""
    table: dict[str, Organization] = {}
    for name, country, sector, aliases in _rows("organizations.tsv", 4):
        org = Organization(name, _none(country), _sector(sector, f"organizations.tsv {name}"))
        for alias in [name, *_aliases(aliases)]:
            table.setdefault(alias, org)
    return table


@cache
def _countries() -> tuple[dict[str, Country], dict[str, Country]]:
    # Imported here, not at module import: pycountry is only needed once a lookup happens.
    import pycountry

    overrides = {row[0]: row for row in _rows("countries.tsv", 3)}
    folded: dict[str, Country] = {}
    exact: dict[str, Country] = {}
    for record in pycountry.countries:
        iso3 = str(record.alpha_3)
        row = overrides.get(iso3)
        display = row[1] if row else str(getattr(record, "common_name", None) or record.name)
        country = Country(iso3, display)
        names = [record.name, getattr(record, "common_name", None)]
        names.append(getattr(record, "official_name", None))
        names += [display, *(_aliases(row[2]) if row else [])]
        for spelling in filter(None, names):
            if _is_short_caps(str(spelling)):
                exact.setdefault(str(spelling), country)
            else:
                folded.setdefault(fold(str(spelling)), country)
    unknown = set(overrides) - {c.iso3 for c in folded.values()}
    if unknown:
        raise ValueError(f"countries.tsv: not ISO 3166 alpha-3 codes: {sorted(unknown)}")
    return exact, folded


def country(name: str) -> Country | None:
    """The country ``name`` spells ("U.S.", "Britain", "Syrian Arab Republic"), or None."""
    exact, folded = _countries()
    return exact.get(name.strip()) or folded.get(fold(name))


def country_name(iso3: str) -> str | None:
    """The display name of the country with code ``iso3``."""
    return _country_names().get(iso3)


@cache
def _country_names() -> dict[str, str]:
    exact, folded = _countries()
    return {c.iso3: c.name for c in [*exact.values(), *folded.values()]}


@cache
def places() -> dict[str, Place]:
    """Folded spelling of a curated place -> the place (with its country and seat flag)."""
    table: dict[str, Place] = {}
    for name, iso3, seat, aliases in _rows("places.tsv", 4):
        place = Place(name, iso3, seat == "seat")
        for alias in [name, *_aliases(aliases)]:
            table.setdefault(fold(alias), place)
    return table


@cache
def demonyms() -> dict[str, str]:
    """Folded nationality adjective or demonym -> ISO3."""
    return {fold(word): iso3 for word, iso3 in _rows("demonyms.tsv", 2)}


@cache
def roles() -> dict[str, str | None]:
    """Folded role phrase -> the sector the role implies (None when it implies none)."""
    return {
        fold(role): _sector(sector, f"roles.tsv {role}") for role, sector in _rows("roles.tsv", 2)
    }


@cache
def qualifiers() -> dict[str, str | None]:
    """Folded affiliation word or phrase -> its sector."""
    return {
        fold(word): _sector(sector, f"qualifiers.tsv {word}")
        for word, sector in _rows("qualifiers.tsv", 2)
    }


@cache
def agency() -> tuple[frozenset[str], frozenset[str]]:
    """(verbs, nouns) whose subject or possessor acts as a government."""
    rows = list(_rows("agency.tsv", 2))
    verbs = frozenset(lemma for lemma, kind in rows if kind == "verb")
    nouns = frozenset(lemma for lemma, kind in rows if kind == "noun")
    return verbs, nouns


_PIECE = re.compile(r"\w+|[^\w\s]")


def first_piece(text: str) -> str:
    """The first word or symbol of ``text``: how a token can open an alias."""
    found = _PIECE.search(text)
    return found.group() if found else text


@cache
def alias_index() -> dict[str, tuple[tuple[str, Organization], ...]]:
    """Organization aliases grouped by their first piece, longest first, for text scanning."""
    grouped: dict[str, list[tuple[str, Organization]]] = {}
    for alias, org in organizations().items():
        grouped.setdefault(first_piece(alias), []).append((alias, org))
    return {
        piece: tuple(sorted(entries, key=lambda entry: -len(entry[0])))
        for piece, entries in grouped.items()
    }
