"""Indexes that let a filtered page pick its rows from the index alone.

Revision ID: 0004d
Revises: 0004c

``/api/events?from=&to=`` pages in (article id, event id) order over a day range: with
``day`` alone in the index, SQLite read the whole row of every event in the range (its JSON
included) and sorted them all to keep 50. With the key in the index, the page's keys are chosen
and sorted from the index, and only the rows of the page are read.

``/api/corpus-events?min_sources=`` pages in (day, id) order, optionally within a type; with
``n_sources`` at the end of both paging indexes the condition is tested on index entries, so
events with too few sources are skipped without reading their rows (on PostgreSQL it becomes an
index condition). The indexes stay usable for everything the old ones served: those are
their prefixes.
"""

from __future__ import annotations

from alembic import op

revision = "0004d"
down_revision: str | None = "0004c"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Extend the day index by the event key and the corpus paging indexes by n_sources."""
    op.drop_index("ix_events_day", table_name="events")
    op.create_index("ix_events_day_key", "events", ["day", "article_id", "event_id"])
    op.drop_index("ix_corpus_events_type_day_id", table_name="corpus_events")
    op.drop_index("ix_corpus_events_day_id", table_name="corpus_events")
    op.create_index(
        "ix_corpus_events_type_day_id_sources", "corpus_events", ["type", "day", "id", "n_sources"]
    )
    op.create_index("ix_corpus_events_day_id_sources", "corpus_events", ["day", "id", "n_sources"])


def downgrade() -> None:
    """Restore the indexes of revision 0004c."""
    op.drop_index("ix_corpus_events_day_id_sources", table_name="corpus_events")
    op.drop_index("ix_corpus_events_type_day_id_sources", table_name="corpus_events")
    op.create_index("ix_corpus_events_day_id", "corpus_events", ["day", "id"])
    op.create_index("ix_corpus_events_type_day_id", "corpus_events", ["type", "day", "id"])
    op.drop_index("ix_events_day_key", table_name="events")
    op.create_index("ix_events_day", "events", ["day"])
