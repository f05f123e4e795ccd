"""Input files, their shards, and the rows that carry articles and outcomes between stages.

Everything here is plain Python and Arrow, no Ray, so the engine's data handling is testable
without starting a cluster. An input file is JSONL, WARC, any other kind the local readers
handle, or Parquet (one article per row, with the columns of a JSONL line). Its inputs are
split into the shards of :mod:`eventwire.shards`, keyed as the local engine keys them, so
either engine resumes what the other left. Raw articles and outcomes travel as Arrow rows of
strings, each with its input's shard tag; an error travels as its catalogue code and fields,
so the driver rebuilds exactly the failure the local engine would report.
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.fs as pafs  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from eventwire.config import Settings
from eventwire.errors import Code, InputError, UsageError
from eventwire.ingest import read_inputs
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.ingest.jsonl import record_article
from eventwire.ingest.limits import one_line
from eventwire.ingest.sources import STDIN_ARG, STDIN_ORIGIN, Source, expand
from eventwire.model import Record
from eventwire.pipeline import Outcome, Skipped
from eventwire.shards import Tag, content_hash, fingerprint, shard_inputs, source_key

PARQUET_SUFFIXES = (".parquet", ".pq")

_ARTICLE_FIELDS = ("text", "title", "url", "source", "author", "published", "external_id")

RAW_SCHEMA = pa.schema(
    [pa.field("origin", pa.string(), nullable=False)]
    + [pa.field(name, pa.string()) for name in _ARTICLE_FIELDS]
    + [pa.field("error", pa.string()), pa.field("tag", pa.string())]
)
"""A raw article (``error`` null) or a failure to read one (only ``origin`` and ``error``),
with the shard tag of its input as JSON (null for an input in no shard)."""

OUTCOME_SCHEMA = pa.schema(
    [
        pa.field("kind", pa.string(), nullable=False),  # record, failure or skipped
        pa.field("origin", pa.string(), nullable=False),
        pa.field("article_id", pa.string()),
        pa.field("record", pa.string()),  # the record as JSON
        pa.field("error", pa.string()),
        pa.field("tag", pa.string()),  # the raw article's, passed through
    ]
)
"""One outcome of the pipeline per row, in the order of the raw articles."""


@dataclass(frozen=True)
class ShardTask:
    """The work of one read task: an input file, its source key, its shards done already.

    ``key`` None leaves the file unsharded (it could not be read to be fingerprinted: the
    read task reports why, and a rerun reads it again).
    """

    path: str
    key: str | None = None
    done: tuple[int, ...] = ()

    def row(self) -> dict[str, str | None]:
        """The task as a row of the dataset of tasks."""
        return {"path": self.path, "key": self.key, "done": json.dumps(list(self.done))}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ShardTask:
        """The task :meth:`row` turned into ``row``."""
        return cls(row["path"], row["key"], tuple(json.loads(row["done"])))


def file_key(path: str, settings: Settings) -> str | None:
    """The source key of the file ``path`` (see :func:`eventwire.shards.source_key`).

    A file the local engine reads too (a local path, not Parquet) gets the key the local
    engine gives it, so a run begun by one engine is finished by the other. A Parquet file or
    a URI is read by other readers here, so its key says so: the engines never share it.
    None if the file cannot be read.
    """
    if is_uri(path):
        try:
            filesystem, inner = _filesystem(path)
            with filesystem.open_input_stream(inner, compression=None) as stream:
                content = content_hash(stream)
        except (InputError, pa.ArrowException, OSError):
            return None  # the read task reports why
        reader = "uri parquet" if is_parquet(path) else "uri"
    else:
        found = fingerprint(Source(path, Path(path)))
        if found is None:
            return None
        content = found
        reader = "parquet" if is_parquet(path) else ""
    return source_key(f"{reader} {content}" if reader else content, settings)


def read_task(
    task: ShardTask, settings: Settings
) -> Iterator[tuple[Tag | None, RawArticle | InputFailure]]:
    """The inputs of one task's file, in order, with their tags, except those of done shards."""
    items = read_shard(task.path, settings)
    if task.key is None:
        for item in items:
            yield None, item
        return
    yield from shard_inputs(items, task.key, task.path, set(task.done), settings)


def is_uri(path: str) -> bool:
    """Whether ``path`` is a URI (``s3://``, ``gs://``, ``file://`` ...) read through pyarrow."""
    return "://" in path


