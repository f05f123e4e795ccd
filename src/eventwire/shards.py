"""Resumable ingest: each input source split into shards whose completion is stored with them.

A *source* is one file (or stdin) that an ingest path expands to. Its reader turns it into
*inputs*, numbered from 0 in reading order: the articles, and the failures (a bad JSONL line, a
file that cannot be read). Shard ``i`` of a source is its inputs ``i*K`` to ``i*K + K - 1``,
``K`` the ``shard_size`` setting; the last shard of a source is marked final.

A source is keyed by :func:`source_key`: a hash of its bytes together with the pipeline version
and what decides how they split into inputs (``K``, the size limits). ``--published`` and the
other settings are not part of it: as for any stored article, they do not make it new.

The engine commits a shard's records and failures in the transaction that records the shard as
done (``Store.put_shards``; one transaction may hold several whole shards), so after a crash,
even ``kill -9``, a rerun of the same command skips the done shards without parsing them (a
source whose shards are all done is not even read) and redoes the others whole. Articles are
keyed by their id (a hash of their normalized text and URL) and the pipeline version, so an
article met again in another shard or source is a duplicate, never a second row.

Standard input is sharded only when it can be read twice (redirected from a file); a pipe is
ingested without shards: a rerun parses it again, and its articles already stored are
duplicates.
"""

from __future__ import annotations

import hashlib
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

from eventwire.config import Settings
from eventwire.ingest import read_source
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.ingest.sources import Source, expand
from eventwire.pipeline import pipeline_version
from eventwire.store import ShardStatus, Store

_CHUNK = 1 << 20
# Sources fingerprinted and looked up in the store together.
_LOOKUP_GROUP = 100


@dataclass(frozen=True)
class Tag:
    """Where one input belongs: shard ``shard`` of the source keyed ``source``.

    ``index`` is the input's number within its source; ``last`` says it closes its shard and
    ``final`` that it closes the source.
    """

    source: str
    shard: int
    origin: str
    index: int
    first_input: int
    last: bool
    final: bool


@dataclass
class SkippedShards:
    """Shards found done by an earlier run and not read or parsed again."""

    shards: int = 0
    inputs: int = 0
    failed: int = 0

    def add(self, status: ShardStatus) -> None:
        """Count ``status`` as skipped."""
        self.shards += 1
        self.inputs += status.inputs
        self.failed += status.failed


def fingerprint(source: Source, stdin: BinaryIO | None = None) -> str | None:
    """The SHA-256 of the source's bytes; None if it cannot be read twice (a pipe) or at all."""
    if source.path is not None:
        try:
            with source.path.open("rb") as file:
                return _digest(file)
        except OSError:
            return None  # the reader reports why, as the input's failure
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        if not stream.seekable():
            return None
        start = stream.tell()
        digest = _digest(stream)
        # Back to where the reader must start: a caller's stdin may not start at offset 0.
        stream.seek(start)
    except (OSError, ValueError):
        return None
    return digest


def _digest(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def source_key(content: str, settings: Settings) -> str:
    """The key of a source whose bytes hash to ``content``, read and parsed with ``settings``.

    The pipeline version and whatever changes how the source splits into inputs are part of
    it: the same file ingested by a new pipeline version or with a larger size limit is a new
    source whose shards are all to do.
    """
    parts = (
        content,
        pipeline_version(settings.spacy_model),
        settings.shard_size,
        settings.max_input_bytes,
        settings.max_article_chars,
        settings.max_line_bytes,
    )
    return hashlib.sha256("\x00".join(map(str, parts)).encode()).hexdigest()[:32]


def all_done(done: dict[int, ShardStatus]) -> bool:
    """Whether ``done`` covers a whole source: its final shard and every shard before it."""
    final = [status.shard for status in done.values() if status.final]
    return bool(final) and all(number in done for number in range(final[0] + 1))


class ShardPlan:
    """Reads the inputs of an ingest, leaving out shards already done, and tags the rest.

    Iterate :meth:`inputs`; every input it yields first appends its :class:`Tag` (None for an
    input in no shard: a path that names nothing, a pipe) to :attr:`tags`, so the consumer of
    the in-order outcomes pops one tag per outcome. With ``resume`` off (``--reprocess``) no
    shard is skipped, though completions are still recorded.
    """

    def __init__(
        self, store: Store, settings: Settings, stdin: BinaryIO | None = None, resume: bool = True
    ) -> None:
        self.store = store
        self.settings = settings
        self.stdin = stdin
        self.resume = resume
        self.tags: deque[Tag | None] = deque()
        self.skipped = SkippedShards()

    def inputs(self, paths: Iterable[str]) -> Iterator[RawArticle | InputFailure]:
        """Every input of ``paths`` in order, except those of shards already done."""
        found = (source for arg in paths for source in expand(arg))
        # Sources are looked up in groups: one query per group, not one per (small) file.
        while group := list(islice(found, _LOOKUP_GROUP)):
            keys = [None if isinstance(s, InputFailure) else self._key(s) for s in group]
            wanted = [key for key in keys if key is not None]
            done = self.store.done_shards(wanted) if self.resume and wanted else {}
            for source, key in zip(group, keys, strict=True):
                if isinstance(source, InputFailure):
                    self.tags.append(None)
                    yield source
                elif key is None:
                    for item in read_source(source, self.settings, self.stdin):
                        self.tags.append(None)
                        yield item
                else:
                    yield from self._sharded(source, key, done.get(key, {}))

    def _key(self, source: Source) -> str | None:
        content = fingerprint(source, self.stdin)
        return None if content is None else source_key(content, self.settings)

    def _sharded(
        self, source: Source, key: str, done: dict[int, ShardStatus]
    ) -> Iterator[RawArticle | InputFailure]:
        if all_done(done):
            for status in done.values():
                self.skipped.add(status)
            return
        size = self.settings.shard_size
        items = read_source(source, self.settings, self.stdin)
        for index, item, final in _with_end(items):
            shard, position = divmod(index, size)
            if shard in done:
                if position == 0:
                    self.skipped.add(done[shard])
                continue
            last = final or position == size - 1
            self.tags.append(Tag(key, shard, source.origin, index, shard * size, last, final))
            yield item


def _with_end(
    items: Iterable[RawArticle | InputFailure],
) -> Iterator[tuple[int, RawArticle | InputFailure, bool]]:
    """``(number, item, is_the_last)`` for each item: reads one item ahead to know the last."""
    held: list[RawArticle | InputFailure] = []
    count = 0
    for item in items:
        if held:
            yield count - 1, held.pop(), False
        held.append(item)
        count += 1
    if held:
        yield count - 1, held.pop(), True
