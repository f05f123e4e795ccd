"""Running the application with uvicorn (``eventwire serve`` and ``eventwire demo``).

One worker serves from this process. ``workers > 1`` starts that many uvicorn worker processes
sharing the listening socket, each opening the store and building the application itself:
one process answers one request at a time (the handlers are CPU-bound Python), so more
processes is what lets concurrent requests use more cores.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import socket
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from eventwire.api.app import create_app
from eventwire.config import Settings
from eventwire.errors import Code, EventwireError, UsageError
from eventwire.store import Store, open_store

# How long the workers may take to import the application and open the store.
WORKER_START_TIMEOUT_S = 300


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


def application(store: Store, settings: Settings) -> FastAPI:
    """The application serving ``store``, with the objects made so far exempt from GC.

    The modules loaded by then (the pipeline's included) are hundreds of thousands of objects
    that live as long as the process; a full collection walking them all took 150-300 ms, and
    landed on whichever request happened to allocate past the threshold: the slow tail of the
    API's latencies. Frozen, collections walk only what requests create.
    """
    app = create_app(store, settings)
    gc.collect()
    gc.freeze()
    return app


def worker_app(store_url: str, settings: Settings) -> FastAPI:
    """The application of one worker process: its own store connection, closed at exit."""
    store = open_store(store_url)
    atexit.register(store.close)
    return application(store, settings)


class _Workers(Multiprocess):
    """uvicorn's worker supervisor, calling ``ready`` once every worker serves."""

    def __init__(self, config: uvicorn.Config, sock: socket.socket, ready: Callable[[], None]):
        super().__init__(config, sockets=[sock])
        self.ready = ready
        self.failed: tuple[int | None, int | None] | None = None

    def init_processes(self) -> None:
        super().init_processes()
        for process in self.processes:
            if not process.wait_until_ready(WORKER_START_TIMEOUT_S, self.should_exit):
                if not process.process.is_alive():
                    self.failed = (process.pid, process.exitcode)
                self.should_exit.set()
                return
        self.ready()


def serve(store_url: str, host: str, port: int, settings: Settings, workers: int = 1) -> None:
    """Serve the store at ``store_url`` until interrupted; prints the address first.

    ``workers`` processes answer requests (see the module's docstring). The address is printed
    once they all serve. Raises UsageError (E406) when the address cannot be listened on,
    StoreError when the store cannot be opened, EventwireError (E411) when a worker process
    fails to start. Ctrl-C stops the server gracefully and returns normally.
    """
    # Bind before opening the store so a busy port fails fast, and so port 0 prints the
    # port actually chosen. Opening it here also upgrades its schema once, before any worker.
    sock = listen(host, port)
    try:
        store = open_store(store_url)
    except BaseException:
        sock.close()
        raise
    announce = functools.partial(print, f"eventwire serving {address_of(host, sock)}", flush=True)
    try:
        if workers > 1:
            store.close()
            # The factory is pickled to each worker; each builds its own application.
            factory = functools.partial(worker_app, store_url, settings)
            config = uvicorn.Config(factory, factory=True, workers=workers, log_level="warning")
            supervisor = _Workers(config, sock, announce)
            supervisor.run()
            if supervisor.failed is not None:
                pid, status = supervisor.failed
                raise EventwireError(Code.E411, pid=pid, status=status)
            return
        app = application(store, settings)
        announce()
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        # uvicorn shuts down gracefully on Ctrl-C, then raises the signal again for the
        # caller; for a command line that is the normal way to stop, not a failure.
        with contextlib.suppress(KeyboardInterrupt):
            server.run(sockets=[sock])
    finally:
        sock.close()
        store.close()
