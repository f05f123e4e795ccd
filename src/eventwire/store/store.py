"""The store: records in, records and searches out, on SQLite or PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from eventwire.config import Settings
from eventwire.corpus import MergeRules
from eventwire.errors import Code
from eventwire.model import Record
from eventwire.store import corpus, migrate, queries
from eventwire.store import engine as engines
from eventwire.store.corpus import CorpusEventRow
from eventwire.store.derived import event_rows, place_rows, quote_rows
from eventwire.store.queries import ActorDetail, ActorSummary, EventFilter, EventRow, QuoteRow
from eventwire.store.schema import (
    articles,
    entities,
    events,
    ingest_failures,
    ingest_shards,
    places,
    quotes,
)
from eventwire.store.search import ArticleHit, search, snippets_of

# Below SQLite's and PostgreSQL's limits on bound parameters per statement, with room to spare.
_IN_CHUNK = 500


@dataclass(frozen=True)
class PutResult:
    """What :meth:`Store.put` did with each record of a call."""

    stored: int = 0
    duplicates: int = 0
    replaced: int = 0


@dataclass(frozen=True)
class ShardDone:
    """A completed ingest shard, recorded with its records (see :meth:`Store.put_shards`).

    Inputs ``first_input`` to ``first_input + inputs - 1`` of the source keyed ``source``
    (named ``origin``); ``failed`` of them failed, the others are stored articles.
    """

    source: str
    shard: int
    origin: str
    first_input: int
    inputs: int
    failed: int
    final: bool
    pipeline: str


@dataclass(frozen=True)
class ShardStatus:
    """A completed shard as a resumed ingest needs it: how many inputs, how many failed."""

    shard: int
    inputs: int
    failed: int
    final: bool


@dataclass(frozen=True)
class FailedInput:
    """An input that failed, as the failure log records it: origin, catalogue code, message."""

    origin: str
    code: str
    message: str


@dataclass(frozen=True)
class ArticleSummary:
    """An article as lists show it."""

    id: str
    title: str | None
    source: str | None
    published: str | None


@dataclass(frozen=True)
class Failure:
    """One entry of the failure log: an input that could not be stored, and why."""

    id: int
    origin: str
    code: str
    message: str
    at: datetime


class Store:
    """A database of records; opening it creates or upgrades the schema.

    ``url`` is a SQLAlchemy URL: ``sqlite:///PATH`` (the default backend, one file in WAL mode)
    or ``postgresql://USER@HOST/DB``. Fails with ``StoreError`` E301 when the database cannot
    be opened and E302 when its schema is newer than this eventwire.
    """

    def __init__(self, url: str, rules: MergeRules | None = None) -> None:
        self.url = engines.redact(url)
        # How reports merge into corpus events; by default from the EVENTWIRE_CORPUS_* settings.
        self.rules = rules or MergeRules.from_settings(Settings.from_env())
        self._engine = engines.create(url)
        # Writes take SQLite's lock at BEGIN; see engine._sqlite_begin.
        self._writer = self._engine.execution_options(**{engines.BEGIN_MODE: "IMMEDIATE"})
        try:
            migrate.upgrade(self._engine)
            with self._writer.begin() as connection:
                if corpus.needs_rebuild(connection):
                    corpus.rebuild(connection, self.rules)
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise engines.open_failure(url, engines.describe(exc)) from None
        except BaseException:
            self._engine.dispose()
            raise

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for queries the store has no method for."""
        return self._engine

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection; the store can be used again afterwards."""
        self._engine.dispose()

    def put(self, records: Sequence[Record], reprocess: bool = False) -> PutResult:
        """Store ``records`` in one transaction; a stored id is left alone (a duplicate).

        With ``reprocess``, a stored article whose pipeline version differs from the record's
        is replaced, entities and search index included. An id twice in ``records`` counts as
        if the records were put one after the other.
        """
        if not records:
            return PutResult()
        with self._writer.begin() as connection:
            return _write(connection, records, reprocess, self.rules)

    def put_shards(
        self,
        records: Sequence[Record],
        shards: Sequence[ShardDone],
        failures: Sequence[FailedInput] = (),
        reprocess: bool = False,
    ) -> PutResult:
        """Store ``records``, ``failures`` and the completion of ``shards`` in ONE transaction.

        The records and failures are those of the shards' inputs (and of inputs in no shard).
        A crash leaves all of it or none, so a resumed ingest redoes exactly the shards without
        a completion row. A shard already recorded (by a concurrent ingest of the same input)
        keeps its first row; its records are duplicates then.
        """
        now = datetime.now(UTC)
        with self._writer.begin() as connection:
            result = _write(connection, records, reprocess, self.rules)
            if failures:
                rows = [_failure_row(f.origin, f.code, f.message, now) for f in failures]
                connection.execute(insert(ingest_failures), rows)
            done = {source: _shard_numbers(connection, source) for source in _sources(shards)}
            rows = [_shard_row(s, now) for s in shards if s.shard not in done[s.source]]
            if rows:
                connection.execute(insert(ingest_shards), rows)
        return result

    def done_shards(self, sources: Iterable[str]) -> dict[str, dict[int, ShardStatus]]:
        """The completed shards of each of the ``sources`` (keys) that has any, by number."""
        found: dict[str, dict[int, ShardStatus]] = {}
        with self._engine.connect() as connection:
            for chunk in _chunks(list(dict.fromkeys(sources))):
                query = select(ingest_shards).where(ingest_shards.c.source.in_(chunk))
                for row in connection.execute(query):
                    status = ShardStatus(row.shard, row.inputs, row.failed, bool(row.final))
                    found.setdefault(row.source, {})[row.shard] = status
        return found

    def known(self, ids: Iterable[str]) -> dict[str, str]:
        """The stored pipeline version of each of ``ids`` that is stored."""
        with self._engine.connect() as connection:
            return _known(connection, ids)

    def get(self, article_id: str) -> Record | None:
        """The stored record of ``article_id``, or None."""
        with self._engine.connect() as connection:
            stored = connection.scalar(select(articles.c.record).where(articles.c.id == article_id))
        return None if stored is None else Record.model_validate_json(stored)

    def count(self) -> int:
        """How many articles are stored."""
        with self._engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(articles)) or 0)

    def list_articles(
        self, limit: int, after_id: str | None = None, having: EventFilter | None = None
    ) -> list[ArticleSummary]:
        """Up to ``limit`` articles in id order, starting after ``after_id`` (a cursor).

        With ``having``, only articles with at least one event matching it.
        """
        _check_limit(limit)
        query = select(articles.c.id, articles.c.title, articles.c.source, articles.c.published)
        if after_id is not None:
            query = query.where(articles.c.id > after_id)
        if having is not None:
            matching = select(events.c.article_id).select_from(
                events.join(articles, articles.c.id == events.c.article_id)
            )
            query = query.where(
                articles.c.id.in_(matching.where(*queries.event_conditions(having)))
            )
        with self._engine.connect() as connection:
            rows = connection.execute(query.order_by(articles.c.id).limit(limit))
            return [ArticleSummary(row.id, row.title, row.source, row.published) for row in rows]

    def events(
        self,
        filters: EventFilter | None = None,
        limit: int = 100,
        after: tuple[str, str] | None = None,
    ) -> list[EventRow]:
        """Up to ``limit`` events matching ``filters``, in (article id, event id) order.

        ``after`` is the (article id, event id) of the last event of the previous page.
        """
        _check_limit(limit)
        with self._engine.connect() as connection:
            return queries.list_events(connection, filters or EventFilter(), limit, after)

    def articles_with_events(self, filters: EventFilter, among: Iterable[str]) -> set[str]:
        """Those of the article ids ``among`` that have an event matching ``filters``."""
        found: set[str] = set()
        with self._engine.connect() as connection:
            for chunk in _chunks(list(dict.fromkeys(among))):
                found |= queries.articles_with_events(connection, filters, chunk)
        return found

    def corpus_events(
        self,
        filters: EventFilter | None = None,
        limit: int = 100,
        after: tuple[str, str] | None = None,
        min_sources: int | None = None,
        corpus_id: str | None = None,
    ) -> list[CorpusEventRow]:
        """Up to ``limit`` corpus events matching ``filters``, in (day, id) order.

        Filters apply to the merged event (type, day, place, actors) or to any of its reports
        (modality, source, article). ``after`` is the (day or '', id) of the previous page's
        last event; ``min_sources`` keeps events with at least that many independent sources.
        """
        _check_limit(limit)
        with self._engine.connect() as connection:
            return corpus.list_corpus_events(
                connection, filters or EventFilter(), limit, after, min_sources, corpus_id
            )

    def rebuild_corpus(self) -> None:
        """Recompute every corpus event from the stored records (after changing the rules)."""
        with self._writer.begin() as connection:
            corpus.rebuild(connection, self.rules)

    def quotes(
        self, speaker: str | None = None, limit: int = 100, after: tuple[str, str] | None = None
    ) -> list[QuoteRow]:
        """Up to ``limit`` quotes, whose speaker contains ``speaker`` (any case) if given.

        In (article id, quote id) order; ``after`` is the last pair of the previous page.
        """
        _check_limit(limit)
        with self._engine.connect() as connection:
            return queries.list_quotes(connection, speaker, limit, after)

    def actors(
        self, limit: int = 100, after: tuple[int, str] | None = None, name: str | None = None
    ) -> list[ActorSummary]:
        """Entity names across the corpus, most articles first, then by name.

        ``name`` keeps names containing it (any case); ``after`` is the (article count, name)
        of the last actor of the previous page.
        """
        _check_limit(limit)
        with self._engine.connect() as connection:
            return queries.list_actors(connection, name, limit, after)

    def actor(self, name: str) -> ActorDetail | None:
        """The actor named exactly ``name`` and its events by day, or None if no entity has it."""
        with self._engine.connect() as connection:
            return queries.actor_detail(connection, name)

    def search(self, query: str, limit: int = 20, snippets: bool = True) -> list[ArticleHit]:
        """Articles matching ``query`` in title or text, best first (see ``store.search``).

        ``snippets=False`` may leave snippets empty (ranking is then cheaper; see
        :meth:`snippets`).
        """
        with self._engine.connect() as connection:
            return search(connection, query, limit, snippets)

    def snippets(self, query: str, ids: list[str]) -> dict[str, str]:
        """The snippet of ``query`` in each of the articles ``ids`` (those it matches)."""
        with self._engine.connect() as connection:
            return snippets_of(connection, query, ids)

    def log_failure(self, origin: str, code: str | Code, message: str) -> None:
        """Record that ``origin`` failed with the catalogue ``code`` (such as ``"E101"``)."""
        # A Code member's value is its message template; the log wants the code's name.
        name = code.name if isinstance(code, Code) else code
        row = _failure_row(origin, name, message, datetime.now(UTC))
        with self._writer.begin() as connection:
            connection.execute(insert(ingest_failures), row)

    def failures(self) -> list[Failure]:
        """The failure log, oldest first."""
        query = select(ingest_failures).order_by(ingest_failures.c.id)
        with self._engine.connect() as connection:
            return [
                Failure(row.id, row.origin, row.code, row.message, _utc(row.at))
                for row in connection.execute(query)
            ]

    def reindex(self) -> None:
        """Rebuild SQLite's search index from the articles (needed after a VACUUM)."""
        if self._engine.dialect.name != "sqlite":
            return  # PostgreSQL's index is computed from the row itself and cannot drift.
        with self._writer.begin() as connection:
            connection.execute(text("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')"))


