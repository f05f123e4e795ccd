"""The event lexicons (``eventwire/data/events/``), parsed once into typed entries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Literal, get_args

TRIGGERS_FILE = "triggers.tsv"
ACCIDENTS_FILE = "accidents.txt"
WORDS_FILE = "words.tsv"

# The uses a word of ``words.tsv`` may have (its README says what each means).
WordUse = Literal[
    "support",
    "control",
    "undergo",
    "receive",
    "accuse",
    "counts",
    "role_head",
    "not_trigger",
    "refers_back",
]
WORD_USES: tuple[WordUse, ...] = get_args(WordUse)


@dataclass(frozen=True)
class TriggerEntry:
    """One reading of a trigger word: its PLOVER type, CAMEO code and parse condition."""

    lemma: str
    pos: str
    type: str
    mode: str | None
    cameo: str
    acled: tuple[str, str] | None
    needs: str | None
    target_preps: frozenset[str]
    line: int

    def describe(self) -> str:
        """How the entry is cited in an event's explanation."""
        needs = f" needs {self.needs}" if self.needs else ""
        mode = f"/{self.mode}" if self.mode else ""
        return (
            f"{TRIGGERS_FILE}:{self.line} {self.lemma} {self.pos}{needs} -> "
            f"{self.type}{mode} CAMEO {self.cameo}"
        )


@dataclass(frozen=True)
class ModifierEntry:
    """A modifier refining a trigger's mode and ACLED sub-event ("air" strike)."""

    lemma: str
    applies_to: str
    mode: str
    acled: tuple[str, str] | None


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[tuple[str, str], tuple[TriggerEntry, ...]]
    modifiers: dict[tuple[str, str], ModifierEntry]
    accidents: frozenset[str]

    @cached_property
    def trigger_lemmas(self) -> frozenset[str]:
        """The lemmas of all triggers, any part of speech."""
        return frozenset(lemma for lemma, _pos in self.triggers)


def _read(name: str) -> str:
    return (resources.files("eventwire") / "data" / "events" / name).read_text(encoding="utf-8")


def _split(text: str) -> list[tuple[int, list[str]]]:
    """Numbered tab-separated rows, without blank and comment lines."""
    return [
        (number, line.split("\t"))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]


def _rows(name: str) -> list[tuple[int, list[str]]]:
    return _split(_read(name))


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of a one-word-a-line list (``actor_nouns.txt``, ...), without comments."""
    return frozenset(row[0].strip() for _, row in _rows(name))


def parse_word_uses(text: str, name: str = WORDS_FILE) -> dict[WordUse, frozenset[str]]:
    """The words of each use in the text of a ``words.tsv`` (one row a word: the word and
    its comma-separated uses). A malformed row, an unknown use or a word written twice
    raises ValueError naming the file and line."""
    known: dict[str, WordUse] = {use: use for use in WORD_USES}
    by_use: dict[WordUse, set[str]] = {use: set() for use in WORD_USES}
    seen: dict[str, int] = {}
    for line, row in _split(text):
        if len(row) != 2 or not row[0] or not row[1]:
            raise ValueError(f"{name}:{line}: expected 2 tab-separated columns (word, uses)")
        word, uses = row
        if word in seen:
            raise ValueError(f"{name}:{line}: {word!r} is already on line {seen[word]}")
        seen[word] = line
        for label in uses.split(","):
            use = known.get(label)
            if use is None:
                raise ValueError(
                    f"{name}:{line}: unknown use {label!r}: expected one of " + ", ".join(WORD_USES)
                )
            by_use[use].add(word)
    return {use: frozenset(words) for use, words in by_use.items()}


@cache
def _word_uses() -> dict[WordUse, frozenset[str]]:
    return parse_word_uses(_read(WORDS_FILE))


def words_for(use: WordUse) -> frozenset[str]:
    """The words of ``words.tsv`` that have ``use``."""
    return _word_uses()[use]


def _optional(value: str) -> str | None:
    return None if value == "-" else value


def _acled(value: str) -> tuple[str, str] | None:
    if value == "-":
        return None
    event_type, sub_event_type = (part.strip() for part in value.split(" / ", 1))
    return event_type, sub_event_type


@cache
def load_lexicon() -> Lexicon:
    """All event lexicons, read from the package data on first use."""
    triggers: dict[tuple[str, str], list[TriggerEntry]] = defaultdict(list)
    for line, (lemma, pos, type_, mode, cameo, acled, needs, preps) in _rows(TRIGGERS_FILE):
        triggers[(lemma, pos)].append(
            TriggerEntry(
                lemma=lemma,
                pos=pos,
                type=type_,
                mode=_optional(mode),
                cameo=cameo,
                acled=_acled(acled),
                needs=_optional(needs),
                target_preps=frozenset(p for p in preps.split(",") if p != "-"),
                line=line,
            )
        )
    modifiers = {
        (lemma, applies_to): ModifierEntry(lemma, applies_to, mode, _acled(acled))
        for _, (lemma, applies_to, mode, acled) in _rows("modifiers.tsv")
    }
    return Lexicon(
        # A reading with a condition is tried before the unconditional one.
        triggers={
            key: tuple(sorted(entries, key=lambda e: e.needs is None))
            for key, entries in triggers.items()
        },
        modifiers=modifiers,
        accidents=frozenset(row[0] for _, row in _rows(ACCIDENTS_FILE)),
    )
