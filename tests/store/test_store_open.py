"""Opening a store: SQLite settings, migrations, reopening, and the E301/E302 errors."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from eventwire.errors import Code, StoreError
from eventwire.store import Store, open_store
from eventwire.store.migrate import head_revision
from eventwire.store.schema import metadata

from .records import make_record

# Full-text search objects differ by backend and exist only in the migrations.
_SEARCH_OBJECTS = ("articles_fts", "search", "ix_articles_search", "alembic_version")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_store_open_sqlite_settings(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'wal.db'}") as store, store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    assert (tmp_path / "wal.db").is_file()


def test_store_open_records_the_alembic_revision(store: Store) -> None:
    with store.engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert [row[0] for row in versions] == [head_revision()]


def test_store_schema_matches_migrations(store: Store) -> None:
    def ours(obj: object, name: str | None, kind: str, reflected: bool, other: object) -> bool:
        return not (name or "").startswith(_SEARCH_OBJECTS)

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": ours})
        assert compare_metadata(context, metadata) == []


def test_store_reopen_keeps_the_data(make_store: Callable[..., Store]) -> None:
    record = make_record("kept", "A lighthouse keeper retired after forty years.")
    make_store().put([record])
    again = make_store()
    assert again.get("kept") == record
    assert [hit.id for hit in again.search("lighthouse")] == ["kept"]


def test_store_open_newer_revision_is_e302(make_store: Callable[..., Store]) -> None:
    with make_store().engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(StoreError) as caught:
        make_store()
    assert caught.value.code is Code.E302
    assert "9999_future" in str(caught.value)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("sqlite:////no/such/dir/store.db", "directory /no/such/dir does not exist"),
        ("nosuchdb://host/db", "unsupported database 'nosuchdb'"),
        ("mysql://user:hunter2@localhost/db", "unsupported database 'mysql'"),
        ("postgresql+psycopg2://localhost/db", "unsupported driver 'psycopg2'"),
        ("::not a url::", "not a database URL"),
        (f"postgresql://user:hunter2@127.0.0.1:{_closed_port()}/db", "Connection refused"),
    ],
)
def test_store_open_failure_is_e301(url: str, reason: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(url)
    error = caught.value
    assert error.code is Code.E301
    assert str(error).startswith("E301 cannot open the database ")
    assert reason in str(error)
    assert "\n" not in str(error)
    assert "hunter2" not in str(error)


def test_store_open_not_a_database_is_e301(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database\n" * 200)
    with pytest.raises(StoreError, match=r"E301 .*notes\.db: file is not a database"):
        open_store(f"sqlite:///{path}")
