"""Small hand-written records for the store tests."""

from __future__ import annotations

from eventwire.model import Article, Entity, Record


def make_record(
    article_id: str,
    text: str,
    *,
    title: str | None = None,
    pipeline: str = "0.1.0",
    published: str | None = "2024-03-14",
    source: str | None = "Valley Courier",
    entities: list[Entity] | None = None,
) -> Record:
    """A record of one article with the given text and, by default, one entity."""
    if entities is None:
        entities = [Entity(id="E1", name="Harbour Council", type="ORG", country="NLD")]
    article = Article(
        id=article_id,
        title=title,
        source=source,
        language="en",
        published=published,
        published_from="given" if published else "none",
        text=text,
    )
    return Record(pipeline=pipeline, article=article, entities=entities)
