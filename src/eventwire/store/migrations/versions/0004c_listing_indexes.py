"""Indexes that serve the paged lists in their own order, so a page stops after its rows.

Revision ID: 0004c
Revises: 0004b

``/api/events?type=`` pages by (article id, event id) within a type, and
``/api/corpus-events`` by (day, id), optionally within a type: with these indexes SQLite reads
the first rows of a page from the index instead of sorting every matching row.
"""

from __future__ import annotations

from alembic import op

revision = "0004c"
down_revision: str | None = "0004b"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Replace the one-column type and day indexes by ones that include the sort key."""
    op.drop_index("ix_events_type", table_name="events")
    op.create_index("ix_events_type_key", "events", ["type", "article_id", "event_id"])
    op.drop_index("ix_corpus_events_type_day", table_name="corpus_events")
    op.drop_index("ix_corpus_events_day", table_name="corpus_events")
    op.create_index("ix_corpus_events_type_day_id", "corpus_events", ["type", "day", "id"])
    op.create_index("ix_corpus_events_day_id", "corpus_events", ["day", "id"])


def downgrade() -> None:
    """Restore the indexes of revision 0004b."""
    op.drop_index("ix_corpus_events_day_id", table_name="corpus_events")
    op.drop_index("ix_corpus_events_type_day_id", table_name="corpus_events")
    op.create_index("ix_corpus_events_day", "corpus_events", ["day"])
    op.create_index("ix_corpus_events_type_day", "corpus_events", ["type", "day"])
    op.drop_index("ix_events_type_key", table_name="events")
    op.create_index("ix_events_type", "events", ["type"])
