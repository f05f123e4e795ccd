"""Response models of the REST API: they type the handlers and document ``/openapi.json``."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from eventwire.model import Event, EventPlace, Quote

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ArticleSummary(BaseModel):
    """One line of an article list; ``snippet`` and ``rank`` are set for full-text searches."""

    id: str
    title: str | None
    source: str | None
    published: str | None = Field(description="YYYY-MM-DD, or null when unknown")
    snippet: str | None = Field(default=None, description="matching passage (searches only)")
    rank: float | None = Field(default=None, description="search relevance (searches only)")


class ArticlePage(BaseModel):
    """A page of a list; pass ``next`` back as ``cursor`` for the following page."""

    items: list[ArticleSummary]
    next: str | None = Field(description="cursor of the next page, or null on the last page")


class Health(BaseModel):
    status: str
    version: str
    articles: int = Field(description="number of articles in the store")


class EventItem(Event):
    """An event of the record format plus its article's id, title, outlet and date."""

    article: str = Field(description="id of the article the event was extracted from")
    title: str | None = Field(description="the article's title")
    outlet: str | None = Field(description="the article's source (outlet)")
    published: str | None = Field(description="the article's publication date")
    day: str | None = Field(
        description="the day the event is filed under: its date when that is a calendar day, "
        "else the article's publication date"
    )


class EventPage(BaseModel):
    """A page of events; pass ``next`` back as ``cursor`` for the following page."""

    items: list[EventItem]
    next: str | None = Field(description="cursor of the next page, or null on the last page")


class QuoteItem(Quote):
    """A quote of the record format plus its article's id and title."""

    article: str
    title: str | None


class QuotePage(BaseModel):
    """A page of quotes; pass ``next`` back as ``cursor`` for the following page."""

    items: list[QuoteItem]
    next: str | None = Field(description="cursor of the next page, or null on the last page")


class ActorItem(BaseModel):
    """An entity name across the corpus."""

    id: str = Field(description="the actor's id: its name; URL-encode it in /api/actors/{id} paths")
    name: str
    type: str = Field(description="entity type (PERSON, ORG, GPE, ...)")
    country: str | None = Field(description="ISO 3166 alpha-3, where recorded")
    sector: str | None = Field(description="CAMEO-style sector, where recorded")
    articles: int = Field(description="number of articles mentioning it")


class ActorPage(BaseModel):
    """A page of actors, most articles first; pass ``next`` back as ``cursor``."""

    items: list[ActorItem]
    next: str | None = Field(description="cursor of the next page, or null on the last page")


class DayCount(BaseModel):
    day: str | None = Field(description="YYYY-MM-DD, or null for undated events")
    events: int


class ActorDetail(ActorItem):
    """An actor with the events it took part in (as source or target), by day."""

    events: list[EventItem]
    timeline: list[DayCount] = Field(description="number of its events per day")
    truncated: bool = Field(description="true when only the first events by day are listed")


class IngestRequest(BaseModel):
    """One article to ingest: ``text`` or ``html`` (exactly one), and optional metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="the article as plain text")
    html: str | None = Field(default=None, description="the article's web page")
    title: str | None = None
    url: str | None = None
    published: str | None = Field(
        default=None, description="publication date, YYYY-MM-DD", examples=["2015-11-19"]
    )
    source: str | None = Field(default=None, description="the outlet")

    @model_validator(mode="after")
    def _one_body(self) -> IngestRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' and 'html'")
        return self

    @field_validator("published")
    @classmethod
    def _day(cls, value: str | None) -> str | None:
        if value is not None:
            if not _DAY.fullmatch(value):
                raise ValueError(f"expected YYYY-MM-DD, got {value!r}")
            date.fromisoformat(value)
        return value


class IngestResult(BaseModel):
    id: str = Field(description="the article's record id")
    status: str = Field(description="'stored', or 'duplicate' when the article was known")
    url: str = Field(description="where the record can be read")


class ReportRef(BaseModel):
    article: str = Field(description="the article's id")
    event: str = Field(description="the event's id within the article")


class DisagreementValue(BaseModel):
    value: str | int | float = Field(description="one of the differing values")
    reports: list[ReportRef] = Field(description="the reports giving this value")


class Disagreement(BaseModel):
    """A field the reports of one corpus event give different values for."""

    field: str = Field(description="killed, wounded, modality, date or place")
    values: list[DisagreementValue]


class CorpusReport(Event):
    """One report of a corpus event: the article's event plus where it came from."""

    article: str = Field(description="id of the reporting article")
    event: str = Field(description="the event's id within the article (same as id)")
    title: str | None = Field(description="the article's title")
    outlet: str | None = Field(description="the article's source (outlet)")
    published: str | None = Field(description="the article's publication date")
    killed: float | None = Field(description="killed figure in the event's sentence, if any")
    wounded: float | None = Field(description="wounded figure in the event's sentence, if any")


class CorpusEventItem(BaseModel):
    """A real-world event merged from the reports of one or more articles."""

    id: str = Field(description="stable id, derived from the earliest report")
    type: str = Field(description="PLOVER type (the most reported)")
    date: str | None = Field(description="TIMEX3 date most reports give")
    day: str | None = Field(description="earliest day its reports cover, YYYY-MM-DD")
    place: EventPlace | None
    n_reports: int
    n_sources: int = Field(
        description="independent sources: reports sharing an article, outlet or attributed "
        "speaker count once"
    )
    reports: list[CorpusReport]
    disagreements: list[Disagreement]


class CorpusEventPage(BaseModel):
    """A page of corpus events; pass ``next`` back as ``cursor`` for the following page."""

    items: list[CorpusEventItem]
    next: str | None = Field(description="cursor of the next page, or null on the last page")
