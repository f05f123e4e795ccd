"""Readers that rebuild the plain text of gold corpora, the same way every time.

Gold files written by eventwire (the event gold set) point into these texts by character
offsets, so the rebuilding rules below are part of the gold format: change them and the
offsets move.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from datetime import date
from functools import cache
from pathlib import Path

# Tokens written without a space before them, and tokens after which none follows.
_ATTACH_LEFT = frozenset(
    {
        ",",
        ".",
        ";",
        ":",
        "!",
        "?",
        ")",
        "]",
        "}",
        "%",
        "'s",
        "'",
        "n't",
        "'re",
        "'ve",
        "'ll",
        "'d",
        "'m",
        "''",
        "”",
    }
)
_ATTACH_RIGHT = frozenset({"(", "[", "{", "$", "``", "“"})


def meantime_text(path: Path) -> str:
    """The text of a MEANTIME CAT file: tokens detokenized, one sentence per line."""
    root = ET.parse(path).getroot()
    parts: list[str] = []
    sentence: str | None = None
    glue = True
    for token in root.iter("token"):
        word = token.text or ""
        if sentence is not None and token.get("sentence") != sentence:
            parts.append("\n")
            glue = True
        elif not glue and word not in _ATTACH_LEFT:
            parts.append(" ")
        sentence = token.get("sentence")
        parts.append(word)
        glue = word in _ATTACH_RIGHT
    return "".join(parts)


def polnear_text(path: Path) -> str:
    """The text of a PolNeAR article, exactly as stored."""
    return path.read_text(encoding="utf-8")


def corpus_text(corpus: str, root: Path, doc: str) -> str:
    """The text of document ``doc`` (relative to the corpus folder under ``root``)."""
    if corpus == "meantime":
        return meantime_text(root / "meantime" / doc)
    if corpus == "polnear":
        return polnear_text(root / "attribution" / "polnear" / doc)
    raise ValueError(f"unknown corpus {corpus!r}: expected meantime or polnear")


@cache
def _polnear_dates(metadata: Path) -> dict[str, date]:
    dates: dict[str, date] = {}
    if not metadata.is_file():
        return dates
    with metadata.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            try:
                dates[row["filename"]] = date.fromisoformat(row["publication_date"])
            except (KeyError, TypeError, ValueError):
                continue
    return dates


def corpus_published(corpus: str, root: Path, doc: str) -> date | None:
    """The publication date the corpus gives for ``doc`` outside its text, if any.

    PolNeAR lists it in ``metadata.tsv`` (as a feed or a page's metadata would give it);
    a MEANTIME text carries its date on its own line, which the pipeline reads itself.
    """
    if corpus != "polnear":
        return None
    folder = root / "attribution" / "polnear"
    return _polnear_dates(folder / "metadata.tsv").get(Path(doc).stem)
