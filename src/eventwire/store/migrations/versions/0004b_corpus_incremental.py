"""Corpus events kept incrementally: tallies, representatives, source components.

Revision ID: 0004b
Revises: 0004_shards

``corpus_events`` trades its stored ``disagreements`` (now computed from the reports when
read) for ``facts``, the counts that let one report update an event, and ``reps``, the event's
representatives; ``corpus_sources`` keeps the source components that give ``n_sources``.
Candidates are found by (type, day) on ``corpus_events``. The corpus tables are derived
data: they are dropped and recreated empty, and the store refills them from the events on
first open (a rebuild), so this migration needs no frozen copy of the merging logic.

It follows 0004_shards (the ingest shard table), which was written at the same time.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0004b"
down_revision: str | None = "0004_shards"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Recreate the corpus tables in their incremental form, empty."""
    text, real = sa.Text, sa.Float
    op.drop_table("corpus_reports")
    op.drop_table("corpus_events")
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
        sa.Column("facts", text, nullable=False),
        sa.Column("reps", text, nullable=False),
    )
    op.create_index("ix_corpus_events_type_day", "corpus_events", ["type", "day"])
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
    op.create_index("ix_corpus_reports_corpus", "corpus_reports", ["corpus_id"])
    op.create_table(
        "corpus_sources",
        sa.Column("corpus_id", text, primary_key=True),
        sa.Column("key", text, primary_key=True),
        sa.Column("component", text, nullable=False),
    )
    op.create_index(
        "ix_corpus_sources_component", "corpus_sources", ["corpus_id", "component"]
    )


def downgrade() -> None:
    """Drop the incremental tables and recreate those of revision 0003, empty."""
    op.drop_table("corpus_sources")
    op.drop_table("corpus_reports")
    op.drop_table("corpus_events")
    # The 0003 script creates its own tables; running it keeps one definition of them.
    path = Path(__file__).with_name("0003_corpus_events.py")
    spec = importlib.util.spec_from_file_location("eventwire_migration_0003", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.upgrade()
