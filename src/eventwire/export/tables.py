"""The flat tables of a record that CSV and Parquet write: one row per item, typed columns.

Each table starts with ``article_id`` and the item's id (``event_id``, ``place_id`` ...) and
carries the item's offsets into the article text. Lists (actors of an event, roles of an
entity) are ``list`` columns: Parquet keeps them as lists, CSV joins them with ``"; "``,
keeping an empty slot for a missing value so that names, countries and sectors stay aligned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from eventwire.model import Actor, Record

ColumnType = Literal["str", "int", "float", "bool", "date", "list"]
Cell = str | int | float | bool | Sequence[str | None] | None
Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Column:
    """A column: its name, its type (``date`` is an ISO ``YYYY-MM-DD`` string) and meaning."""

    name: str
    type: ColumnType
    doc: str


@dataclass(frozen=True)
class Table:
    """A flat table of records: its columns and how one record becomes its rows."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    rows: Callable[[Record], Iterator[Row]]

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]


def _c(name: str, type_: ColumnType, doc: str) -> Column:
    return Column(name, type_, doc)


def _actor_columns(side: str) -> tuple[Column, ...]:
    return (
        _c(f"{side}_names", "list", f"{side} actors' names"),
        _c(f"{side}_countries", "list", f"{side} actors' ISO 3166 alpha-3 countries"),
        _c(f"{side}_sectors", "list", f"{side} actors' CAMEO-style sectors (GOV, MIL, REB ...)"),
        _c(f"{side}_entities", "list", f"{side} actors' entity ids in the record"),
    )


def _actor_cells(actors: list[Actor]) -> tuple[Cell, ...]:
    return (
        [actor.name for actor in actors],
        [actor.country for actor in actors],
        [actor.sector for actor in actors],
        [actor.entity for actor in actors],
    )


def _one_actor_cells(actor: Actor | None) -> tuple[Cell, ...]:
    if actor is None:
        return (None, None, None)
    return (actor.name, actor.country, actor.sector)


_ARTICLE = _c("article_id", "str", "the article's id")

EVENTS = Table(
    name="events",
    doc="one row per event",
    columns=(
        _ARTICLE,
        _c("event_id", "str", "the event's id in its record"),
        _c("start", "int", "start offset of the sentence in the article text"),
        _c("end", "int", "end offset (exclusive) of the sentence"),
        _c("type", "str", "PLOVER event type"),
        _c("mode", "str", "PLOVER mode"),
        _c("cameo", "str", "nearest CAMEO code (a string: leading zeros matter)"),
        _c("modality", "str", "asserted, denied, negated, hedged, intended or conditional"),
        _c("confidence", "float", "the extractor's confidence, 0 to 1"),
        _c("date", "str", "TIMEX3 value of the event's time"),
        _c("published", "date", "the article's publication date"),
        *_actor_columns("source"),
        *_actor_columns("target"),
        _c("place_id", "str", "id of the place item the event happened at"),
        _c("place_name", "str", "name of the event's place"),
        _c("place_country", "str", "ISO 3166 alpha-2 country of the place"),
        _c("lat", "float", "latitude (WGS 84)"),
        _c("lon", "float", "longitude (WGS 84)"),
        _c("attributed_to", "str", "who reports the event, when it sits in reported speech"),
        _c("attributed_to_country", "str", "the reporter's ISO 3166 alpha-3 country"),
        _c("attributed_to_sector", "str", "the reporter's sector"),
        _c("acled_event_type", "str", "ACLED event type"),
        _c("acled_sub_event_type", "str", "ACLED sub-event type"),
        _c("text", "str", "the sentence (or clause) the event came from"),
    ),
    rows=lambda record: (
        (
            record.article.id,
            event.id,
            event.start,
            event.end,
            event.type,
            event.mode,
            event.cameo,
            event.modality,
            event.confidence,
            event.date,
            record.article.published,
            *_actor_cells(event.sources),
            *_actor_cells(event.targets),
            event.place.place if event.place else None,
            event.place.name if event.place else None,
            event.place.country if event.place else None,
            event.place.lat if event.place else None,
            event.place.lon if event.place else None,
            *_one_actor_cells(event.attributed_to),
            event.acled.event_type if event.acled else None,
            event.acled.sub_event_type if event.acled else None,
            event.text,
        )
        for event in record.events
    ),
)

