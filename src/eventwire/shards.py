"""Resumable ingest: each input source split into shards whose completion is stored with them.

A *source* is one file (or stdin) that an ingest path expands to. Its reader turns it into
*inputs*, numbered from 0 in reading order: the articles, and the failures (a bad JSONL line, a
file that cannot be read). Shard ``i`` of a source is its inputs ``i*K`` to ``i*K + K - 1``,
``K`` the ``shard_size`` setting; the last shard of a source is marked final.

A source is keyed by :func:`source_key`: a hash of its bytes together with the pipeline version
and what decides how they split into inputs (``K``, the size limits). ``--published`` and the
other settings are not part of it: as for any stored article, they do not make it new.

The engine commits a shard's records and failures in the transaction that records the shard as
done (``Store.put_shards``, through :class:`Committer`; one transaction may hold several whole
shards), so after a crash, even ``kill -9``, a rerun of the same command skips the done shards
without parsing them (a source whose shards are all done is not even read) and redoes the
others whole. Articles are
keyed by their id (a hash of their normalized text and URL) and the pipeline version, so an
article met again in another shard or source is a duplicate, never a second row.

The ray engine (:mod:`eventwire.distributed`) plans with the same :class:`ShardPlan`, reads
each file in a task of its own (:func:`shard_inputs` numbers and tags its inputs there) and
commits through the same :class:`Committer`, into the store or a folder of Parquet files: a
file read by both engines gets the same key, so either finishes what the other began.

Standard input is sharded only when it can be read twice (redirected from a file); a pipe is
ingested without shards: a rerun parses it again, and its articles already stored are
duplicates.
"""

from __future__ import annotations

import hashlib
import sys
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import BinaryIO, Protocol, TypeVar

from eventwire.config import Settings
from eventwire.ingest import read_source
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.ingest.sources import Source, expand
from eventwire.model import Record
from eventwire.pipeline import Outcome, Skipped, pipeline_version
from eventwire.store import ShardDone, ShardStatus

_CHUNK = 1 << 20
# Sources fingerprinted and looked up in the store together.
_LOOKUP_GROUP = 100

_S = TypeVar("_S")
_Item = TypeVar("_Item")


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
                return content_hash(file)
        except OSError:
            return None  # the reader reports why, as the input's failure
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        if not stream.seekable():
            return None
        start = stream.tell()
        digest = content_hash(stream)
        # Back to where the reader must start: a caller's stdin may not start at offset 0.
        stream.seek(start)
    except (OSError, ValueError):
        return None
    return digest


def content_hash(stream: BinaryIO) -> str:
    """The SHA-256 (hex) of what is left to read in ``stream``."""
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


class DoneShards(Protocol):
    """Where completed shards are recorded: the store, or a folder of Parquet output."""

    def done_shards(self, sources: Iterable[str]) -> dict[str, dict[int, ShardStatus]]: ...


