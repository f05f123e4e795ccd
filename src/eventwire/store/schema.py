"""The tables as the store queries them.

The migrations in ``migrations/versions`` create them and are the authority; these definitions
must match the head revision (``test_store_schema_matches_migrations`` checks). Full-text search
objects differ by backend and live only in the migrations: the ``articles_fts`` FTS5 table on
SQLite, the generated ``search`` tsvector column on PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text),
    Column("url", Text),
    Column("source", Text),
    Column("author", Text),
    Column("language", Text, nullable=False),
    Column("published", Text),
    Column("published_from", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("record", Text, nullable=False),
    Column("pipeline", Text, nullable=False),
    Column("content_hash", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_published", "published"),
)

entities = Table(
    "entities",
    metadata,
    Column(
        "article_id",
        Text,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("entity_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("country", Text),
    Column("sector", Text),
    Index("ix_entities_name", "name"),
)

ingest_failures = Table(
    "ingest_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", Text, nullable=False),
    Column("code", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
