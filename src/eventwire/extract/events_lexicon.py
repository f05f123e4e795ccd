"""The event lexicons (``eventwire/data/events/*.tsv``), parsed once into typed entries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

TRIGGERS_FILE = "triggers.tsv"
ACCIDENTS_FILE = "accidents.txt"


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


def _rows(name: str) -> list[tuple[int, list[str]]]:
    text = (resources.files("eventwire") / "data" / "events" / name).read_text(encoding="utf-8")
    return [
        (number, line.split("\t"))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]


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
