"""What every fuzz test checks: read_inputs never raises, never hangs, reports on one line."""

from __future__ import annotations

import dataclasses
import io
import resource
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import FrameType

from hypothesis import HealthCheck, settings

from eventwire.config import Settings
from eventwire.ingest import InputFailure, RawArticle, read_inputs

Item = RawArticle | InputFailure

#: Hypothesis settings shared by the fuzz tests: deterministic for CI, generous deadline
#: since the machines are shared; the hard bound per example is ``bounded``.
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=10),
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Seconds any one input may take before it counts as a hang.
HANG_SECONDS = 30


class Hang(Exception):
    """An input took longer than its bound to read."""


@contextmanager
def bounded(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail with ``Hang`` when the block runs longer than ``seconds``."""

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def small_limits(**overrides: int) -> Settings:
    """Default settings with small limits, so inputs over them are cheap to build."""
    limits = {"max_input_bytes": 200_000, "max_line_bytes": 5_000, "max_article_chars": 50_000}
    return dataclasses.replace(Settings.from_env(environ={}), **{**limits, **overrides})


class Pipe(io.RawIOBase):
    """``data`` as a stream that cannot seek, like stdin from a shell pipe."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def read_file(data: bytes, name: str, settings: Settings | None = None) -> list[Item]:
    """``data`` written to a file called ``name`` and read; every item checked."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with bounded():
            items = list(read_inputs([str(path)], settings or small_limits()))
        check_items(items, str(path))
    return items


def read_stdin(data: bytes, settings: Settings | None = None) -> list[Item]:
    """``data`` piped to stdin and read; every item checked."""
    with bounded():
        items = list(read_inputs(["-"], settings or small_limits(), io.BufferedReader(Pipe(data))))
    check_items(items, "<stdin>")
    return items


def check_items(items: list[Item], origin: str) -> None:
    """Each item an article or a failure naming ``origin`` on exactly one line."""
    for item in items:
        assert isinstance(item, RawArticle | InputFailure)
        assert item.origin.startswith(origin)
        if isinstance(item, InputFailure):
            line = item.line()
            assert len(line.splitlines()) == 1, line
            assert line.startswith(f"{item.origin}: E1"), line


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
