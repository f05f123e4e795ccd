"""The time lexicon (month and weekday names, number words, units), loaded once from data."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Unit:
    """A calendar unit word: its TIMEX3 duration letter, whether it is a clock unit, a factor."""

    letter: str
    clock: bool
    factor: int


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague_numbers: tuple[str, ...]
    ordinals: dict[str, int]
    units: dict[str, Unit]
    plurals: dict[str, str]
    seasons: dict[str, str]
    day_parts: dict[str, str]
    frequencies: dict[str, str]
    holidays: dict[str, str]
    # Verbs whose complements lie ahead of them ("scheduled a hearing Thursday").
    prospective: frozenset[str]

    def unit(self, word: str) -> tuple[str, Unit] | None:
        """The singular unit name and its entry for a unit word, plural or hyphenated."""
        key = word.lower().removesuffix("-long")
        key = self.plurals.get(key, key)
        entry = self.units.get(key)
        return (key, entry) if entry else None

    def number(self, text: str) -> float | None:
        """The value of a number written in digits, words ("twenty-four") or halves."""
        words = " ".join(text.lower().replace("-", " ").split())
        if not words:
            return None
        half = 0.0
        for suffix in (" and a half", " 1/2", " ½"):
            if words.endswith(suffix):
                words, half = words.removesuffix(suffix), 0.5
        if words in ("half a", "half an", "a half"):
            return 0.5
        digits = words.replace(",", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", digits):
            return float(digits) + half
        if words in self.numbers:
            return self.numbers[words] + half
        total = 0
        for word in words.split():
            if word not in self.numbers:
                return None
            value = self.numbers[word]
            total = total * value if value in (100, 1000) and total else total + value
        return total + half


@cache
def lexicon() -> Lexicon:
    """The packaged lexicon (``eventwire/data/time/lexicon.json``)."""
    raw = json.loads(
        resources.files("eventwire").joinpath("data/time/lexicon.json").read_text("utf-8")
    )
    return Lexicon(
        months=raw["months"],
        weekdays=raw["weekdays"],
        numbers=raw["numbers"],
        vague_numbers=tuple(raw["vague_numbers"]),
        ordinals=raw["ordinals"],
        units={k: Unit(*v) for k, v in raw["units"].items()},
        plurals=raw["plurals"],
        seasons=raw["seasons"],
        day_parts=raw["day_parts"],
        frequencies=raw["frequencies"],
        holidays=raw["holidays"],
        prospective=frozenset(raw["prospective"]),
    )


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so the longest spelling wins."""
    names = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
