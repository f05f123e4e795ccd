"""Running the application with uvicorn (``eventwire serve`` and ``eventwire demo``)."""

from __future__ import annotations

import contextlib
import socket

import uvicorn

from eventwire.api.app import create_app
from eventwire.config import Settings
from eventwire.errors import Code, UsageError
from eventwire.store import open_store


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: a free one); raises UsageError (E406)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise UsageError(Code.E406, host=host, port=port, reason=exc.strerror or exc) from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise UsageError(Code.E406, host=host, port=port, reason=exc.strerror or exc) from exc
    return sock


def address_of(host: str, sock: socket.socket) -> str:
    """The URL served on ``sock`` as the user named its host, e.g. ``http://127.0.0.1:8000/``."""
    port = sock.getsockname()[1]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(store_url: str, host: str, port: int, settings: Settings) -> None:
    """Serve the store at ``store_url`` until interrupted; prints the address first.

    Raises UsageError (E406) when the address cannot be listened on, StoreError when the store
    cannot be opened. Ctrl-C stops the server gracefully and returns normally.
    """
    # Bind before opening the store so a busy port fails fast, and so port 0 prints the
    # port actually chosen.
    sock = listen(host, port)
    try:
        store = open_store(store_url)
    except BaseException:
        sock.close()
        raise
    try:
        app = create_app(store, settings)
        print(f"eventwire serving {address_of(host, sock)}", flush=True)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        # uvicorn shuts down gracefully on Ctrl-C, then raises the signal again for the
        # caller; for a command line that is the normal way to stop, not a failure.
        with contextlib.suppress(KeyboardInterrupt):
            server.run(sockets=[sock])
    finally:
        sock.close()
        store.close()
