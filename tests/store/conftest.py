"""Store fixtures: a fresh store per test on each backend, and a throwaway PostgreSQL server.

PostgreSQL comes from ``EVENTWIRE_TEST_POSTGRES_URL`` when set (the database must exist and the
user may create schemas); otherwise a temporary cluster is started for the session from the
local server binaries: those in ``EVENTWIRE_TEST_POSTGRES_BINDIR``, else initdb's directory on
PATH, else the newest under /usr/lib/postgresql. When that fails the PostgreSQL tests are
skipped with the reason, or fail if ``EVENTWIRE_TEST_POSTGRES_REQUIRED`` is set (for CI, so the
suite cannot go green without them).
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from eventwire.store import Store

POSTGRES_URL_ENV = "EVENTWIRE_TEST_POSTGRES_URL"
POSTGRES_REQUIRED_ENV = "EVENTWIRE_TEST_POSTGRES_REQUIRED"
POSTGRES_BINDIR_ENV = "EVENTWIRE_TEST_POSTGRES_BINDIR"
_TIMEOUT_S = 60


class PostgresUnavailable(Exception):
    """The throwaway cluster could not be started; the message says why."""


class _Cluster:
    """A PostgreSQL cluster in a temporary directory, listening on 127.0.0.1 only."""

    def __init__(self) -> None:
        self.bindir = _find_bindir()
        self.run_as = _server_user()
        # Not pytest's tmp_path: its parents are private to root, and the server may run as
        # the postgres user, who must reach this directory.
        self.root = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/eventwire_test"

    def start(self) -> None:
        if self.run_as is not None:
            os.chown(self.root, self.run_as.pw_uid, self.run_as.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        # Durability settings off: the cluster lives for one test session.
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={shlex.quote(str(self.root))} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = self.root / "server.log"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(log), "-o", options, "-w", "start")
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute("CREATE DATABASE eventwire_test")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as.pw_name, "--", *command]
        try:
            subprocess.run(
                command,
                cwd=self.root,
                capture_output=True,
                text=True,
                check=True,
                timeout=_TIMEOUT_S,
            )
        except subprocess.CalledProcessError as exc:
            output = (exc.stderr or exc.stdout or "").strip().splitlines()
            raise PostgresUnavailable(f"{program} failed: {' '.join(output[-3:])}") from exc
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PostgresUnavailable(f"{program} failed: {exc}") from exc


def _find_bindir() -> Path:
    chosen = os.environ.get(POSTGRES_BINDIR_ENV)
    if chosen:
        if not (Path(chosen) / "initdb").is_file():
            raise PostgresUnavailable(f"no initdb in {POSTGRES_BINDIR_ENV}={chosen}")
        return Path(chosen)
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    # Debian and Ubuntu keep the server binaries off PATH, one directory per major version.
    versions = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    versions.sort(key=lambda bindir: int(bindir.parent.name) if bindir.parent.name.isdigit() else 0)
    if not versions:
        raise PostgresUnavailable("no PostgreSQL server binaries (initdb) found")
    return versions[-1]


def _server_user() -> pwd.struct_passwd | None:
    # initdb and postgres refuse to run as root.
    if os.geteuid() != 0:
        return None
    if shutil.which("runuser") is None:
        raise PostgresUnavailable("running as root and runuser is missing")
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable("running as root and there is no postgres user") from None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _unavailable(reason: str) -> None:
    message = f"PostgreSQL unavailable: {reason}"
    if os.environ.get(POSTGRES_REQUIRED_ENV):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL database for the whole session (see the module docstring)."""
    given = os.environ.get(POSTGRES_URL_ENV)
    if given:
        yield given
        return
    cluster: _Cluster | None = None
    try:
        cluster = _Cluster()
        cluster.start()
    except (PostgresUnavailable, psycopg.Error) as exc:
        if cluster is not None:
            cluster.stop()
        _unavailable(str(exc))
    assert cluster is not None
    try:
        yield cluster.url
    finally:
        cluster.stop()


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = make_url(request.getfixturevalue("postgres_url"))
    # A schema per test isolates tests as well as a database would, at a fraction of the cost.
    schema = f"test_{uuid.uuid4().hex[:16]}"
    conninfo = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def make_store(db_url: str) -> Iterator[Callable[..., Store]]:
    """A factory of stores on this test's database (or on ``url``), closed after the test."""
    opened: list[Store] = []

    def make(url: str | None = None) -> Store:
        store = Store(db_url if url is None else url)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    """A fresh, empty store."""
    return make_store()