def list_shards(paths: Iterable[str]) -> tuple[list[str], list[InputFailure]]:
    """The files ``paths`` name (folders walked, globs expanded) and a failure per bad path.

    A URI names a file or a folder (walked recursively, sorted, hidden names skipped) on any
    filesystem pyarrow reaches: S3, GCS, HDFS, ``file://``. Raises UsageError E009 for
    ``-``: workers on other machines cannot read this stdin.
    """
    shards: list[str] = []
    failures: list[InputFailure] = []
    for arg in paths:
        if arg == STDIN_ARG:
            raise UsageError(Code.E009)
        if is_uri(arg):
            try:
                shards.extend(_uri_files(arg))
            except InputError as err:
                failures.append(InputFailure(arg, err))
            continue
        for source in expand(arg):
            if isinstance(source, InputFailure):
                failures.append(source)
            elif source.path is not None:
                shards.append(str(source.path))
    return shards, failures


def _filesystem(uri: str) -> tuple[Any, str]:
    """The pyarrow filesystem of ``uri`` and the path on it; InputError E110 when unreachable."""
    try:
        filesystem, path = pafs.FileSystem.from_uri(uri)
    except (pa.ArrowException, OSError, ValueError) as err:
        raise InputError(Code.E110, reason=f"{type(err).__name__}: {one_line(err)}") from None
    return filesystem, path


def _uri_files(uri: str) -> list[str]:
    filesystem, path = _filesystem(uri)
    scheme = uri.split("://", 1)[0]
    try:
        info = filesystem.get_file_info(path)
        if info.type == pafs.FileType.NotFound:
            raise InputError(Code.E101)
        if info.type != pafs.FileType.Directory:
            return [uri]
        found = filesystem.get_file_info(pafs.FileSelector(path, recursive=True))
    except (pa.ArrowException, OSError) as err:
        raise InputError(Code.E110, reason=f"{type(err).__name__}: {one_line(err)}") from None
    root = path.rstrip("/")
    files = [
        item.path
        for item in found
        if item.type == pafs.FileType.File
        and not any(part.startswith(".") for part in item.path[len(root) :].split("/"))
    ]
    return [f"{scheme}://{file}" for file in sorted(files)]


def read_shard(path: str, settings: Settings) -> Iterator[RawArticle | InputFailure]:
    """The articles of one shard, in order, with a failure for each bad part of it."""
    if is_uri(path):
        yield from _read_uri(path, settings)
    elif is_parquet(path):
        yield from _read_parquet(path, path, settings)
    else:
        yield from read_inputs([path], settings)


def _read_uri(uri: str, settings: Settings) -> Iterator[RawArticle | InputFailure]:
    """A remote shard streamed through pyarrow, read by the same readers as a local file."""
    try:
        filesystem, path = _filesystem(uri)
        if is_parquet(uri):
            yield from _read_parquet(filesystem.open_input_file(path), uri, settings)
            return
        # Not decompressed here: the readers sniff gzip themselves (a .warc.gz stays whole).
        raw = filesystem.open_input_stream(path, compression=None)
    except InputError as err:
        yield InputFailure(uri, err)
        return
    except FileNotFoundError:
        yield InputFailure(uri, InputError(Code.E101))
        return
    except (pa.ArrowException, OSError) as err:
        yield InputFailure(uri, InputError(Code.E110, reason=one_line(err)))
        return
    with raw:
        # Read as standard input is (sniffed by content), then named after the URI.
        for item in read_inputs([STDIN_ARG], settings, stdin=io.BufferedReader(raw)):
            yield replace(item, origin=uri + item.origin.removeprefix(STDIN_ORIGIN))


def _read_parquet(
    source: Any, origin: str, settings: Settings
) -> Iterator[RawArticle | InputFailure]:
    """Rows read one batch at a time, so a large shard is never held whole; origin ``PATH#ROW``."""
    number = 0
    try:
        shard = pq.ParquetFile(source)
        for batch in shard.iter_batches(batch_size=settings.batch_size):
            for row in batch.to_pylist():
                number += 1
                yield _parquet_article(row, f"{origin}#{number}", number)
    except FileNotFoundError:
        yield InputFailure(origin, InputError(Code.E101))
    except (OSError, pa.ArrowException) as err:
        # A truncated or corrupt file: the rows before the damage were already yielded.
        reason = f"{type(err).__name__}: {one_line(err)}"
        yield InputFailure(origin, InputError(Code.E114, kind="parquet", reason=reason))


