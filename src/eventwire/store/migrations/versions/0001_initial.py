"""Initial schema: articles, their entities, the failure log, and full-text search.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

# External content: the index stores no second copy of the text, it reads it from `articles`
# by rowid. The porter stemmer matches PostgreSQL's English stemming ("floods" finds "flood").
# `articles` has no INTEGER PRIMARY KEY, so a VACUUM may renumber its rowids; Store.reindex()
# rebuilds the index after one.
_SQLITE_FTS = [
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    # Triggers rather than the store's write path keep the index right whoever writes the row.
    """
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END
    """,
    """
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END
    """,
    """
    CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END
    """,
]

# A stored generated column is computed once per write, so searches only read the GIN index.
_POSTGRES_FTS = [
    """
    ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS
        (to_tsvector('english', coalesce(title, '') || ' ' || "text")) STORED
    """,
    "CREATE INDEX ix_articles_search ON articles USING gin (search)",
]


def upgrade() -> None:
    """Create the tables, then the full-text index of the backend in use."""
    timestamp = sa.DateTime(timezone=True)
    op.create_table(
        "articles",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("published", sa.Text),
        sa.Column("published_from", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("pipeline", sa.Text, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("ingested_at", timestamp, nullable=False),
        sa.Column("updated_at", timestamp, nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_table(
        "entities",
        sa.Column(
            "article_id",
            sa.Text,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("entity_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("sector", sa.Text),
    )
    op.create_index("ix_entities_name", "entities", ["name"])
    op.create_table(
        "ingest_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("at", timestamp, nullable=False),
    )
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": _SQLITE_FTS, "postgresql": _POSTGRES_FTS}.get(dialect, [])
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    """Drop everything :func:`upgrade` created."""
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER articles_fts_{trigger}")
        op.execute("DROP TABLE articles_fts")
    op.drop_table("ingest_failures")
    op.drop_table("entities")
    op.drop_table("articles")
