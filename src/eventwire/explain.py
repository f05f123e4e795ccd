"""A readable account of why an event was coded, from the explanation kept in its record."""

from __future__ import annotations

from eventwire.errors import Code, UsageError
from eventwire.model import Actor, Event, Record


def _actor(actor: Actor) -> str:
    details = ", ".join(x for x in (actor.country, actor.sector) if x)
    return f"{actor.name} [{details}]" if details else actor.name


def _find(record: Record, event_id: str) -> Event:
    for event in record.events:
        if event.id == event_id:
            return event
    raise UsageError(
        Code.E005,
        event=event_id,
        article=record.article.id,
        options=", ".join(e.id for e in record.events) or "none",
    )


def explain_event(record: Record, event_id: str) -> str:
    """The event, its sentence with the trigger marked, the lexicon entry and parse paths."""
    event = _find(record, event_id)
    lines = [
        f"{event.id} {event.type}"
        + (f"/{event.mode}" if event.mode else "")
        + f" (CAMEO {event.cameo}), {event.modality}, confidence {event.confidence:.2f}"
    ]
    why = event.explanation
    sentence = event.text
    if why is not None:
        at = why.trigger.start - event.start
        sentence = (
            sentence[:at] + "[[" + why.trigger.text + "]]" + sentence[at + len(why.trigger.text) :]
        )
    lines.append(f"  sentence   {sentence}")
    lines.append(f"  sources    {'; '.join(_actor(a) for a in event.sources) or '-'}")
    lines.append(f"  targets    {'; '.join(_actor(a) for a in event.targets) or '-'}")
    if event.attributed_to is not None:
        lines.append(f"  reported   by {_actor(event.attributed_to)}")
    if why is None:
        lines.append("  (no explanation recorded: coded by an older pipeline)")
        return "\n".join(lines)
    lines.append(f"  lexicon    {why.lexicon}")
    lines.append(f"  trigger    {why.trigger.text!r} at {why.trigger.start}-{why.trigger.end}")
    for path in why.paths:
        lines.append(f"  {path.role:<10} {path.actor}: {path.path}")
    if why.modality_cue:
        lines.append(f"  modality   {event.modality}, cue {why.modality_cue!r}")
    place = event.place.name if event.place else "-"
    lines.append(
        f"  date       {event.date or '-'}"
        + (f" (from the {why.date_from})" if why.date_from else "")
    )
    lines.append(
        f"  place      {place}" + (f" (from the {why.place_from})" if why.place_from else "")
    )
    return "\n".join(lines)
