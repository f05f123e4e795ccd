"""``serve``: the printed address, a real HTTP server on it, and a clean stop on Ctrl-C."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from eventwire.api.server import address_of, listen
from eventwire.errors import Code, UsageError
from eventwire.model import Record
from eventwire.store import open_store

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
