"""WARC archives (plain or gzipped) through warcio: each HTML page fetched with 200 an article."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.ingest.html import html_to_article
from eventwire.ingest.limits import one_line, too_large

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DRAIN_CHUNK = 1 << 16
# What warcio and the decompressor beneath it raise on a damaged archive.
_DAMAGE = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    ChunkedDataException,
    zlib.error,
    EOFError,
    ValueError,
)


def read_warc(
    stream: BinaryIO, origin: str, settings: Settings, size: int | None = None
) -> Iterator[RawArticle | InputFailure]:
    """One article per ``response`` record of an HTML page served with status 200.

    Origin is ``origin@OFFSET``, the record's byte offset. Other records are skipped
    silently; a page over ``settings.max_input_bytes`` (E104) or without text (E108) is an
    ``InputFailure`` of its own. Damage raises ``InputError(E109)`` naming where it starts:
    the records before it have been yielded already.
    """
    archive = ArchiveIterator(stream)
    next_offset = 0
    records = iter(archive)
    while True:
        try:
            record = next(records, None)
            if record is None:
                return
            if not str(record.format).startswith("warc"):
                # warcio also reads the older ARC format, and takes stray text for it.
                raise ArchiveLoadFailed(f"not a WARC record ({record.format})")
            page = _html_payload(record, settings.max_input_bytes)
            truncated = _drain(record)
            offset = archive.get_record_offset()
            next_offset = offset + archive.get_record_length()
        except Exception as err:
            # This block only parses the archive, and on a damaged record warcio also fails
            # in unplanned ways (AttributeError on a response without a target URI): all of
            # it is a malformed archive, reported with where it starts.
            shown = (
                one_line(err)
                if isinstance(err, _DAMAGE)
                else f"{type(err).__name__}: {one_line(err)}"
            )
            raise InputError(Code.E109, reason=f"at byte {next_offset}: {shown}") from err
        if truncated:
            raise InputError(Code.E109, reason=f"record at byte {offset} is truncated")
        if page is None:
            continue
        where = f"{origin}@{offset}"
        if isinstance(page, InputError):
            yield InputFailure(where, page)
            continue
        try:
            yield html_to_article(page, where, url=record.rec_headers.get_header("WARC-Target-URI"))
        except InputError as err:
            yield InputFailure(where, err)


def _html_payload(record: Any, limit: int) -> str | bytes | InputError | None:
    """The page of an HTML response with status 200, E104 when over ``limit``, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not content_type.startswith(_HTML_TYPES):
        return None
    body: bytes = record.content_stream().read(limit + 1)
    if len(body) > limit:
        return too_large(len(body), limit, "max_input_bytes", known=False)
    charset = _charset(content_type)
    if charset is not None:
        # The HTTP header is the page's own statement of its encoding; trafilatura would
        # only guess from the bytes.
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return body


def _drain(record: Any) -> bool:
    """Read the rest of the record's block; True when it ends before its Content-Length."""
    raw = record.raw_stream
    while raw.read(_DRAIN_CHUNK):
        pass
    # warcio's LimitReader counts down what the record's header promised.
    return bool(getattr(raw, "limit", 0))


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None
