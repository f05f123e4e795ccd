"""What every exporter shares: paging records out of the store, outputs, and the report."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO, TypeGuard, cast

from eventwire.model import Record
from eventwire.store import Store

Output = BinaryIO | TextIO | str | os.PathLike[str]
"""Where an export goes: a path (written atomically), or an open text or binary stream."""

PAGE_SIZE = 100
"""Articles fetched per ``list_articles`` call: one page of ids is all the export holds."""


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: ``rows`` written, ``articles`` read, ``skipped`` items left out."""

    rows: int
    articles: int = 0
    skipped: int = 0


class Counter:
    """Counts what a writer saw while it streams, to build its :class:`ExportReport`."""

    def __init__(self) -> None:
        self.rows = 0
        self.articles = 0
        self.skipped = 0

    def report(self) -> ExportReport:
        return ExportReport(rows=self.rows, articles=self.articles, skipped=self.skipped)


def iter_records(store: Store, page_size: int = PAGE_SIZE) -> Iterator[Record]:
    """Every stored record in id order, one page of ids at a time (never all in memory)."""
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, got {page_size}")
    after: str | None = None
    while True:
        page = store.list_articles(page_size, after)
        if not page:
            return
        for summary in page:
            record = store.get(summary.id)
            # An article deleted between the listing and the fetch is simply not exported.
            if record is not None:
                yield record
        after = page[-1].id


def is_path(out: Output) -> TypeGuard[str | os.PathLike[str]]:
    """Whether ``out`` names a file rather than being an open stream."""
    return isinstance(out, str | os.PathLike)


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it only when the block succeeds."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.part")
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def text_output(out: Output) -> Iterator[TextIO]:
    """``out`` as a UTF-8 text stream that keeps line ends as written (the csv module's wish)."""
    if isinstance(out, str | os.PathLike):
        with atomic_path(out) as partial, partial.open("w", encoding="utf-8", newline="") as file:
            yield file
        return
    if isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        text = cast(TextIO, out)
        yield text
        text.flush()
        return
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        yield wrapper
    finally:
        wrapper.flush()
        # Leave the caller's stream open: closing is theirs to do.
        wrapper.detach()
