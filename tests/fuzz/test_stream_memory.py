"""JSON Lines streamed from a pipe: memory stays flat however long the stream runs."""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Iterator

from eventwire.config import Settings
from eventwire.ingest import RawArticle, read_inputs

from .helpers import bounded

SENTENCE = "The council approved the new budget for the harbour district on Tuesday. "


def jsonl_lines(total_bytes: int) -> Iterator[bytes]:
    """Short synthetic articles, one JSON object a line, until ``total_bytes`` are made."""
    made, number = 0, 0
    while made < total_bytes:
        number += 1
        record = {
            "id": number,
            "title": f"Budget vote {number}",
            "text": SENTENCE * (3 + number % 7),
        }
        line = json.dumps(record).encode() + b"\n"
        made += len(line)
        yield line


class GeneratorPipe(io.RawIOBase):
    """The lines of a generator as a stream that cannot seek, like stdin from a pipe."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        super().__init__()
        self._lines = lines
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            self._pending = next(self._lines, b"")
            if not self._pending:
                return 0
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count


def peak_traced_bytes(total_bytes: int) -> tuple[int, int]:
    """(articles read, peak bytes traced) for a stream of ``total_bytes`` on stdin."""
    stdin = io.BufferedReader(GeneratorPipe(jsonl_lines(total_bytes)))
    settings = Settings.from_env(environ={})
    count = 0
    tracemalloc.start()
    try:
        with bounded(120):
            for item in read_inputs(["-"], settings, stdin):
                assert isinstance(item, RawArticle), item
                count += 1
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_stream_memory_does_not_grow_with_input_size() -> None:
    small_count, small_peak = peak_traced_bytes(10_000_000)
    large_count, large_peak = peak_traced_bytes(50_000_000)
    assert large_count > 4 * small_count
    # Flat: five times the input may cost a little allocator noise, never five times the memory.
    assert large_peak < small_peak * 1.25 + 256 * 1024, (small_peak, large_peak)
    # And small in absolute terms: a few lines and buffers, nowhere near the input's size.
    assert large_peak < 1_000_000, large_peak
