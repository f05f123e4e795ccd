"""JSON Lines: one article per line, each bad line failing alone."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.errors import Code
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.ingest.jsonl import read_jsonl

from .helpers import Item, articles, failures


def _lines(*records: object) -> bytes:
    return b"".join(
        (record if isinstance(record, bytes) else json.dumps(record).encode()) + b"\n"
        for record in records
    )


def test_jsonl_fixture_good_lines_and_failures(
    read_all: Callable[..., list[Item]], fixtures: Path
) -> None:
    items = read_all([fixtures / "wire.jsonl"])
    origins = [item.origin.rsplit("/", 1)[-1] for item in items]
    assert origins == [
        "wire.jsonl:1",
        "wire.jsonl:3",
        "wire.jsonl:4",
        "wire.jsonl:5",
        "wire.jsonl:6",
    ]
    first, from_html, broken, bad_date, last = items
    assert first == RawArticle(
        origin=first.origin,
        text="Snow closed the Kestrel pass on Friday, stranding about 60 trucks.",
        title="Storm closes mountain pass",
        url="https://wire.example/1",
        source="Example Wire",
        author="Ana Ruiz",
        published=date(2023, 1, 13),
        external_id="w-1",
    )
    assert isinstance(from_html, RawArticle)
    assert from_html.title == "Port workers walk out"
    assert from_html.text.startswith("Dock workers at Saltmere")
    assert "\n\nThe union said" in from_html.text
    assert from_html.published == date(2023, 1, 16)
    assert from_html.external_id == "2"
    assert isinstance(broken, InputFailure)
    assert broken.error.code is Code.E107
    assert "line 4" in broken.line()
    assert isinstance(bad_date, InputFailure)
    assert bad_date.error.code is Code.E113
    assert "'published'" in bad_date.line()
    assert isinstance(last, RawArticle)
    assert last.external_id == "w-5"


@pytest.mark.parametrize(
    ("line", "code", "words"),
    [
        (b'{"text": "unterminated', Code.E107, "line 1"),
        (b"[1, 2, 3]", Code.E107, "expected an object"),
        (b"\xff\xfe not utf-8", Code.E107, "line 1"),
        (b"[" * 100_000 + b"]" * 100_000, Code.E107, "line 1"),
        (b'{"title": "No body"}', Code.E113, "'text'"),
        (b'{"text": "   "}', Code.E113, "empty"),
        (b'{"text": 42}', Code.E113, "expected a string"),
        (b'{"html": ["<p>x</p>"]}', Code.E113, "'html'"),
        (b'{"text": "ok", "title": 7}', Code.E113, "'title'"),
        (b'{"text": "ok", "id": true}', Code.E113, "'id'"),
        (b'{"text": "ok", "published": "2023-02-30"}', Code.E113, "'published'"),
        (b'{"text": "ok", "published": 20230213}', Code.E113, "'published'"),
        (b'{"html": "<html><body></body></html>"}', Code.E108, "no article text"),
    ],
)
def test_jsonl_bad_line_fails_alone(
    ingest_settings: Settings, line: bytes, code: Code, words: str
) -> None:
    data = line + b"\n" + _lines({"text": "The next line still counts."})
    failure, article = read_jsonl(io.BytesIO(data), "feed.jsonl", ingest_settings)
    assert isinstance(failure, InputFailure)
    assert failure.origin == "feed.jsonl:1"
    assert failure.error.code is code
    assert words in failure.line()
    assert "\n" not in failure.line()
    assert isinstance(article, RawArticle)
    assert article.origin == "feed.jsonl:2"


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2023-02-13", date(2023, 2, 13)),
        ("2023-02-13T23:30:00Z", date(2023, 2, 13)),
        ("2023-02-13T23:30:00-05:00", date(2023, 2, 13)),
        ("2023-02-13 08:00", date(2023, 2, 13)),
        (None, None),
    ],
)
def test_jsonl_published_forms(
    ingest_settings: Settings, published: str | None, expected: date | None
) -> None:
    data = _lines({"text": "Bridge inspection finished.", "published": published})
    (article,) = read_jsonl(io.BytesIO(data), "d.jsonl", ingest_settings)
    assert isinstance(article, RawArticle)
    assert article.published == expected


def test_jsonl_blank_lines_and_bom_are_skipped(ingest_settings: Settings) -> None:
    data = b"\xef\xbb\xbf" + _lines({"text": "First."}) + b"\n   \n" + _lines({"text": "Second."})
    items = list(read_jsonl(io.BytesIO(data), "d.jsonl", ingest_settings))
    assert [item.origin for item in items] == ["d.jsonl:1", "d.jsonl:4"]
    assert all(isinstance(item, RawArticle) for item in items)


def test_jsonl_last_line_without_newline(ingest_settings: Settings) -> None:
    data = _lines({"text": "First."}) + b'{"text": "Last."}'
    items = list(read_jsonl(io.BytesIO(data), "d.jsonl", ingest_settings))
    assert [item.text for item in articles(items)] == ["First.", "Last."]


class _CountingStream(io.BytesIO):
    """Records the largest single read, to show a long line is never read whole."""

    largest = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.largest = max(self.largest, len(line))
        return line


def test_jsonl_overlong_line_is_e104_without_reading_it_whole(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(max_line_bytes=1000)
    long_line = json.dumps({"text": "word " * 200_000}).encode()
    stream = _CountingStream(
        _lines({"text": "Before."}) + long_line + b"\n" + _lines({"text": "After."})
    )
    items = list(read_jsonl(stream, "big.jsonl", settings))
    assert [item.origin for item in items] == ["big.jsonl:1", "big.jsonl:2", "big.jsonl:3"]
    (failure,) = failures(items)
    assert failure.error.code is Code.E104
    assert f"{len(long_line) + 1:,} bytes" in failure.line()
    assert "max_line_bytes" in failure.line()
    assert [article.text for article in articles(items)] == ["Before.", "After."]
    assert stream.largest <= 1 << 16


def test_jsonl_line_of_exactly_the_limit_is_read(make_settings: Callable[..., Settings]) -> None:
    line = _lines({"text": "Exactly."})
    settings = make_settings(max_line_bytes=len(line))
    (article,) = read_jsonl(io.BytesIO(line), "d.jsonl", settings)
    assert isinstance(article, RawArticle)


def test_jsonl_reads_lazily(ingest_settings: Settings) -> None:
    stream = io.BytesIO(_lines({"text": "One."}, {"text": "Two."}, {"text": "Three."}))
    items = read_jsonl(stream, "d.jsonl", ingest_settings)
    next(items)
    assert stream.tell() < len(stream.getvalue())
