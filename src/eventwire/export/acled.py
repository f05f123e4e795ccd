"""ACLED-style event table (CSV): the events that have an ACLED type, in ACLED's columns.

ACLED codes what happened, so only asserted events are written by default; events reported
as denied, negated, hedged, intended or conditional need ``include_unasserted``. The columns,
the interaction codes and the fatality rule are documented in this package's README.md.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eventwire.export.base import Counter, ExportReport, Output, text_output
from eventwire.export.fields import (
    coordinates,
    country,
    event_day,
    event_place,
    joined,
    one_line,
    others,
    primary,
    stable_id,
)
from eventwire.model import Actor, Event, Quantity, Record

COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "iso",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "modality",
    "article_id",
    "event_id",
)

# ACLED's actor categories (the "inter" codes).
NO_ACTOR, STATE, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA = 0, 1, 2, 3, 4
RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL_OTHER = 5, 6, 7, 8

_SECTOR_INTER = {
    "GOV": STATE,
    "MIL": STATE,
    "COP": STATE,
    "JUD": STATE,
    "REB": REBELS,
    "INS": REBELS,
    "OPP": POLITICAL_MILITIA,
    "PTY": POLITICAL_MILITIA,
    "CVL": CIVILIANS,
    "MED": CIVILIANS,
    "HLH": CIVILIANS,
    "EDU": CIVILIANS,
    "REL": CIVILIANS,
    "NGO": CIVILIANS,
    "BUS": CIVILIANS,
    "IGO": EXTERNAL_OTHER,
}


def inter_code(actor: Actor | None, side: str, event_type: str) -> int:
    """ACLED's interaction code of an actor from its sector and the event's ACLED type.

    State forces and rebels keep their code in any event. The acting side of a protest or
    riot is protesters or rioters (ACLED names the group behind it as an associated actor).
    Unarmed sectors (media, health, education, religion, NGOs, business) are civilians, as
    ACLED codes them when targeted; the unsectored target of violence against civilians is a
    civilian; anything else unknown is "other".
    """
    if actor is None:
        return NO_ACTOR
    code = _SECTOR_INTER.get(actor.sector or "")
    if code in (STATE, REBELS):
        return code
    if side == "source" and event_type == "Protests":
        return PROTESTERS
    if side == "source" and event_type == "Riots":
        return RIOTERS
    if code is not None:
        return code
    if side == "target" and event_type == "Violence against civilians":
        return CIVILIANS
    return EXTERNAL_OTHER


def interaction(inter1: int, inter2: int) -> str:
    """ACLED's two-digit interaction: the smaller code first, a lone actor followed by 0."""
    codes = sorted(code for code in (inter1, inter2) if code != NO_ACTOR)
    if not codes:
        return ""
    return f"{codes[0]}{codes[1] if len(codes) > 1 else 0}"


def geo_precision(feature: str | None) -> int:
    """ACLED's geo_precision: 1 a named town or site, 2 a district, 3 a province or larger."""
    if feature and feature[0] in "PSLTHVRU":
        return 1
    if feature in ("A.ADM2", "A.ADM3", "A.ADM4", "A.ADM5"):
        return 2
    return 3


@dataclass(frozen=True)
class _Candidate:
    event: Event
    anchor: int  # the trigger's offset, where its casualty figures are closest


def fatalities(record: Record, events: Sequence[Event]) -> dict[str, int]:
    """Killed figures per event id, each figure counted once.

    A ``killed`` quantity belongs to the events whose sentence holds it; when several do
    (one sentence often yields a killing and an injuring event), it goes to the one whose
    trigger is nearest, so summing the column never counts one death toll twice. A figure
    counts its value, else its low bound (ACLED takes the most conservative figure).
    """
    candidates = [
        _Candidate(event, event.explanation.trigger.start if event.explanation else event.start)
        for event in events
    ]
    totals = {event.id: 0 for event in events}
    for quantity in record.quantities:
        number = _killed(quantity)
        if number is None:
            continue
        holders = [c for c in candidates if c.event.start <= quantity.start < c.event.end]
        if holders:
            nearest = min(holders, key=lambda c: abs(c.anchor - quantity.start))
            totals[nearest.event.id] += number
    return totals


def _killed(quantity: Quantity) -> int | None:
    if quantity.kind != "killed":
        return None
    number = quantity.value if quantity.value is not None else quantity.low
    return None if number is None else int(number)


def row(record: Record, event: Event, killed: int) -> list[object]:
    """The ACLED row of one event with an ACLED type."""
    if event.acled is None:
        raise ValueError(f"event {event.id} of article {record.article.id} has no ACLED type")
    event_type = event.acled.event_type
    day = event_day(event, record.article.published)
    place = event.place
    item = event_place(record, event)
    info = country(place.country if place else None)
    point = coordinates(event)
    actor1 = primary(event.sources)
    actor2 = primary(event.targets)
    inter1 = inter_code(actor1, "source", event_type)
    inter2 = inter_code(actor2, "target", event_type)
    number = stable_id(record.article.id, event.id)
    return [
        f"{info.iso3 if info else 'XXX'}{number}",
        day.day.isoformat() if day else None,
        day.day.year if day else None,
        day.precision if day else None,
        event_type,
        event.acled.sub_event_type,
        actor1.name if actor1 else None,
        joined(actor.name for actor in others(event.sources, actor1)) or None,
        inter1,
        actor2.name if actor2 else None,
        joined(actor.name for actor in others(event.targets, actor2)) or None,
        inter2,
        interaction(inter1, inter2),
        info.numeric if info else None,
        info.name if info else None,
        item.admin1 if item else None,
        place.name if place else None,
        point[1] if point else None,
        point[0] if point else None,
        geo_precision(item.feature if item else None) if point else None,
        record.article.source,
        # ACLED's source scale (local, national, international ...) is not known to eventwire.
        None,
        one_line(event.text),
        killed,
        event.modality,
        record.article.id,
        event.id,
    ]


def write_acled(
    records: Iterable[Record], out: Output, include_unasserted: bool = False
) -> ExportReport:
    """Write the ACLED-typed events of ``records`` as an ACLED-style CSV table.

    Only asserted events unless ``include_unasserted``; events left out (no ACLED type, or
    not asserted) are counted in ``skipped``.
    """
    counter = Counter()
    with text_output(out) as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for record in records:
            counter.articles += 1
            chosen = [
                event
                for event in record.events
                if event.acled is not None and (include_unasserted or event.modality == "asserted")
            ]
            counter.skipped += len(record.events) - len(chosen)
            killed = fatalities(record, chosen)
            for event in chosen:
                values = row(record, event, killed[event.id])
                writer.writerow(["" if value is None else value for value in values])
                counter.rows += 1
    return counter.report()