def _parquet_article(row: dict[str, Any], origin: str, number: int) -> RawArticle | InputFailure:
    """A row read like a JSONL line: the same fields, checks and error codes."""
    published = row.get("published")
    if isinstance(published, date | datetime):
        row = {**row, "published": published.isoformat()}
    try:
        return record_article(row, origin, number)
    except InputError as err:
        return InputFailure(origin, err)


def _error_json(error: InputError) -> str:
    return json.dumps({"code": error.code.name, "fields": error.fields}, default=str)


def _error_from(text: str) -> InputError:
    value = json.loads(text)
    return InputError(Code[value["code"]], **value["fields"])


def tag_json(tag: Tag | None) -> str | None:
    """A shard tag as a row carries it."""
    return None if tag is None else json.dumps(dataclasses.asdict(tag))


def tag_from(text: str | None) -> Tag | None:
    """The tag :func:`tag_json` turned into ``text``."""
    return None if text is None else Tag(**json.loads(text))


def raw_row(item: RawArticle | InputFailure, tag: Tag | None = None) -> dict[str, str | None]:
    """The Arrow row (see RAW_SCHEMA) of an article or of a failure to read one."""
    if isinstance(item, InputFailure):
        row: dict[str, str | None] = dict.fromkeys(RAW_SCHEMA.names)
        error = _error_json(item.error)
        return {**row, "origin": item.origin, "error": error, "tag": tag_json(tag)}
    published = item.published.isoformat() if item.published else None
    fields = {name: getattr(item, name) for name in _ARTICLE_FIELDS if name != "published"}
    return {
        "origin": item.origin,
        **fields,
        "published": published,
        "error": None,
        "tag": tag_json(tag),
    }


def from_raw_row(row: dict[str, Any]) -> RawArticle | InputFailure:
    """The article or failure :func:`raw_row` turned into ``row``."""
    if row["error"] is not None:
        return InputFailure(row["origin"], _error_from(row["error"]))
    published = date.fromisoformat(row["published"]) if row["published"] else None
    fields = {name: row[name] for name in _ARTICLE_FIELDS if name != "published"}
    return RawArticle(origin=row["origin"], published=published, **fields)


def raw_batches(
    items: Iterable[tuple[Tag | None, RawArticle | InputFailure]], size: int
) -> Iterator[pa.Table]:
    """Tables of at most ``size`` raw rows: what a read task hands on, a batch at a time."""
    rows: list[dict[str, str | None]] = []
    for tag, item in items:
        rows.append(raw_row(item, tag))
        if len(rows) >= size:
            yield pa.Table.from_pylist(rows, schema=RAW_SCHEMA)
            rows = []
    if rows:
        yield pa.Table.from_pylist(rows, schema=RAW_SCHEMA)


def outcome_row(outcome: Outcome) -> dict[str, str | None]:
    """The Arrow row (see OUTCOME_SCHEMA) of one outcome."""
    if isinstance(outcome, Record):
        # A record does not keep its input's origin; its article id names it instead.
        article = outcome.article.id
        return _row("record", article, article, outcome.model_dump_json())
    if isinstance(outcome, Skipped):
        return _row("skipped", outcome.origin, outcome.article_id)
    return _row("failure", outcome.origin, error=_error_json(outcome.error))


def _row(
    kind: str,
    origin: str,
    article_id: str | None = None,
    record: str | None = None,
    error: str | None = None,
) -> dict[str, str | None]:
    return {
        "kind": kind,
        "origin": origin,
        "article_id": article_id,
        "record": record,
        "error": error,
    }


def outcome_table(outcomes: Sequence[Outcome], tags: Sequence[str | None]) -> pa.Table:
    """The outcomes of one batch as an Arrow table, each with its input's tag (as JSON)."""
    rows = [{**outcome_row(o), "tag": t} for o, t in zip(outcomes, tags, strict=True)]
    return pa.Table.from_pylist(rows, schema=OUTCOME_SCHEMA)


def from_outcome_row(row: dict[str, Any]) -> Outcome:
    """The outcome :func:`outcome_row` turned into ``row``."""
    if row["kind"] == "record":
        return Record.model_validate_json(row["record"])
    if row["kind"] == "skipped":
        return Skipped(row["origin"], row["article_id"])
    return InputFailure(row["origin"], _error_from(row["error"]))


def is_parquet(path: str) -> bool:
    """Whether ``path`` is read as a Parquet shard (by its suffix)."""
    return Path(path).suffix.lower() in PARQUET_SUFFIXES
