"""Quotation marks: the character spans of quoted passages, whatever the marks' style.

Double marks (" “ ” „ « ») are paired first, paragraph by paragraph; single marks (' ‘ ’)
only outside double-quoted passages and only where they cannot be apostrophes. One linear
pass per kind, no regular-expression backtracking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE_OPEN = frozenset("“„«")
_DOUBLE_CLOSE = frozenset("”»")
_DOUBLE = frozenset('"“”„«»')
_SINGLE = frozenset("'‘’")
_SINGLE_EVENTS = re.compile("\n\n|['‘’]")
_EVENTS = re.compile("\n\n|``|''|[\"“”„«»]")
# Characters after which a quotation mark opens rather than closes.
_OPEN_CONTEXT = frozenset(" \t\n\r([{—–-/:;")
# Characters before which a quotation mark closes rather than opens.
_CLOSE_CONTEXT = frozenset(" \t\n\r.,;:!?)]}—–-…")


@dataclass(frozen=True)
class Quoted:
    """A quoted passage: ``start``/``end`` of its content, without the marks."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None


def _opens(text: str, i: int, width: int = 1) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + width] if i + width < len(text) else "\n"
    return before in _OPEN_CONTEXT and not after.isspace()


def _closes(text: str, i: int, width: int = 1) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + width] if i + width < len(text) else "\n"
    return not before.isspace() and (after in _CLOSE_CONTEXT or after in _DOUBLE)


def _double_at(text: str, i: int) -> tuple[str, int]:
    """The double mark at ``i`` as (style, width); ('', 0) if none. Typewriter texts
    write ``open`` and '' close, or '' for both."""
    ch = text[i]
    if ch in _DOUBLE:
        return ch, 1
    if ch == "`" and text.startswith("``", i):
        return "“", 2
    if ch == "'" and text.startswith("''", i):
        return '"', 2
    return "", 0


def _next_paragraph_start(text: str, end: int) -> int:
    j = end
    while j < len(text) and text[j].isspace():
        j += 1
    return j


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _double_marks(text: str) -> list[Quoted]:
    """Passages between double marks; an unclosed one runs to its paragraph's end, or on
    into the next paragraph when that opens with a mark (the wire style for long quotes)."""
    found: list[Quoted] = []
    open_at: int | None = None
    open_width = 1
    resume = 0
    n = len(text)
    # Only marks and paragraph breaks matter: jump from one to the next.
    for event in _EVENTS.finditer(text):
        i = event.start()
        if i < resume:
            continue
        if event.group() == "\n\n":
            if open_at is None:
                continue
            nxt = _next_paragraph_start(text, i)
            _style, width = _double_at(text, nxt) if nxt < n else ("", 0)
            if width and _opens(text, nxt, width):
                resume = nxt + width  # the quote goes on in the next paragraph
                continue
            found.append(Quoted(*_trimmed(text, open_at + open_width, i), open_at, None))
            open_at = None
            continue
        style, width = _double_at(text, i)
        opens, closes = _opens(text, i, width), _closes(text, i, width)
        if open_at is None:
            if style not in _DOUBLE_CLOSE or opens:
                # A straight mark, an opener, or a closing-style mark in opening position
                # (smart-quote slips) starts a passage.
                open_at, open_width = i, width
        elif style in _DOUBLE_OPEN and opens and not closes:
            # A second opener before any closer: the first passage was never closed.
            found.append(Quoted(*_trimmed(text, open_at + open_width, i), open_at, None))
            open_at, open_width = i, width
        elif closes or style in _DOUBLE_CLOSE or not opens:
            found.append(Quoted(*_trimmed(text, open_at + open_width, i), open_at, i))
            open_at = None
    if open_at is not None:
        found.append(Quoted(*_trimmed(text, open_at + open_width, n), open_at, None))
    return [q for q in found if q.end > q.start]


def _single_marks(text: str, start: int, end: int, out: list[Quoted]) -> None:
    """Passages between single marks in ``text[start:end]``; unclosed openers are dropped,
    since a lone mark is far more often an apostrophe ('90s, rock 'n' roll)."""
    open_at: int | None = None
    for event in _SINGLE_EVENTS.finditer(text, start, end):
        i = event.start()
        if event.group() == "\n\n":
            open_at = None  # single-quoted passages never span paragraphs
            continue
        ch = text[i]
        if text.startswith("''", i) or (i > 0 and text[i - 1] == "'" and ch == "'"):
            continue
        if open_at is None:
            if ch != "’" and _opens(text, i) and text[i + 1 : i + 2].isalnum():
                open_at = i
        elif ch != "‘" and _closes(text, i):
            after = text[i + 1 : i + 3]
            # "the protesters’ demands": a plural possessive, not the closing mark.
            if text[i - 1] == "s" and after[:1] == " " and after[1:].islower():
                continue
            start_, end_ = _trimmed(text, open_at + 1, i)
            if end_ - start_ > 1:  # not rock 'n' roll
                out.append(Quoted(start_, end_, open_at, i))
            open_at = None


def quoted_passages(text: str) -> list[Quoted]:
    """Every top-level quoted passage of ``text``, in order."""
    doubles = _double_marks(text)
    found = list(doubles)
    cursor = 0
    for q in doubles:
        _single_marks(text, cursor, q.open_mark, found)
        cursor = (q.close_mark + 1) if q.close_mark is not None else q.end
    _single_marks(text, cursor, len(text), found)
    found.sort(key=lambda q: q.start)
    return [q for q in found if q.end > q.start]