ARTICLES = Table(
    name="articles",
    doc="one row per article",
    columns=(
        _ARTICLE,
        _c("title", "str", "headline"),
        _c("url", "str", "address of the article"),
        _c("source", "str", "outlet"),
        _c("author", "str", "byline"),
        _c("language", "str", "ISO 639-1 language"),
        _c("published", "date", "publication date"),
        _c("published_from", "str", "how the date was obtained: given, metadata, text, none"),
        _c("pipeline", "str", "the pipeline version that made the record"),
        _c("chars", "int", "length of the article text in characters"),
        _c("entities", "int", "number of entities"),
        _c("quotes", "int", "number of quotes"),
        _c("times", "int", "number of time expressions"),
        _c("places", "int", "number of places"),
        _c("quantities", "int", "number of quantities"),
        _c("events", "int", "number of events"),
        _c("notes", "list", "codes of the record's notes (W201 ...)"),
        _c("text", "str", "the cleaned article text every offset points into"),
    ),
    rows=lambda record: iter(
        [
            (
                record.article.id,
                record.article.title,
                record.article.url,
                record.article.source,
                record.article.author,
                record.article.language,
                record.article.published,
                record.article.published_from,
                record.pipeline,
                len(record.article.text),
                len(record.entities),
                len(record.quotes),
                len(record.times),
                len(record.places),
                len(record.quantities),
                len(record.events),
                [note.code for note in record.notes],
                record.article.text,
            )
        ]
    ),
)

ENTITIES = Table(
    name="entities",
    doc="one row per entity; start/end are its first mention",
    columns=(
        _ARTICLE,
        _c("entity_id", "str", "the entity's id in its record"),
        _c("start", "int", "start offset of the first mention"),
        _c("end", "int", "end offset (exclusive) of the first mention"),
        _c("name", "str", "canonical name"),
        _c("type", "str", "entity type (PERSON, ORG, GPE ...)"),
        _c("country", "str", "ISO 3166 alpha-3 country"),
        _c("sector", "str", "CAMEO-style sector"),
        _c("roles", "list", "roles or titles given to it"),
        _c("mention_count", "int", "number of mentions"),
        _c("mentions", "list", "every mention as START-END"),
    ),
    rows=lambda record: (
        (
            record.article.id,
            entity.id,
            entity.mentions[0].start if entity.mentions else None,
            entity.mentions[0].end if entity.mentions else None,
            entity.name,
            entity.type,
            entity.country,
            entity.sector,
            list(entity.roles),
            len(entity.mentions),
            [f"{mention.start}-{mention.end}" for mention in entity.mentions],
        )
        for entity in record.entities
    ),
)

QUOTES = Table(
    name="quotes",
    doc="one row per quote",
    columns=(
        _ARTICLE,
        _c("quote_id", "str", "the quote's id in its record"),
        _c("start", "int", "start offset of the quoted content"),
        _c("end", "int", "end offset (exclusive)"),
        _c("kind", "str", "direct or indirect"),
        _c("speaker", "str", "who said it"),
        _c("speaker_entity", "str", "the speaker's entity id"),
        _c("speaker_start", "int", "start offset of the speaker mention"),
        _c("speaker_end", "int", "end offset of the speaker mention"),
        _c("cue", "str", "the reporting verb or cue"),
        _c("venue", "str", "where it was said"),
        _c("text", "str", "what was said"),
    ),
    rows=lambda record: (
        (
            record.article.id,
            quote.id,
            quote.start,
            quote.end,
            quote.kind,
            quote.speaker.name if quote.speaker else None,
            quote.speaker.entity if quote.speaker else None,
            quote.speaker.start if quote.speaker else None,
            quote.speaker.end if quote.speaker else None,
            quote.cue,
            quote.venue,
            quote.text,
        )
        for quote in record.quotes
    ),
)

