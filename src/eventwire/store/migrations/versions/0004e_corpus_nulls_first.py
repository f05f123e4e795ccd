"""On PostgreSQL, the corpus paging indexes sort undated events first, as the listing does.

Revision ID: 0004e
Revises: 0004d

``/api/corpus-events`` pages in (day, id) order with undated events first. SQLite sorts NULL
first in an ascending index already; a PostgreSQL btree sorts it last unless told otherwise,
so there the (day, id) indexes could not give the listing's order and every page sorted all
the matching events. Recreated with ``day NULLS FIRST``, a page reads its rows in index order
and stops after them. SQLite is left as it is.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004e"
down_revision: str | None = "0004d"
branch_labels: str | None = None
depends_on: str | None = None

# The paging indexes of revision 0004d, by name: their columns, "day" among them.
_INDEXES = {
    "ix_corpus_events_type_day_id_sources": ["type", "day", "id", "n_sources"],
    "ix_corpus_events_day_id_sources": ["day", "id", "n_sources"],
}


def _recreate(nulls_first: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, columns in _INDEXES.items():
        op.drop_index(name, table_name="corpus_events")
        keys = [
            sa.text("day NULLS FIRST") if nulls_first and column == "day" else column
            for column in columns
        ]
        op.create_index(name, "corpus_events", keys)


def upgrade() -> None:
    """On PostgreSQL, recreate the corpus paging indexes with ``day NULLS FIRST``."""
    _recreate(nulls_first=True)


def downgrade() -> None:
    """Restore the indexes of revision 0004d (``day`` in the default order)."""
    _recreate(nulls_first=False)