def open_store(url: str, rules: MergeRules | None = None) -> Store:
    """Open (creating or upgrading) the store at ``url``; see :class:`Store`."""
    return Store(url, rules)


def _check_limit(limit: int) -> None:
    if limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")


def _write(
    connection: Connection, records: Sequence[Record], reprocess: bool, rules: MergeRules
) -> PutResult:
    """:meth:`Store.put` inside the caller's transaction."""
    if connection.dialect.name == "postgresql":
        # Two writers must not both find an id (or a shard) unknown and both insert it;
        # SQLite's BEGIN IMMEDIATE already serializes writers, this does the same (reads go on).
        connection.execute(text("LOCK TABLE articles IN SHARE ROW EXCLUSIVE MODE"))
    if not records:
        return PutResult()
    now = datetime.now(UTC)
    stored = duplicates = replaced = 0
    pipelines = _known(connection, (record.article.id for record in records))
    new: dict[str, Record] = {}
    changed: dict[str, Record] = {}
    for record in records:
        article_id = record.article.id
        pipeline = pipelines.get(article_id)
        if pipeline is None:
            new[article_id] = record
            stored += 1
        elif reprocess and pipeline != record.pipeline:
            (new if article_id in new else changed)[article_id] = record
            replaced += 1
        else:
            duplicates += 1
            continue
        pipelines[article_id] = record.pipeline
    written = [*new.values(), *changed.values()]
    dumped = {id(record): record.model_dump_json() for record in written}
    if new:
        rows = [_article_row(record, dumped[id(record)], now) for record in new.values()]
        connection.execute(insert(articles), rows)
    for article_id, record in changed.items():
        row = _article_row(record, dumped[id(record)], now)
        del row["id"], row["ingested_at"]
        connection.execute(update(articles).where(articles.c.id == article_id), row)
    stale = corpus.forget(connection, list(changed))
    for table in _DERIVED:
        for chunk in _chunks(list(changed)):
            connection.execute(delete(table).where(table.c.article_id.in_(chunk)))
    for table, rows_of in _DERIVED.items():
        rows = [
            row
            for record in written
            for row in _rows_without_nul(rows_of(record), dumped[id(record)])
        ]
        if rows:
            connection.execute(insert(table), rows)
    corpus.update(connection, written, stale, rules)
    return PutResult(stored=stored, duplicates=duplicates, replaced=replaced)


