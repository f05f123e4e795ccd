"""Events, quotes and actors: query parameters to store filters, pages with key cursors.

A cursor here is the URL-safe base64 of the JSON array of the last row's sort key (for events
``[article id, event id]``), so each page resumes by key in the store, never by offset.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any, TypeVar, get_args

from eventwire.api.articles import parse_day
from eventwire.api.errors import ApiError
from eventwire.api.schemas import (
    ActorDetail,
    ActorItem,
    ActorPage,
    CorpusEventItem,
    CorpusEventPage,
    CorpusReport,
    DayCount,
    Disagreement,
    EventItem,
    EventPage,
    QuoteItem,
    QuotePage,
)
from eventwire.errors import Code
from eventwire.model import Event, EventPlace, EventType, Modality
from eventwire.store import (
    ActorSummary,
    BBox,
    CorpusEventRow,
    EventFilter,
    EventRow,
    Store,
)

EVENT_TYPES: tuple[str, ...] = get_args(EventType)
MODALITIES: tuple[str, ...] = get_args(Modality)
_Item = TypeVar("_Item", bound=Event)
_MAX_CURSOR_CHARS = 2048


@dataclass(frozen=True)
class EventParams:
    """The raw event filters of a request, as strings (None when absent)."""

    date_from: str | None = None
    date_to: str | None = None
    type: str | None = None
    modality: str | None = None
    place: str | None = None
    bbox: str | None = None
    actor: str | None = None
    source: str | None = None
    country: str | None = None


def _text(value: str | None) -> str | None:
    # PostgreSQL rejects NUL in any string, and no stored name holds one.
    value = (value or "").replace("\x00", " ").strip()
    return value or None


def _choice(param: str, value: str | None, options: tuple[str, ...]) -> str | None:
    value = _text(value)
    if value is None:
        return None
    if value.upper() in options:
        return value.upper()
    if value.lower() in options:
        return value.lower()
    raise ApiError(
        422,
        Code.E401,
        param=f"query parameter {param!r}",
        reason=f"{value!r} is not one of {', '.join(options)}",
    )


def parse_bbox(value: str | None) -> BBox | None:
    """``min_lon,min_lat,max_lon,max_lat`` in degrees; raises a 422 :class:`ApiError` if bad."""
    value = _text(value)
    if value is None:
        return None
    parts = value.split(",")
    reason = None
    numbers: list[float] = []
    if len(parts) != 4:
        reason = f"expected min_lon,min_lat,max_lon,max_lat, got {len(parts)} value(s)"
    else:
        try:
            numbers = [float(part) for part in parts]
        except ValueError:
            reason = f"expected four numbers, got {value!r}"
    if reason is None:
        min_lon, min_lat, max_lon, max_lat = numbers
        if not all(math.isfinite(n) for n in numbers):
            reason = "coordinates must be finite numbers"
        elif not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
            reason = "longitudes must lie within -180..180"
        elif not (-90 <= min_lat <= max_lat <= 90):
            reason = "latitudes must lie within -90..90 with min_lat <= max_lat"
        else:
            return BBox(min_lon, min_lat, max_lon, max_lat)
    raise ApiError(422, Code.E401, param="query parameter 'bbox'", reason=reason)


def event_filter(params: EventParams, *, dates: bool = True) -> EventFilter:
    """The store filter of ``params``; ``dates=False`` leaves from/to out (articles use them)."""
    day_from = parse_day("from", params.date_from) if dates else None
    day_to = parse_day("to", params.date_to) if dates else None
    if day_from and day_to and day_from > day_to:
        raise ApiError(
            422,
            Code.E401,
            param="query parameters 'from' and 'to'",
            reason=f"'from' ({day_from}) is after 'to' ({day_to})",
        )
    return EventFilter(
        type=_choice("type", params.type, EVENT_TYPES),
        modality=_choice("modality", params.modality, MODALITIES),
        day_from=day_from.isoformat() if day_from else None,
        day_to=day_to.isoformat() if day_to else None,
        country=_text(params.country),
        bbox=parse_bbox(params.bbox),
        actor=_text(params.actor),
        place=_text(params.place),
        source=_text(params.source),
    )


def encode_key(key: list[Any]) -> str:
    """The opaque cursor resuming a list after the row whose sort key is ``key``."""
    raw = json.dumps(key, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_key(cursor: str, shape: tuple[type, ...]) -> list[Any]:
    """The sort key inside ``cursor``, checked against ``shape``; a 422 if it is not one."""
    if len(cursor) > _MAX_CURSOR_CHARS:
        raise ApiError(422, Code.E402)
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
        key = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ApiError(422, Code.E402) from exc
    if not (
        isinstance(key, list)
        and len(key) == len(shape)
        and all(type(part) is kind for part, kind in zip(key, shape, strict=True))
        and not any(isinstance(part, str) and "\x00" in part for part in key)
    ):
        raise ApiError(422, Code.E402)
    return key


def with_event(model: type[_Item], event: Event, /, **extra: Any) -> _Item:
    """``model`` (an :class:`Event` with extra fields) holding ``event`` and ``extra``.

    The event's nested values are passed as the model instances the store validated, which
    pydantic takes as they are: dumping every event to dicts and validating it again cost
    more than reading it from the store (a page can hold hundreds of reports).
    """
    # vars(): the model's fields as stored (extra fields are forbidden), without the per-field
    # Python iteration of dict(event).
    return model.model_validate({**vars(event), **extra})


def event_item(row: EventRow) -> EventItem:
    """The API form of a stored event."""
    return with_event(
        EventItem,
        row.event,
        article=row.article,
        title=row.title,
        outlet=row.source,
        published=row.published,
        day=row.day,
    )


def event_page(store: Store, filters: EventFilter, limit: int, cursor: str | None) -> EventPage:
    """One page of events matching ``filters``."""
    after = decode_key(cursor, (str, str)) if cursor else None
    rows = store.events(filters, limit + 1, None if after is None else (after[0], after[1]))
    items = [event_item(row) for row in rows[:limit]]
    more = len(rows) > limit
    return EventPage(
        items=items, next=encode_key([items[-1].article, items[-1].id]) if more else None
    )


def quote_page(store: Store, speaker: str | None, limit: int, cursor: str | None) -> QuotePage:
    """One page of quotes, by speaker if given (a case-insensitive substring)."""
    after = decode_key(cursor, (str, str)) if cursor else None
    rows = store.quotes(_text(speaker), limit + 1, None if after is None else (after[0], after[1]))
    items = [
        QuoteItem.model_validate(
            {
                "article": row.article,
                "title": row.title,
                "id": row.quote_id,
                "kind": row.kind,
                "text": row.text,
                "start": row.start,
                "end": row.end,
                "speaker": None
                if row.speaker is None
                else {"name": row.speaker, "entity": row.speaker_entity},
                "cue": row.cue,
                "venue": row.venue,
            }
        )
        for row in rows[:limit]
    ]
    more = len(rows) > limit
    last = encode_key([items[-1].article, items[-1].id]) if more else None
    return QuotePage(items=items, next=last)


def _actor_fields(actor: ActorSummary) -> dict[str, Any]:
    return {
        "id": actor.name,
        "name": actor.name,
        "type": actor.type,
        "country": actor.country,
        "sector": actor.sector,
        "articles": actor.articles,
    }


def actor_page(store: Store, name: str | None, limit: int, cursor: str | None) -> ActorPage:
    """One page of actors, most articles first."""
    after = decode_key(cursor, (int, str)) if cursor else None
    rows = store.actors(limit + 1, None if after is None else (after[0], after[1]), _text(name))
    items = [ActorItem(**_actor_fields(actor)) for actor in rows[:limit]]
    more = len(rows) > limit
    return ActorPage(
        items=items, next=encode_key([items[-1].articles, items[-1].name]) if more else None
    )


def actor_detail(store: Store, actor_id: str) -> ActorDetail:
    """The actor whose id (its name) is ``actor_id``, with its events; 404 when unknown."""
    detail = store.actor(actor_id.replace("\x00", " "))
    if detail is None:
        raise ApiError(404, Code.E410, name=actor_id)
    per_day = Counter(row.day for row in detail.events)
    return ActorDetail(
        **_actor_fields(detail.actor),
        events=[event_item(row) for row in detail.events],
        timeline=[DayCount(day=day, events=n) for day, n in per_day.items()],
        truncated=detail.truncated,
    )


def corpus_item(row: CorpusEventRow) -> CorpusEventItem:
    """The API form of a stored corpus event."""
    place = None
    if row.place is not None:
        place = EventPlace(name=row.place, country=row.country, lat=row.lat, lon=row.lon)
    return CorpusEventItem(
        id=row.id,
        type=row.type,
        date=row.date,
        day=row.day,
        place=place,
        n_reports=len(row.reports),
        n_sources=row.n_sources,
        reports=[
            with_event(
                CorpusReport,
                report.event,
                article=report.article,
                event=report.event.id,
                title=report.title,
                outlet=report.outlet,
                published=report.published,
                killed=report.killed,
                wounded=report.wounded,
            )
            for report in row.reports
        ],
        disagreements=[Disagreement.model_validate(d) for d in row.disagreements],
    )


def corpus_page(
    store: Store,
    filters: EventFilter,
    limit: int,
    cursor: str | None,
    min_sources: int | None = None,
    corpus_id: str | None = None,
) -> CorpusEventPage:
    """One page of corpus events matching ``filters``, by day then id."""
    after = decode_key(cursor, (str, str)) if cursor else None
    rows = store.corpus_events(
        filters, limit + 1, None if after is None else (after[0], after[1]), min_sources,
        _text(corpus_id),
    )
    items = [corpus_item(row) for row in rows[:limit]]
    more = len(rows) > limit
    return CorpusEventPage(
        items=items, next=encode_key([items[-1].day or "", items[-1].id]) if more else None
    )
