"""Read articles from files, folders, glob patterns and stdin, whatever their kind.

:func:`read_inputs` is the one entry point. It streams: each input is sniffed
(:mod:`.sniff`) and handed to the reader of its kind, which yields articles one at a time.
A bad input, or a bad line, entry or record inside one, becomes an :class:`InputFailure`
and the batch goes on.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import BinaryIO

from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.ingest.feed import read_feed
from eventwire.ingest.html import html_to_article, read_html
from eventwire.ingest.jsonl import read_jsonl
from eventwire.ingest.limits import one_line, too_large
from eventwire.ingest.sniff import HEAD_BYTES, Kind, kind_from_name, sniff_kind
from eventwire.ingest.sources import Rejoined, Source, expand
from eventwire.ingest.text import read_text
from eventwire.ingest.warc import read_warc

__all__ = ["InputFailure", "RawArticle", "html_to_article", "read_inputs", "read_source"]

Reader = Callable[[BinaryIO, str, Settings, int | None], Iterator[RawArticle | InputFailure]]

_READERS: dict[Kind, Reader] = {
    Kind.TEXT: read_text,
    Kind.HTML: read_html,
    Kind.JSONL: read_jsonl,
    Kind.FEED: read_feed,
    Kind.WARC: read_warc,
}

# Kinds read whole into memory, so bounded by max_input_bytes as a whole.
_WHOLE_FILE_KINDS = frozenset({Kind.TEXT, Kind.HTML, Kind.FEED})

_log = logging.getLogger(__name__)


def read_inputs(
    paths: Iterable[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[RawArticle | InputFailure]:
    """Every article in ``paths``, in input order, with an ``InputFailure`` for each bad input.

    A path may be a file, a directory (read recursively in sorted order, hidden files
    skipped), a glob pattern, or ``-`` for ``stdin`` (default ``sys.stdin.buffer``). Never
    raises for bad input.
    """
    for arg in paths:
        for source in expand(arg):
            if isinstance(source, InputFailure):
                yield source
            else:
                yield from _read_source(source, settings, stdin)


def read_source(
    source: Source, settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[RawArticle | InputFailure]:
    """The articles of one input that :func:`read_inputs` expands to (see ``sources.expand``)."""
    return _read_source(source, settings, stdin)


def _read_source(
    source: Source, settings: Settings, stdin: BinaryIO | None
) -> Iterator[RawArticle | InputFailure]:
    kind: Kind | None = None
    try:
        size = _checked_size(source, settings)
        with _open(source, stdin) as raw:
            head = raw.read(HEAD_BYTES)
            if not head.strip() and len(head) < HEAD_BYTES:
                raise InputError(Code.E102)
            kind = sniff_kind(source.path.name if source.path else None, head)
            stream = _from_start(raw, head)
            for item in _READERS[kind](stream, source.origin, settings, size):
                yield _checked_length(item, settings)
    except InputError as err:
        yield InputFailure(source.origin, err)
    except FileNotFoundError:
        yield InputFailure(source.origin, InputError(Code.E101))
    except OSError as err:
        yield InputFailure(
            source.origin, InputError(Code.E110, reason=err.strerror or one_line(err))
        )
    except Exception as err:
        # A library failing on input it cannot handle must cost this input only, like any
        # other bad input; the traceback goes to the log so the failure is not swallowed.
        _log.exception("reader failed on %s", source.origin)
        shown = kind.value if kind is not None else "input"
        reason = f"{type(err).__name__}: {one_line(err)}"
        yield InputFailure(source.origin, InputError(Code.E114, kind=shown, reason=reason))


def _checked_size(source: Source, settings: Settings) -> int | None:
    """A file's size, E102 when empty, E104 when too large for its kind; None for stdin."""
    if source.path is None:
        return None
    size = source.path.stat().st_size
    if size == 0:
        raise InputError(Code.E102)
    if kind_from_name(source.path.name) in _WHOLE_FILE_KINDS and size > settings.max_input_bytes:
        # Before even sniffing the head: a huge file is rejected without reading any of it.
        raise too_large(size, settings.max_input_bytes, "max_input_bytes")
    return size


def _open(source: Source, stdin: BinaryIO | None) -> AbstractContextManager[BinaryIO]:
    if source.path is not None:
        return source.path.open("rb")
    # Left open afterwards: stdin belongs to the caller.
    return nullcontext(stdin if stdin is not None else sys.stdin.buffer)


def _from_start(raw: BinaryIO, head: bytes) -> BinaryIO:
    """``raw`` positioned at its start again, after ``head`` was read to sniff it."""
    if raw.seekable():
        # Relative, not seek(0): a caller's stdin may not start at offset 0.
        raw.seek(-len(head), io.SEEK_CUR)
        return raw
    return io.BufferedReader(Rejoined(head, raw))


def _checked_length(
    item: RawArticle | InputFailure, settings: Settings
) -> RawArticle | InputFailure:
    """``item``, or E104 when its extracted text is longer than ``settings.max_article_chars``."""
    limit = settings.max_article_chars
    if isinstance(item, RawArticle) and len(item.text) > limit:
        error = too_large(len(item.text), limit, "max_article_chars", unit="characters")
        return InputFailure(item.origin, error)
    return item
