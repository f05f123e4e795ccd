"""Corpus events: reports of one real-world event merged across articles.

Revision ID: 0003
Revises: 0002

The tables start empty; the store fills them from the events on first open (a rebuild), so
this migration needs no frozen copy of the merging logic.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``corpus_events`` and ``corpus_reports`` with their indexes."""
    text, real = sa.Text, sa.Float
    op.create_table(
        "corpus_events",
        sa.Column("id", text, primary_key=True),
        sa.Column("type", text, nullable=False),
        sa.Column("date", text),
        sa.Column("day", text),
        sa.Column("place", text),
        sa.Column("country", text),
        sa.Column("lat", real),
        sa.Column("lon", real),
        sa.Column("source_names", text),
        sa.Column("source_countries", text),
        sa.Column("target_names", text),
        sa.Column("target_countries", text),
        sa.Column("n_reports", sa.Integer, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
        sa.Column("disagreements", text, nullable=False),
    )
    op.create_index("ix_corpus_events_type", "corpus_events", ["type"])
    op.create_index("ix_corpus_events_day", "corpus_events", ["day"])
    op.create_index("ix_corpus_events_lat_lon", "corpus_events", ["lat", "lon"])
    op.create_table(
        "corpus_reports",
        sa.Column(
            "article_id", text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("event_id", text, primary_key=True),
        sa.Column("corpus_id", text),
        sa.Column("type", text, nullable=False),
        sa.Column("modality", text, nullable=False),
        sa.Column("date", text),
        sa.Column("day_lo", text),
        sa.Column("day_hi", text),
        sa.Column("place", text),
        sa.Column("country", text),
        sa.Column("lat", real),
        sa.Column("lon", real),
        sa.Column("outlet", text),
        sa.Column("published", text),
        sa.Column("attributed_to", text),
        sa.Column("killed", real),
        sa.Column("wounded", real),
        sa.Column("actors", text, nullable=False),
    )
    op.create_index("ix_corpus_reports_type_day", "corpus_reports", ["type", "day_lo"])
    op.create_index("ix_corpus_reports_corpus", "corpus_reports", ["corpus_id"])


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_table("corpus_reports")
    op.drop_table("corpus_events")