class ShardPlan:
    """Reads the inputs of an ingest, leaving out shards already done, and tags the rest.

    Iterate :meth:`inputs`; every input it yields first appends its :class:`Tag` (None for an
    input in no shard: a path that names nothing, a pipe) to :attr:`tags`, so the consumer of
    the in-order outcomes pops one tag per outcome. With ``resume`` off (``--reprocess``) no
    shard is skipped, though completions are still recorded. An engine that reads sources
    elsewhere (the ray engine) plans with :meth:`keyed` and tags with :func:`shard_inputs`.
    """

    def __init__(
        self,
        store: DoneShards,
        settings: Settings,
        stdin: BinaryIO | None = None,
        resume: bool = True,
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
        for source, key, done in self.keyed(found, self._key):
            if isinstance(source, InputFailure):
                self.tags.append(None)
                yield source
            elif key is None:
                for item in read_source(source, self.settings, self.stdin):
                    self.tags.append(None)
                    yield item
            else:
                yield from self._sharded(source, key, done)

    def keyed(
        self, sources: Iterable[_S | InputFailure], key_of: Callable[[_S], str | None]
    ) -> Iterator[tuple[_S | InputFailure, str | None, dict[int, ShardStatus]]]:
        """Each of ``sources`` with its key (None: not sharded) and its shards done already.

        ``key_of`` is called only on sources, never on an :class:`InputFailure`. The shards
        done are counted as skipped here (every one of them: the key fixes the content).
        """
        # Sources are looked up in groups: one query per group, not one per (small) file.
        found = iter(sources)
        while group := list(islice(found, _LOOKUP_GROUP)):
            keys = [None if isinstance(s, InputFailure) else key_of(s) for s in group]
            wanted = [key for key in keys if key is not None]
            done = self.store.done_shards(wanted) if self.resume and wanted else {}
            for source, key in zip(group, keys, strict=True):
                statuses = done.get(key, {}) if key is not None else {}
                for status in statuses.values():
                    self.skipped.add(status)
                yield source, key, statuses

    def _key(self, source: Source) -> str | None:
        content = fingerprint(source, self.stdin)
        return None if content is None else source_key(content, self.settings)

    def _sharded(
        self, source: Source, key: str, done: dict[int, ShardStatus]
    ) -> Iterator[RawArticle | InputFailure]:
        if all_done(done):
            return
        items = read_source(source, self.settings, self.stdin)
        for tag, item in shard_inputs(items, key, source.origin, set(done), self.settings):
            self.tags.append(tag)
            yield item


def shard_inputs(
    items: Iterable[_Item], key: str, origin: str, done: Container[int], settings: Settings
) -> Iterator[tuple[Tag, _Item]]:
    """The inputs of the source keyed ``key``, in order, tagged, except those of ``done`` shards.

    ``items`` are all the source's inputs as its reader yields them; the shards are numbered
    from them alone, so any engine reading the same bytes splits them the same way.
    """
    size = settings.shard_size
    for index, item, final in _with_end(items):
        shard, position = divmod(index, size)
        if shard in done:
            continue
        last = final or position == size - 1
        yield Tag(key, shard, origin, index, shard * size, last, final), item


@dataclass
class Commit:
    """What one transaction (or output file) holds: whole shards, plus inputs in no shard."""

    records: list[Record] = field(default_factory=list)
    failures: list[InputFailure] = field(default_factory=list)
    shards: list[ShardDone] = field(default_factory=list)
    skipped: int = 0  # articles found stored already, not parsed: duplicates
    inputs: int = 0


class Committer:
    """Groups outcomes, in input order with their tags, into commits of whole shards.

    A commit is handed to ``write`` once it holds at least ``at_least`` inputs (by default
    ``shard_size``) and ends on a shard boundary, so a shard's records, failures and
    completion are always written together; :meth:`close` writes the rest. Both engines and
    every sink commit through it.
    """

    def __init__(
        self, settings: Settings, write: Callable[[Commit], None], at_least: int | None = None
    ) -> None:
        self.size = max(at_least or 0, settings.shard_size)
        self.version = pipeline_version(settings.spacy_model)
        self.write = write
        self.pending = Commit()
        self._failed = 0  # failures so far in the shard being collected

    def add(self, outcome: Outcome, tag: Tag | None) -> None:
        """Take the next outcome and the tag of its input."""
        batch = self.pending
        batch.inputs += 1
        if isinstance(outcome, Record):
            batch.records.append(outcome)
        elif isinstance(outcome, Skipped):
            batch.skipped += 1
        else:
            batch.failures.append(outcome)
            self._failed += tag is not None
        if tag is not None and tag.last:
            inputs = tag.index - tag.first_input + 1
            done = ShardDone(
                tag.source,
                tag.shard,
                tag.origin,
                tag.first_input,
                inputs,
                self._failed,
                tag.final,
                self.version,
            )
            batch.shards.append(done)
            self._failed = 0
        # Only between shards: a shard's inputs and its completion go in one commit.
        if (tag is None or tag.last) and batch.inputs >= self.size:
            self._flush()

    def close(self) -> None:
        """Write what is pending."""
        self._flush()

    def _flush(self) -> None:
        if self.pending.inputs:
            batch, self.pending = self.pending, Commit()
            self.write(batch)


def _with_end(items: Iterable[_Item]) -> Iterator[tuple[int, _Item, bool]]:
    """``(number, item, is_the_last)`` for each item: reads one item ahead to know the last."""
    held: list[_Item] = []
    count = 0
    for item in items:
        if held:
            yield count - 1, held.pop(), False
        held.append(item)
        count += 1
    if held:
        yield count - 1, held.pop(), True
