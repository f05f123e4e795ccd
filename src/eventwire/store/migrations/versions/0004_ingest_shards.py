"""Ingest shards: which slices of which inputs a resumable ingest has completed.

Revision ID: 0004_shards
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Named, not just numbered: another 0004 may be written on a parallel branch, and two scripts
# with one revision id would stop alembic from loading either.
revision = "0004_shards"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``ingest_shards``."""
    text, integer = sa.Text, sa.Integer
    op.create_table(
        "ingest_shards",
        sa.Column("source", text, primary_key=True),
        sa.Column("shard", integer, primary_key=True, autoincrement=False),
        sa.Column("origin", text, nullable=False),
        sa.Column("first_input", integer, nullable=False),
        sa.Column("inputs", integer, nullable=False),
        sa.Column("final", sa.Boolean, nullable=False),
        sa.Column("failed", integer, nullable=False),
        sa.Column("pipeline", text, nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop ``ingest_shards``."""
    op.drop_table("ingest_shards")
