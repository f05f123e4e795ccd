"""Alembic environment: migrations run on the connection that ``store.migrate`` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection


def run() -> None:
    """Run the pending migrations inside the caller's transaction."""
    connection = context.config.attributes.get("connection")
    if context.is_offline_mode() or not isinstance(connection, Connection):
        raise RuntimeError(
            "eventwire migrations run online through eventwire.store.migrate.upgrade(engine)"
        )
    # Batch mode lets later migrations alter SQLite tables, which ALTER TABLE mostly cannot.
    context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run()
