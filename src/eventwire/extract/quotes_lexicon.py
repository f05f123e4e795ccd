"""The quotes lexicons: data files under ``eventwire/data/quotes``, read once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Frame = Literal["clause", "object", "quote"]


@dataclass(frozen=True)
class Cue:
    """A cue verb: which complements carry its content, and whether it introduces speech."""

    frame: Frame
    speech: bool


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, Cue]
    nouns: frozenset[str]
    venues: frozenset[str]
    descriptions: frozenset[str]
    genders: dict[str, str]
    # Statements one is asked for ("requests for comment"): asked_statements.txt.
    asked: frozenset[str]


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("eventwire") / "data" / "quotes" / name).read_text("utf-8")
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


_FRAMES: dict[str, Frame] = {"clause": "clause", "object": "object", "quote": "quote"}


def _frame(value: str) -> Frame:
    frame = _FRAMES.get(value)
    if frame is None:
        raise ValueError(f"cues.tsv: unknown frame {value!r}: expected clause, object or quote")
    return frame


@cache
def lexicon() -> Lexicon:
    """All quotes lexicons, loaded on first use and kept."""
    cues = {row[0]: Cue(_frame(row[1]), row[2] == "speech") for row in _rows("cues.tsv")}
    return Lexicon(
        cues=cues,
        nouns=frozenset(row[0].casefold() for row in _rows("cue_nouns.txt")),
        venues=frozenset(row[0].casefold() for row in _rows("venues.txt")),
        descriptions=frozenset(row[0].casefold() for row in _rows("descriptions.txt")),
        genders={row[0]: row[1] for row in _rows("genders.tsv")},
        asked=frozenset(row[0].casefold() for row in _rows("asked_statements.txt")),
    )
