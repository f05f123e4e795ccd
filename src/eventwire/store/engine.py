"""Opening a database: URL checks, the engine, and the SQLite connection settings.

Two backends are supported: SQLite through the standard library's ``sqlite3`` (the default, one
file) and PostgreSQL through psycopg 3. Every way opening can fail becomes one ``StoreError``
E301 naming the URL and the reason.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import ConnectionPoolEntry

from eventwire.errors import Code, StoreError

# Writers wait this long for SQLite's single write lock before failing with "database is locked".
BUSY_TIMEOUT_MS = 10_000
# Without a timeout, a PostgreSQL host that drops packets makes opening hang for minutes.
CONNECT_TIMEOUT_S = 10
# The execution option that makes a SQLite transaction take the write lock at BEGIN.
BEGIN_MODE = "eventwire_sqlite_begin"

_DRIVERS = {"sqlite": "pysqlite", "postgresql": "psycopg"}
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***``, for messages."""
    return _PASSWORD.sub(r"\1***@", url)


def describe(exc: BaseException) -> str:
    """The driver's own one-line reason for ``exc``, without SQLAlchemy's wrapping."""
    orig = getattr(exc, "orig", None) or exc
    return " ".join(str(orig).split()) or type(orig).__name__


def open_failure(url: str, reason: str) -> StoreError:
    """The E301 error for ``url``, which is shown without its password."""
    return StoreError(Code.E301, url=redact(url), reason=reason)


def parse_url(url: str) -> URL:
    """Parse and check a store URL; plain ``postgresql://`` means the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise open_failure(
            url, "not a database URL: expected sqlite:///PATH or postgresql://HOST/DB"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in _DRIVERS:
        raise open_failure(url, f"unsupported database {backend!r}: expected sqlite or postgresql")
    driver = _DRIVERS[backend]
    if "+" not in parsed.drivername:
        # SQLAlchemy's default PostgreSQL driver is psycopg2, which eventwire does not install.
        parsed = parsed.set(drivername=f"{backend}+{driver}")
    elif parsed.get_driver_name() != driver:
        raise open_failure(
            url,
            f"unsupported driver {parsed.get_driver_name()!r}: use {backend}:// or "
            f"{backend}+{driver}://",
        )
    if backend == "sqlite":
        _check_sqlite_path(url, parsed)
    return parsed


def _check_sqlite_path(url: str, parsed: URL) -> None:
    # sqlite3 says only "unable to open database file"; name the usual cause instead.
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    parent = Path(database).expanduser().absolute().parent
    if not parent.is_dir():
        raise open_failure(url, f"directory {parent} does not exist")


def create(url: str) -> Engine:
    """An engine for ``url``; nothing is connected yet (see :func:`parse_url` for the rules)."""
    parsed = parse_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed)
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        connect_args: dict[str, Any] = {}
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        # A long-running server outlives PostgreSQL restarts; stale pooled connections are retried.
        return create_engine(parsed, connect_args=connect_args, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError) as exc:
        raise open_failure(url, describe(exc)) from None


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    # sqlite3's legacy mode does not BEGIN before DDL or SELECT, so migrations would not be
    # atomic and reads not repeatable; _sqlite_begin emits BEGIN instead (SQLAlchemy's recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # The timeout first: switching to WAL itself needs a lock another process may hold.
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # In WAL mode NORMAL stays consistent after a crash and saves an fsync per commit.
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A writer that starts DEFERRED and upgrades to a write lock later can fail at once with
    # SQLITE_BUSY, whatever the busy timeout; IMMEDIATE waits for the lock up front.
    options = connection.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return  # asked for no transaction, as VACUUM needs
    immediate = options.get(BEGIN_MODE) == "IMMEDIATE"
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
