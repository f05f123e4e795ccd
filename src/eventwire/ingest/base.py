"""What every reader yields: an article's raw text and metadata, or a failure naming the input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eventwire.errors import InputError


@dataclass(frozen=True)
class RawArticle:
    """An article as read from its input, before language detection and parsing.

    ``origin`` names where it came from so a user can find it again: a path, plus
    ``:LINE`` for a JSONL line, ``#N`` for the N-th feed entry, ``@OFFSET`` for a WARC record.
    """

    origin: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: date | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class InputFailure:
    """An input that could not become an article, with the catalogue error saying why."""

    origin: str
    error: InputError

    def line(self) -> str:
        """The one-line report: the input, then the coded reason."""
        return f"{self.origin}: {self.error}"
