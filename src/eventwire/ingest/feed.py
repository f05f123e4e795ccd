"""RSS and Atom feeds through feedparser: each entry an article."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO

import feedparser

from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.ingest.html import fragment_to_text, html_to_article
from eventwire.ingest.limits import one_line, read_bounded

# An entity declaration is how a "billion laughs" or external-entity attack starts, and no
# real feed needs one; the pattern also matches the declaration spelt in UTF-16 and UTF-32.
_ENTITY_DECLARATIONS = tuple(
    re.compile(re.escape("<!ENTITY".encode(codec)), re.I)
    for codec in ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# expat names the document "<unknown>" in its messages: say where in plain words instead.
_EXPAT_POSITION = re.compile(r"^<unknown>:(\d+):(\d+): (.*)$", re.S)


def read_feed(
    stream: BinaryIO, origin: str, settings: Settings, size: int | None = None
) -> Iterator[RawArticle | InputFailure]:
    """One article per feed entry, with origin ``origin#N`` (N from 1).

    feedparser parses the whole document at once, so the feed is held in memory and bounded
    by ``settings.max_input_bytes`` (E104). A document with entity declarations, or too
    broken for any entry with text to survive, is E106; a well-formed feed without entries
    is E102. An entry without text is an E108 ``InputFailure`` of its own.
    """
    data = read_bounded(stream, settings.max_input_bytes, size, "max_input_bytes")
    if any(pattern.search(data) for pattern in _ENTITY_DECLARATIONS):
        raise InputError(Code.E106, reason="entity declarations are not allowed")
    # A BytesIO, never the bytes themselves: feedparser treats a string as a URL or a path.
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    del data
    entries: list[Any] = parsed.get("entries", [])
    # feedparser's lenient parser salvages entries from broken XML; when none of them has
    # any text to show, the breakage is the thing to report, not a string of empty entries.
    if not any(_has_body(entry) for entry in entries):
        if parsed.get("bozo"):
            raise InputError(Code.E106, reason=_parse_error(parsed.get("bozo_exception")))
        if not parsed.get("version"):
            raise InputError(Code.E106, reason="not an RSS or Atom document")
        if not entries:
            raise InputError(Code.E102)
    source = _string(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}#{number}"
        try:
            yield _entry_article(entry, where, source)
        except InputError as err:
            yield InputFailure(where, err)


def _parse_error(error: object) -> str:
    reason = one_line(error)
    position = _EXPAT_POSITION.match(reason)
    if position is None:
        return reason
    line, column, message = position.groups()
    return f"{message} (line {line}, column {column})"


def _entry_article(entry: Any, origin: str, source: str | None) -> RawArticle:
    text = _entry_text(entry, origin)
    if not text:
        raise InputError(Code.E108)
    return RawArticle(
        origin=origin,
        text=text,
        title=_string(entry.get("title")),
        url=_string(entry.get("link")),
        source=source,
        author=_string(entry.get("author")),
        published=_entry_date(entry),
        external_id=_string(entry.get("id")),
    )


def _has_body(entry: Any) -> bool:
    parts = [part.get("value") for part in entry.get("content") or []]
    parts.append(entry.get("summary"))
    return any(isinstance(part, str) and part.strip() for part in parts)


def _entry_text(entry: Any, origin: str) -> str:
    """The fullest text an entry carries: its content (content:encoded), else its summary."""
    candidates: list[tuple[str, str]] = [
        (str(part.get("value") or ""), str(part.get("type") or "text/html"))
        for part in entry.get("content") or []
    ]
    detail = entry.get("summary_detail") or {}
    candidates.append((str(entry.get("summary") or ""), str(detail.get("type") or "text/html")))
    for value, kind in candidates:
        text = _as_text(value, kind, origin)
        if text:
            return text
    return ""


def _as_text(value: str, kind: str, origin: str) -> str:
    if not value.strip():
        return ""
    if kind not in _HTML_TYPES:
        return value.strip()
    # trafilatura expects a whole page, so the fragment gets one; when it still judges the
    # fragment too short or too bare, a plain walk over the blocks keeps every paragraph.
    page = f"<html><body><article>{value}</article></body></html>"
    try:
        return html_to_article(page, origin).text
    except InputError:
        return fragment_to_text(value)


def _entry_date(entry: Any) -> date | None:
    # published_parsed first, and updated_parsed only when it is absent: asking for
    # updated_parsed on an entry without it makes feedparser warn and alias published.
    parsed = entry.get("published_parsed")
    if parsed is None and "updated_parsed" in entry:
        parsed = entry.get("updated_parsed")
    if parsed is None:
        return None
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except (AttributeError, ValueError):
        return None


def _string(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
