"""GeoJSON (RFC 7946): a FeatureCollection of the events that have a place with coordinates.

Each feature is a Point at ``[lon, lat]`` (WGS 84, no ``crs`` member, as RFC 7946 requires).
Properties are flat (lists joined by ``"; "``), so GIS tools read them as plain columns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from eventwire.export.base import Counter, ExportReport, Output, text_output
from eventwire.export.fields import coordinates, joined
from eventwire.model import Event, Record


def feature(record: Record, event: Event, lon: float, lat: float) -> dict[str, Any]:
    """The GeoJSON Feature of one event placed at ``(lon, lat)``."""
    article = record.article
    place = event.place
    attributed = event.attributed_to
    return {
        "type": "Feature",
        "id": f"{article.id}/{event.id}",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "event_id": event.id,
            "article_id": article.id,
            "type": event.type,
            "mode": event.mode,
            "cameo": event.cameo,
            "modality": event.modality,
            "confidence": event.confidence,
            "date": event.date,
            "sources": joined(actor.name for actor in event.sources),
            "source_countries": joined(actor.country for actor in event.sources),
            "source_sectors": joined(actor.sector for actor in event.sources),
            "targets": joined(actor.name for actor in event.targets),
            "target_countries": joined(actor.country for actor in event.targets),
            "target_sectors": joined(actor.sector for actor in event.targets),
            "place_name": place.name if place else None,
            "place_country": place.country if place else None,
            "attributed_to": attributed.name if attributed else None,
            "acled_event_type": event.acled.event_type if event.acled else None,
            "acled_sub_event_type": event.acled.sub_event_type if event.acled else None,
            "article_title": article.title,
            "article_url": article.url,
            "article_source": article.source,
            "published": article.published,
            "text": event.text.strip(),
        },
    }


def write_geojson(records: Iterable[Record], out: Output) -> ExportReport:
    """Write the placed events of ``records`` as one FeatureCollection, feature by feature.

    Events without a place, or whose coordinates are missing or out of range, are counted
    in ``skipped``.
    """
    counter = Counter()
    with text_output(out) as stream:
        # Written piecewise so that only one feature is ever held in memory.
        stream.write('{"type": "FeatureCollection", "features": [')
        for record in records:
            counter.articles += 1
            for event in record.events:
                point = coordinates(event)
                if point is None:
                    counter.skipped += 1
                    continue
                stream.write(",\n" if counter.rows else "\n")
                stream.write(json.dumps(feature(record, event, *point), ensure_ascii=False))
                counter.rows += 1
        stream.write("\n]}\n")
    return counter.report()