def _sources(shards: Sequence[ShardDone]) -> set[str]:
    return {shard.source for shard in shards}


def _shard_numbers(connection: Connection, source: str) -> set[int]:
    query = select(ingest_shards.c.shard).where(ingest_shards.c.source == source)
    return set(connection.scalars(query))


def _shard_row(shard: ShardDone, now: datetime) -> dict[str, Any]:
    return _without_nul(
        {
            "source": shard.source,
            "shard": shard.shard,
            "origin": shard.origin,
            "first_input": shard.first_input,
            "inputs": shard.inputs,
            "final": shard.final,
            "failed": shard.failed,
            "pipeline": shard.pipeline,
            "done_at": now,
        }
    )


def _failure_row(origin: str, code: str, message: str, at: datetime) -> dict[str, Any]:
    return _without_nul({"origin": origin, "code": code, "message": message, "at": at})


def _known(connection: Connection, ids: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        query = select(articles.c.id, articles.c.pipeline).where(articles.c.id.in_(chunk))
        found.update((row.id, row.pipeline) for row in connection.execute(query))
    return found


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


def _article_row(record: Record, dumped: str, now: datetime) -> dict[str, Any]:
    """The ``articles`` row of ``record``, whose JSON is ``dumped``."""
    article = record.article
    return _without_nul(
        {
            "id": article.id,
            "title": article.title,
            "url": article.url,
            "source": article.source,
            "author": article.author,
            "language": article.language,
            "published": article.published,
            "published_from": article.published_from,
            "text": article.text,
            "record": dumped,
            "pipeline": record.pipeline,
            "content_hash": hashlib.sha256(article.text.encode()).hexdigest(),
            "ingested_at": now,
            "updated_at": now,
        }
    )


def _entity_rows(record: Record) -> list[dict[str, Any]]:
    # One row per entity id: the table is a query index, and the record keeps every entity
    # even if a pipeline ever emitted an id twice.
    rows: dict[str, dict[str, Any]] = {}
    for entity in record.entities:
        rows.setdefault(
            entity.id,
            {
                "article_id": record.article.id,
                "entity_id": entity.id,
                "name": entity.name,
                "type": entity.type,
                "country": entity.country,
                "sector": entity.sector,
            },
        )
    return list(rows.values())


# The derived query tables and how each record's rows for them are made.
_DERIVED: dict[Table, Callable[[Record], list[dict[str, Any]]]] = {
    entities: _entity_rows,
    events: event_rows,
    quotes: quote_rows,
    places: place_rows,
}


def _rows_without_nul(rows: list[dict[str, Any]], dumped: str) -> list[dict[str, Any]]:
    """``rows``, derived from the record whose JSON is ``dumped``, made free of NUL.

    The JSON escapes every NUL of the record's strings, and the rows hold only those strings
    (or JSON of parts of the record): without an escaped NUL in it, the rows are left alone.
    """
    if "\\u0000" not in dumped:
        return rows
    return [_without_nul(row) for row in rows]


def _without_nul(row: dict[str, Any]) -> dict[str, Any]:
    # PostgreSQL refuses NUL in text; the record's JSON escapes it, so nothing is lost. A space
    # keeps the words on either side apart and the offsets into the text unchanged.
    return {k: v.replace("\x00", " ") if isinstance(v, str) else v for k, v in row.items()}


def _utc(moment: datetime) -> datetime:
    # SQLite hands timestamps back without their zone; they were written in UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
