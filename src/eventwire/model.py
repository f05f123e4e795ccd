"""Typed models of the article record (format ``eventwire.record/1``).

The field names follow ``shared/record-format.md``; the committed JSON Schema in
``eventwire/schema/record.schema.json`` is generated from these classes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

RECORD_FORMAT: Literal["eventwire.record/1"] = "eventwire.record/1"

PublishedFrom = Literal["given", "metadata", "text", "none"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
Approx = Literal["exact", "about", "at_least", "at_most", "vague"]
QuantityKind = Literal[
    "killed",
    "wounded",
    "missing",
    "arrested",
    "displaced",
    "destroyed",
    "damaged",
    "attacks",
    "people",
    "other",
]
Modality = Literal["asserted", "denied", "negated", "hedged", "intended", "conditional"]
EventType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Note(_Model):
    """Something the pipeline wants the reader of a record to know (a skipped stage, a flag)."""

    code: str
    message: str


class Article(_Model):
    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    language: str
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    published_from: PublishedFrom = "none"
    text: str


class Mention(_Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Entity(_Model):
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    roles: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Actor(_Model):
    name: str
    entity: str | None = None
    country: str | None = None
    sector: str | None = None


class Speaker(_Model):
    name: str
    entity: str | None = None
    start: int | None = None
    end: int | None = None


class Quote(_Model):
    id: str
    kind: Literal["direct", "indirect"]
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    speaker: Speaker | None = None
    cue: str | None = None
    venue: str | None = None


class Time(_Model):
    id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    type: TimeType
    value: str | None = None
    unresolved: bool = False


class Place(_Model):
    id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = None


class Quantity(_Model):
    id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    value: float | None = None
    low: float | None = None
    high: float | None = None
    approx: Approx = "exact"
    kind: QuantityKind = "other"
    object: str | None = None
    reported_by: Actor | None = None


class EventPlace(_Model):
    place: str | None = None
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class AcledType(_Model):
    event_type: str
    sub_event_type: str


class ArgumentPath(_Model):
    """How an actor was reached from the trigger in the dependency parse."""

    role: Literal["source", "target", "attribution"]
    actor: str
    path: str
    start: int | None = None
    end: int | None = None


class Explanation(_Model):
    """Why an event was coded: the lexicon entry, its trigger, and the parse paths."""

    lexicon: str
    trigger: Mention
    paths: list[ArgumentPath] = Field(default_factory=list)
    modality_cue: str | None = None
    date_from: Literal["clause", "sentence", "article"] | None = None
    place_from: Literal["clause", "sentence", "article"] | None = None


class Event(_Model):
    id: str
    type: EventType
    mode: str | None = None
    cameo: str | None = None
    sources: list[Actor] = Field(default_factory=list)
    targets: list[Actor] = Field(default_factory=list)
    place: EventPlace | None = None
    date: str | None = None
    modality: Modality = "asserted"
    attributed_to: Actor | None = None
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    confidence: float = Field(ge=0.0, le=1.0)
    acled: AcledType | None = None
    explanation: Explanation | None = None


class Record(_Model):
    """One article and everything extracted from it, every item tied to offsets in its text."""

    format: Literal["eventwire.record/1"] = RECORD_FORMAT
    pipeline: str
    article: Article
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


def record_json_schema() -> dict[str, object]:
    """The JSON Schema of :class:`Record`, as committed in ``schema/record.schema.json``."""
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://eventwire.example/schema/eventwire.record-1.json"
    return schema
