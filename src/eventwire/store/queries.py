"""Queries over the derived tables: events by filters, quotes by speaker, actors.

Every list is paged by key (the last row's sort key, never OFFSET), so a page costs the same
however deep it is, and rows written between pages neither repeat nor vanish.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
)

from eventwire.model import Event
from eventwire.store.derived import SEPARATOR
from eventwire.store.schema import articles, entities, events, quotes

# How many of an actor's events its detail answers: enough for a timeline, never unbounded.
MAX_ACTOR_EVENTS = 1000


@dataclass(frozen=True)
class BBox:
    """A box in degrees; ``min_lon > max_lon`` means it crosses the antimeridian."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


@dataclass(frozen=True)
class EventFilter:
    """Which events a query wants; every field is optional and they combine with AND.

    ``day_from``/``day_to`` are ``YYYY-MM-DD`` (inclusive, on the event's day); ``actor`` and
    ``place`` match case-insensitive substrings of actor and place names; ``country`` is the
    place's ISO 3166 alpha-2 code or an actor's alpha-3 code; ``source`` is the outlet
    (case-insensitive); ``articles`` restricts to those article ids (a full-text search's hits).
    """

    type: str | None = None
    modality: str | None = None
    day_from: str | None = None
    day_to: str | None = None
    country: str | None = None
    bbox: BBox | None = None
    actor: str | None = None
    place: str | None = None
    source: str | None = None
    article: str | None = None
    articles: Sequence[str] | None = None

    @property
    def any(self) -> bool:
        """Whether any field is set."""
        return any(getattr(self, name) is not None for name in self.__dataclass_fields__)


@dataclass(frozen=True)
class EventRow:
    """An event with the id, title, outlet and date of its article."""

    article: str
    title: str | None
    source: str | None
    published: str | None
    day: str | None
    event: Event


@dataclass(frozen=True)
class QuoteRow:
    """A quote with its article's id and title."""

    article: str
    title: str | None
    quote_id: str
    kind: str
    speaker: str | None
    speaker_entity: str | None
    text: str
    start: int
    end: int
    cue: str | None
    venue: str | None


@dataclass(frozen=True)
class ActorSummary:
    """An entity name across the corpus, in how many articles it occurs.

    Where articles record different types, countries or sectors for one name, the greatest
    value is shown: a deterministic pick, not a vote.
    """

    name: str
    type: str
    country: str | None
    sector: str | None
    articles: int


@dataclass(frozen=True)
class ActorDetail:
    """An actor and the events it took part in, by day (at most :data:`MAX_ACTOR_EVENTS`)."""

    actor: ActorSummary
    events: list[EventRow] = field(default_factory=list)
    truncated: bool = False


def like_escape(value: str) -> str:
    """``value`` with LIKE's wildcards escaped (the escape character is ``\\``)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_text(column: ColumnElement[Any], needle: str) -> ColumnElement[bool]:
    """Whether ``column`` contains ``needle``, ignoring case, wildcards taken literally."""
    # lower() on both sides: SQLite's LIKE ignores ASCII case only, PostgreSQL's none at all.
    return func.lower(column).like(f"%{like_escape(needle.lower())}%", escape="\\")


def _bbox(columns: Any, box: BBox) -> ColumnElement[bool]:
    lat = columns.lat.between(box.min_lat, box.max_lat)
    if box.min_lon <= box.max_lon:
        return and_(lat, columns.lon.between(box.min_lon, box.max_lon))
    # A box across the antimeridian.
    return and_(lat, or_(columns.lon >= box.min_lon, columns.lon <= box.max_lon))


def shared_conditions(columns: Any, f: EventFilter) -> list[ColumnElement[bool]]:
    """The conditions of ``f`` that ``events`` and ``corpus_events`` answer alike.

    ``columns`` is either table's ``.c``: both name their type, day, country, coordinates,
    place and actor columns the same way.
    """
    where: list[ColumnElement[bool]] = []
    if f.type is not None:
        where.append(columns.type == f.type)
    if f.day_from is not None:
        where.append(columns.day >= f.day_from)
    if f.day_to is not None:
        where.append(columns.day <= f.day_to)
    if f.country is not None:
        code = f.country.upper()
        where.append(
            or_(
                columns.country == code,
                has_member(columns.source_countries, code, fold=False),
                has_member(columns.target_countries, code, fold=False),
            )
        )
    if f.bbox is not None:
        where.append(_bbox(columns, f.bbox))
    if f.actor is not None:
        names = (columns.source_names, columns.target_names)
        where.append(or_(*(contains_text(column, f.actor) for column in names)))
    if f.place is not None:
        where.append(contains_text(columns.place, f.place))
    return where


def event_conditions(f: EventFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``f`` on ``events`` (joined to ``articles`` for ``source``)."""
    where = shared_conditions(events.c, f)
    if f.modality is not None:
        where.append(events.c.modality == f.modality)
    if f.source is not None:
        where.append(func.lower(articles.c.source) == f.source.lower())
    if f.article is not None:
        where.append(events.c.article_id == f.article)
    if f.articles is not None:
        where.append(events.c.article_id.in_(list(f.articles)))
    return where


def has_member(column: ColumnElement[Any], value: str, fold: bool = True) -> ColumnElement[bool]:
    """Whether ``value`` is one of the separator-joined items of ``column``."""
    framed = literal(SEPARATOR) + column + literal(SEPARATOR)
    pattern = f"%{SEPARATOR}{like_escape(value.lower() if fold else value)}{SEPARATOR}%"
    return (func.lower(framed) if fold else framed).like(pattern, escape="\\")


