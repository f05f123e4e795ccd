"""Response models of the REST API: they type the handlers and document ``/openapi.json``."""

from __future__ import annotations

from pydantic import BaseModel, Field


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
