"""Query tables for events, quotes and places, backfilled from the stored records.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

# The backfill reads the record JSON as plain dicts, not through eventwire.model, and keeps
# its own copy of the row logic: a migration must do the same thing forever, whatever the
# models and eventwire.store.derived become.
_SEPARATOR = "; "
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BATCH = 200


def _article_key() -> sa.Column[str]:
    return sa.Column(
        "article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )


def _create_events() -> sa.Table:
    text, real = sa.Text, sa.Float
    table = op.create_table(
        "events",
        _article_key(),
        sa.Column("event_id", text, primary_key=True),
        sa.Column("type", text, nullable=False),
        sa.Column("mode", text),
        sa.Column("cameo", text),
        sa.Column("modality", text, nullable=False),
        sa.Column("date", text),
        sa.Column("day", text),
        sa.Column("place", text),
        sa.Column("country", text),
        sa.Column("lat", real),
        sa.Column("lon", real),
        *(
            sa.Column(f"{role}_{what}", text)
            for role in ("source", "target")
            for what in ("names", "countries", "sectors", "entities")
        ),
        sa.Column("attributed_to", text),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("confidence", real, nullable=False),
        sa.Column("event", text, nullable=False),
    )
    op.create_index("ix_events_type", "events", ["type"])
    op.create_index("ix_events_day", "events", ["day"])
    op.create_index("ix_events_country", "events", ["country"])
    op.create_index("ix_events_lat_lon", "events", ["lat", "lon"])
    assert table is not None
    return table


def _create_quotes() -> sa.Table:
    table = op.create_table(
        "quotes",
        _article_key(),
        sa.Column("quote_id", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_entity", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("cue", sa.Text),
        sa.Column("venue", sa.Text),
    )
    op.create_index("ix_quotes_speaker", "quotes", ["speaker"])
    assert table is not None
    return table


def _create_places() -> sa.Table:
    table = op.create_table(
        "places",
        _article_key(),
        sa.Column("place_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
    )
    op.create_index("ix_places_name", "places", ["name"])
    assert table is not None
    return table


def _joined(values: Iterable[Any]) -> str | None:
    kept = list(dict.fromkeys(v for v in values if isinstance(v, str) and v))
    return _SEPARATOR.join(kept) if kept else None


def _day(date: Any, published: str | None) -> str | None:
    if isinstance(date, str) and _DAY.fullmatch(date[:10]) and (
        len(date) == 10 or date[10] == "T"
    ):
        return date[:10]
    return published


def _event_row(article_id: str, published: str | None, event: dict[str, Any]) -> dict[str, Any]:
    place = event.get("place") or {}
    attributed = event.get("attributed_to") or {}
    row: dict[str, Any] = {
        "article_id": article_id,
        "event_id": event["id"],
        "type": event["type"],
        "mode": event.get("mode"),
        "cameo": event.get("cameo"),
        "modality": event.get("modality") or "asserted",
        "date": event.get("date"),
        "day": _day(event.get("date"), published),
        "place": place.get("name"),
        "country": place.get("country"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "attributed_to": attributed.get("name"),
        "start": event["start"],
        "end": event["end"],
        "confidence": event["confidence"],
        "event": json.dumps(event, ensure_ascii=False, separators=(",", ":")),
    }
    for role, key in (("source", "sources"), ("target", "targets")):
        actors = event.get(key) or []
        for what, field in (
            ("names", "name"), ("countries", "country"), ("sectors", "sector"),
            ("entities", "entity"),
        ):
            row[f"{role}_{what}"] = _joined(actor.get(field) for actor in actors)
    return row


def _quote_row(article_id: str, quote: dict[str, Any]) -> dict[str, Any]:
    speaker = quote.get("speaker") or {}
    return {
        "article_id": article_id,
        "quote_id": quote["id"],
        "kind": quote["kind"],
        "speaker": speaker.get("name"),
        "speaker_entity": speaker.get("entity"),
        "text": quote["text"],
        "start": quote["start"],
        "end": quote["end"],
        "cue": quote.get("cue"),
        "venue": quote.get("venue"),
    }


def _place_row(article_id: str, place: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "place_id": place["id"],
        "name": place["name"],
        "text": place["text"],
        "start": place["start"],
        "end": place["end"],
        "country": place.get("country"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
    }


def _stored(connection: sa.Connection) -> Iterator[list[Any]]:
    """The stored articles in id order, a batch at a time, so memory stays bounded."""
    articles = sa.table("articles", sa.column("id"), sa.column("published"), sa.column("record"))
    after = ""
    while True:
        query = (
            sa.select(articles.c.id, articles.c.published, articles.c.record)
            .where(articles.c.id > after)
            .order_by(articles.c.id)
            .limit(_BATCH)
        )
        batch = list(connection.execute(query))
        if not batch:
            return
        yield batch
        after = batch[-1].id


def _unique(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        # PostgreSQL refuses NUL in text, as the store's own writes know (see store._without_nul).
        clean = {k: v.replace("\x00", " ") if isinstance(v, str) else v for k, v in row.items()}
        seen.setdefault((clean["article_id"], clean[key]), clean)
    return list(seen.values())


def _backfill(events: sa.Table, quotes: sa.Table, places: sa.Table) -> None:
    connection = op.get_bind()
    for batch in _stored(connection):
        rows: dict[str, list[dict[str, Any]]] = {"events": [], "quotes": [], "places": []}
        for article in batch:
            record = json.loads(article.record)
            for event in record.get("events") or []:
                rows["events"].append(_event_row(article.id, article.published, event))
            for quote in record.get("quotes") or []:
                rows["quotes"].append(_quote_row(article.id, quote))
            for place in record.get("places") or []:
                rows["places"].append(_place_row(article.id, place))
        for table, key in ((events, "event_id"), (quotes, "quote_id"), (places, "place_id")):
            if rows[table.name]:
                connection.execute(sa.insert(table), _unique(rows[table.name], key))


def upgrade() -> None:
    """Create the three tables and fill them from the articles already stored."""
    _backfill(_create_events(), _create_quotes(), _create_places())


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("places")
    op.drop_table("quotes")
    op.drop_table("events")