PLACES = Table(
    name="places",
    doc="one row per place mention",
    columns=(
        _ARTICLE,
        _c("place_id", "str", "the place's id in its record"),
        _c("start", "int", "start offset"),
        _c("end", "int", "end offset (exclusive)"),
        _c("text", "str", "the words in the article"),
        _c("name", "str", "resolved name"),
        _c("country", "str", "ISO 3166 alpha-2 country"),
        _c("admin1", "str", "first-order administrative division"),
        _c("lat", "float", "latitude (WGS 84)"),
        _c("lon", "float", "longitude (WGS 84)"),
        _c("geonames_id", "int", "GeoNames id"),
        _c("feature", "str", "GeoNames feature class.code, such as P.PPLC"),
    ),
    rows=lambda record: (
        (
            record.article.id,
            place.id,
            place.start,
            place.end,
            place.text,
            place.name,
            place.country,
            place.admin1,
            place.lat,
            place.lon,
            place.geonames_id,
            place.feature,
        )
        for place in record.places
    ),
)

QUANTITIES = Table(
    name="quantities",
    doc="one row per quantity",
    columns=(
        _ARTICLE,
        _c("quantity_id", "str", "the quantity's id in its record"),
        _c("start", "int", "start offset"),
        _c("end", "int", "end offset (exclusive)"),
        _c("text", "str", "the words in the article"),
        _c("value", "float", "the number"),
        _c("low", "float", "lower bound"),
        _c("high", "float", "upper bound"),
        _c("approx", "str", "exact, about, at_least, at_most or vague"),
        _c("kind", "str", "killed, wounded, missing, arrested, displaced ... or other"),
        _c("object", "str", "what is counted"),
        _c("reported_by", "str", "who gave the figure"),
        _c("reported_by_country", "str", "the reporter's ISO 3166 alpha-3 country"),
        _c("reported_by_sector", "str", "the reporter's sector"),
    ),
    rows=lambda record: (
        (
            record.article.id,
            quantity.id,
            quantity.start,
            quantity.end,
            quantity.text,
            quantity.value,
            quantity.low,
            quantity.high,
            quantity.approx,
            quantity.kind,
            quantity.object,
            *_one_actor_cells(quantity.reported_by),
        )
        for quantity in record.quantities
    ),
)

TIMES = Table(
    name="times",
    doc="one row per time expression",
    columns=(
        _ARTICLE,
        _c("time_id", "str", "the time's id in its record"),
        _c("start", "int", "start offset"),
        _c("end", "int", "end offset (exclusive)"),
        _c("text", "str", "the words in the article"),
        _c("type", "str", "DATE, TIME, DURATION or SET"),
        _c("value", "str", "TIMEX3 value"),
        _c("unresolved", "bool", "true when a relative expression had no anchor date"),
    ),
    rows=lambda record: (
        (
            record.article.id,
            time.id,
            time.start,
            time.end,
            time.text,
            time.type,
            time.value,
            time.unresolved,
        )
        for time in record.times
    ),
)

TABLES: dict[str, Table] = {
    table.name: table for table in (EVENTS, ARTICLES, ENTITIES, QUOTES, PLACES, QUANTITIES, TIMES)
}
"""Every table by name; ``events`` is the default of the CSV and Parquet exports."""


def get_table(name: str) -> Table:
    """The table called ``name``; a ValueError names the valid ones otherwise."""
    try:
        return TABLES[name]
    except KeyError:
        raise ValueError(f"unknown table {name!r}: expected one of {', '.join(TABLES)}") from None
