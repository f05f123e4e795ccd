"""Lexicons of the quantities extractor, read once from ``eventwire/data/quantities/*.json``.

The words live in data files so that a linguist can extend them without touching the code;
``data/quantities/README.md`` documents each table and the conventions behind it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast, get_args

from eventwire.model import Approx, QuantityKind

# The record format's own lists: a data file naming anything else fails at load time.
_KINDS: frozenset[str] = frozenset(get_args(QuantityKind))
_APPROX: frozenset[str] = frozenset(get_args(Approx))

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class NumberLexicon:
    """Words that make up a number phrase and words that say it is not a count."""

    words: dict[str, int]
    scales: dict[str, int]
    groups: dict[str, int]
    vague: dict[Phrase, tuple[int, int]]
    modifiers: dict[Phrase, Approx]
    range_links: frozenset[str]
    currency_symbols: frozenset[str]
    currency_words: frozenset[str]
    percent_words: frozenset[str]
    units: frozenset[str]
    time_units: frozenset[str]
    invariant_plurals: frozenset[str]
    count_adjectives: frozenset[str]
    labels: frozenset[str]
    age_cues: frozenset[str]
    year_prepositions: frozenset[str]
    bound_verbs: dict[str, Approx]


@dataclass(frozen=True)
class KindLexicon:
    """Words that tell what a figure counts: the kind, and whether it is worth reporting."""

    nouns: dict[str, QuantityKind]
    tolls: dict[str, QuantityKind]
    count_nouns: frozenset[str]
    transitive: dict[str, QuantityKind]
    intransitive: dict[str, QuantityKind]
    states: dict[str, QuantityKind]
    places: dict[str, dict[str, QuantityKind]]
    verb_objects: dict[str, dict[str, QuantityKind]]
    people: frozenset[str]
    objects: frozenset[str]
    population: frozenset[str]
    wholes: frozenset[str]


def _read(name: str) -> dict[str, Any]:
    path = resources.files("eventwire") / "data" / "quantities" / name
    return cast(dict[str, Any], json.loads(path.read_text(encoding="utf-8")))


def _kind(value: str, where: str) -> QuantityKind:
    # A typo in a data file must fail loudly at load time, not leak into records.
    if value not in _KINDS:
        raise ValueError(f"data/quantities: unknown kind {value!r} in {where}")
    return cast(QuantityKind, value)


def _kinds(table: dict[str, str], where: str) -> dict[str, QuantityKind]:
    return {key: _kind(value, where) for key, value in table.items()}


def _approx(value: str, where: str) -> Approx:
    if value not in _APPROX:
        raise ValueError(f"data/quantities: unknown approx {value!r} for {where!r}")
    return cast(Approx, value)


def _phrase(text: str) -> Phrase:
    return tuple(text.split())


@cache
def number_lexicon() -> NumberLexicon:
    """The number grammar of ``numbers.json``."""
    raw = _read("numbers.json")
    modifiers = {_phrase(text): _approx(a, text) for text, a in raw["modifiers"].items()}
    return NumberLexicon(
        words=dict(raw["words"]),
        scales=dict(raw["scales"]),
        groups=dict(raw["groups"]),
        vague={_phrase(k): (int(v[0]), int(v[1])) for k, v in raw["vague"].items()},
        modifiers=modifiers,
        range_links=frozenset(raw["range_links"]),
        currency_symbols=frozenset(raw["currency_symbols"]),
        currency_words=frozenset(raw["currency_words"]),
        percent_words=frozenset(raw["percent_words"]),
        units=frozenset(raw["units"]),
        time_units=frozenset(raw["time_units"]),
        invariant_plurals=frozenset(raw["invariant_plurals"]),
        count_adjectives=frozenset(raw["count_adjectives"]),
        labels=frozenset(raw["labels"]),
        age_cues=frozenset(raw["age_cues"]),
        year_prepositions=frozenset(raw["year_prepositions"]),
        bound_verbs={verb: _approx(a, verb) for verb, a in raw["bound_verbs"].items()},
    )


@cache
def kind_lexicon() -> KindLexicon:
    """The kind lexicon of ``kinds.json``."""
    raw = _read("kinds.json")
    return KindLexicon(
        nouns=_kinds(raw["nouns"], "nouns"),
        tolls=_kinds(raw["tolls"], "tolls"),
        count_nouns=frozenset(raw["count_nouns"]),
        transitive=_kinds(raw["transitive"], "transitive"),
        intransitive=_kinds(raw["intransitive"], "intransitive"),
        states=_kinds(raw["states"], "states"),
        places={prep: _kinds(t, f"places.{prep}") for prep, t in raw["places"].items()},
        verb_objects={v: _kinds(t, f"verb_objects.{v}") for v, t in raw["verb_objects"].items()},
        people=frozenset(raw["people"]),
        objects=frozenset(raw["objects"]),
        population=frozenset(raw["population"]),
        wholes=frozenset(raw["wholes"]),
    )
