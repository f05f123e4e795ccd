"""Rows of the query tables (events, quotes, places) derived from one record.

The record is the authority; these rows only make it queryable. The backfill in migration
0002 builds the same rows from stored JSON with its own frozen copy of this logic, so a later
change here never rewrites what an old migration did.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from eventwire.model import Actor, Event, Record

# Joins actor lists into one text column; filters match whole names between separators.
SEPARATOR = "; "
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def joined(values: Iterable[str | None]) -> str | None:
    """The distinct non-empty ``values`` joined by :data:`SEPARATOR`, in order; None if none."""
    kept = list(dict.fromkeys(v for v in values if v))
    return SEPARATOR.join(kept) if kept else None


def event_day(date: str | None, published: str | None) -> str | None:
    """The calendar day an event is filed under: its own date if a day, else the article's."""
    if date is not None and _DAY.fullmatch(date[:10]) and (len(date) == 10 or date[10] == "T"):
        return date[:10]
    return published


def _actor_columns(prefix: str, actors: list[Actor]) -> dict[str, str | None]:
    return {
        f"{prefix}_names": joined(a.name for a in actors),
        f"{prefix}_countries": joined(a.country for a in actors),
        f"{prefix}_sectors": joined(a.sector for a in actors),
        f"{prefix}_entities": joined(a.entity for a in actors),
    }


def _event_row(record: Record, event: Event) -> dict[str, Any]:
    place = event.place
    return {
        "article_id": record.article.id,
        "event_id": event.id,
        "type": event.type,
        "mode": event.mode,
        "cameo": event.cameo,
        "modality": event.modality,
        "date": event.date,
        "day": event_day(event.date, record.article.published),
        "place": place.name if place else None,
        "country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        **_actor_columns("source", event.sources),
        **_actor_columns("target", event.targets),
        "attributed_to": event.attributed_to.name if event.attributed_to else None,
        "start": event.start,
        "end": event.end,
        "confidence": event.confidence,
        "event": event.model_dump_json(),
    }


def event_rows(record: Record) -> list[dict[str, Any]]:
    """One row per event id (the first wins if a pipeline ever repeated one)."""
    rows: dict[str, dict[str, Any]] = {}
    for event in record.events:
        rows.setdefault(event.id, _event_row(record, event))
    return list(rows.values())


def quote_rows(record: Record) -> list[dict[str, Any]]:
    """One row per quote id."""
    rows: dict[str, dict[str, Any]] = {}
    for quote in record.quotes:
        speaker = quote.speaker
        rows.setdefault(
            quote.id,
            {
                "article_id": record.article.id,
                "quote_id": quote.id,
                "kind": quote.kind,
                "speaker": speaker.name if speaker else None,
                "speaker_entity": speaker.entity if speaker else None,
                "text": quote.text,
                "start": quote.start,
                "end": quote.end,
                "cue": quote.cue,
                "venue": quote.venue,
            },
        )
    return list(rows.values())


def place_rows(record: Record) -> list[dict[str, Any]]:
    """One row per place id."""
    rows: dict[str, dict[str, Any]] = {}
    for place in record.places:
        rows.setdefault(
            place.id,
            {
                "article_id": record.article.id,
                "place_id": place.id,
                "name": place.name,
                "text": place.text,
                "start": place.start,
                "end": place.end,
                "country": place.country,
                "lat": place.lat,
                "lon": place.lon,
            },
        )
    return list(rows.values())
