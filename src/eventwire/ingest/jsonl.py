"""JSON Lines: one article object per line, read line by line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any, BinaryIO

from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.ingest.html import html_to_article
from eventwire.ingest.limits import one_line, too_large

_UTF8_BOM = b"\xef\xbb\xbf"
_SKIP_CHUNK = 1 << 16
_STRING_FIELDS = ("title", "url", "source", "author")


def read_jsonl(
    stream: BinaryIO, origin: str, settings: Settings, size: int | None = None
) -> Iterator[RawArticle | InputFailure]:
    """One article per non-blank line, with origin ``origin:LINE``.

    A bad line (malformed JSON E107, a line over ``settings.max_line_bytes`` E104, a bad
    field E113, an ``html`` field with no text E108) becomes an ``InputFailure`` for that
    line alone; the lines after it are still read.
    """
    limit = settings.max_line_bytes
    number = 0
    while True:
        # readline(limit + 1) stops at the limit, so an overlong line is never held whole.
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        where = f"{origin}:{number}"
        if len(line) > limit and not line.endswith(b"\n"):
            skipped = len(line) + _skip_rest_of_line(stream)
            yield InputFailure(where, too_large(skipped, limit, "max_line_bytes"))
            continue
        if number == 1 and line.startswith(_UTF8_BOM):
            line = line[len(_UTF8_BOM) :]
        if not line.strip():
            continue
        try:
            yield _line_article(line, where, number)
        except InputError as err:
            yield InputFailure(where, err)


def _skip_rest_of_line(stream: BinaryIO) -> int:
    """Read past the end of the current line in bounded chunks; the bytes skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _line_article(line: bytes, origin: str, number: int) -> RawArticle:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(Code.E107, line=number, reason=f"{err.msg} (column {err.colno})") from err
    except RecursionError as err:
        raise InputError(Code.E107, line=number, reason="nested too deeply") from err
    except ValueError as err:  # undecodable bytes, over-long integers
        raise InputError(Code.E107, line=number, reason=one_line(err)) from err
    if not isinstance(value, dict):
        raise InputError(
            Code.E107, line=number, reason=f"expected an object, got {type(value).__name__}"
        )
    return record_article(value, origin, number)


def record_article(record: dict[str, Any], origin: str, number: int) -> RawArticle:
    """The article of one decoded JSON Lines record; raises InputError naming line ``number``."""
    fields = {name: _optional_string(record, name, number) for name in _STRING_FIELDS}
    published = _published(record.get("published"), number)
    external_id = _external_id(record.get("id"), number)
    text = record.get("text")
    html = record.get("html")
    if text is not None:
        if not isinstance(text, str):
            raise _bad_field("text", number, f"expected a string, got {type(text).__name__}")
        if not text.strip():
            raise _bad_field("text", number, "empty")
        return RawArticle(
            origin=origin, text=text.strip(), published=published, external_id=external_id, **fields
        )
    if html is not None:
        if not isinstance(html, str):
            raise _bad_field("html", number, f"expected a string, got {type(html).__name__}")
        page = html_to_article(html, origin, url=fields["url"])
        # What the line states outright beats what was read from the page.
        return replace(
            page,
            title=fields["title"] or page.title,
            url=fields["url"] or page.url,
            source=fields["source"] or page.source,
            author=fields["author"] or page.author,
            published=published or page.published,
            external_id=external_id,
        )
    raise _bad_field("text", number, "missing: each line needs a 'text' or an 'html' field")


def _optional_string(record: dict[str, Any], name: str, number: int) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad_field(name, number, f"expected a string, got {type(value).__name__}")
    return value.strip() or None


def _external_id(value: object, number: int) -> str | None:
    if value is None:
        return None
    # bool is an int subclass, and True is no article id.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _bad_field("id", number, f"expected a string or integer, got {type(value).__name__}")
    return str(value)


def _published(value: object, number: int) -> date | None:
    """A YYYY-MM-DD date, or the calendar date of an ISO 8601 date-time as written."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            return (
                date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
            )
        except ValueError:
            pass
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    raise _bad_field("published", number, f"{shown} is not YYYY-MM-DD or an ISO 8601 date-time")


def _bad_field(name: str, number: int, reason: str) -> InputError:
    return InputError(Code.E113, field=name, line=number, reason=reason)
