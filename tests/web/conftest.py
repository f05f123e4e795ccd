"""Browser fixtures: the app served on a free local port, and a Chromium page watching it.

Playwright's own browser downloads are never used (the machine has no internet): pages run in
Debian's /usr/bin/chromium (``apt-get install chromium``); the tests skip, saying so, without
it or without playwright. A test module defines the ``live_server`` fixture its pages use.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from eventwire.api.app import create_app
from eventwire.api.server import address_of, listen
from eventwire.config import Settings
from eventwire.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@contextlib.contextmanager
def serving(store: Store, settings: Settings) -> Iterator[str]:
    """Serve ``store`` on a free local port in a thread; yields the URL, stops on exit."""
    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(store, settings), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield address_of("127.0.0.1", sock)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture
def expected_failures() -> list[str]:
    """Text of the browser problems a test expects (e.g. a 404); others fail the test."""
    return []


@pytest.fixture
def page(live_server: str, expected_failures: list[str]) -> Iterator[Any]:
    """A fresh browser page; script errors, failed responses and requests off the server fail."""
    sync_api = importlib.import_module("playwright.sync_api")
    problems: list[str] = []

    def on_console(message: Any) -> None:
        # A failed load is logged to the console too; on_response reports it with its URL.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console: {message.text}")

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.set_default_timeout(10_000)
            tab.on("console", on_console)
            tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            tab.on("response", lambda response: problems.append(
                f"HTTP {response.status} {response.url}") if response.status >= 400 else None)
            tab.on("request", lambda request: None if request.url.startswith(live_server)
                   else problems.append(f"request off the server: {request.url}"))
            yield tab
        finally:
            browser.close()
    unexpected = [p for p in problems if not any(e in p for e in expected_failures)]
    assert unexpected == []
