"""``serve``: the printed address, a real HTTP server on it, and a clean stop on Ctrl-C."""

from __future__ import annotations

import gc
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from eventwire.api.server import address_of, application, listen
from eventwire.config import Settings
from eventwire.errors import Code, UsageError
from eventwire.model import Record
from eventwire.store import Store, open_store

# What the child runs; port 0 lets the system choose a free port, which serve then prints.
SERVE = textwrap.dedent(
    """
    import sys
    from eventwire.api.server import serve
    from eventwire.config import Settings
    serve(sys.argv[1], "127.0.0.1", 0, Settings.from_env(environ={}))
    """
)


def test_server_prints_its_address_and_serves(tmp_path: Path, corpus: list[Record]) -> None:
    url = f"sqlite:///{tmp_path}/served.db"
    with open_store(url) as store:
        store.put(corpus)
    with subprocess.Popen(
        [sys.executable, "-c", SERVE, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None and child.stderr is not None
            line = child.stdout.readline().strip()
            assert line.startswith("eventwire serving http://127.0.0.1:"), line
            base = line.removeprefix("eventwire serving ")
            assert base.endswith("/")
            with httpx.Client(base_url=base, trust_env=False, timeout=10) as http:
                health = http.get("/api/health")
                assert health.status_code == 200
                assert health.json()["articles"] == len(corpus)
                assert http.get("/").headers["content-type"] == "text/html; charset=utf-8"
            child.send_signal(signal.SIGINT)
            assert child.wait(timeout=15) == 0
            # Warnings are the log level: a quiet server writes no access log lines.
            assert "GET /api/health" not in child.stderr.read()
        finally:
            if child.poll() is None:
                child.kill()


def test_server_busy_port_is_a_usage_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UsageError) as raised:
            listen("127.0.0.1", port)
    assert raised.value.code is Code.E406
    assert f"127.0.0.1:{port}" in str(raised.value)


@pytest.mark.parametrize(
    ("host", "shown"), [("127.0.0.1", "http://127.0.0.1:{port}/"), ("::1", "http://[::1]:{port}/")]
)
def test_server_address_names_the_chosen_port(host: str, shown: str) -> None:
    try:
        sock = listen(host, 0)
    except UsageError:
        pytest.skip(f"this machine cannot listen on {host}")
    with sock:
        assert address_of(host, sock) == shown.format(port=sock.getsockname()[1])


def _workers(pid: int) -> set[int]:
    """The ids of the worker processes ``pid`` spawned (Linux /proc), not its helpers
    (multiprocessing also starts a resource tracker)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return {
        child for child in found
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    }


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_server_workers_each_serve_and_stop_together(
    tmp_path: Path, corpus: list[Record]
) -> None:
    url = f"sqlite:///{tmp_path}/served.db"
    with open_store(url) as store:
        store.put(corpus)
    command = [sys.executable, "-m", "eventwire.cli", "serve", "--db", url, "--port", "0",
               "--workers", "2"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        try:
            assert child.stdout is not None
            # Printed once both workers serve.
            line = child.stdout.readline().strip()
            assert line.startswith("eventwire serving http://127.0.0.1:"), line
            workers = _workers(child.pid)
            assert len(workers) == 2
            base = line.removeprefix("eventwire serving ")
            with httpx.Client(base_url=base, trust_env=False, timeout=10) as http:
                for _ in range(4):
                    assert http.get("/api/health").json()["articles"] == len(corpus)
            child.send_signal(signal.SIGINT)
            assert child.wait(timeout=30) == 0
            assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
        finally:
            if child.poll() is None:
                child.kill()


def test_server_application_exempts_startup_objects_from_gc(
    store: Store, settings: Settings
) -> None:
    gc.unfreeze()
    try:
        application(store, settings)
        # Everything alive after start-up is frozen: collections skip it.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
