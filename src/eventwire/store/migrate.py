"""Schema migrations, run with alembic from code: no ``alembic.ini`` is involved.

The scripts live in ``migrations/`` beside this module (shipped as package data). To add one,
write ``migrations/versions/NNNN_<what>.py`` by hand with ``down_revision`` set to the current
head, or generate it with ``alembic.command.revision(alembic_config(), message)``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from eventwire.errors import Code, StoreError
from eventwire.store.engine import BEGIN_MODE

MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant will do; it only has to be the same in every eventwire process.
_PG_LOCK_KEY = 0x65766E77


def alembic_config() -> Config:
    """An alembic configuration pointing at the packaged migration scripts."""
    config = Config()
    # Config values go through configparser interpolation, where "%" is special.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The revision this eventwire's schema is at after :func:`upgrade`."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migration scripts in {MIGRATIONS}: the package is incomplete")
    return head


def upgrade(engine: Engine) -> None:
    """Bring the database to the head revision; E302 when it is at a revision we do not know."""
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    known = {revision.revision for revision in script.walk_revisions()}
    # IMMEDIATE on SQLite and the advisory lock on PostgreSQL make two processes opening a new
    # database at once migrate one after the other instead of both creating the tables.
    with engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"}).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        current = MigrationContext.configure(connection).get_current_heads()
        unknown = sorted(set(current) - known)
        if unknown:
            raise StoreError(
                Code.E302, found=", ".join(unknown), expected=script.get_current_head()
            )
        if set(current) == set(script.get_heads()):
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")