_EVENT_COLUMNS = (
    events.c.article_id,
    events.c.event_id,
    events.c.day,
    events.c.event,
    articles.c.title,
    articles.c.source,
    articles.c.published,
)


def _event_select() -> Select[Any]:
    return select(*_EVENT_COLUMNS).join(articles, articles.c.id == events.c.article_id)


def _event_row(row: Any) -> EventRow:
    return EventRow(
        article=row.article_id,
        title=row.title,
        source=row.source,
        published=row.published,
        day=row.day,
        # Parsed and validated in one pass, without building Python dicts first.
        event=Event.model_validate_json(row.event),
    )


def list_events(
    connection: Connection, f: EventFilter, limit: int, after: tuple[str, str] | None
) -> list[EventRow]:
    """Up to ``limit`` events matching ``f`` in (article, event id) order after ``after``.

    The page's keys are chosen first and only then are their rows read: when an index holds
    the filtered columns and the key (a day range, a type), the rows that match but fall
    outside the page are never read, nor sorted with their JSON.
    """
    key = (events.c.article_id, events.c.event_id)
    keys = select(*key).where(*event_conditions(f))
    if f.source is not None:
        keys = keys.join(articles, articles.c.id == events.c.article_id)
    if after is not None:
        keys = keys.where(tuple_(*key) > tuple_(*after))
    page = keys.order_by(*key).limit(limit).subquery("page")
    query = (
        select(*_EVENT_COLUMNS)
        .select_from(page)
        .join(
            events,
            and_(events.c.article_id == page.c.article_id, events.c.event_id == page.c.event_id),
        )
        .join(articles, articles.c.id == events.c.article_id)
        .order_by(page.c.article_id, page.c.event_id)
    )
    return [_event_row(row) for row in connection.execute(query)]


def articles_with_events(
    connection: Connection, f: EventFilter, among: Sequence[str]
) -> set[str]:
    """Those of ``among`` (article ids) with at least one event matching ``f``."""
    query = (
        select(events.c.article_id)
        .distinct()
        .select_from(events.join(articles, articles.c.id == events.c.article_id))
        .where(*event_conditions(f), events.c.article_id.in_(list(among)))
    )
    return set(connection.scalars(query))


def list_quotes(
    connection: Connection, speaker: str | None, limit: int, after: tuple[str, str] | None
) -> list[QuoteRow]:
    """Up to ``limit`` quotes (speaker: a case-insensitive substring) after ``after``."""
    query = select(quotes, articles.c.title).join(articles, articles.c.id == quotes.c.article_id)
    if speaker is not None:
        query = query.where(contains_text(quotes.c.speaker, speaker))
    if after is not None:
        query = query.where(tuple_(quotes.c.article_id, quotes.c.quote_id) > tuple_(*after))
    query = query.order_by(quotes.c.article_id, quotes.c.quote_id).limit(limit)
    return [
        QuoteRow(
            article=row.article_id, title=row.title, quote_id=row.quote_id, kind=row.kind,
            speaker=row.speaker, speaker_entity=row.speaker_entity, text=row.text,
            start=row.start, end=row.end, cue=row.cue, venue=row.venue,
        )
        for row in connection.execute(query)
    ]


def _actor_select() -> Select[Any]:
    count = func.count(distinct(entities.c.article_id))
    return select(
        entities.c.name,
        func.max(entities.c.type).label("type"),
        func.max(entities.c.country).label("country"),
        func.max(entities.c.sector).label("sector"),
        count.label("articles"),
    ).group_by(entities.c.name)


def _actor(row: Any) -> ActorSummary:
    return ActorSummary(row.name, row.type, row.country, row.sector, int(row.articles))


def list_actors(
    connection: Connection, name: str | None, limit: int, after: tuple[int, str] | None
) -> list[ActorSummary]:
    """Actors by article count (most first), then name, after ``after`` = (count, name)."""
    query = _actor_select()
    if name is not None:
        query = query.where(contains_text(entities.c.name, name))
    count = func.count(distinct(entities.c.article_id))
    if after is not None:
        fewer, last = after
        query = query.having(
            or_(count < fewer, and_(count == fewer, entities.c.name > last))
        )
    query = query.order_by(count.desc(), entities.c.name).limit(limit)
    return [_actor(row) for row in connection.execute(query)]


def _takes_part(name: str) -> ColumnElement[bool]:
    """An event names the actor among its sources or targets, or links to one of its entities."""
    linked = exists().where(
        entities.c.article_id == events.c.article_id,
        entities.c.name == name,
        or_(
            *(
                (literal(SEPARATOR) + column + literal(SEPARATOR)).like(
                    literal(f"%{SEPARATOR}") + entities.c.entity_id + literal(f"{SEPARATOR}%")
                )
                for column in (events.c.source_entities, events.c.target_entities)
            )
        ),
    )
    return or_(
        has_member(events.c.source_names, name), has_member(events.c.target_names, name), linked
    )


def actor_detail(connection: Connection, name: str) -> ActorDetail | None:
    """The actor named exactly ``name`` with its events in day order, or None."""
    row = connection.execute(_actor_select().where(entities.c.name == name)).first()
    if row is None:
        return None
    query = (
        _event_select()
        .where(_takes_part(name))
        .order_by(events.c.day.nulls_last(), events.c.article_id, events.c.event_id)
        .limit(MAX_ACTOR_EVENTS + 1)
    )
    found = [_event_row(r) for r in connection.execute(query)]
    return ActorDetail(
        actor=_actor(row), events=found[:MAX_ACTOR_EVENTS], truncated=len(found) > MAX_ACTOR_EVENTS
    )
